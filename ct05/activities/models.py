"""Community activities ("Ngày cuối tuần cùng dân", "Người tốt - Việc tốt" …): who organized
them, where, how many cadres and residents took part, and what they produced, each output a
quantity in a unit of the reference list. Quantities keep their unit: totals are kept per unit,
so kilometres are never added to hectares."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ct05.core.evidence import Evidence
from ct05.core.models import TEXT_LENGTH, LimitedTextField, TimeStamped, Versioned
from ct05.core.reference import ReferenceEntry
from ct05.core.scope import ScopedQuerySet

MAX_TURNS = 1_000_000
QUANTITY_DIGITS, QUANTITY_PLACES = 18, 3


class Programme(ReferenceEntry):
    """A movement or programme activities belong to (extendable by an administrator)."""

    class Meta(ReferenceEntry.Meta):
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")


class OutputUnit(ReferenceEntry):
    """What an output is measured in: "km of road repaired", "ha of terraced field" …

    ``symbol`` is what follows the figure ("km", "ha", "đồng"); ``decimals`` how many places a
    quantity in it may have (money, workdays and people are whole)."""

    symbol = models.CharField(_("symbol"), max_length=30)
    decimals = models.PositiveSmallIntegerField(
        _("decimal places"), default=0, validators=[MaxValueValidator(QUANTITY_PLACES)]
    )

    class Meta(ReferenceEntry.Meta):
        verbose_name = _("unit of output")
        verbose_name_plural = _("units of output")


class Activity(TimeStamped, Versioned):
    scope_organization_field = "organization"

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organizing organization"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    date = models.DateField(_("date"))
    village = models.ForeignKey(
        "organizations.Locality",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cadre_turns = models.PositiveIntegerField(_("cadre-turns"), default=0)
    resident_turns = models.PositiveIntegerField(_("resident-turns"), default=0)
    description = LimitedTextField(_("description"), max_length=TEXT_LENGTH, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("community activity")
        verbose_name_plural = _("community activities")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date", "organization"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cadre_turns__lte=MAX_TURNS, resident_turns__lte=MAX_TURNS),
                name="activity_turns_within_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.date:%d/%m/%Y}"

    def history_sources(self):
        return [self.history.all(), ActivityOutput.history.filter(activity_id=self.pk)]


class ActivityOutput(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="outputs")
    unit = models.ForeignKey(
        OutputUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=QUANTITY_DIGITS,
        decimal_places=QUANTITY_PLACES,
        validators=[MinValueValidator(Decimal(0))],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        ordering = ["activity", "unit__order"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "unit"], name="one_output_per_unit"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="output_quantity_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} {self.unit.symbol}"


class ActivityEvidence(Evidence):
    scope_organization_field = "activity__organization"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["activity", "pk"]
