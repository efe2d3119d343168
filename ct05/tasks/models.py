"""Breakthrough contents and tasks of a committee, assigned down the tree, and their periodic
assessments (domain.md §4).

A committee chooses, for a term ("nhiệm kỳ") or a year, breakthrough contents, focal contents,
urgent tasks, main tasks and solutions; units register their own breakthrough models. Each
task is one unit's: assigning one task to many units makes one row per unit (sharing a
``batch``), each assessed and tracked on its own. A task's status and progress are those of its
latest assessment; it is overdue while not completed after its deadline.
"""

import datetime

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ct05.core.models import NOTE_LENGTH, TEXT_LENGTH, LimitedTextField, TimeStamped, Versioned
from ct05.core.scope import ScopedQuerySet


class Term(models.Model):
    """A party term ("nhiệm kỳ"), e.g. 2025–2030: a reference list."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"), unique=True)
    end_year = models.PositiveSmallIntegerField(_("last year"))

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="term_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Category(models.TextChoices):
    BREAKTHROUGH = "breakthrough", _("Breakthrough content")
    FOCAL = "focal", _("Focal content")
    URGENT = "urgent", _("Urgent task")
    MAIN_SOLUTION = "main_solution", _("Main task and solution")
    BREAKTHROUGH_MODEL = "breakthrough_model", _("Breakthrough model")


class TaskStatus(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("Not assessed yet")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")
    COMPLETED = "completed", _("Completed")


class TaskQuerySet(ScopedQuerySet):
    def overdue(self, day: datetime.date | None = None):
        """Not completed, and past the deadline on ``day`` (default today)."""
        day = day or timezone.localdate()
        return self.filter(deadline__lt=day).exclude(status=TaskStatus.COMPLETED)

    def in_year(self, year: int):
        """Tasks of the year, and of the term that year belongs to."""
        return self.in_years(year, year)

    def in_years(self, first: int, last: int):
        """Tasks of the years ``first`` to ``last``, and of the terms those years belong to."""
        return self.filter(
            Q(year__gte=first, year__lte=last)
            | Q(term__start_year__lte=last, term__end_year__gte=first)
        )


class Task(TimeStamped, Versioned):
    scope_organization_field = "organization"

    title = models.CharField(_("title"), max_length=400)
    description = LimitedTextField(_("description"), max_length=TEXT_LENGTH, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    committee = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owning committee"),
        on_delete=models.PROTECT,
        related_name="tasks_owned",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("assigned organization"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    head = models.ForeignKey(
        "people.Person",
        verbose_name=_("responsible head"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks_headed",
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, null=True, blank=True
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=15, choices=TaskStatus.choices, default=TaskStatus.NOT_ASSESSED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    batch = models.UUIDField(_("assigned together"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["year", "category"]),
            models.Index(fields=["term", "category"]),
            models.Index(fields=["deadline", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=False, term__isnull=True)
                | Q(year__isnull=True, term__isnull=False),
                name="task_of_a_year_or_a_term",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_percent"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def overdue(self) -> bool:
        return self.status != TaskStatus.COMPLETED and self.deadline < timezone.localdate()

    def history_sources(self):
        return [self.history.all(), TaskAssessment.history.filter(task_id=self.pk)]


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


# The periods of each kind: months 1–12, quarters 1–4, the year as 0.
PERIODS = {PeriodKind.MONTH: range(1, 13), PeriodKind.QUARTER: range(1, 5), PeriodKind.YEAR: [0]}


def period_bounds(year: int, kind: str, period: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the period (the caller has checked it exists)."""
    if kind == PeriodKind.MONTH:
        first_month, last_month = period, period
    elif kind == PeriodKind.QUARTER:
        first_month, last_month = 3 * period - 2, 3 * period
    else:
        first_month, last_month = 1, 12
    start = datetime.date(year, first_month, 1)
    after = datetime.date(year + (last_month == 12), last_month % 12 + 1, 1)
    return start, after - datetime.timedelta(days=1)


class AssessmentStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")
    COMPLETED = "completed", _("Completed")


class TaskAssessment(TimeStamped):
    scope_organization_field = "task__organization"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    period = models.PositiveSmallIntegerField(_("month or quarter"))
    period_end = models.DateField(_("end of the period"))
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    status = models.CharField(_("status"), max_length=15, choices=AssessmentStatus.choices)
    note = LimitedTextField(_("note"), max_length=NOTE_LENGTH, blank=True)
    assessed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task assessment")
        verbose_name_plural = _("task assessments")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "year", "period_kind", "period"], name="one_assessment_a_period"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="assessment_progress_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.MONTH:
            return f"{self.period:02d}/{self.year}"
        if self.period_kind == PeriodKind.QUARTER:
            return f"Q{self.period}/{self.year}"
        return str(self.year)
