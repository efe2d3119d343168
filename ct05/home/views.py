"""The home page every user lands on after logging in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from ct05.core.roles import Role
from ct05.core.scope import user_scopes
from ct05.core.views import render_page, role_flags
from ct05.core.years import this_year
from ct05.inspections.selectors import overdue_remediations
from ct05.meetings.selectors import cells_behind
from ct05.organizations.models import Organization
from ct05.organizations.selectors import default_organization
from ct05.reports.selectors import directive05_report
from ct05.tasks.selectors import my_tasks, overdue_tasks

from . import search


@login_required
def home(request):
    scopes = user_scopes(request.user)
    names = Organization.objects.in_bulk([s.organization_id for s in scopes])
    scope_rows = [
        {"organization": names.get(s.organization_id), "role": Role(s.role).label} for s in scopes
    ]
    organization = default_organization(request.user)
    year = this_year()
    report = directive05_report(organization=organization, year=year) if organization else None
    flags = role_flags(request.user)
    behind = None
    if flags["menu_secretary"]:
        # The cells of the visible subtree behind this year's meeting norms, for the link.
        behind = len(
            cells_behind(Organization.objects.visible_to(request.user), timezone.localdate())
        )
    return render(
        request,
        "home/home.html",
        {
            **flags,
            "scopes": scope_rows,
            "organization": organization,
            "year": year,
            "report": report,
            "cells_behind": behind,
            "my_tasks": list(my_tasks(request.user)[:20]),
            "overdue_tasks": overdue_tasks(organization).count() if organization else 0,
            "overdue_remediation": overdue_remediations(organization).count()
            if organization
            else 0,
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
            "page": results.page,
        },
    )
