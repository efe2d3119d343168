"""Party-cell meetings ("sinh hoạt chi bộ"): regular (monthly) and thematic (quarterly)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ct05.core.models import (
    DOCUMENT_LENGTH,
    LimitedTextField,
    TimeStamped,
    Versioned,
)
from ct05.core.scope import ScopedQuerySet
from ct05.core.uploads import minutes_upload_to
from ct05.people.models import AttendanceRow


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Regular meeting")
    THEMATIC = "thematic", _("Thematic meeting")


class Meeting(TimeStamped, Versioned):
    scope_organization_field = "organization"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("party cell"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices)
    directive05 = models.BooleanField(_("Directive 05 content on the agenda"), default=False)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    minutes = LimitedTextField(_("minutes"), max_length=DOCUMENT_LENGTH, blank=True)
    minutes_file = models.FileField(_("minutes file"), upload_to=minutes_upload_to, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party-cell meeting")
        verbose_name_plural = _("party-cell meetings")
        ordering = ["-date", "pk"]
        indexes = [models.Index(fields=["date", "organization", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"

    def history_sources(self):
        return [self.history.all(), MeetingAttendance.history.filter(meeting_id=self.pk)]


class MeetingAttendance(AttendanceRow):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "person__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_meeting")
        ]
