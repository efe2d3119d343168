"""Renderers turn a report dict (from :mod:`ct05.reports.selectors`) into files.

They format and lay out; they never compute a figure.
"""

from __future__ import annotations

import re
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ct05.core.spreadsheets import write_cell
from ct05.core.text import fold
from ct05.ratings.models import Level
from ct05.tasks.models import Category

from .community_xlsx import write_community

PERCENT = '0.0"%"'  # the figures are percentages already (99.8), shown with one decimal
NUMBER = "#,##0"  # grouped: 15486 shows as 15.486 in a Vietnamese Excel
HEADER_ROW = 4  # the title block takes the rows above the header of every by-organization sheet
HEADER_FILL = PatternFill("solid", fgColor="FDE9D9")
BOLD = Font(bold=True)


def commitment_columns():
    return [
        ("people", _("Members")),
        ("committed", _("Commitments")),
        ("committed_pct", _("Members with a commitment")),
        ("deeds_registered", _("Deeds registered")),
        ("deeds_evaluated", _("Deeds evaluated")),
        ("deeds_achieved", _("Deeds achieved")),
        ("meeting_minimum", _("Commitments meeting the minimum of deeds")),
    ]


def study_columns():
    return [
        ("sessions", _("Study sessions")),
        ("attendances", _("Attendances")),
        ("reflections", _("Reflection essays received")),
        ("reflected_pct", _("Reflections / attendances (%)")),
        ("members_studied", _("Members who studied the yearly topic")),
        ("members_studied_pct", _("Members who studied the yearly topic (%)")),
    ]


def meeting_columns():
    return [
        ("cells", _("Party cells")),
        ("regular", _("Regular meetings")),
        ("thematic", _("Thematic meetings")),
        ("with_directive05", _("Meetings with Directive 05 content")),
        ("cells_regular_norm", _("Cells at the regular-meeting norm")),
        ("regular_norm_pct", _("Cells at the regular norm (%)")),
        ("cells_thematic_norm", _("Cells at the thematic-meeting norm")),
        ("thematic_norm_pct", _("Cells at the thematic norm (%)")),
        ("members_absent_unexcused", _("Members absent without reason from 3 regular meetings")),
    ]


def plan_columns():
    return [
        ("organizations", _("Party organizations")),
        ("with_plan", _("Organizations with a collective plan")),
        ("with_ethics_code", _("Organizations with a code of ethical standards")),
        ("pressing_issues", _("Pressing issues")),
        ("pressing_resolved", _("Pressing issues resolved")),
    ]


def inspection_columns():
    return [
        ("count", _("Inspections")),
        ("organizations_inspected", _("Organizations inspected")),
        ("findings", _("Shortcomings found")),
        ("remediations", _("Remediation items")),
        ("remediated", _("Remediation items done")),
        ("overdue", _("Remediation items overdue")),
    ]


def flat_sections():
    """(section key, sheet title, columns) of the sections whose figures are flat."""
    return [
        ("commitments", _("Commitments and deeds"), commitment_columns()),
        ("study", _("Study"), study_columns()),
        ("meetings", _("Cell meetings"), meeting_columns()),
        ("plans", _("Plans and ethics codes"), plan_columns()),
        ("inspections", _("Inspections"), inspection_columns()),
    ]


def completed_of_total(figures: dict) -> str:
    """Tasks as reports write them: "11/13" (completed of the total)."""
    return f"{figures['completed']}/{figures['total']}"


def rating_columns():
    return [*((level.value, str(level.label)) for level in Level), ("unrated", _("Not rated"))]


def _header(ws, row: int, titles: list[str]) -> None:
    for col, title in enumerate(titles, start=1):
        cell = write_cell(ws, row, col, title)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_row(ws, row: int, values: list, percent_columns: set[int] = frozenset()) -> None:
    for col, value in enumerate(values, start=1):
        cell = write_cell(ws, row, col, value)
        if col in percent_columns:
            cell.number_format = PERCENT
        elif isinstance(value, int) and not isinstance(value, bool):
            cell.number_format = NUMBER


def file_name(organization_name: str, period: str, extension: str, kind="bao-cao-ct05") -> str:
    """``bao-cao-ct05_dang-bo-xa-y-ty_2025.docx``: the kind, the organization's name without
    diacritics, the period; two downloads of different organizations never overwrite each other."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(organization_name)).strip("-")[:60] or "to-chuc"
    return f"{kind}_{slug}_{period}.{extension}"


def _print_setup(ws, header_rows: str | None = None) -> None:
    """A4 landscape, fitted to the page's width, the header row repeated on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_rows:
        ws.print_title_rows = header_rows


def _title_block(ws, report: dict, title: str) -> None:
    write_cell(ws, 1, 1, f"{title} — {_report_title(report)}").font = Font(bold=True, size=13)
    write_cell(ws, 2, 1, _period_line(report))


def _report_title(report: dict) -> str:
    return _("Directive 05-CT/TW report — %(organization)s — %(year)s") % {
        "organization": report["organization"]["name"],
        # The period's label ("năm 2026", "quý III năm 2026", "giai đoạn 2021–2025"); a
        # report kept from before periods had only its year.
        "year": report["period"].get("label") or report["year"],
    }


def _period_line(report: dict) -> str:
    return _(
        "Period: %(start)s to %(end)s; members as of %(day)s; figures counted from records "
        "over the whole subtree."
    ) % {
        "start": _dmy(report["period"]["start"]),
        "end": _dmy(report["period"]["end"]),
        "day": _dmy(report["period"]["members_on"]),
    }


