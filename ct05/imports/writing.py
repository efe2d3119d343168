"""The workbooks CT05 hands out: a kind's template, a subtree's export in the import's format,
and an uploaded workbook marked back with its problems.

Every cell goes through :func:`ct05.core.spreadsheets.write_cell` (no value can act as a
formula). The template and the export are the same workbook, the export with rows: a file
exported, edited and imported back changes only what was edited.
"""

from __future__ import annotations

import datetime
import io
from collections import defaultdict

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ct05.core.spreadsheets import write_cell

from .kinds.base import Kind
from .reading import _header_row

LISTS = "Danh mục"
INSTRUCTIONS = "Hướng dẫn"
BAD = PatternFill("solid", fgColor="FFC7CE")
BOLD = Font(bold=True)
DATE_FORMAT = "DD/MM/YYYY"


def _general_instructions() -> list[str]:
    return [
        _("Fill in the sheet “%(sheet)s” from its second row; do not change the header row."),
        _("Columns may be in any order and extra columns are ignored."),
        _(
            "Every row is checked before anything is written: if one row is wrong, nothing is "
            "imported, and the workbook comes back with the wrong cells marked."
        ),
        _("Importing the same file twice changes nothing."),
    ]


def workbook_for(kind: Kind, rows=()) -> bytes:
    """``kind``'s workbook: the header row, drop-downs, an instructions sheet and ``rows``."""
    with translation.override("vi"):
        wb = Workbook()
        ws = wb.active
        ws.title = kind.sheet
        for col, column in enumerate(kind.columns, start=1):
            write_cell(ws, 1, col, column.header).font = BOLD
            ws.column_dimensions[get_column_letter(col)].width = column.width
        ws.freeze_panes = "A2"
        count = 1
        for count, values in enumerate(rows, start=2):  # noqa: B007 - count is used after
            for col, value in enumerate(values, start=1):
                cell = write_cell(ws, count, col, value)
                if isinstance(value, datetime.date):
                    cell.number_format = DATE_FORMAT
        last = max(count, 1000)
        lists = wb.create_sheet(LISTS)
        list_col = 0
        for col, column in enumerate(kind.columns, start=1):
            letter = get_column_letter(col)
            if column.is_date:
                for row in ws.iter_rows(min_row=2, max_row=count, min_col=col, max_col=col):
                    row[0].number_format = DATE_FORMAT
            if column.choices is None:
                continue
            list_col += 1
            values = column.choices()
            list_letter = get_column_letter(list_col)
            write_cell(lists, 1, list_col, column.header).font = BOLD
            for i, value in enumerate(values, start=2):
                write_cell(lists, i, list_col, value)
            validation = DataValidation(
                type="list",
                formula1=f"'{LISTS}'!${list_letter}$2:${list_letter}${len(values) + 1}",
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=column.header,
                error=_("Choose a value from the list."),
            )
            ws.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last}")
        lists.sheet_state = "hidden"
        guide = wb.create_sheet(INSTRUCTIONS)
        guide.column_dimensions["A"].width = 30
        guide.column_dimensions["B"].width = 90
        write_cell(guide, 1, 1, _("How to fill in this workbook")).font = BOLD
        line = 2
        for text in [*_general_instructions(), *(_(t) for t in kind.instructions)]:
            write_cell(guide, line, 2, text)
            line += 1
        line += 1
        write_cell(guide, line, 1, _("Column")).font = BOLD
        write_cell(guide, line, 2, _("What to write")).font = BOLD
        for column in kind.columns:
            line += 1
            write_cell(guide, line, 1, column.header)
            parts = [_("Required.") if column.required else _("May be left blank.")]
            if column.is_date:
                parts.append(_("A date, dd/mm/yyyy."))
            if column.choices is not None:
                parts.append(_("Choose from the drop-down list."))
            write_cell(guide, line, 2, " ".join(parts))
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


def marked_workbook(path, errors: list[dict]) -> bytes:
    """The uploaded workbook with each problem's cell filled red and commented, and a column of
    messages after the last one on each sheet."""
    wb = load_workbook(path)
    by_sheet: dict[str, dict[int, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for error in errors:
        by_sheet[error["sheet"]][error["row"]].append(error)
    with translation.override("vi"):
        for ws in wb.worksheets:
            problems = by_sheet.get(ws.title)
            if not problems:
                continue
            rows = [[c for c in row] for row in ws.iter_rows(max_row=15, values_only=True)]
            found = _header_row(rows, None)
            header_row = found[1] + 1 if found else 1
            headers = {
                str(c.value).strip(): c.column for c in ws[header_row] if c.value is not None
            }
            message_col = ws.max_column + 1
            write_cell(ws, header_row, message_col, _("Problems found")).font = BOLD
            ws.column_dimensions[get_column_letter(message_col)].width = 80
            for row, items in problems.items():
                if row < 1:
                    continue
                for item in items:
                    col = headers.get(item["column"])
                    if col:
                        cell = ws.cell(row=row, column=col)
                        cell.fill = BAD
                        cell.comment = Comment(item["message"], "CT05")
                write_cell(
                    ws,
                    row,
                    message_col,
                    "; ".join(f"{i['column']}: {i['message']}" for i in items),
                ).fill = BAD
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
