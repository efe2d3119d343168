"""Reading an uploaded workbook with python-calamine (formulas come as their values).

Each sheet is matched to a kind by its title or, failing that, by a header only that kind has;
the header row is found among the first rows (a merged title above it is skipped), columns are
matched by their header in any order (extra columns are fine), and blank rows are left out.

A formula is read as the value the spreadsheet saved with it (Excel and LibreOffice always
save one). Two cases would read as a blank cell, so :func:`formula_problems` names them: a
formula saved without its value (a file written by a program that does not calculate, such as
openpyxl) and a formula whose value is an error (``#DIV/0!``, ``#REF!``).
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from html import unescape
from xml.etree.ElementTree import iterparse

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from ct05.core.text import fold

from .kinds.base import REGISTRY, Kind, Problem, SheetRows, text

HEADER_SCAN = 15  # rows searched for the header row


def _kind_by_title(title: str) -> Kind | None:
    for kind in REGISTRY.values():
        if fold(kind.sheet) == fold(title):
            return kind
    return None


def _header_row(rows: list[list], kind: Kind | None) -> tuple[Kind, int] | None:
    """The kind and index of the first row holding the kind's required headers."""
    kinds = [kind] if kind else sorted(REGISTRY.values(), key=lambda k: -len(k.signature))
    for number, row in enumerate(rows[:HEADER_SCAN]):
        found = {fold(text(v)) for v in row if v not in (None, "")}
        if not found:
            continue
        for candidate in kinds:
            if kind is None and fold(candidate.signature) not in found:
                continue
            required = {fold(c.header) for c in candidate.columns if c.required}
            if required <= found:
                return candidate, number
    return None


def _filled(value) -> bool:
    """Whether a cell holds something: not empty, not spaces only (a number, a date, text)."""
    return value is not None and (type(value) is not str or not value.isspace()) and value != ""


def read_workbook(path) -> tuple[list[SheetRows], list[str]]:
    """The sheets of kinds found in the workbook at ``path``, and the titles of sheets that
    look like a kind's (by title) but lack its header row."""
    workbook = CalamineWorkbook.from_path(str(path))
    found, unreadable = [], []
    try:
        for title in workbook.sheet_names:
            titled = _kind_by_title(title)
            rows = workbook.get_sheet_by_name(title).to_python(skip_empty_area=False)
            header = _header_row(rows, titled)
            if header is None:
                if titled is not None:
                    unreadable.append(title)
                continue
            kind, number = header
            headers = [fold(text(v)) for v in rows[number]]
            by_header = {h: i for i, h in enumerate(headers) if h}
            index = {
                c.key: by_header[fold(c.header)]
                for c in kind.columns
                if fold(c.header) in by_header
            }
            extra = {
                text(rows[number][i]): i
                for h, i in by_header.items()
                if h not in {fold(c.header) for c in kind.columns}
            }
            data = [
                (n, row)
                for n, row in enumerate(rows[number + 1 :], start=number + 2)
                if any(map(_filled, row))
            ]
            found.append(SheetRows(title, kind, number + 1, index, data, extra))
    finally:
        workbook.close()
    return found, unreadable


