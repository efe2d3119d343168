"""The home page every user lands on after logging in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ct05.core.paging import COUNT_CAP
from ct05.core.roles import Role
from ct05.core.scope import user_scopes
from ct05.core.views import render_page, role_flags
from ct05.core.years import this_year
from ct05.inspections.selectors import overdue_remediations
from ct05.meetings.selectors import cells_behind, too_many_cells
from ct05.organizations.models import Organization
from ct05.organizations.selectors import default_organization
from ct05.ratings.models import Level
from ct05.reports.sections import LEVELS
from ct05.reports.selectors import directive05_report
from ct05.tasks.selectors import my_tasks, overdue_tasks

from . import search

LATE_SHOWN = 10
# How long the home page keeps the year's figures of an organization above 10,000 cells (a
# nation's report takes about a second; the report page itself is always counted afresh).
FIGURES_SECONDS = 300


def dashboard_charts(report: dict) -> dict:
    """The year so far in four charts, laid out from the report's figures (the same numbers as
    the figures beside them; no chart computes anything the report does not give)."""
    commitments, meetings, study = report["commitments"], report["meetings"], report["study"]
    members = report["ratings"]["members"]
    return {
        "locale": get_language(),
        "charts": [
            {
                "id": "chart-commitments",
                "type": "doughnut",
                "title": _("Commitment coverage"),
                "labels": [_("With a commitment"), _("Without")],
                "data": [
                    commitments["committed"],
                    max(commitments["people"] - commitments["committed"], 0),
                ],
            },
            {
                "id": "chart-ratings",
                "type": "bar",
                "title": _("Members by rating"),
                "labels": [str(Level(level).label) for level in LEVELS] + [_("Not rated")],
                "data": [members[level] for level in LEVELS] + [members["unrated"]],
            },
            {
                "id": "chart-meetings",
                "type": "bar",
                "title": _("Cells at the meeting norms"),
                "labels": [_("Regular meetings"), _("Thematic meetings")],
                "data": [meetings["cells_regular_norm"], meetings["cells_thematic_norm"]],
                "max": meetings["cells"],
            },
            {
                "id": "chart-study",
                "type": "bar",
                "title": _("Study of the yearly topic"),
                "labels": [_("Sessions held"), _("Attendances"), _("Reflection essays received")],
                "data": [study["sessions"], study["attendances"], study["reflections"]],
            },
        ],
    }


def year_figures(organization, year: int) -> dict:
    """The home page's figures and charts of ``organization``'s year, from the report.

    For an organization of more than ``CELLS_AT_ONCE`` cells (the central level) they are
    kept ``FIGURES_SECONDS`` in the shared cache with the time they were counted, which the
    page shows, so every national officer's home page does not count the nation again."""
    large = too_many_cells(
        Organization.objects.filter(path__startswith=organization.path), timezone.localdate()
    )
    key = f"ct05:home-figures:{organization.pk}:{year}:{get_language()}"
    if large and (kept := cache.get(key)) is not None:
        return kept
    report = directive05_report(organization=organization, year=year)
    figures = {
        "report": {
            "commitments": dict(report["commitments"]),
            "ratings": {"members": {"excellent": report["ratings"]["members"]["excellent"]}},
        },
        "charts": dashboard_charts(report),
        "as_of": timezone.now() if large else None,
    }
    if large:
        cache.set(key, figures, FIGURES_SECONDS)
    return figures


@login_required
def home(request):
    scopes = user_scopes(request.user)
    names = Organization.objects.in_bulk([s.organization_id for s in scopes])
    scope_rows = [
        {"organization": names.get(s.organization_id), "role": Role(s.role).label} for s in scopes
    ]
    organization = default_organization(request.user)
    year = this_year()
    figures = year_figures(organization, year) if organization else {}
    flags = role_flags(request.user)
    behind, late = None, []
    if flags["menu_secretary"]:
        # The cells of the visible subtree behind this year's meeting norms, for the link.
        visible, today = Organization.objects.visible_to(request.user), timezone.localdate()
        # A nation's 220,000 cells are not counted on the home page: the norms page, narrowed
        # to a province or a committee, says which are behind.
        if not too_many_cells(visible, today):
            late = cells_behind(visible, today)
            behind = len(late)
    return render(
        request,
        "home/home.html",
        {
            **flags,
            "scopes": scope_rows,
            "organization": organization,
            "year": year,
            "report": figures.get("report"),
            "figures_as_of": figures.get("as_of"),
            "cells_behind": behind,
            "my_tasks": list(my_tasks(request.user)[:20]),
            "overdue_tasks": overdue_tasks(organization).count() if organization else 0,
            "overdue_remediation": overdue_remediations(organization).count()
            if organization
            else 0,
            "late": late[:LATE_SHOWN],
            "charts": figures.get("charts"),
        },
    )


@login_required
def search_page(request):
    """The header's search box: people, organizations and commitments of the user's scope."""
    query = request.GET.get("q", "")
    results = search.search(request.user, query, request.GET.get("kind"), request.GET.get("page"))
    tabs = [
        {"kind": kind, "label": label, "count": results.counts[kind]}
        for kind, label in search.KINDS.items()
    ]
    return render_page(
        request,
        "home/search.html",
        {
            "search_query": query.replace("\x00", "")[: search.MAX_LENGTH],
            "results": results,
            "tabs": tabs,
            "cap": COUNT_CAP,
            "page": results.page,
        },
    )
