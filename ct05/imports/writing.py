"""The workbooks CT05 hands out: a kind's template, a subtree's export in the import's format,
and an uploaded workbook marked back with its problems.

Every cell goes through :func:`ct05.core.spreadsheets.write_cell` (no value can act as a
formula). The template and the export are the same workbook, the export with rows: a file
exported, edited and imported back changes only what was edited.
"""

from __future__ import annotations

import io
from collections import defaultdict

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ct05.core.spreadsheets import append_row, write_cell

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
    """``kind``'s workbook: the header row, drop-downs, an instructions sheet and ``rows``.

    Streamed (openpyxl's write-only mode): a province's 100,000 people are exported without
    holding a cell object for each."""
    with translation.override("vi"):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(kind.sheet)
        for col, column in enumerate(kind.columns, start=1):
            ws.column_dimensions[get_column_letter(col)].width = column.width
        ws.freeze_panes = "A2"
        append_row(ws, [c.header for c in kind.columns], font=BOLD)
        count = 1
        for values in rows:
            append_row(ws, values, date_format=DATE_FORMAT)
            count += 1
        last = max(count, 1000)
        lists = wb.create_sheet(LISTS)
        listed = [c for c in kind.columns if c.choices is not None]
        columns = [c.choices() for c in listed]
        append_row(lists, [c.header for c in listed], font=BOLD)
        for i in range(max((len(v) for v in columns), default=0)):
            append_row(lists, [v[i] if i < len(v) else None for v in columns])
        for list_col, column in enumerate(listed, start=1):
            letter = get_column_letter(kind.columns.index(column) + 1)
            list_letter = get_column_letter(list_col)
            validation = DataValidation(
                type="list",
                formula1=f"'{LISTS}'!${list_letter}$2:${list_letter}${len(columns[list_col - 1]) + 1}",
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=column.header,
                error=_("Choose a value from the list."),
            )
            validation.add(f"{letter}2:{letter}{last}")
            ws.data_validations.append(validation)
        lists.sheet_state = "hidden"
        guide = wb.create_sheet(INSTRUCTIONS)
        guide.column_dimensions["A"].width = 30
        guide.column_dimensions["B"].width = 90
        append_row(guide, [_("How to fill in this workbook")], font=BOLD)
        for text in [*_general_instructions(), *(_(t) for t in kind.instructions)]:
            append_row(guide, [None, text])
        append_row(guide, [])
        append_row(guide, [_("Column"), _("What to write")], font=BOLD)
        for column in kind.columns:
            parts = [_("Required.") if column.required else _("May be left blank.")]
            if column.is_date:
                parts.append(_("A date, dd/mm/yyyy."))
            if column.choices is not None:
                parts.append(_("Choose from the drop-down list."))
            append_row(guide, [column.header, " ".join(parts)])
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
