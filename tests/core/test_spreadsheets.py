"""Workbooks CT05 hands out: a name that looks like a formula stays text; numbers stay numbers."""

import ast
import io
import pathlib
import re

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ct05.core.spreadsheets import append_row, write_cell
from tests.factories import OrganizationFactory, PersonFactory

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]


def _roundtrip(wb: Workbook):
    buffer = io.BytesIO()
    wb.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()))


def _cells(workbook):
    return [cell for ws in workbook for row in ws.iter_rows() for cell in row]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_string_that_looks_like_a_formula_is_written_as_text(value):
    wb = Workbook()
    write_cell(wb.active, 1, 1, value)
    cell = _roundtrip(wb).active["A1"]
    # Some openpyxl versions read a carriage return back as a line feed, others keep it.
    assert cell.value in (value, value.replace("\r", "\n"))
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_numbers_stay_numbers_and_plain_text_is_untouched():
    wb = Workbook()
    append_row(wb.active, [-5, 2.5, 0, "Chi bộ 1", None, "a-b"])
    append_row(wb.active, [-1])
    ws = _roundtrip(wb).active
    assert [(c.value, c.data_type) for c in ws[1][:4]] == [
        (-5, "n"),
        (2.5, "n"),
        (0, "n"),
        ("Chi bộ 1", "s"),
    ]
    assert not ws["D1"].quotePrefix
    assert ws["F1"].value == "a-b"
    assert (ws["A2"].value, ws["A2"].data_type) == (-1, "n")


def test_an_organization_named_like_a_formula_is_text_in_the_report_workbook(client, world):
    name = '=HYPERLINK("http://x","y")'
    hostile = OrganizationFactory(name=name, parent=world.commune_a)
    PersonFactory(organization=hostile)
    OrganizationFactory(name="-1", parent=world.commune_a)
    client.force_login(world.tuyengiao)
    response = client.get(reverse("report-directive05-xlsx"), {"organization": world.commune_a.pk})
    assert response.status_code == 200
    cells = _cells(load_workbook(io.BytesIO(response.content)))
    named = [c for c in cells if c.value == name]
    # a row on each sheet by organization: five flat sections, ratings, tasks, the community
    assert len(named) == 8
    assert all(c.data_type == "s" for c in named)
    assert not any(c.data_type == "f" for c in cells)
    assert [c.data_type for c in cells if c.value == "-1"] == ["s"] * 8
    # the figures beside the names are numbers
    on_commitments = next(c for c in named if c.parent.title.startswith("Cam kết"))
    members = on_commitments.offset(column=1)
    assert (members.value, members.data_type) == (1, "n")


CELL_REF = re.compile(r"^[A-Z]{1,3}[0-9]+$")


def _direct_writes(path: pathlib.Path) -> list[int]:
    tree = ast.parse(path.read_text())
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "cell" and (
                len(node.args) >= 3 or any(k.arg == "value" for k in node.keywords)
            ):
                lines.append(node.lineno)
            receiver = node.func.value
            if (
                node.func.attr == "append"
                and isinstance(receiver, ast.Name)
                and (receiver.id.startswith("ws") or "sheet" in receiver.id)
            ):
                lines.append(node.lineno)
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "value":
                    lines.append(node.lineno)
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.slice, ast.Constant)
                    and CELL_REF.match(str(target.slice.value))
                ):
                    lines.append(node.lineno)
    return lines


def test_every_workbook_writer_goes_through_the_safe_helper():
    root = pathlib.Path(__file__).resolve().parents[2] / "ct05"
    found = {}
    for path in root.rglob("*.py"):
        if path.name == "spreadsheets.py" and path.parent.name == "core":
            continue
        if "openpyxl" in path.read_text() and (lines := _direct_writes(path)):
            found[str(path.relative_to(root))] = lines
    assert found == {}, f"write cells with ct05.core.spreadsheets: {found}"
