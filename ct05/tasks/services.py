"""Assigning tasks down the tree and assessing them; a task follows its latest assessment."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Least, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from ct05.core import changes
from ct05.core.changes import Records
from ct05.core.permissions import require_change, require_view
from ct05.core.roles import Action
from ct05.core.scope import scope_paths
from ct05.core.versions import check_version
from ct05.core.years import check_year
from ct05.organizations.models import Organization

from .models import (
    PERIODS,
    AssessmentStatus,
    Category,
    PeriodKind,
    Task,
    TaskAssessment,
    TaskStatus,
    Term,
    period_bounds,
)

MAX_UNITS = 500  # assigned at once; more is a mistake in the picker


def default_committee(user, organization: Organization) -> Organization:
    """The committee a user assigns from when they name none: the nearest root of their own
    subtrees above ``organization`` (the province for its propaganda officer), else the
    organization itself."""
    paths = scope_paths(user, Action.CHANGE) or []
    holding = [p for p in paths if organization.path.startswith(p)]
    if holding:
        path = max(holding, key=len)
        if path != organization.path:
            return Organization.objects.get(path=path)
    return organization


def _check_task(task: Task) -> None:
    errors = {}
    if not task.organization.path.startswith(task.committee.path):
        errors["committee"] = _(
            "A task is assigned by the organization itself or by a committee above it."
        )
    if (task.year is None) == (task.term_id is None):
        errors["year"] = _("Give either the year or the term of the task (one of them).")
    if task.year is not None:
        try:
            check_year(task.year)
        except ValidationError as error:
            errors.update(error.message_dict)
    if task.organization.valid_to and task.organization.valid_to < timezone.localdate():
        errors["organization"] = _("This organization has been dissolved.")
    if not task.title.strip():
        errors["title"] = _("Give the task a title.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assign_task(
    *,
    user,
    organizations: list[Organization],
    title: str,
    category: str,
    deadline: datetime.date,
    year: int | None = None,
    term: Term | None = None,
    committee: Organization | None = None,
    description: str = "",
    head=None,
) -> list[Task]:
    """One task per organization (each tracked on its own), assigned together by ``committee``.

    Every organization must be in the user's scope (else 404) and the user must be able to change
    the committee's records. The head is the organization's unless one is named (one unit only).
    """
    organizations = list(dict.fromkeys(organizations))
    if not organizations:
        raise ValidationError({"organizations": _("Choose at least one organization.")})
    if len(organizations) > MAX_UNITS:
        raise ValidationError(
            {"organizations": _("At most %(max)s organizations at once.") % {"max": MAX_UNITS}}
        )
    if category not in Category.values:
        raise ValidationError({"category": _("Unknown category.")})
    batch = uuid.uuid4() if len(organizations) > 1 else None
    tasks = []
    for organization in organizations:
        require_view(user, organization)
        owner = committee or default_committee(user, organization)
        require_change(user, owner)
        task = Task(
            title=title.strip(),
            description=description.strip(),
            category=category,
            committee=owner,
            organization=organization,
            head=head if head is not None and len(organizations) == 1 else organization.head,
            year=year,
            term=term,
            deadline=deadline,
            batch=batch,
            created_by=user if user.is_authenticated else None,
        )
        _check_task(task)
        task.full_clean(exclude=["head", "committee", "organization", "term", "created_by"])
        task.save()
        _announce(task)
        tasks.append(task)
    return tasks


def _announce(task: Task) -> None:
    """The task's figures changed in every year it counts in: its own, or its term's."""
    if task.year is not None:
        years = [task.year]
    else:
        term = Term.objects.get(pk=task.term_id)
        years = range(term.start_year, term.end_year + 1)
    changes.announce_years(Records.TASKS, organization_id=task.organization_id, years=years)


@transaction.atomic
def update_task(*, user, task: Task, version: int | None = None, **fields) -> Task:
    """Title, description, deadline, head: changed by whoever may change the owning committee."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    require_view(user, task.organization)
    require_change(user, task.committee)
    check_version(task, version)
    for name in ("title", "description", "deadline", "head", "category"):
        if name in fields and fields[name] is not None:
            setattr(task, name, fields[name])
    _check_task(task)
    task.full_clean(exclude=["head", "committee", "organization", "term", "created_by"])
    task.save()
    _announce(task)
    return task


