"""Inspections and supervision ("kiểm tra, giám sát"): an inspecting body inspects an
organization, records its shortcomings ("hạn chế, tồn tại") and requires remediation items with
deadlines that CT05 follows up (domain.md §4, §8)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ct05.core.models import NOTE_LENGTH, TEXT_LENGTH, LimitedTextField, TimeStamped, Versioned
from ct05.core.scope import ScopedQuerySet


class Inspection(TimeStamped, Versioned):
    scope_organization_field = "organization"

    inspecting_body = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("inspecting body"),
        on_delete=models.PROTECT,
        related_name="inspections_made",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("inspected organization"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=400)
    conclusion = LimitedTextField(_("conclusion"), max_length=TEXT_LENGTH, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="inspection_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.subject

    def history_sources(self):
        return [
            self.history.all(),
            Finding.history.filter(inspection_id=self.pk),
            Remediation.history.filter(inspection_id=self.pk),
        ]


class Finding(models.Model):
    """A shortcoming found ("hạn chế, tồn tại")."""

    scope_organization_field = "inspection__organization"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    text = LimitedTextField(_("shortcoming"), max_length=NOTE_LENGTH)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class RemediationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Remediated")


class RemediationQuerySet(ScopedQuerySet):
    def overdue(self, day=None):
        return self.filter(status=RemediationStatus.OPEN, deadline__lt=day or timezone.localdate())


class Remediation(TimeStamped):
    scope_organization_field = "inspection__organization"

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="remediations"
    )
    action = LimitedTextField(_("remediation"), max_length=NOTE_LENGTH)
    deadline = models.DateField(_("deadline"))
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RemediationStatus.choices,
        default=RemediationStatus.OPEN,
    )
    done_on = models.DateField(_("remediated on"), null=True, blank=True)
    note = LimitedTextField(_("note"), max_length=NOTE_LENGTH, blank=True)

    objects = RemediationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("remediation item")
        verbose_name_plural = _("remediation items")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_on__isnull=True)
                | Q(status="done", done_on__isnull=False),
                name="remediation_done_on_when_done",
            )
        ]

    def __str__(self) -> str:
        return self.action[:80]

    @property
    def overdue(self) -> bool:
        return self.status == RemediationStatus.OPEN and self.deadline < timezone.localdate()
