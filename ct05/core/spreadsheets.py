"""Writing cells of the workbooks CT05 hands out, so that no value can act as a formula.

A name typed into CT05 (an organization, a person, a topic) ends up in a workbook a propaganda
officer opens in Excel. openpyxl stores any ``str`` that starts with ``=`` as a formula, and
spreadsheet programs treat text starting with ``+``, ``-``, ``@``, a tab or a carriage return as
the start of one when the cell is edited or the sheet is saved as CSV ("formula injection").
Every writer of a workbook goes through :func:`write_cell` / :func:`append_row` (a test keeps it
so): such a string is stored as text (data type ``s``) with Excel's "quote prefix" style, so it
shows and stays text. Numbers, dates and ``None`` are written as they are: ``-5`` is a number.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

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
