"""Yearly commitments ("bản cam kết") and deeds ("việc làm theo Bác") with their follow-up."""

from django.conf import settings
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ct05.core.models import (
    NOTE_LENGTH,
    TEXT_LENGTH,
    LimitedTextField,
    TimeStamped,
    Versioned,
)
from ct05.core.scope import ScopedQuerySet


class CommitmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


class Evaluation(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class CommitmentQuerySet(ScopedQuerySet):
    def refresh_deed_counts(self) -> int:
        """Recount the deed columns of these commitments from their deeds, in one UPDATE.

        Every service that adds, removes or evaluates deeds calls it; so do the importer and the
        synthetic generator after bulk inserts.
        """
        deeds = Deed.objects.filter(commitment=OuterRef("pk")).order_by().values("commitment")

        def count(queryset):
            return Coalesce(
                Subquery(queryset.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                Value(0),
            )

        return self.order_by().update(
            deed_count=count(deeds),
            deeds_evaluated=count(deeds.exclude(evaluation="")),
            deeds_achieved=count(deeds.filter(evaluation=Evaluation.ACHIEVED)),
        )


class Commitment(TimeStamped, Versioned):
    """One per person per year, filed with the organization the person belonged to then.

    ``deed_count``, ``deeds_evaluated`` and ``deeds_achieved`` restate the deeds so that the
    report over a province reads commitments alone instead of every deed (see
    docs/performance.md); ``CommitmentQuerySet.refresh_deed_counts`` keeps them true.
    """

    scope_organization_field = "organization"

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    pledge = LimitedTextField(_("commitment"), max_length=TEXT_LENGTH, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.SUBMITTED,
    )
    self_assessment = LimitedTextField(_("self-assessment"), max_length=TEXT_LENGTH, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = LimitedTextField(_("review note"), max_length=NOTE_LENGTH, blank=True)
    deed_count = models.PositiveSmallIntegerField(default=0, editable=False)
    deeds_evaluated = models.PositiveSmallIntegerField(default=0, editable=False)
    deeds_achieved = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = CommitmentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-year", "person__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"], name="one_commitment_per_person_year"
            )
        ]
        indexes = [models.Index(fields=["year", "organization"])]

    COUNTERS = ("deed_count", "deeds_evaluated", "deeds_achieved")

    def __str__(self) -> str:
        return f"{self.person} – {self.year}"

    def save(self, *args, **kwargs):
        # The counters are written only by refresh_deed_counts: a save from a stale instance
        # must not put old counts back.
        if self.pk and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.COUNTERS
            ]
        super().save(*args, **kwargs)

    def history_sources(self):
        """The commitment's history, with its deeds' and their progress notes'."""
        deeds = Deed.history.filter(commitment_id=self.pk)
        return [
            self.history.all(),
            deeds,
            ProgressNote.history.filter(deed_id__in=deeds.values("id")),
        ]


class Deed(TimeStamped):
    scope_organization_field = "commitment__organization"

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="deeds")
    title = models.CharField(_("deed"), max_length=300)
    description = LimitedTextField(_("how and by when"), max_length=NOTE_LENGTH, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    self_evaluation = models.CharField(
        _("self-evaluation"), max_length=15, choices=Evaluation.choices, blank=True
    )
    evaluation = models.CharField(
        _("year-end evaluation"), max_length=15, choices=Evaluation.choices, blank=True
    )
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deed")
        verbose_name_plural = _("deeds")
        ordering = ["commitment", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class ProgressNote(TimeStamped):
    """Progress on a deed, noted during the year (usually at a regular cell meeting)."""

    scope_organization_field = "deed__commitment__organization"

    deed = models.ForeignKey(Deed, on_delete=models.CASCADE, related_name="progress_notes")
    date = models.DateField(_("date"))
    text = LimitedTextField(_("progress"), max_length=NOTE_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("recorded at meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_notes",
    )

    objects = ScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["deed", "date", "pk"]
