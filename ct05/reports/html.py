"""The report page's tables of the children, row by row, written in Python.

A province's page has a row for each of its 30-odd children and 30-odd figures a row: through
the template engine each figure (a variable of three lookups, a filter, the escaping) cost
5-8 µs, a quarter of the page. These write the same rows as the template wrote them (the
figures through the same ``num`` and ``pct`` filters, every text escaped); the tests of the
report page read them as before. They lay out; they never compute a figure.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ct05.core.templatetags.ct05 import num, pct


def _n(value) -> str:
    return f'<td class="num">{conditional_escape(num(value))}</td>'


def _p(value) -> str:
    return f'<td class="num">{conditional_escape(pct(value))}</td>'


def children_rows(
    children: list[dict],
    *,
    period_query: str,
    levels: list[tuple[str, str]],
    deeds_pending: bool,
    ratings_decided: bool,
) -> SafeString:
    """The rows of the children's commitments, ratings, study and meetings."""
    url = reverse("report-directive05")
    itself = escape(_("itself and its own members"))
    query = escape(period_query)
    rows = []
    for child in children:
        organization = child["organization"]
        if organization.get("all_zero"):
            continue
        name = conditional_escape(organization["name"])
        if organization.get("own"):
            first = f'{name} <span class="meta">({itself})</span>'
            rows.append('      <tr class="own">')
        else:
            link = f"{url}?organization={organization['id']}&amp;{query}"
            first = f'<a href="{link}">{name}</a>'
            rows.append("      <tr>")
        rows.append(f"        <td>{first}</td>")
        commitments, study, meetings = child["commitments"], child["study"], child["meetings"]
        cells = [
            _n(commitments["people"]),
            _n(commitments["committed"]),
            _p(commitments["committed_pct"]),
            _n(commitments["deeds_registered"]),
        ]
        if not deeds_pending:
            cells.append(_n(commitments["deeds_achieved"]))
        if ratings_decided:
            members = child["ratings"]["members"]
            cells.append("".join(_n(members.get(level)) for level, _label in levels))
            cells.append(_n(members["unrated"]))
        cells += [
            _n(study["sessions"]),
            _n(study["attendances"]),
            _n(study["reflections"]),
            _p(study["reflected_pct"]),
            _n(meetings["cells"]),
            f'<td class="num" data-col="regular">{conditional_escape(num(meetings["regular"]))}</td>',
            _n(meetings["thematic"]),
            _n(meetings["cells_regular_norm"]),
            _p(meetings["regular_norm_pct"]),
            _n(meetings["cells_thematic_norm"]),
            _p(meetings["thematic_norm_pct"]),
        ]
        rows += [f"        {cell}" for cell in cells]
        rows.append("      </tr>")
    return mark_safe("\n".join(rows))


def children_task_rows(children: list[dict], *, categories) -> SafeString:
    """The rows of the children's plans, tasks and inspections."""
    itself = escape(_("itself and its own members"))
    overdue_title = escape(_("Overdue"))
    rows = []
    for child in children:
        organization = child["organization"]
        if organization.get("all_zero"):
            continue
        name = conditional_escape(organization["name"])
        if organization.get("own"):
            name = f'{name} <span class="meta">({itself})</span>'
        plans, inspections = child["plans"], child["inspections"]
        tasks = []
        for category, _label in categories:
            figures = child["tasks"].get(category) or {}
            overdue = figures.get("overdue")
            badge = (
                f' <span class="badge behind" title="{overdue_title}">'
                f"{conditional_escape(num(overdue))}</span>"
                if overdue
                else ""
            )
            tasks.append(
                f'<td class="num" data-category="{escape(category)}">'
                f"{conditional_escape(num(figures.get('completed')))}/"
                f"{conditional_escape(num(figures.get('total')))}{badge}</td>"
            )
        rows += [
            "      <tr>",
            f"        <td>{name}</td>",
            f'        <td class="num">{conditional_escape(num(plans["with_plan"]))}/'
            f"{conditional_escape(num(plans['organizations']))}</td>",
            f'        <td class="num">{conditional_escape(num(plans["pressing_resolved"]))}/'
            f"{conditional_escape(num(plans['pressing_issues']))}</td>",
            f"        {''.join(tasks)}",
            f"        {_n(inspections['count'])}",
            f"        {_n(inspections['overdue'])}",
            "      </tr>",
        ]
    return mark_safe("\n".join(rows))
