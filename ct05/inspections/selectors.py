"""Reads the pages, the dashboards and the reminders share: remediation items past due."""

from __future__ import annotations

import datetime

from ct05.organizations.models import Organization

from .models import Remediation


def overdue_remediations(organization: Organization, day: datetime.date | None = None):
    """Open remediation items past their deadline, of inspections of ``organization`` or any
    organization under it: the inspected unit's list and its committees' lists alike."""
    return (
        Remediation.objects.overdue(day)
        .filter(inspection__organization__path__startswith=organization.path)
        .select_related("inspection", "inspection__organization")
        .order_by("deadline", "pk")
    )
