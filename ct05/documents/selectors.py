"""Reads of the filed reports, always through the scope rule."""

from __future__ import annotations

from ct05.core.roles import Action
from ct05.organizations.models import Organization

from .content import Period
from .models import FiledReport, ReportKind


def filed_reports(user, *, organization: Organization | None = None, year: int | None = None):
    """The filed reports the user may read, newest period first; of ``organization`` itself
    (not its subtree) and of periods that overlap ``year`` when given."""
    reports = FiledReport.objects.visible_to(user, Action.VIEW).select_related("organization")
    if organization is not None:
        reports = reports.filter(organization=organization)
    if year is not None:
        reports = reports.filter(period_start__year__lte=year, period_end__year__gte=year)
    return reports


def last_filed(user, *, organization: Organization, period: Period) -> FiledReport | None:
    """The report last filed by ``organization`` for exactly this period, if the user sees it."""
    return (
        FiledReport.objects.visible_to(user, Action.VIEW)
        .filter(
            organization=organization,
            kind=ReportKind.DIRECTIVE05,
            period_start=period.start,
            period_end=period.end,
        )
        .order_by("-created_at", "-pk")
        .first()
    )
