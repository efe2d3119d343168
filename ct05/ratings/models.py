"""Annual (and term, quarterly) ratings of members and organizations.

A rating records the scheme it was made under: Quy định 124-QĐ/TW (level chosen, no points) or
366-QĐ/TW (a 100-point score over criteria groups; the score's thresholds, stored as data,
bound the level). Flow: self-assessment -> proposal -> decision by the competent level; a
decided rating is locked until that level reopens it, and every step is kept in
:class:`RatingChange`.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ct05.core.models import (
    NOTE_LENGTH,
    LimitedTextField,
    TimeStamped,
    Versioned,
)
from ct05.core.scope import ScopedQuerySet


class Level(models.TextChoices):
    EXCELLENT = "excellent", _("Excellently completed tasks")
    GOOD = "good", _("Well completed tasks")
    COMPLETE = "complete", _("Completed tasks")
    NOT_COMPLETE = "not_complete", _("Did not complete tasks")


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


class RatingScheme(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    uses_score = models.BooleanField(_("scored on 100 points"), default=False)
    from_year = models.PositiveSmallIntegerField(_("in force from year"))

    class Meta:
        verbose_name = _("rating scheme")
        verbose_name_plural = _("rating schemes")
        ordering = ["from_year"]

    def __str__(self) -> str:
        return self.name

    def level_for_score(self, score: Decimal) -> str:
        for threshold in self.thresholds.order_by("-min_score"):
            if score >= threshold.min_score:
                return threshold.level
        return Level.NOT_COMPLETE


class CriteriaGroup(models.Model):
    scheme = models.ForeignKey(RatingScheme, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scheme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="criteria_group_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ScoreThreshold(models.Model):
    """The lowest score of a level: 90 excellent, 70 good, 50 complete under 366-QĐ/TW."""

    scheme = models.ForeignKey(RatingScheme, on_delete=models.CASCADE, related_name="thresholds")
    level = models.CharField(max_length=15, choices=Level.choices)
    min_score = models.DecimalField(max_digits=5, decimal_places=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "level"], name="threshold_level_unique")
        ]


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
    # Under a scored scheme: {criteria group code: points}, the latest stage's scoring.
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    score = models.DecimalField(
        _("total score"), max_digits=5, decimal_places=1, null=True, blank=True
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
