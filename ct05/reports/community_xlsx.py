"""The community sections in the Directive 05 workbook: one sheet of totals (models by type,
awards by form and issuer level, activities with each output in its own unit, dialogues,
petitions, indicators) and one sheet by organization. Lays out; computes nothing."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ct05.core.spreadsheets import XlsxWorkbook, put

from .community_labels import labels, rows


def _number(value):
    """Quantities are Decimals in the report; a workbook cell takes a float."""
    return float(value) if value is not None and not isinstance(value, int) else value


def write_community(
    wb: XlsxWorkbook,
    report: dict,
    *,
    header,
    widths,
    title_block,
    print_setup,
    header_row,
    number_format,
) -> None:
    """The two sheets of the community sections, laid out as the workbook's others are: the
    title block above, the header row at ``header_row``, A4 landscape, grouped numbers."""
    names = labels()
    bold, number = wb.style(bold=True), wb.style(num_format=number_format)
    ws = wb.add_worksheet(_("Models, awards, people")[:31])
    title_block(wb, ws, report, _("Models, awards, people"))
    row = header_row - 1

    def title(text):
        nonlocal row
        row += 2
        put(ws, row, 1, text, bold)

    def line(label, value, unit=""):
        nonlocal row
        row += 1
        put(ws, row, 1, label)
        whole = isinstance(value, int) and not isinstance(value, bool)
        put(ws, row, 2, _number(value), number if whole else None)
        if unit:
            put(ws, row, 3, unit)

    models, awards = report["models"], report["awards"]
    title(_("Models and exemplars"))
    line(_("Registered in the year"), models["registered"])
    line(_("of which collectives"), models["collectives"])
    line(_("of which individuals"), models["individuals"])
    line(_("Recognized in the year"), models["recognized"])
    for label, figures in rows(models["by_type"], names["types"]):
        line(f"{label.name}: {_('registered')}", figures["registered"])
        line(f"{label.name}: {_('recognized')}", figures["recognized"])
    title(_("Awards"))
    line(_("Awards decided in the year"), awards["total"])
    line(_("of which collectives"), awards["collectives"])
    line(_("of which individuals"), awards["individuals"])
    for label, n in rows(awards["by_form"], names["forms"]):
        line(label.name, n)
    for label, n in rows(awards["by_issuer_level"], names["levels"]):
        line(_("Issued at %(level)s level") % {"level": label.name}, n)
    activities = report["activities"]
    title(_("Community activities"))
    line(_("Activities held"), activities["count"])
    line(_("Cadre-turns"), activities["cadre_turns"])
    line(_("Resident-turns"), activities["resident_turns"])
    for label, quantity in rows(activities["outputs"], names["units"]):
        line(label.name, quantity, label.symbol)
    title(_("Dialogues and petitions"))
    line(_("Dialogue conferences"), report["dialogues"]["count"])
    line(_("Participants"), report["dialogues"]["participants"])
    line(_("Petitions received"), report["petitions"]["received"])
    line(_("Petitions resolved"), report["petitions"]["resolved"])
    line(_("Petitions overdue"), report["petitions"]["overdue"])
    indicators = report["indicators"]
    title(_("Socio-economic targets and new-rural criteria"))
    line(_("Targets"), indicators["targets"])
    line(_("Targets achieved"), indicators["achieved"])
    line(_("Communes assessed"), indicators["communes"])
    line(
        _("New-rural criteria met (average per commune)"),
        indicators["criteria_met_avg"],
        _("of %(total)s") % {"total": indicators["criteria"]},
    )
    widths(ws, 3, 52, 16)  # the label, the figure, its unit (the criteria's always has one)
    print_setup(ws)

    ws = wb.add_worksheet(_("By organization (people)")[:31])
    title_block(wb, ws, report, _("By organization (people)"))
    units = rows(activities["outputs"], names["units"])
    columns = [
        (_("Models registered"), lambda c: c["models"]["registered"]),
        (_("Models recognized"), lambda c: c["models"]["recognized"]),
        (_("Awards"), lambda c: c["awards"]["total"]),
        (_("Activities"), lambda c: c["activities"]["count"]),
        (_("Cadre-turns"), lambda c: c["activities"]["cadre_turns"]),
        (_("Resident-turns"), lambda c: c["activities"]["resident_turns"]),
        *(
            (
                f"{label.name} ({label.symbol})",
                lambda c, code=label.code: c["activities"]["outputs"][code],
            )
            for label, _q in units
        ),
        (_("Dialogue conferences"), lambda c: c["dialogues"]["count"]),
        (_("Petitions received"), lambda c: c["petitions"]["received"]),
        (_("Petitions overdue"), lambda c: c["petitions"]["overdue"]),
        (_("Targets"), lambda c: c["indicators"]["targets"]),
        (_("Targets achieved"), lambda c: c["indicators"]["achieved"]),
    ]
    header(wb, ws, header_row, [_("Organization"), *(name for name, _get in columns)])
    children = report.get("children", [])
    for i, child in enumerate(children, start=header_row + 1):
        put(ws, i, 1, child["organization"]["name"])
        for col, (_name, get) in enumerate(columns, start=2):
            put(ws, i, col, _number(get(child)))
    total_row = len(children) + header_row + 1
    put(ws, total_row, 1, _("Total"), bold)
    for col, (_name, get) in enumerate(columns, start=2):
        put(ws, total_row, col, _number(get(report)), bold)
    ws.freeze_panes(header_row, 1)  # below the header, right of the names
    widths(ws, len(columns) + 1)
    print_setup(ws, header_row)