# --- formulas without a value ----------------------------------------------------------------

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Bytes that only a formula or an error cell puts in a sheet's XML (``<f>``, ``<f t=…/>``,
# ``<x:f>``, ``t="e"``): found by ``bytes.find``, many times faster than a regular expression or
# a parser over the whole sheet; only the cells around a hit are read (a hit outside a formula,
# ``<firstFooter>``, finds a cell with its value and is passed over). Three passes, not five.
_MARKERS = (b"<f", b":f", b't="e"')
_CHUNK = 1 << 22
_REF = re.compile(rb'\sr="([A-Z]+)(\d+)"')
_TYPE = re.compile(rb'\st="(\w+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>(.*?)</(?:\w+:)?v>", re.S)


@dataclass(frozen=True)
class FormulaCell:
    """A cell whose formula has no saved value (``error`` None) or an error for its value."""

    sheet: str
    row: int
    column: int  # 1-based
    formula: str | None
    error: str | None


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """{sheet title: its part in the archive}, from the workbook and its relationships."""
    rels = {}
    with archive.open("xl/_rels/workbook.xml.rels") as part:
        for _event, element in iterparse(part):
            if element.tag == f"{_PACKAGE_REL}Relationship":
                target = element.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                rels[element.get("Id")] = posixpath.normpath(target)
    sheets = {}
    with archive.open("xl/workbook.xml") as part:
        for _event, element in iterparse(part):
            if element.tag == f"{_MAIN}sheet":
                sheets[element.get("name")] = rels.get(element.get(f"{_REL}id"), "")
    return sheets


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _cells(sheet: str, xml: bytes, found: list[FormulaCell]) -> None:
    """The formula cells of ``xml`` (whole rows) without a value, or with an error for one."""
    starts = set()
    for marker in _MARKERS:
        at = xml.find(marker)
        while at >= 0:
            start = max(xml.rfind(b"<c ", 0, at), xml.rfind(b":c ", 0, at))
            if start >= 0:
                starts.add(start)
            at = xml.find(marker, at + 1)
    for start in sorted(starts):
        tag_end = xml.find(b">", start)
        end = xml.find(b"c>", tag_end)
        tag, cell = xml[start : tag_end + 1], xml[start : end if end >= 0 else len(xml)]
        ref, kind = _REF.search(tag), _TYPE.search(tag)
        kind = kind[1] if kind else b"n"
        if ref is None:
            continue
        formula, value = _FORMULA.search(cell), _VALUE.search(cell)
        if kind != b"e" and (
            formula is None or (value is not None and (value[1] or kind == b"str"))
        ):
            continue  # a saved value (an empty text is one)
        text = unescape(formula[1].decode()) if formula is not None and formula[1] else None
        error = (value[1].decode() or "#N/A") if kind == b"e" and value is not None else None
        if kind == b"e" and error is None:
            error = "#N/A"
        found.append(FormulaCell(sheet, int(ref[2]), _column_number(ref[1]), text, error))


def scan_formulas(path) -> list[FormulaCell]:
    """Every cell of the workbook whose formula has no saved value or an error for its value.
    Run beside calamine's read (a thread: decompressing releases the interpreter)."""
    found: list[FormulaCell] = []
    # A damaged file: what calamine makes of it is the reader's to say.
    damaged = (OSError, EOFError, KeyError, SyntaxError, ValueError, zipfile.BadZipFile, zlib.error)
    with contextlib.suppress(*damaged):
        _scan(path, found)
    return found


def _scan(path, found: list[FormulaCell]) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = _sheet_parts(archive)
        names = set(archive.namelist())
        for title, name in parts.items():
            if name not in names:
                continue
            with archive.open(name) as part:
                rest = b""
                while chunk := part.read(_CHUNK):
                    xml = rest + chunk
                    # Whole rows only (``</row>``, ``</x:row>``): no cell is cut in two.
                    cut = max(xml.rfind(b"</row>"), xml.rfind(b":row>"))
                    if cut < 0:
                        rest = xml
                        continue
                    cut = xml.index(b">", cut) + 1
                    rest = xml[cut:]
                    _cells(title, xml[:cut], found)
                _cells(title, rest, found)


def formula_problems(cells: list[FormulaCell], sheets: list[SheetRows]) -> list[Problem]:
    """The problems of the ``cells`` in the columns a kind reads below its header row: each
    would otherwise read as a blank cell."""
    problems: list[Problem] = []
    by_title = {sheet.name: sheet for sheet in sheets}
    for cell in cells:
        sheet = by_title.get(cell.sheet)
        if sheet is None or cell.row <= sheet.header_row:
            continue
        header = next(
            (c.header for c in sheet.kind.columns if sheet.index.get(c.key) == cell.column - 1),
            None,
        )
        if header is None:
            continue
        if cell.error is not None:
            message = _(
                "The formula in this cell gives an error (%(error)s): correct it in the workbook."
            ) % {"error": cell.error}
        else:
            message = _(
                "This cell holds a formula whose value was not saved with the file: open the "
                "workbook in Excel or LibreOffice and save it again."
            )
        shown = f"={cell.formula}" if cell.formula else None
        problems.append(Problem(sheet.name, cell.row, header, shown, message))
    return problems
