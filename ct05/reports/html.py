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


def _figure(value) -> str:
    """A figure as ``{{ value|num }}`` writes it."""
    return conditional_escape(num(value))


def _n(value, attrs: str = "") -> str:
    return f'<td class="num"{attrs}>{_figure(value)}</td>'


def _p(value) -> str:
    return f'<td class="num">{conditional_escape(pct(value))}</td>'


def _shown(children: list[dict]):
    """The children that have a row (a row of zeros is left out): each with its organization
    and its name as the first cell shows it, escaped, the organization's own row marked."""
    itself = escape(_("itself and its own members"))
    for child in children:
        organization = child["organization"]
        if organization.get("all_zero"):
            continue
        name = conditional_escape(organization["name"])
        if organization.get("own"):
            name = f'{name} <span class="meta">({itself})</span>'
        yield child, organization, name


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
    query = escape(period_query)
    rows = []
    for child, organization, name in _shown(children):
        if organization.get("own"):
            rows += ['      <tr class="own">', f"        <td>{name}</td>"]
        else:
            link = f"{url}?organization={organization['id']}&amp;{query}"
            rows += ["      <tr>", f'        <td><a href="{link}">{name}</a></td>']
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
            _n(meetings["regular"], ' data-col="regular"'),
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
    overdue_title = escape(_("Overdue"))
    rows = []
    for child, _organization, name in _shown(children):
        plans, inspections = child["plans"], child["inspections"]
        tasks = []
        for category, _label in categories:
            figures = child["tasks"].get(category) or {}
            overdue = figures.get("overdue")
            badge = (
                f' <span class="badge behind" title="{overdue_title}">{_figure(overdue)}</span>'
                if overdue
                else ""
            )
            tasks.append(
                f'<td class="num" data-category="{escape(category)}">'
                f"{_figure(figures.get('completed'))}/{_figure(figures.get('total'))}{badge}</td>"
            )
        rows += [
            "      <tr>",
            f"        <td>{name}</td>",
            f'        <td class="num">{_figure(plans["with_plan"])}/'
            f"{_figure(plans['organizations'])}</td>",
            f'        <td class="num">{_figure(plans["pressing_resolved"])}/'
            f"{_figure(plans['pressing_issues'])}</td>",
            f"        {''.join(tasks)}",
            f"        {_n(inspections['count'])}",
            f"        {_n(inspections['overdue'])}",
            "      </tr>",
        ]
    return mark_safe("\n".join(rows))
