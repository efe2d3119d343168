"""Workbooks CT05 hands out: a name that looks like a formula stays text; numbers stay numbers."""

import ast
import datetime
import io
import pathlib
import re
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.utils.escape import unescape

from ct05.core.spreadsheets import append_row, new_workbook, put, write_cell
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


def _numbers_and_text_kept(ws):
    """Row 1 began -5, 2.5, 0, "Chi bộ 1": numbers read back as numbers, the text untouched."""
    assert [(c.value, c.data_type) for c in ws[1][:4]] == [
        (-5, "n"),
        (2.5, "n"),
        (0, "n"),
        ("Chi bộ 1", "s"),
    ]
    assert not ws["D1"].quotePrefix


def test_numbers_stay_numbers_and_plain_text_is_untouched():
    wb = Workbook()
    append_row(wb.active, [-5, 2.5, 0, "Chi bộ 1", None, "a-b"])
    append_row(wb.active, [-1])
    ws = _roundtrip(wb).active
    _numbers_and_text_kept(ws)
    assert ws["F1"].value == "a-b"
    assert (ws["A2"].value, ws["A2"].data_type) == (-1, "n")


def _xlsxwriter_file(write) -> bytes:
    """The workbook ``write(wb, ws)`` makes with the XlsxWriter helpers."""
    buffer = io.BytesIO()
    wb = new_workbook(buffer)
    write(wb, wb.add_worksheet("Sheet"))
    wb.close()
    return buffer.getvalue()


def _xlsxwriter_roundtrip(write) -> Workbook:
    """The same, read back by openpyxl."""
    return load_workbook(io.BytesIO(_xlsxwriter_file(write)))


@pytest.mark.parametrize("value", HOSTILE)
def test_a_string_that_looks_like_a_formula_is_put_as_text(value):
    def write(wb, ws):
        put(ws, 1, 1, value)
        put(ws, 2, 1, value, wb.style(bold=True, num_format="#,##0"))

    ws = _xlsxwriter_roundtrip(write).active
    for cell in (ws["A1"], ws["A2"]):
        # XlsxWriter stores a carriage return as the file format escapes it (_x000D_), which
        # Excel reads back as one and openpyxl leaves as it is
        assert unescape(cell.value) == value
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert ws["A2"].font.b and ws["A2"].number_format == "#,##0"  # the cell's own format kept


def test_put_keeps_numbers_numbers_and_plain_text_untouched():
    def write(wb, ws):
        for col, value in enumerate([-5, 2.5, 0, "Chi bộ 1", None, "a-b", True], start=1):
            put(ws, 1, col, value)
        put(ws, 2, 1, Decimal("4.3"))
        put(ws, 2, 2, datetime.date(2026, 3, 8))
        put(ws, 2, 3, None, wb.style(num_format='0.0"%"'))
        put(ws, 2, 4, 12.5, wb.style(num_format='0.0"%"'))
        put(ws, 2, 5, timezone.make_aware(datetime.datetime(2026, 3, 8, 9, 30)))

    ws = _xlsxwriter_roundtrip(write).active
    _numbers_and_text_kept(ws)
    assert ws["E1"].value is None
    assert ws["F1"].value == "a-b" and not ws["F1"].quotePrefix
    assert (ws["G1"].value, ws["G1"].data_type) == (True, "b")
    assert (ws["A2"].value, ws["A2"].data_type) == (4.3, "n")
    assert (
        ws["B2"].value == datetime.datetime(2026, 3, 8) and ws["B2"].number_format == "dd/mm/yyyy"
    )
    assert ws["C2"].value is None and ws["C2"].number_format == '0.0"%"'
    assert ws["D2"].number_format == '0.0"%"'
    assert ws["E2"].value == datetime.datetime(2026, 3, 8, 9, 30)  # the local wall clock
    assert ws["E2"].number_format == "dd/mm/yyyy hh:mm"
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_a_workbook_of_many_cells_has_a_handful_of_formats():
    def write(wb, ws):
        for row in range(1, 501):
            put(ws, row, 1, f"-{row}", wb.style(bold=True))
            put(ws, row, 2, row, wb.style(num_format="#,##0"))
            put(ws, row, 3, f"={row}", wb.style(num_format="#,##0"))

    content = _xlsxwriter_file(write)
    ws = load_workbook(io.BytesIO(content)).active
    styles = {(c.font.b, c.number_format, c.quotePrefix) for row in ws.iter_rows() for c in row}
    assert styles == {(True, "General", True), (False, "#,##0", False), (False, "#,##0", True)}
    with zipfile.ZipFile(io.BytesIO(content)) as files:
        stylesheet = files.read("xl/styles.xml").decode()
    assert '<cellXfs count="4">' in stylesheet  # the default and the three above, once each


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


# XlsxWriter's cell writers: each writes its value as given (a formula, a link, a number).
XLSXWRITER_WRITES = {
    "write_string",
    "write_number",
    "write_blank",
    "write_boolean",
    "write_datetime",
    "write_formula",
    "write_array_formula",
    "write_dynamic_array_formula",
    "write_url",
    "write_rich_string",
    "write_row",
    "write_column",
}


def _direct_writes(path: pathlib.Path) -> list[int]:
    text = path.read_text()
    tree = ast.parse(text)
    openpyxl = "openpyxl" in text
    xlsxwriter = "xlsxwriter" in text or "new_workbook" in text or "spreadsheets import" in text
    lines = []
    for node in ast.walk(tree):
        if openpyxl and isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
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
        # ``ws.write(row, col, value)`` or ``ws.write("A1", value)``; ``buffer.write(data)``
        # takes one argument
        if (
            xlsxwriter
            and isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and (
                node.func.attr in XLSXWRITER_WRITES
                or (node.func.attr == "write" and len(node.args) + len(node.keywords) >= 2)
            )
        ):
            lines.append(node.lineno)
        if openpyxl and isinstance(node, ast.Assign):
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
        if lines := _direct_writes(path):
            found[str(path.relative_to(root))] = lines
    assert found == {}, f"write cells with ct05.core.spreadsheets: {found}"


def test_the_scan_sees_direct_xlsxwriter_writes(tmp_path):
    path = tmp_path / "writer.py"
    path.write_text(
        "import xlsxwriter\n"
        "ws.write(0, 0, name)\n"
        "ws.write('A1', name)\n"
        "sheet.write_string(0, 0, name)\n"
        "ws.write_row(1, 0, values)\n"
        "ws.write_column(1, 0, values)\n"
        "ws.write_formula(0, 0, '=1')\n"
        "buffer.write(data)\n"
    )
    assert _direct_writes(path) == [2, 3, 4, 5, 6, 7]
