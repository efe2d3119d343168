"""Yearly commitments ("bản cam kết") and deeds ("việc làm theo Bác") with their follow-up."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ct05.core.models import TimeStamped
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


class Commitment(TimeStamped):
    """One per person per year, filed with the organization the person belonged to then."""

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
    pledge = models.TextField(_("commitment"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.SUBMITTED,
    )
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    objects = ScopedQuerySet.as_manager()

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

    def __str__(self) -> str:
        return f"{self.person} – {self.year}"


class Deed(TimeStamped):
    scope_organization_field = "commitment__organization"

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="deeds")
    title = models.CharField(_("deed"), max_length=300)
    description = models.TextField(_("how and by when"), blank=True)
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
    text = models.TextField(_("progress"))
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

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["deed", "date", "pk"]
