"""Formulas in cells are read as their values (issue 11, part 3).

The workbooks in files/ were saved by LibreOffice, which stores each formula with the value it
calculated, as Excel does (files/make_formulas.py made them; its docstring says how). A file
whose formulas have no saved value (openpyxl writes them so) or whose formula gives an error
is refused with the cell named, never read as blank cells.
"""

import datetime
import pathlib

import pytest
from django.utils import translation
from openpyxl import Workbook

from ct05.imports.importer import run_import
from ct05.people.models import Membership, Person

from .helpers import PEOPLE_HEADERS, code_world, person_row

pytestmark = pytest.mark.django_db

FILES = pathlib.Path(__file__).parent / "files"


@pytest.fixture
def coded(world):
    code_world(world)
    return world


def test_the_values_libreoffice_saved_with_the_formulas_are_imported(coded):
    result = run_import(FILES / "formulas-libreoffice.xlsx", user=coded.tuyengiao)
    assert result.problems == [] and result.written == 2
    first = Person.objects.get(party_card_number="93000002")
    assert first.full_name == "Nguyễn Văn Công Thức"  # ="Nguyễn Văn "&"Công Thức"
    assert first.birth_date == datetime.date(1980, 2, 3)  # =DATE(1980,2,3)
    assert first.ethnic_group.name == "Kinh"  # =UPPER("kinh")
    assert first.citizen_id == "001000000002"  # =TEXT(1000000000+ROW(),"000000000000")
    assert first.position == "đảng viên"
    assert first.party_official_date == datetime.date(2011, 3, 15)  # =K2+365
    membership = Membership.objects.get(person=first)
    assert membership.organization == coded.cell_a1  # ="A"&"1"
    assert membership.valid_from == datetime.date(2020, 1, 1)  # ="01/01/"&(2019+1)
    second = Person.objects.get(full_name="Lò Thị Hai")  # =PROPER("lò thị") & " Hai"
    # Numbers calculated as numbers: the card number, and the citizen ID's leading zero back.
    assert (second.party_card_number, second.citizen_id) == ("93000003", "001000000003")
    assert Membership.objects.get(person=second).organization == coded.cell_a2


def test_a_formula_whose_value_is_an_error_is_named_and_nothing_written(coded):
    before = Person.objects.count()
    result = run_import(FILES / "formula-error-libreoffice.xlsx", user=coded.tuyengiao)
    assert Person.objects.count() == before and result.written == 0
    (problem,) = result.problems
    assert (problem.sheet, problem.row, problem.column) == ("Đảng viên", 2, "Ngày sinh")
    assert problem.value == "=DATE(1980,2,3)/0"
    assert "#DIV/0!" in problem.message


def test_formulas_saved_without_their_values_are_named_not_read_as_blanks(coded, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Đảng viên"
    ws.append(PEOPLE_HEADERS)
    rows = [person_row(i) for i in range(1, 4)]
    rows[0]["Họ và tên"] = '="Nguyễn Văn "&"A"'
    rows[1] = {h: '=""' for h in PEOPLE_HEADERS}  # a row of nothing but formulas
    for row in rows:
        ws.append([row.get(h) for h in PEOPLE_HEADERS])
    path = tmp_path / "openpyxl.xlsx"
    wb.save(path)  # openpyxl saves each formula without a value

    before = Person.objects.count()
    with translation.override("vi"):  # the user reads the problems in Vietnamese
        result = run_import(path, user=coded.tuyengiao)
    assert Person.objects.count() == before and result.written == 0
    named = {(p.row, p.column) for p in result.problems}
    assert (2, "Họ và tên") in named
    assert {(3, header) for header in ("Họ và tên", "Giới tính", "Mã tổ chức")} <= named
    assert not [p for p in result.problems if p.row == 4]  # the third row is right
    first = next(p for p in result.problems if (p.row, p.column) == (2, "Họ và tên"))
    assert first.value == '="Nguyễn Văn "&"A"'
    assert "hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại" in first.message
