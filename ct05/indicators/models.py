"""Socio-economic targets ("chỉ tiêu kinh tế - xã hội") and the national new-rural criteria
("tiêu chí nông thôn mới") met by each commune each year."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ct05.core.models import TimeStamped, Versioned
from ct05.core.reference import ReferenceEntry
from ct05.core.scope import ScopedQuerySet


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("At least (higher is better)")
    AT_MOST = "at_most", _("At most (must stay below)")


def achieved_q(prefix: str = "") -> Q:
    """Targets whose actual meets the target in its direction (no actual: not achieved)."""
    return Q(
        **{f"{prefix}direction": Direction.AT_LEAST, f"{prefix}actual__gte": F(f"{prefix}target")}
    ) | Q(**{f"{prefix}direction": Direction.AT_MOST, f"{prefix}actual__lte": F(f"{prefix}target")})


class Target(TimeStamped, Versioned):
    scope_organization_field = "organization"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="targets",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("target"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    target = models.DecimalField(_("target value"), max_digits=18, decimal_places=3)
    actual = models.DecimalField(
        _("actual value"), max_digits=18, decimal_places=3, null=True, blank=True
    )

    objects = ScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("socio-economic target")
        verbose_name_plural = _("socio-economic targets")
        ordering = ["-year", "organization__path", "name"]
        indexes = [models.Index(fields=["year", "organization"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "name"], name="one_target_per_name_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def achieved(self) -> bool:
        if self.actual is None:
            return False
        actual, target = Decimal(self.actual), Decimal(self.target)
        return actual >= target if self.direction == Direction.AT_LEAST else actual <= target


class RuralCriterion(ReferenceEntry):
    """One of the national criteria of a new-rural commune (19 in the 2021-2025 set)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta:
        verbose_name = _("new-rural criterion")
        verbose_name_plural = _("new-rural criteria")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class RuralCriteriaResult(TimeStamped, Versioned):
    """The criteria a commune met in a year (kept by the commune's party committee)."""

    scope_organization_field = "organization"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="rural_criteria",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    met = models.ManyToManyField(
        RuralCriterion, verbose_name=_("criteria met"), blank=True, related_name="+"
    )
    met_count = models.PositiveSmallIntegerField(_("criteria met"), default=0, editable=False)

    objects = ScopedQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[met])

    class Meta:
        verbose_name = _("new-rural criteria of a commune")
        verbose_name_plural = _("new-rural criteria of communes")
        ordering = ["-year", "organization__path"]
        indexes = [models.Index(fields=["year", "organization"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="one_criteria_result_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"
