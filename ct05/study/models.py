"""The year's thematic topic, study sessions with attendance, and reflection essays."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ct05.core.models import (
    DOCUMENT_LENGTH,
    TEXT_LENGTH,
    LimitedTextField,
    TimeStamped,
    Versioned,
)
from ct05.core.scope import ScopedQuerySet
from ct05.core.uploads import reflection_upload_to
from ct05.people.models import AttendanceRow


class Topic(TimeStamped):
    """ "Chuyên đề học tập hằng năm", set by a committee and inherited by its subtree."""

    scope_organization_field = "organization"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="topics",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("topic"), max_length=400)
    description = LimitedTextField(_("description"), max_length=TEXT_LENGTH, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("yearly topic")
        verbose_name_plural = _("yearly topics")
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_topic_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"


class SessionKind(models.TextChoices):
    DISSEMINATION = "dissemination", _("Dissemination conference")
    STUDY = "study", _("Study session")


class StudySession(TimeStamped, Versioned):
    """ "Hội nghị quán triệt, học tập chuyên đề" held by an organization for its members."""

    scope_organization_field = "organization"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organizing organization"),
        on_delete=models.PROTECT,
        related_name="study_sessions",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        ordering = ["-date", "pk"]
        indexes = [models.Index(fields=["date", "organization"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"

    def history_sources(self):
        return [
            self.history.all(),
            SessionAttendance.history.filter(session_id=self.pk),
            Reflection.history.filter(session_id=self.pk),
        ]


class SessionAttendance(AttendanceRow):
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendance")
    # The attendee's own organization on the session's date (a cell member at the commune's
    # conference belongs to the cell): who studied, by where they belong, not where it was held.
    member_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("attendee's organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "person__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_attendance_per_session")
        ]


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Not passed")


class Reflection(TimeStamped):
    """ "Bài thu hoạch": one per attendee of a session."""

    scope_organization_field = "session__organization"

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="reflections")
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="reflections",
    )
    received = models.BooleanField(_("received"), default=False)
    received_at = models.DateField(_("received on"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, blank=True)
    text = LimitedTextField(_("text"), max_length=DOCUMENT_LENGTH, blank=True)
    file = models.FileField(_("file"), upload_to=reflection_upload_to, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reflection essay")
        verbose_name_plural = _("reflection essays")
        ordering = ["session", "person__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_reflection_per_session")
        ]
