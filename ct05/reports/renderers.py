"""Renderers turn a report dict (from :mod:`ct05.reports.selectors`) into files.

They format and lay out; they never compute a figure.
"""

from __future__ import annotations

import re
from io import BytesIO

from django.utils.translation import gettext as _

from ct05.core.spreadsheets import XlsxWorkbook, new_workbook, put
from ct05.core.text import fold
from ct05.ratings.models import Level
from ct05.tasks.models import Category

from .community_xlsx import write_community

PERCENT = '0.0"%"'  # the figures are percentages already (99.8), shown with one decimal
NUMBER = "#,##0"  # grouped: 15486 shows as 15.486 in a Vietnamese Excel
HEADER_ROW = 4  # the title block takes the rows above the header of every by-organization sheet
# XlsxWriter's format properties: the header row's cells, a sheet's title
HEADER = {"bold": True, "pattern": 1, "bg_color": "#FDE9D9", "text_wrap": True, "valign": "top"}
TITLE = {"bold": True, "font_size": 13}


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


def _header(wb: XlsxWorkbook, ws, row: int, titles: list[str]) -> None:
    header = wb.style(**HEADER)
    for col, title in enumerate(titles, start=1):
        put(ws, row, col, title, header)


def _row_formats(wb: XlsxWorkbook, *, bold: bool = False) -> tuple:
    """(text, whole number, percentage) formats of a row of figures, bold on a total row."""
    weight = {"bold": True} if bold else {}
    return (
        wb.style(**weight) if bold else None,
        wb.style(num_format=NUMBER, **weight),
        wb.style(num_format=PERCENT, **weight),
    )


def _write_row(
    ws, row: int, values: list, formats: tuple, percent_columns: set[int] = frozenset()
) -> None:
    text, number, percent = formats
    for col, value in enumerate(values, start=1):
        if col in percent_columns:
            fmt = percent
        elif isinstance(value, int) and not isinstance(value, bool):
            fmt = number
        else:
            fmt = text
        put(ws, row, col, value, fmt)


def file_name(organization_name: str, period: str, extension: str, kind="bao-cao-ct05") -> str:
    """``bao-cao-ct05_dang-bo-xa-y-ty_2025.docx``: the kind, the organization's name without
    diacritics, the period; two downloads of different organizations never overwrite each other."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(organization_name)).strip("-")[:60] or "to-chuc"
    return f"{kind}_{slug}_{period}.{extension}"


def _print_setup(ws, header_row: int | None = None) -> None:
    """A4 landscape, fitted to the page's width, the header row repeated on every page."""
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    if header_row:
        ws.repeat_rows(header_row - 1)


def _title_block(wb: XlsxWorkbook, ws, report: dict, title: str) -> None:
    put(ws, 1, 1, f"{title} — {_report_title(report)}", wb.style(**TITLE))
    put(ws, 2, 1, _period_line(report))


