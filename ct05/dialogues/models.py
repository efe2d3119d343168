"""Dialogue conferences with citizens ("hội nghị đối thoại") and petitions ("kiến nghị").

A petition is received by an organization (at a dialogue, at citizen reception, by mail),
assigned to an organization to resolve by a deadline, and closed as resolved or rejected (with
the reason in the response). Both organizations' users see it. It is overdue on a day when its
deadline has passed and it was still open then.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ct05.core.models import TEXT_LENGTH, LimitedTextField, TimeStamped, Versioned
from ct05.core.scope import ScopedQuerySet

MAX_PARTICIPANTS = 1_000_000


class Dialogue(TimeStamped, Versioned):
    scope_organization_field = "organization"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="dialogues",
    )
    date = models.DateField(_("date"))
    chair = models.CharField(_("chaired by"), max_length=200)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    notes = LimitedTextField(_("notes"), max_length=TEXT_LENGTH, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dialogue conference")
        verbose_name_plural = _("dialogue conferences")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date", "organization"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(participants__lte=MAX_PARTICIPANTS),
                name="dialogue_participants_within_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject or _('Dialogue conference')} {self.date:%d/%m/%Y}"


class PetitionSource(models.TextChoices):
    DIALOGUE = "dialogue", _("Dialogue conference")
    RECEPTION = "reception", _("Citizen reception")
    MAIL = "mail", _("Mail")


class PetitionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")


OPEN_STATUSES = (PetitionStatus.RECEIVED, PetitionStatus.IN_PROGRESS)


class Petition(TimeStamped, Versioned):
    scope_organization_field = "organization"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    source = models.CharField(_("source"), max_length=12, choices=PetitionSource.choices)
    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("dialogue conference"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
    )
    received_on = models.DateField(_("received on"))
    petitioner = models.CharField(_("raised by"), max_length=200, blank=True)
    content = LimitedTextField(_("content"), max_length=TEXT_LENGTH)
    assigned_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        related_name="assigned_petitions",
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=PetitionStatus.choices, default=PetitionStatus.RECEIVED
    )
    response = LimitedTextField(_("response"), max_length=TEXT_LENGTH, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["received_on", "organization"]),
            models.Index(fields=["deadline", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("received_on")),
                name="petition_deadline_after_receipt",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.received_on:%d/%m/%Y}"

    @classmethod
    def scope_filter(cls, organizations) -> Q:
        """The receiving organization's users and the assigned organization's see it."""
        return Q(organization__in=organizations) | Q(assigned_organization__in=organizations)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def overdue_on(self, day: datetime.date) -> bool:
        return self.is_open and self.deadline < day


def overdue_on(day: datetime.date) -> Q:
    """Petitions received by ``day``, due before it and still open on it."""
    return Q(received_on__lte=day, deadline__lt=day) & (
        Q(closed_on__isnull=True) | Q(closed_on__gt=day)
    )


# ``overdue_on`` written out, over petitions aliased ``x``, for the report's statement
# (``ct05.reports.community.petitions``); its three parameters are the day.
OVERDUE_SQL = (
    "(x.received_on <= %s AND x.deadline < %s AND (x.closed_on IS NULL OR x.closed_on > %s))"
)
