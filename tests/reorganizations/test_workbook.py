"""``ct05 reorganize FILE [--dry-run]``: a workbook of changes, checked whole, all or nothing."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from ct05.organizations.models import Organization
from ct05.reorganizations.models import Reorganization


def codes(world):
    for name, organization in [
        ("A", world.commune_a),
        ("B", world.commune_b),
        ("A1", world.cell_a1),
        ("A2", world.cell_a2),
        ("B1", world.cell_b1),
        ("P", world.province),
    ]:
        Organization.objects.filter(pk=organization.pk).update(code=name)


def workbook(tmp_path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã cũ", "Mã mới", "Loại", "Ngày hiệu lực", "Tên mới", "Mã cấp trên"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / "sap-xep.xlsx"
    book.save(path)
    return str(path)


def test_a_dry_run_says_what_would_change_and_changes_nothing(world, tmp_path):
    codes(world)
    file = workbook(
        tmp_path,
        [
            ["A", "AB", "sáp nhập", "01/07/2025", "Đảng ủy xã AB", "P"],
            ["B", "AB", "sáp nhập", "01/07/2025", "Đảng ủy xã AB", "P"],
        ],
    )
    out = StringIO()
    call_command("reorganize", file, "--dry-run", stdout=out)
    assert "A, B ⇒ AB" in out.getvalue()
    assert not Reorganization.objects.exists()
    assert not Organization.objects.filter(code="AB").exists()

    call_command("reorganize", file, stdout=StringIO())
    merged = Organization.objects.get(code="AB")
    assert merged.name == "Đảng ủy xã AB"
    assert Organization.objects.get(pk=world.commune_a.pk).successor == merged
    assert Organization.objects.get(pk=world.cell_b1.pk).path.startswith(merged.path)


def test_one_refused_row_changes_nothing_and_is_named(world, tmp_path):
    codes(world)
    file = workbook(
        tmp_path,
        [
            ["A1", "", "đổi tên", datetime.date(2025, 7, 1), "Chi bộ thôn Mới", ""],
            ["A", "A1", "chuyển", "01/07/2025", "", ""],  # under its own cell: refused
        ],
    )
    with pytest.raises(CommandError, match="(Row|Dòng) 3"):
        call_command("reorganize", file, stdout=StringIO())
    assert Organization.objects.get(pk=world.cell_a1.pk).name == world.cell_a1.name
    assert not Reorganization.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(world, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError):
        call_command("reorganize", str(path), stdout=StringIO())
