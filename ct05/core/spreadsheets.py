"""Writing cells of the workbooks CT05 hands out, so that no value can act as a formula.

A name typed into CT05 (an organization, a person, a topic) ends up in a workbook a propaganda
officer opens in Excel. openpyxl stores any ``str`` that starts with ``=`` as a formula, and
spreadsheet programs treat text starting with ``+``, ``-``, ``@``, a tab or a carriage return as
the start of one when the cell is edited or the sheet is saved as CSV ("formula injection").
Every writer of a workbook goes through :func:`write_cell` / :func:`append_row` (openpyxl) or
:func:`new_workbook` and :func:`put` (XlsxWriter, for the workbooks downloaded often: it writes
rows without an object per cell); a test keeps it so. Such a string is stored as text (data
type ``s``) with Excel's "quote prefix" style, so it shows and stays text. Numbers, dates and
``None`` are written as they are: ``-5`` is a number.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from typing import IO, Any

import xlsxwriter
from django.utils import timezone
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet as XlsxWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value: Any) -> bool:
    """Whether ``value`` is a string a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def write_cell(ws: Worksheet, row: int, column: int, value: Any = None) -> Cell:
    """Set ``ws``'s cell at (row, column) to ``value``, text staying text; returns the cell."""
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if is_risky(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def append_row(
    ws: Worksheet | WriteOnlyWorksheet, values: Iterable[Any], *, font=None, date_format=None
) -> list[Cell]:
    """Write ``values`` on the row after the last one used (``ws.append``, made safe); on a
    write-only sheet (a large workbook streamed to disk) the row is appended as it comes,
    its cells in ``font`` and its dates shown in ``date_format`` when given."""
    if isinstance(ws, WriteOnlyWorksheet):
        cells = []
        for value in values:
            cell = WriteOnlyCell(ws, value=value)
            if is_risky(value):
                cell.data_type = "s"
                cell.quotePrefix = True
            if font is not None:
                cell.font = font
            if date_format and isinstance(value, datetime.date):
                cell.number_format = date_format
            cells.append(cell)
        ws.append(cells)
        return cells
    empty = ws.max_row == 1 and all(cell.value is None for cell in ws[1])
    row = 1 if empty else ws.max_row + 1
    return [write_cell(ws, row, col, value) for col, value in enumerate(values, start=1)]


# XlsxWriter turns a string into a formula, a link or a number only when asked to: never here.
XLSX_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
# How a moment, a date and a time put without a number format of their own are shown
DATE_FORMATS = (
    (datetime.datetime, "dd/mm/yyyy hh:mm"),
    (datetime.date, "dd/mm/yyyy"),
    (datetime.time, "hh:mm"),
)


class XlsxWorkbook(xlsxwriter.Workbook):
    """An XlsxWriter workbook whose cells :func:`put` writes; made by :func:`new_workbook`.

    XlsxWriter's formats belong to their workbook and each one made is a style of the file:
    :meth:`style` makes each set of properties once, so a sheet of thousands of cells has a
    handful of formats (and a hostile name its quote-prefixed twin of its cell's format)."""

    def __init__(self, file: IO[bytes] | str):
        super().__init__(file, XLSX_OPTIONS)
        self._styles: dict[tuple, Format] = {}
        self._properties: dict[int, dict] = {}  # id of a format made here -> its properties

    def style(self, **properties) -> Format:
        """The format of ``properties`` (XlsxWriter's names: ``bold``, ``num_format``...)."""
        key = tuple(sorted(properties.items()))
        made = self._styles.get(key)
        if made is None:
            made = self._styles[key] = self.add_format(properties)
            self._properties[id(made)] = properties
        return made

    def properties(self, fmt: Format | None) -> dict:
        """The properties ``fmt`` was made with (by :meth:`style`; none for no format)."""
        if fmt is None:
            return {}
        if id(fmt) not in self._properties:
            raise ValueError("put() takes the formats of XlsxWorkbook.style(), not add_format()")
        return self._properties[id(fmt)]

    def restyle(self, fmt: Format | None, **changes) -> Format:
        """``fmt`` with ``changes`` on top."""
        return self.style(**{**self.properties(fmt), **changes})

    def add_worksheet(self, name: str | None = None, worksheet_class=None) -> XlsxWorksheet:
        ws = super().add_worksheet(name, worksheet_class)
        ws.ct05_book = self  # how put() finds the formats of the sheet's workbook
        return ws


def new_workbook(file: IO[bytes] | str) -> XlsxWorkbook:
    """An XlsxWriter workbook written to ``file`` (a ``BytesIO``) on ``close()``, in memory
    meanwhile, that writes no string as a formula, a link or a number."""
    return XlsxWorkbook(file)


def put(ws: XlsxWorksheet, row: int, column: int, value: Any, fmt: Format | None = None) -> None:
    """Write ``value`` in ``fmt`` (from :meth:`XlsxWorkbook.style`) at (row, column), both
    counted from 1 as in :func:`write_cell`: a string stays text (quote-prefixed when
    :func:`is_risky`), a number a number, ``None`` an empty cell (formatted when ``fmt`` is
    given), a date a date (shown as in ``DATE_FORMATS`` unless ``fmt`` has a number format)."""
    row, column = row - 1, column - 1
    if isinstance(value, str):
        if is_risky(value):
            fmt = ws.ct05_book.restyle(fmt, quote_prefix=True)
        ws.write_string(row, column, value, fmt)
    elif value is None:
        ws.write_blank(row, column, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, column, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, column, value, fmt)
    elif isinstance(value, decimal.Decimal):
        ws.write_number(row, column, float(value), fmt)
    elif isinstance(value, datetime.date | datetime.time):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.make_naive(value)  # the wall clock of CT05's time zone
        if "num_format" not in ws.ct05_book.properties(fmt):
            shown = next(f for kind, f in DATE_FORMATS if isinstance(value, kind))
            fmt = ws.ct05_book.restyle(fmt, num_format=shown)
        ws.write_datetime(row, column, value, fmt)
    else:  # anything else (a lazy translation): its text, as safely
        put(ws, row + 1, column + 1, str(value), fmt)