def _widths(ws, first: int = 38, rest: int = 16) -> None:
    ws.column_dimensions["A"].width = first
    for col in range(2, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(col)].width = rest


def render_xlsx(report: dict) -> bytes:
    """The Directive 05 workbook: a summary sheet, then one sheet per section by organization."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Summary")[:31]
    write_cell(ws, 1, 1, _report_title(report)).font = Font(bold=True, size=13)
    write_cell(ws, 2, 1, _period_line(report))
    row = 3
    topics = report.get("study", {}).get("topics") or []
    if len(topics) > 1:
        named = "; ".join(f"{t['year']}: {t['title']}" for t in topics)
        write_cell(ws, row, 1, _("Topics of the years: %(topics)s") % {"topics": named})
    elif report.get("study", {}).get("topic"):
        write_cell(
            ws, row, 1, _("Topic of the year: %(topic)s") % {"topic": report["study"]["topic"]}
        )
    for key, title, columns in flat_sections():
        row += 1
        write_cell(ws, row, 1, title).font = BOLD
        for name, label in columns:
            row += 1
            write_cell(ws, row, 1, label)
            cell = write_cell(ws, row, 2, report[key][name])
            cell.number_format = PERCENT if name.endswith("_pct") else NUMBER
        row += 1
    row += 1
    _header(ws, row, [_("Ratings"), _("Members"), _("Organizations")])
    first_rating_row = row + 1
    for key, title in rating_columns():
        row += 1
        _write_row(
            ws,
            row,
            [title, report["ratings"]["members"][key], report["ratings"]["organizations"][key]],
        )
    chart = BarChart()
    chart.title = _("Ratings by level")
    chart.add_data(
        Reference(ws, min_col=2, max_col=3, min_row=first_rating_row - 1, max_row=row),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=first_rating_row, max_row=row))
    ws.add_chart(chart, "E4")
    row += 2
    _header(ws, row, [_("Tasks"), _("Completed/total"), _("Overdue")])
    for category in Category:
        row += 1
        figures = report["tasks"][category.value]
        _write_row(ws, row, [str(category.label), completed_of_total(figures), figures["overdue"]])
    _widths(ws, 44, 16)
    _print_setup(ws)

    children = report.get("children", [])
    for key, title, columns in flat_sections():
        ws = wb.create_sheet(title[:31])
        _title_block(ws, report, title)
        _header(ws, HEADER_ROW, [_("Organization"), *(label for _name, label in columns)])
        pct_cols = {i for i, (name, _l) in enumerate(columns, start=2) if name.endswith("_pct")}
        for i, child in enumerate(children, start=HEADER_ROW + 1):
            _write_row(ws, i, [_child_name(child), *(child[key][n] for n, _l in columns)], pct_cols)
        total_row = len(children) + HEADER_ROW + 1
        _write_row(ws, total_row, [_("Total"), *(report[key][n] for n, _l in columns)], pct_cols)
        for cell in ws[total_row]:
            cell.font = BOLD
        ws.freeze_panes = f"B{HEADER_ROW + 1}"
        _widths(ws)
        _print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")

    ws = wb.create_sheet(_("Ratings")[:31])
    _title_block(ws, report, _("Ratings"))
    columns = rating_columns()
    titles = [_("Organization")]
    titles += [f"{_('Members')}: {t}" for _k, t in columns]
    titles += [f"{_('Organizations')}: {t}" for _k, t in columns]
    _header(ws, HEADER_ROW, titles)
    for i, child in enumerate(children, start=HEADER_ROW + 1):
        values = [_child_name(child)]
        values += [child["ratings"]["members"][k] for k, _t in columns]
        values += [child["ratings"]["organizations"][k] for k, _t in columns]
        _write_row(ws, i, values)
    total_row = len(children) + HEADER_ROW + 1
    values = [_("Total")]
    values += [report["ratings"]["members"][k] for k, _t in columns]
    values += [report["ratings"]["organizations"][k] for k, _t in columns]
    _write_row(ws, total_row, values)
    for cell in ws[total_row]:
        cell.font = BOLD
    ws.freeze_panes = f"B{HEADER_ROW + 1}"
    _widths(ws)
    _print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")

    ws = wb.create_sheet(_("Tasks")[:31])
    _title_block(ws, report, _("Tasks"))
    titles = [_("Organization")]
    for category in Category:
        titles += [
            f"{category.label}: {_('completed/total')}",
            f"{category.label}: {_('overdue')}",
        ]
    _header(ws, HEADER_ROW, titles)

    def task_values(figures: dict) -> list:
        values = []
        for category in Category:
            values += [
                completed_of_total(figures[category.value]),
                figures[category.value]["overdue"],
            ]
        return values

    for i, child in enumerate(children, start=HEADER_ROW + 1):
        _write_row(ws, i, [_child_name(child), *task_values(child["tasks"])])
    total_row = len(children) + HEADER_ROW + 1
    _write_row(ws, total_row, [_("Total"), *task_values(report["tasks"])])
    for cell in ws[total_row]:
        cell.font = BOLD
    ws.freeze_panes = f"B{HEADER_ROW + 1}"
    _widths(ws)
    _print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")

    write_community(
        wb,
        report,
        header=_header,
        widths=_widths,
        title_block=_title_block,
        print_setup=_print_setup,
        header_row=HEADER_ROW,
        number_format=NUMBER,
    )

    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _child_name(child: dict) -> str:
    name = child["organization"]["name"]
    if child["organization"].get("own"):
        return _("%(name)s (itself and its own members)") % {"name": name}
    return name


def _dmy(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"