def check_period(year: int, period_kind: str, period: int) -> tuple[datetime.date, datetime.date]:
    """The period's first and last day; a period that does not exist, or has not begun, is
    refused with a message naming what would be right."""
    check_year(year)
    if period_kind not in PeriodKind.values:
        raise ValidationError({"period_kind": _("The period is a month, a quarter or the year.")})
    if period not in PERIODS[PeriodKind(period_kind)]:
        message = {
            PeriodKind.MONTH: _("A month is from 1 to 12."),
            PeriodKind.QUARTER: _("A quarter is from 1 to 4."),
            PeriodKind.YEAR: _("For the whole year the period is 0."),
        }[PeriodKind(period_kind)]
        raise ValidationError({"period": message})
    start, end = period_bounds(year, period_kind, period)
    if start > timezone.localdate():
        raise ValidationError({"period": _("This period has not begun yet.")})
    return start, end


@transaction.atomic
def assess_task(
    *,
    user,
    task: Task,
    year: int,
    period_kind: str,
    period: int,
    progress: int,
    status: str,
    note: str = "",
) -> TaskAssessment:
    """A periodic assessment (by whoever may change the unit's records); the task's status and
    progress become those of its latest assessment (by the period's end)."""
    task = Task.objects.select_for_update().select_related("organization").get(pk=task.pk)
    require_change(user, task.organization)
    _start, end = check_period(year, period_kind, period)
    _check_assessment(progress, status)
    if task.assessments.filter(year=year, period_kind=period_kind, period=period).exists():
        raise ValidationError({"period": _("This task is already assessed for this period.")})
    assessment = TaskAssessment(
        task=task,
        year=year,
        period_kind=period_kind,
        period=period,
        period_end=end,
        progress=progress,
        status=status,
        note=note.strip(),
        assessed_by=user if user.is_authenticated else None,
    )
    assessment.full_clean(exclude=["task", "assessed_by"])
    assessment.save()
    follow_latest(task)
    return assessment


def _check_assessment(progress: int, status: str) -> None:
    errors = {}
    if not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage from 0 to 100.")
    if status not in AssessmentStatus.values:
        errors["status"] = _("Unknown status.")
    elif status == AssessmentStatus.COMPLETED and progress != 100:
        errors["progress"] = _("A completed task is at 100%.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def correct_assessment(
    *, user, assessment: TaskAssessment, progress: int, status: str, note: str = ""
) -> TaskAssessment:
    """An assessment's progress, status and note set right (its period stays: assess another
    period instead); the task follows its latest assessment again."""
    task = (
        Task.objects.select_for_update().select_related("organization").get(pk=assessment.task_id)
    )
    require_change(user, task.organization)
    assessment = TaskAssessment.objects.select_for_update().get(pk=assessment.pk)
    _check_assessment(progress, status)
    assessment.progress, assessment.status, assessment.note = progress, status, note.strip()
    assessment.full_clean(exclude=["task", "assessed_by"])
    assessment.save()
    follow_latest(task)
    return assessment


def follow_latest(task: Task) -> None:
    """The task's status, progress and completion day, from its latest assessment: the one
    that speaks for the latest day, its period's end or, for a period not over when it was
    made, the day it was made (a year assessed in June does not outlast November's
    assessment; a January assessed late does not overtake November's)."""
    latest = (
        task.assessments.annotate(as_of=Least("period_end", TruncDate("created_at")))
        .order_by("-as_of", "-pk")
        .first()
    )
    if latest is None:
        task.status, task.progress, task.completed_on = TaskStatus.NOT_ASSESSED, 0, None
    else:
        task.status, task.progress = latest.status, latest.progress
        completed = latest.status == AssessmentStatus.COMPLETED
        task.completed_on = min(latest.as_of, timezone.localdate()) if completed else None
    task.save(update_fields=["status", "progress", "completed_on", "updated_at", "version"])
    _announce(task)
