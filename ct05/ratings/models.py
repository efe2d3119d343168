"""Annual (and term, quarterly) ratings of members and organizations.

A rating records the scheme it was made under: Quy định 132-QĐ/TW (2018–2022) and 124-QĐ/TW
(2023–2024) choose a level without points; 366-QĐ/TW (from 2025) scores 100 points over two
criteria groups, and a level is reached only when the score *and* the band's conditions hold
(Art. 11: tasks on time, exceeding requirements, behind schedule, discipline). Schemes, their
years, groups, sub-criteria, thresholds and conditions are data (see docs/ratings.md). Flow:
self-assessment -> proposal -> decision by the competent level; a decided rating is locked until
that level reopens it, and every step is kept in :class:`RatingChange`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ct05.core.models import (
    NOTE_LENGTH,
    LimitedTextField,
    TimeStamped,
    Versioned,
)
from ct05.core.scope import ScopedQuerySet

from .generation import SchemeQuerySet, changed


class Level(models.TextChoices):
    EXCELLENT = "excellent", _("Excellently completed tasks")
    GOOD = "good", _("Well completed tasks")
    COMPLETE = "complete", _("Completed tasks")
    NOT_COMPLETE = "not_complete", _("Did not complete tasks")


MAX_TASKS = 9999  # of one subject in one period: anything more is a typing error

LEVEL_RANK = {Level.EXCELLENT: 4, Level.GOOD: 3, Level.COMPLETE: 2, Level.NOT_COMPLETE: 1}


class PeriodKind(models.TextChoices):
    TERM = "term", _("Term")
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")


class RatingStatus(models.TextChoices):
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    PROPOSED = "proposed", _("Proposed")
    DECIDED = "decided", _("Decided")
    REOPENED = "reopened", _("Reopened")


class SubjectKind(models.TextChoices):
    """Who is rated, which picks the annex of sub-criteria (Quy định 366): an organization is a
    collective; a member who heads an organization or holds a secretary's role is a leader."""

    COLLECTIVE = "collective", _("Collective")
    LEADER = "leader", _("Leader or manager")
    MEMBER = "member", _("Member")


class CriterionSubject(models.TextChoices):
    ALL = "all", _("Every subject")
    COLLECTIVE = SubjectKind.COLLECTIVE.value, SubjectKind.COLLECTIVE.label
    LEADER = SubjectKind.LEADER.value, SubjectKind.LEADER.label
    MEMBER = SubjectKind.MEMBER.value, SubjectKind.MEMBER.label