def _report_title(report: dict) -> str:
    # The period's label ("năm 2026", "quý III năm 2026", "giai đoạn 2021–2025"); a report
    # kept from before periods had only its year.
    period = report["period"].get("label") or _("year %(year)s") % {"year": report["year"]}
    return _("Directive 05-CT/TW report — %(organization)s — %(period)s") % {
        "organization": report["organization"]["name"],
        "period": period,
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


def _widths(ws, columns: int, first: int = 38, rest: int = 16) -> None:
    """Column A ``first`` characters wide, the next ``columns - 1`` ``rest``. Set in pixels
    (a character is a digit's width) so that the file holds the widths openpyxl wrote:
    XlsxWriter's ``set_column`` adds Excel's cell padding (38 would be stored as 38.71)."""
    digit = ws.max_digit_width
    ws.set_column_pixels(0, 0, first * digit)
    if columns > 1:
        ws.set_column_pixels(1, columns - 1, rest * digit)


def _freeze_below_header(ws) -> None:
    ws.freeze_panes(HEADER_ROW, 1)  # B5: the header and the names stay in view


def render_xlsx(report: dict) -> bytes:
    """The Directive 05 workbook: a summary sheet, then one sheet per section by organization.

    Written with XlsxWriter (openpyxl's object per cell and style made a province's workbook
    60-80 ms of CPU, XlsxWriter 25 ms), every cell through :func:`ct05.core.spreadsheets.put`."""
    buffer = BytesIO()
    wb = new_workbook(buffer)
    plain, bold = _row_formats(wb), _row_formats(wb, bold=True)
    summary_title = _("Summary")[:31]
    ws = wb.add_worksheet(summary_title)
    put(ws, 1, 1, _report_title(report), wb.style(**TITLE))
    put(ws, 2, 1, _period_line(report))
    row = 3
    topics = report.get("study", {}).get("topics") or []
    if len(topics) > 1:
        named = "; ".join(f"{t['year']}: {t['title']}" for t in topics)
        put(ws, row, 1, _("Topics of the years: %(topics)s") % {"topics": named})
    elif report.get("study", {}).get("topic"):
        put(ws, row, 1, _("Topic of the year: %(topic)s") % {"topic": report["study"]["topic"]})
    _text, number, percent = plain
    section = wb.style(bold=True)
    for key, title, columns in flat_sections():
        row += 1
        put(ws, row, 1, title, section)
        for name, label in columns:
            row += 1
            put(ws, row, 1, label)
            put(ws, row, 2, report[key][name], percent if name.endswith("_pct") else number)
        row += 1
    row += 1
    _header(wb, ws, row, [_("Ratings"), _("Members"), _("Organizations")])
    header_row = row
    for key, title in rating_columns():
        row += 1
        _write_row(
            ws,
            row,
            [title, report["ratings"]["members"][key], report["ratings"]["organizations"][key]],
            plain,
        )
    # The chart openpyxl's BarChart drew: columns, the two series named by the header, 15 x 7.5 cm
    chart = wb.add_chart({"type": "column"})
    chart.set_title({"name": _("Ratings by level")})
    for col in (1, 2):  # B, C (XlsxWriter counts from 0)
        chart.add_series(
            {
                "name": [summary_title, header_row - 1, col],
                "categories": [summary_title, header_row, 0, row - 1, 0],
                "values": [summary_title, header_row, col, row - 1, col],
            }
        )
    chart.set_size({"width": 567, "height": 283})
    ws.insert_chart("E4", chart)
    row += 2
    _header(wb, ws, row, [_("Tasks"), _("Completed/total"), _("Overdue")])
    for category in Category:
        row += 1
        figures = report["tasks"][category.value]
        _write_row(
            ws, row, [str(category.label), completed_of_total(figures), figures["overdue"]], plain
        )
    _widths(ws, 3, 44, 16)
    _print_setup(ws)

    children = report.get("children", [])
    total_row = len(children) + HEADER_ROW + 1
    for key, title, columns in flat_sections():
        ws = wb.add_worksheet(title[:31])
        _title_block(wb, ws, report, title)
        _header(wb, ws, HEADER_ROW, [_("Organization"), *(label for _name, label in columns)])
        pct_cols = {i for i, (name, _l) in enumerate(columns, start=2) if name.endswith("_pct")}
        for i, child in enumerate(children, start=HEADER_ROW + 1):
            values = [_child_name(child), *(child[key][n] for n, _l in columns)]
            _write_row(ws, i, values, plain, pct_cols)
        values = [_("Total"), *(report[key][n] for n, _l in columns)]
        _write_row(ws, total_row, values, bold, pct_cols)
        _freeze_below_header(ws)
        _widths(ws, len(columns) + 1)
        _print_setup(ws, HEADER_ROW)

    ws = wb.add_worksheet(_("Ratings")[:31])
    _title_block(wb, ws, report, _("Ratings"))
    columns = rating_columns()
    titles = [_("Organization")]
    titles += [f"{_('Members')}: {t}" for _k, t in columns]
    titles += [f"{_('Organizations')}: {t}" for _k, t in columns]
    _header(wb, ws, HEADER_ROW, titles)
    for i, child in enumerate(children, start=HEADER_ROW + 1):
        values = [_child_name(child)]
        values += [child["ratings"]["members"][k] for k, _t in columns]
        values += [child["ratings"]["organizations"][k] for k, _t in columns]
        _write_row(ws, i, values, plain)
    values = [_("Total")]
    values += [report["ratings"]["members"][k] for k, _t in columns]
    values += [report["ratings"]["organizations"][k] for k, _t in columns]
    _write_row(ws, total_row, values, bold)
    _freeze_below_header(ws)
    _widths(ws, len(titles))
    _print_setup(ws, HEADER_ROW)

    ws = wb.add_worksheet(_("Tasks")[:31])
    _title_block(wb, ws, report, _("Tasks"))
    titles = [_("Organization")]
    for category in Category:
        titles += [
            f"{category.label}: {_('completed/total')}",
            f"{category.label}: {_('overdue')}",
        ]
    _header(wb, ws, HEADER_ROW, titles)

    def task_values(figures: dict) -> list:
        values = []
        for category in Category:
            values += [
                completed_of_total(figures[category.value]),
                figures[category.value]["overdue"],
            ]
        return values

    for i, child in enumerate(children, start=HEADER_ROW + 1):
        _write_row(ws, i, [_child_name(child), *task_values(child["tasks"])], plain)
    _write_row(ws, total_row, [_("Total"), *task_values(report["tasks"])], bold)
    _freeze_below_header(ws)
    _widths(ws, len(titles))
    _print_setup(ws, HEADER_ROW)

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

    wb.close()
    return buffer.getvalue()


def _child_name(child: dict) -> str:
    name = child["organization"]["name"]
    if child["organization"].get("own"):
        return _("%(name)s (itself and its own members)") % {"name": name}
    return name


def _dmy(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"
