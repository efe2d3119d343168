"""Writing collective plans, their pressing issues and codes of ethical standards."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ct05.core import changes
from ct05.core.changes import Records
from ct05.core.permissions import require_change
from ct05.core.versions import check_version
from ct05.core.years import check_year
from ct05.organizations.models import Organization

from .models import CollectivePlan, EthicsCode, IssueStatus, PressingIssue

ISSUE_FIELDS = ("title", "target", "owner", "status", "result")
MAX_ISSUES = 50


def _not_future(day: datetime.date | None, field: str) -> None:
    if day and day > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def _issue(plan: CollectivePlan, data: dict, issue: PressingIssue | None = None) -> PressingIssue:
    issue = issue or PressingIssue(plan=plan)
    for name in ISSUE_FIELDS:
        if name in data and data[name] is not None:
            value = data[name]
            setattr(issue, name, value.strip() if isinstance(value, str) else value)
    if not issue.title:
        raise ValidationError({"issues": _("Every pressing issue needs a title.")})
    if issue.status not in IssueStatus.values:
        raise ValidationError({"issues": _("Unknown status of a pressing issue.")})
    issue.full_clean(exclude=["plan"])
    issue.save()
    return issue


def _announce(plan: CollectivePlan) -> None:
    """The plan or its pressing issues changed: the report's tallies of its year follow."""
    changes.announce(Records.PLANS, organization_id=plan.organization_id, year=plan.year)


@transaction.atomic
def create_plan(
    *,
    user,
    organization: Organization,
    year: int,
    title: str,
    content: str = "",
    adopted_on: datetime.date | None = None,
    issues: list[dict] | None = None,
) -> CollectivePlan:
    """The organization's plan of the year, with its pressing issues (one plan a year)."""
    require_change(user, organization)
    check_year(year)
    _not_future(adopted_on, "adopted_on")
    if CollectivePlan.objects.filter(organization=organization, year=year).exists():
        raise ValidationError({"year": _("This organization already has a plan for this year.")})
    if len(issues or []) > MAX_ISSUES:
        raise ValidationError({"issues": _("Too many pressing issues in one plan.")})
    plan = CollectivePlan(
        organization=organization,
        year=year,
        title=title.strip(),
        content=content.strip(),
        adopted_on=adopted_on,
        created_by=user if user.is_authenticated else None,
    )
    plan.full_clean(exclude=["organization", "created_by"])
    plan.save()
    for data in issues or []:
        _issue(plan, data)
    _announce(plan)
    return plan


@transaction.atomic
def update_plan(
    *, user, plan: CollectivePlan, version: int | None = None, issues=None, **fields
) -> CollectivePlan:
    """The plan's text; ``issues`` (when given) updates the issues named by ``id`` and adds the
    others (an issue is never deleted: it is resolved or carried over)."""
    plan = CollectivePlan.objects.select_for_update().get(pk=plan.pk)
    require_change(user, plan.organization)
    check_version(plan, version)
    for name in ("title", "content", "adopted_on"):
        if name in fields:
            setattr(plan, name, fields[name])
    _not_future(plan.adopted_on, "adopted_on")
    plan.full_clean(exclude=["organization", "created_by"])
    plan.save()
    if issues is not None:
        existing = {i.pk: i for i in plan.issues.all()}
        for data in issues:
            pk = data.get("id")
            if pk is not None and pk not in existing:
                raise ValidationError({"issues": _("An issue of another plan was named.")})
            _issue(plan, data, existing.get(pk))
        _announce(plan)
    return plan


@transaction.atomic
def update_issue(*, user, issue: PressingIssue, **fields) -> PressingIssue:
    issue = PressingIssue.objects.select_for_update().select_related("plan").get(pk=issue.pk)
    require_change(user, issue.plan.organization)
    issue = _issue(issue.plan, fields, issue)
    _announce(issue.plan)
    return issue


@transaction.atomic
def add_issue(*, user, plan: CollectivePlan, **fields) -> PressingIssue:
    require_change(user, plan.organization)
    if plan.issues.count() >= MAX_ISSUES:
        raise ValidationError({"title": _("Too many pressing issues in one plan.")})
    fields.setdefault("status", IssueStatus.OPEN)
    issue = _issue(plan, fields)
    _announce(plan)
    return issue


def _check_code(code: EthicsCode) -> None:
    _not_future(code.adopted_on, "adopted_on")
    _not_future(code.last_reviewed_on, "last_reviewed_on")
    if code.last_reviewed_on and code.last_reviewed_on < code.adopted_on:
        raise ValidationError(
            {"last_reviewed_on": _("A code is reviewed on or after the day it was adopted.")}
        )
    code.full_clean(exclude=["organization"])


@transaction.atomic
def create_ethics_code(
    *,
    user,
    organization: Organization,
    title: str,
    adopted_on: datetime.date,
    content: str = "",
    last_reviewed_on: datetime.date | None = None,
) -> EthicsCode:
    require_change(user, organization)
    code = EthicsCode(
        organization=organization,
        title=title.strip(),
        content=content.strip(),
        adopted_on=adopted_on,
        last_reviewed_on=last_reviewed_on,
    )
    _check_code(code)
    code.save()
    changes.announce(Records.ETHICS_CODES, organization_id=code.organization_id)
    return code


@transaction.atomic
def update_ethics_code(
    *, user, code: EthicsCode, version: int | None = None, **fields
) -> EthicsCode:
    code = EthicsCode.objects.select_for_update().get(pk=code.pk)
    require_change(user, code.organization)
    check_version(code, version)
    for name in ("title", "content", "adopted_on", "last_reviewed_on"):
        if name in fields:
            setattr(code, name, fields[name])
    _check_code(code)
    code.save()
    changes.announce(Records.ETHICS_CODES, organization_id=code.organization_id)
    return code
