"""Party-cell meetings ("sinh hoạt chi bộ"): regular (monthly) and thematic (quarterly)."""

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ct05.core.models import (
    DOCUMENT_LENGTH,
    TEXT_LENGTH,
    LimitedTextField,
    TimeStamped,
    Versioned,
    active_on,
)
from ct05.core.scope import ScopedQuerySet
from ct05.core.uploads import minutes_upload_to
from ct05.people.models import AttendanceRow, Membership


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Regular meeting")
    THEMATIC = "thematic", _("Thematic meeting")


# Who was absent without good reason (Party Charter, art. 8): not present, not exempt from
# meetings, no reason given. Relative to an attendance row.
UNEXCUSED = Q(present=False, exempt=False, absence_reason="")


class MeetingQuerySet(ScopedQuerySet):
    def with_roll(self):
        """The roll as 09-HD/BTCTW opens the monthly meeting with, counted from the attendance
        list in the same query: ``roll_members`` (the cell's members on the meeting's date),
        ``roll_exempt``, ``roll_present``, ``roll_absent_excused``, ``roll_absent_unexcused``."""
        members = (
            Membership.objects.filter(
                active_on(OuterRef("date")), organization_id=OuterRef("organization_id")
            )
            .order_by()
            .values("organization_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        absent = Q(attendance__present=False, attendance__exempt=False)
        return self.annotate(
            roll_members=Coalesce(Subquery(members, output_field=IntegerField()), Value(0)),
            roll_present=Count("attendance", filter=Q(attendance__present=True)),
            roll_exempt=Count(
                "attendance", filter=Q(attendance__present=False, attendance__exempt=True)
            ),
            roll_absent_excused=Count(
                "attendance", filter=absent & ~Q(attendance__absence_reason="")
            ),
            roll_absent_unexcused=Count(
                "attendance", filter=absent & Q(attendance__absence_reason="")
            ),
        )


class Meeting(TimeStamped, Versioned):
    """A cell meeting and its record. A monthly meeting's record follows the guidance on cell
    meetings (09-HD/BTCTW): the roll (counted from the attendance list, never typed), dues
    collected, whether members' study and following of Hồ Chí Minh's example was reviewed
    (``directive05``), and the tasks set for next month."""

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
    dues_collected = models.BooleanField(_("party dues collected"), default=False)
    dues_amount = models.PositiveBigIntegerField(
        _("party dues collected (đồng)"), null=True, blank=True
    )
    next_month_tasks = LimitedTextField(
        _("tasks for next month"), max_length=TEXT_LENGTH, blank=True
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MeetingQuerySet.as_manager()

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
    # "Miễn sinh hoạt": excused from meetings by the cell (age, health); absent, not counted
    # as absent.
    exempt = models.BooleanField(_("exempt from meetings"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "person__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_meeting")
        ]