class RatingScheme(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.TextField(_("source"), blank=True)
    uses_score = models.BooleanField(_("scored on 100 points"), default=False)
    # The yearly ratings of [from_year, to_year] are made under this scheme by default
    # (``services.default_scheme``); to_year empty: still in force.
    from_year = models.PositiveSmallIntegerField(_("in force from year"))
    to_year = models.PositiveSmallIntegerField(_("in force until year"), null=True, blank=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating scheme")
        verbose_name_plural = _("rating schemes")
        ordering = ["from_year"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.to_year is not None and self.from_year and self.to_year < self.from_year:
            raise ValidationError({"to_year": _("The last year cannot be before the first.")})

    def bands(self) -> list[ScoreThreshold]:
        """The thresholds, highest first (read through ``.all()`` so a prefetch serves it)."""
        return sorted(self.thresholds.all(), key=lambda t: t.min_score, reverse=True)

    def level_for_score(self, score: Decimal) -> str:
        """The band of the score alone, before its conditions."""
        for threshold in self.bands():
            if score >= threshold.min_score:
                return threshold.level
        return Level.NOT_COMPLETE

    def level_for(self, score: Decimal, record: TaskRecord, collective: bool) -> LevelCheck:
        """The highest band whose score *and* conditions hold (Art. 11 of Quy định 366), with
        the conditions that kept the rating out of each higher band its score reaches."""
        held_back = []
        for threshold in self.bands():
            if score < threshold.min_score:
                continue
            unmet = threshold.unmet(record, collective)
            if not unmet:
                return LevelCheck(threshold.level, self.level_for_score(score), held_back)
            message = gettext(
                "Enough points for “%(level)s” but a condition is not met: %(unmet)s."
            ) % {"level": Level(threshold.level).label, "unmet": "; ".join(unmet)}
            held_back.append((threshold.level, message))
        return LevelCheck(Level.NOT_COMPLETE, self.level_for_score(score), held_back)


@dataclass(frozen=True)
class LevelCheck:
    allowed: str  # the highest level the score and the conditions allow
    by_score: str  # the band of the score alone
    # (level, why) for each band the score reaches above the one allowed, highest first
    held_back: list[tuple[str, str]]

    @property
    def reasons(self) -> list[str]:
        return [message for _, message in self.held_back]

    @property
    def allowed_label(self) -> str:
        return Level(self.allowed).label


@dataclass(frozen=True)
class TaskRecord:
    """What a rating records for the band conditions: the tasks of the period (how many, done,
    done on time, exceeding requirements) and, for a collective, whether a unit or member under
    it was disciplined in the period. ``None`` is "not recorded"."""

    total: int | None = None
    done: int | None = None
    on_time: int | None = None
    exceeding: int | None = None
    disciplined: bool | None = None

    FIELDS = {
        "tasks_total": "total",
        "tasks_done": "done",
        "tasks_on_time": "on_time",
        "tasks_exceeding": "exceeding",
        "disciplined": "disciplined",
    }

    @classmethod
    def of(cls, rating: Rating) -> TaskRecord:
        return cls(**{attr: getattr(rating, field) for field, attr in cls.FIELDS.items()})

    def as_fields(self) -> dict:
        return {field: getattr(self, attr) for field, attr in self.FIELDS.items()}

    def is_empty(self) -> bool:
        return all(value is None for value in self.as_fields().values())

    def share(self, part: int | None) -> Decimal | None:
        """``part`` as a percentage of the tasks; ``None`` when either is not recorded."""
        if part is None or not self.total:
            return None
        return Decimal(part) * 100 / self.total

    @property
    def behind(self) -> int | None:
        """Tasks not done on time (late, or not done at all)."""
        if self.total is None or self.on_time is None:
            return None
        return self.total - self.on_time

    def errors(self) -> dict[str, str]:
        """Counts that contradict each other, by field."""
        counts = {"tasks_done": self.done, "tasks_on_time": self.on_time}
        counts["tasks_exceeding"] = self.exceeding
        errors = {}
        if self.total is None:
            if any(v is not None for v in counts.values()):
                errors["tasks_total"] = gettext("Give the number of tasks of the period.")
            return errors
        if not 1 <= self.total <= MAX_TASKS:
            errors["tasks_total"] = gettext(
                "The number of tasks must be between 1 and %(max)s."
            ) % {"max": MAX_TASKS}
            return errors
        for field, value in counts.items():
            if value is not None and not 0 <= value <= self.total:
                errors[field] = gettext("Between 0 and the number of tasks (%(total)s).") % {
                    "total": self.total
                }
        on_time, done = self.on_time, self.done
        if "tasks_on_time" not in errors and None not in (on_time, done) and on_time > done:
            errors["tasks_on_time"] = gettext("Tasks done on time cannot outnumber the tasks done.")
        return errors


def _percent(value: Decimal) -> str:
    value = value.quantize(Decimal("0.1"))
    return number_format(value, 0 if value == value.to_integral() else 1)


class CriteriaGroup(models.Model):
    """A group of the 100-point framework: under Quy định 366, general criteria (30) and task
    results (70); its sub-criteria (:class:`Criterion`) detail it per kind of subject."""

    scheme = models.ForeignKey(RatingScheme, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=1)
    order = models.PositiveSmallIntegerField(default=0)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="criteria_group_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """A sub-criterion of a criteria group for one kind of subject (the regulation's annexes),
    or for all: guidance on the forms, and points that may be given one by one (summed into the
    group). Entered by an administrator as the province's guidance is published."""

    group = models.ForeignKey(
        CriteriaGroup,
        verbose_name=_("criteria group"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    subject_kind = models.CharField(
        _("for"), max_length=15, choices=CriterionSubject.choices, default=CriterionSubject.ALL
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=500)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("sub-criterion")
        verbose_name_plural = _("sub-criteria")
        ordering = ["group", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "subject_kind", "code"], name="criterion_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(max_points__gt=0), name="criterion_max_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    def clean(self):
        """A rating names its sub-criteria by code: one code, one sub-criterion for a subject."""
        super().clean()
        if not self.group_id or not self.code:
            return
        kinds = (
            [*SubjectKind.values, CriterionSubject.ALL]
            if self.subject_kind == CriterionSubject.ALL
            else [self.subject_kind, CriterionSubject.ALL]
        )
        clash = (
            Criterion.objects.filter(
                group__scheme_id=self.group.scheme_id, code=self.code, subject_kind__in=kinds
            )
            .exclude(pk=self.pk)
            .exists()
        )
        if clash:
            raise ValidationError(
                {"code": _("Another sub-criterion of this scheme has this code for this subject.")}
            )

    @staticmethod
    def applicable(scheme: RatingScheme, subject_kind: str):
        return Criterion.objects.filter(
            group__scheme=scheme, subject_kind__in=[subject_kind, CriterionSubject.ALL]
        ).select_related("group")


class ScoreThreshold(models.Model):
    """A band: its lowest score (90 excellent, 70 good, 50 complete under 366-QĐ/TW) and the
    conditions beyond the score (Art. 11), each empty when the band has none. Shares are of the
    tasks of the period; "behind schedule" is the tasks not done on time."""

    scheme = models.ForeignKey(RatingScheme, on_delete=models.CASCADE, related_name="thresholds")
    level = models.CharField(max_length=15, choices=Level.choices)
    min_score = models.DecimalField(max_digits=5, decimal_places=1)
    min_on_time_pct = models.PositiveSmallIntegerField(
        _("least share of tasks done on time (%)"), null=True, blank=True
    )
    min_exceeding_pct = models.PositiveSmallIntegerField(
        _("least share of tasks exceeding requirements (%)"), null=True, blank=True
    )
    min_done_pct = models.PositiveSmallIntegerField(
        _("least share of tasks done (%)"), null=True, blank=True
    )
    max_behind_pct = models.PositiveSmallIntegerField(
        _("largest share of tasks behind schedule (%)"), null=True, blank=True
    )
    no_discipline = models.BooleanField(
        _("a collective: no unit or member under it disciplined in the period"), default=False
    )

    objects = SchemeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "level"], name="threshold_level_unique")
        ]

    def has_conditions(self) -> bool:
        shares = [self.min_on_time_pct, self.min_exceeding_pct, self.min_done_pct]
        return self.no_discipline or any(v is not None for v in [*shares, self.max_behind_pct])

    def conditions(self) -> list[str]:
        """The band's conditions, in words (for the forms and docs)."""
        return [text for text, _ in self._checks(TaskRecord(), collective=True)]

    def unmet(self, record: TaskRecord, collective: bool) -> list[str]:
        """The conditions ``record`` does not meet, each saying what was recorded; a condition
        not recorded is not met (the band is reached only when the conditions are shown)."""
        unmet = []
        for text, value in self._checks(record, collective):
            if value is None:
                unmet.append(gettext("%(condition)s (not recorded)") % {"condition": text})
            elif value is not True:
                unmet.append(
                    gettext("%(condition)s (recorded: %(value)s)")
                    % {"condition": text, "value": value}
                )
        return unmet

    def _checks(self, record: TaskRecord, collective: bool):
        """(condition, outcome) pairs: outcome True when met, None when not recorded, else what
        was recorded."""

        def at_least(share, pct):
            if share is None:
                return None
            return True if share >= pct else f"{_percent(share)}%"

        def at_most(share, pct):
            if share is None:
                return None
            return True if share <= pct else f"{_percent(share)}%"

        if self.min_on_time_pct is not None:
            text = (
                gettext("100% of tasks done on time")
                if self.min_on_time_pct == 100
                else gettext("at least %(pct)s%% of tasks done on time")
                % {"pct": self.min_on_time_pct}
            )
            yield text, at_least(record.share(record.on_time), self.min_on_time_pct)
        if self.min_exceeding_pct is not None:
            text = gettext("at least %(pct)s%% of tasks exceeding requirements") % {
                "pct": self.min_exceeding_pct
            }
            yield text, at_least(record.share(record.exceeding), self.min_exceeding_pct)
        if self.min_done_pct is not None:
            text = (
                gettext("100% of tasks done")
                if self.min_done_pct == 100
                else gettext("at least %(pct)s%% of tasks done") % {"pct": self.min_done_pct}
            )
            yield text, at_least(record.share(record.done), self.min_done_pct)
        if self.max_behind_pct is not None:
            text = gettext("at most %(pct)s%% of tasks behind schedule") % {
                "pct": self.max_behind_pct
            }
            yield text, at_most(record.share(record.behind), self.max_behind_pct)
        if self.no_discipline and collective:
            text = gettext("no unit or member under it disciplined in the period")
            if record.disciplined is None:
                yield text, None
            else:
                yield text, True if not record.disciplined else gettext("disciplined")


class Rating(TimeStamped, Versioned):
    scope_organization_field = "organization"

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
    )
    subject_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("rated organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_ratings",
    )
    # Where the rating is kept and scoped: the person's organization, or the rated one itself.
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    scheme = models.ForeignKey(RatingScheme, verbose_name=_("scheme"), on_delete=models.PROTECT)
    period_kind = models.CharField(
        _("period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEAR
    )
    year = models.PositiveSmallIntegerField(_("year (first year of a term)"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=0)
    status = models.CharField(
        _("status"), max_length=15, choices=RatingStatus.choices, default=RatingStatus.SELF_ASSESSED
    )
    self_level = models.CharField(
        _("self-assessed level"), max_length=15, choices=Level.choices, blank=True
    )
    proposed_level = models.CharField(
        _("proposed level"), max_length=15, choices=Level.choices, blank=True
    )
    level = models.CharField(_("decided level"), max_length=15, choices=Level.choices, blank=True)
    subject_kind = models.CharField(
        _("kind of subject"), max_length=15, choices=SubjectKind.choices, blank=True
    )
    # Under a scored scheme: {criteria group code: points}, the latest stage's scoring, and the
    # sub-criteria's points when they were given one by one ({sub-criterion code: points}).
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    criterion_scores = models.JSONField(_("points per sub-criterion"), default=dict, blank=True)
    score = models.DecimalField(
        _("total score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    # The band conditions' record (Quy định 366 Art. 11); empty: not recorded.
    tasks_total = models.PositiveSmallIntegerField(_("tasks of the period"), null=True, blank=True)
    tasks_done = models.PositiveSmallIntegerField(_("tasks done"), null=True, blank=True)
    tasks_on_time = models.PositiveSmallIntegerField(_("tasks done on time"), null=True, blank=True)
    tasks_exceeding = models.PositiveSmallIntegerField(
        _("tasks exceeding requirements"), null=True, blank=True
    )
    disciplined = models.BooleanField(
        _("a unit or member under it disciplined in the period"), null=True, blank=True
    )
    note = LimitedTextField(_("note"), max_length=NOTE_LENGTH, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-year", "organization__path", "pk"]
        indexes = [models.Index(fields=["period_kind", "year", "organization"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(subject_organization__isnull=True))
                | (Q(person__isnull=True) & Q(subject_organization__isnull=False)),
                name="rating_one_subject",
            ),
            models.CheckConstraint(
                condition=(Q(period_kind="quarter") & Q(quarter__gte=1) & Q(quarter__lte=4))
                | (~Q(period_kind="quarter") & Q(quarter=0)),
                name="rating_quarter_matches_period",
            ),
            models.UniqueConstraint(
                fields=["person", "period_kind", "year", "quarter"],
                condition=Q(person__isnull=False),
                name="one_person_rating_per_period",
            ),
            models.UniqueConstraint(
                fields=["subject_organization", "period_kind", "year", "quarter"],
                condition=Q(subject_organization__isnull=False),
                name="one_organization_rating_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} – {self.period_label}"

    @property
    def subject(self):
        return self.person or self.subject_organization

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.QUARTER:
            return f"Q{self.quarter}/{self.year}"
        if self.period_kind == PeriodKind.TERM:
            return f"{self.year}–{self.year + 5}"
        return str(self.year)

    @property
    def is_locked(self) -> bool:
        return self.status == RatingStatus.DECIDED

    @property
    def is_collective(self) -> bool:
        return self.subject_organization_id is not None

    @property
    def task_record(self) -> TaskRecord:
        return TaskRecord.of(self)

    def level_check(self) -> LevelCheck | None:
        """What the recorded score and conditions allow (``None`` without a score)."""
        if not self.scheme.uses_score or self.score is None:
            return None
        return self.scheme.level_for(self.score, self.task_record, self.is_collective)


class RatingChange(models.Model):
    """Every step of a rating, with who and when. Never edited."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=20)
    status = models.CharField(max_length=15, choices=RatingStatus.choices)
    level = models.CharField(max_length=15, choices=Level.choices, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    scores = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["rating", "at", "pk"]


# Every change of a scheme's rows is announced, so the processes that keep them read them again.
for _model in (RatingScheme, CriteriaGroup, Criterion, ScoreThreshold):
    models.signals.post_save.connect(
        changed, sender=_model, dispatch_uid=f"schemes-{_model.__name__}"
    )
    models.signals.post_delete.connect(
        changed, sender=_model, dispatch_uid=f"schemes-deleted-{_model.__name__}"
    )
