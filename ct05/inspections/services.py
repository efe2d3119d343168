"""Recording inspections, their findings and remediation items, and following remediation up."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ct05.core.permissions import require_change, require_view
from ct05.core.versions import check_version
from ct05.organizations.models import Organization

from .models import Finding, Inspection, Remediation, RemediationStatus

MAX_ROWS = 100


def _check(inspection: Inspection) -> None:
    errors = {}
    if not inspection.organization.path.startswith(inspection.inspecting_body.path):
        errors["inspecting_body"] = _(
            "The inspecting body is the organization itself or a committee above it."
        )
    if inspection.start_date > timezone.localdate():
        errors["start_date"] = _("An inspection is recorded once it has begun.")
    if inspection.end_date and inspection.end_date < inspection.start_date:
        errors["end_date"] = _("The inspection ends on or after the day it began.")
    if errors:
        raise ValidationError(errors)
    inspection.full_clean(exclude=["inspecting_body", "organization", "created_by"])


def _remediation(inspection: Inspection, data: dict) -> Remediation:
    item = Remediation(
        inspection=inspection,
        action=str(data.get("action") or "").strip(),
        deadline=data.get("deadline"),
        owner=str(data.get("owner") or "").strip(),
    )
    if not item.action or item.deadline is None:
        raise ValidationError(
            {"remediations": _("Every remediation item needs what is to be done and a deadline.")}
        )
    item.full_clean(exclude=["inspection"])
    item.save()
    return item


def _finding(inspection: Inspection, text: str) -> Finding:
    finding = Finding(inspection=inspection, text=str(text or "").strip())
    if not finding.text:
        raise ValidationError({"findings": _("A finding cannot be empty.")})
    finding.full_clean(exclude=["inspection"])
    finding.save()
    return finding


@transaction.atomic
def record_inspection(
    *,
    user,
    inspecting_body: Organization,
    organization: Organization,
    start_date: datetime.date,
    subject: str,
    end_date: datetime.date | None = None,
    conclusion: str = "",
    findings: list[str] | None = None,
    remediations: list[dict] | None = None,
) -> Inspection:
    """An inspection by ``inspecting_body`` (whose records the user may change) of an
    organization in its subtree, with the shortcomings found and the remediation required."""
    require_view(user, organization)
    require_change(user, inspecting_body)
    if len(findings or []) > MAX_ROWS or len(remediations or []) > MAX_ROWS:
        raise ValidationError(_("Too many rows in one inspection."))
    inspection = Inspection(
        inspecting_body=inspecting_body,
        organization=organization,
        start_date=start_date,
        end_date=end_date,
        subject=subject.strip(),
        conclusion=conclusion.strip(),
        created_by=user if user.is_authenticated else None,
    )
    _check(inspection)
    inspection.save()
    for text in findings or []:
        _finding(inspection, text)
    for data in remediations or []:
        _remediation(inspection, data)
    return inspection


@transaction.atomic
def update_inspection(
    *, user, inspection: Inspection, version: int | None = None, **fields
) -> Inspection:
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    require_view(user, inspection.organization)
    require_change(user, inspection.inspecting_body)
    check_version(inspection, version)
    for name in ("start_date", "end_date", "subject", "conclusion"):
        if name in fields:
            setattr(inspection, name, fields[name])
    _check(inspection)
    inspection.save()
    return inspection


@transaction.atomic
def add_finding(*, user, inspection: Inspection, text: str) -> Finding:
    require_view(user, inspection.organization)
    require_change(user, inspection.inspecting_body)
    return _finding(inspection, text)


@transaction.atomic
def add_remediation(
    *, user, inspection: Inspection, action: str, deadline: datetime.date, owner: str = ""
) -> Remediation:
    require_view(user, inspection.organization)
    require_change(user, inspection.inspecting_body)
    return _remediation(inspection, {"action": action, "deadline": deadline, "owner": owner})


@transaction.atomic
def set_remediation_status(
    *,
    user,
    remediation: Remediation,
    status: str,
    done_on: datetime.date | None = None,
    note: str | None = None,
) -> Remediation:
    """The inspected organization (or a level above) reports an item remediated, or reopens it."""
    item = (
        Remediation.objects.select_for_update()
        .select_related("inspection__organization")
        .get(pk=remediation.pk)
    )
    require_change(user, item.inspection.organization)
    if status not in RemediationStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    today = timezone.localdate()
    if status == RemediationStatus.DONE:
        done_on = done_on or today
        if done_on > today:
            raise ValidationError({"done_on": _("This date is in the future.")})
        if done_on < item.inspection.start_date:
            raise ValidationError(
                {"done_on": _("An item is remediated after the inspection began.")}
            )
        item.done_on = done_on
    else:
        item.done_on = None
    item.status = status
    if note is not None:
        item.note = note.strip()
    item.full_clean(exclude=["inspection"])
    item.save()
    return item


def _require_inspector(user, inspection: Inspection) -> None:
    require_view(user, inspection.organization)
    require_change(user, inspection.inspecting_body)


@transaction.atomic
def update_finding(*, user, finding: Finding, text: str) -> Finding:
    """A shortcoming's words set right, by the inspecting body."""
    finding = Finding.objects.select_for_update().select_related("inspection").get(pk=finding.pk)
    _require_inspector(user, finding.inspection)
    finding.text = str(text or "").strip()
    if not finding.text:
        raise ValidationError({"text": _("A finding cannot be empty.")})
    finding.full_clean(exclude=["inspection"])
    finding.save()
    return finding


@transaction.atomic
def update_remediation(
    *, user, remediation: Remediation, action: str, deadline: datetime.date, owner: str = ""
) -> Remediation:
    """What is to be done, by when and by whom, set by the inspecting body (whether it is done
    is the inspected organization's to say: :func:`set_remediation_status`)."""
    item = (
        Remediation.objects.select_for_update().select_related("inspection").get(pk=remediation.pk)
    )
    _require_inspector(user, item.inspection)
    item.action, item.deadline, item.owner = str(action or "").strip(), deadline, owner.strip()
    errors = {}
    if not item.action:
        errors["action"] = _("Say what is to be done.")
    if item.deadline is None:
        errors["deadline"] = _("Give the deadline.")
    if errors:
        raise ValidationError(errors)
    item.full_clean(exclude=["inspection"])
    item.save()
    return item
