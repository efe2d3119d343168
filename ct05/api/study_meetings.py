"""API of study (topics, sessions, reflections), cell meetings and notifications."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from ct05.core.params import MAX_ID
from ct05.core.uploads import upload_help_text_lazy
from ct05.meetings import services as meeting_services
from ct05.meetings.models import Meeting, MeetingAttendance, MeetingKind
from ct05.notifications.models import Notification
from ct05.organizations.models import Organization
from ct05.people.models import Person
from ct05.study import services as study_services
from ct05.study.models import Reflection, SessionAttendance, SessionKind, StudySession, Topic

from .base import HistoryMixin, IdFilter, ScopedViewSetMixin, SubtreeFilter, YearFilter


class AttendanceSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    present = serializers.BooleanField(default=True)
    absence_reason = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def to_representation(self, instance):
        return {
            "person": instance.person_id,
            "person_name": instance.person.full_name,
            "present": instance.present,
            "absence_reason": instance.absence_reason,
        }


def attendance_with_names(model, *fields: str) -> Prefetch:
    """The attendance rows a list of sessions or meetings shows, each with only its member's
    name, in one query: a page of a hundred sessions holds about 3,000 rows, and reading the
    people apart, whole, made a province's list spend most of its time building them."""
    return Prefetch(
        "attendance",
        queryset=model.objects.select_related("person").only(
            *fields, "person_id", "present", "absence_reason", "person__full_name"
        ),
    )


class MeetingAttendanceSerializer(AttendanceSerializer):
    exempt = serializers.BooleanField(
        default=False, help_text=_("Absent and exempt from meetings (miễn sinh hoạt).")
    )

    def to_representation(self, instance):
        return {**super().to_representation(instance), "exempt": instance.exempt}


class RollSerializer(serializers.Serializer):
    """The roll of 09-HD/BTCTW, counted from the attendance list (read only)."""

    members = serializers.IntegerField(source="roll_members")
    exempt = serializers.IntegerField(source="roll_exempt")
    present = serializers.IntegerField(source="roll_present")
    absent_excused = serializers.IntegerField(source="roll_absent_excused")
    absent_unexcused = serializers.IntegerField(source="roll_absent_unexcused")


class TopicSerializer(serializers.ModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())

    class Meta:
        model = Topic
        fields = ["id", "organization", "year", "title", "description"]
        validators: list = []


class StudySessionSerializer(serializers.ModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    topic = serializers.PrimaryKeyRelatedField(
        queryset=Topic.objects.all(), required=False, allow_null=True
    )
    topic_title = serializers.CharField(source="topic.title", read_only=True, default=None)
    attendance = AttendanceSerializer(many=True, required=False)
    kind = serializers.ChoiceField(choices=SessionKind.choices)

    class Meta:
        model = StudySession
        fields = [
            "id",
            "organization",
            "date",
            "kind",
            "title",
            "location",
            "topic",
            "topic_title",
            "attendance",
        ]


class ReflectionSerializer(serializers.ModelSerializer):
    session = serializers.PrimaryKeyRelatedField(queryset=StudySession.objects.all())
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    file = serializers.FileField(
        required=False, allow_null=True, write_only=True, help_text=upload_help_text_lazy()
    )
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Reflection
        fields = [
            "id",
            "session",
            "person",
            "person_name",
            "received",
            "received_at",
            "grade",
            "text",
            "file",
            "has_file",
        ]
        validators: list = []

    def get_has_file(self, obj) -> bool:
        return bool(obj.file)


class MeetingSerializer(serializers.ModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    attendance = MeetingAttendanceSerializer(many=True, required=False)
    roll = serializers.SerializerMethodField()
    dues_amount = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=10**12
    )
    minutes_file = serializers.FileField(
        required=False, allow_null=True, write_only=True, help_text=upload_help_text_lazy()
    )
    has_minutes_file = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "organization",
            "date",
            "kind",
            "directive05",
            "subject",
            "minutes",
            "minutes_file",
            "has_minutes_file",
            "attendance",
            "roll",
            "dues_collected",
            "dues_amount",
            "next_month_tasks",
        ]

    def get_has_minutes_file(self, obj) -> bool:
        return bool(obj.minutes_file)

    @extend_schema_field(RollSerializer)
    def get_roll(self, obj) -> dict:
        if not hasattr(obj, "roll_members"):
            obj = Meeting.objects.with_roll().get(pk=obj.pk)
        return RollSerializer(obj).data


class YearSubtreeFilter(django_filters.FilterSet):
    organization = SubtreeFilter()
    year = YearFilter(field_name="date", lookup_expr="year")


class TopicFilter(django_filters.FilterSet):
    organization = SubtreeFilter()
    year = YearFilter()

    class Meta:
        model = Topic
        fields = ["organization", "year"]


class TopicViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The year's thematic topic of a committee (inherited below). POST sets or replaces it."""

    queryset = Topic.objects.all()
    serializer_class = TopicSerializer
    filterset_class = TopicFilter
    select_related = ("organization",)

    def perform_create(self, serializer):
        serializer.instance = study_services.set_topic(
            user=self.request.user, **serializer.validated_data
        )


def _attendance(rows):
    return None if rows is None else [dict(r) for r in rows]


class StudySessionFilter(YearSubtreeFilter):
    class Meta:
        model = StudySession
        fields = ["organization", "year", "kind"]


class StudySessionViewSet(HistoryMixin, ScopedViewSetMixin, viewsets.ModelViewSet):
    """Study sessions with attendance taken from the organization's member list."""

    queryset = StudySession.objects.all()
    serializer_class = StudySessionSerializer
    filterset_class = StudySessionFilter
    select_related = ("topic",)
    prefetch_related = (attendance_with_names(SessionAttendance, "session_id"),)
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        attendance = _attendance(data.pop("attendance", []))
        serializer.instance = study_services.record_session(
            user=self.request.user, attendance=attendance, **data
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        if set(data) - {"attendance"}:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Only the attendance of a session can be changed.")]}
            )
        serializer.instance = study_services.update_attendance(
            user=self.request.user,
            session=serializer.instance,
            attendance=_attendance(data.get("attendance", [])),
            version=self.expected_version,
        )


class ReflectionFilter(django_filters.FilterSet):
    organization = SubtreeFilter(path_field="session__organization__path")
    year = YearFilter(field_name="session__date", lookup_expr="year")
    session = IdFilter()
    person = IdFilter()

    class Meta:
        model = Reflection
        fields = ["organization", "year", "session", "person"]


class ReflectionViewSet(
    HistoryMixin, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Reflection essays. POST records (or updates) one attendee's essay: JSON or multipart."""

    queryset = Reflection.objects.all()
    serializer_class = ReflectionSerializer
    filterset_class = ReflectionFilter
    select_related = ("person", "session")
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        session = data.pop("session")
        if not StudySession.objects.visible_to(self.request.user).filter(pk=session.pk).exists():
            raise Http404
        serializer.instance = study_services.record_reflection(
            user=self.request.user, session=session, **data
        )

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        """The uploaded essay, to those who may read it."""
        reflection = self.get_object()
        if not reflection.file:
            raise Http404
        return FileResponse(
            reflection.file.open("rb"),
            as_attachment=True,
            filename=f"bai-thu-hoach-{reflection.pk}{_suffix(reflection.file)}",
        )


def _suffix(field) -> str:
    name = field.name or ""
    return name[name.rfind(".") :] if "." in name else ""


class MeetingFilter(YearSubtreeFilter):
    class Meta:
        model = Meeting
        fields = ["organization", "year", "kind", "directive05"]


ROLL_FIELDS = (
    "roll_members", "roll_exempt", "roll_present", "roll_absent_excused", "roll_absent_unexcused",
)  # fmt: skip


class MeetingViewSet(HistoryMixin, ScopedViewSetMixin, viewsets.ModelViewSet):
    """Party-cell meetings: ``organization`` (a cell), ``date``, ``kind``, ``directive05``,
    ``attendance: [{person, present, absence_reason, exempt}]``, the monthly record
    (``dues_collected``, ``dues_amount``, ``next_month_tasks``) and the ``roll`` counted from the
    attendance (read only); JSON, or multipart with a minutes file."""

    # The roll is counted for the page's meetings only (one query), not for every meeting the
    # paginator counts: over a province's meetings the annotation made each list take seconds.
    queryset = Meeting.objects.all()
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    prefetch_related = (attendance_with_names(MeetingAttendance, "meeting_id", "exempt"),)
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is None:
            return page
        with_roll = Meeting.objects.with_roll().in_bulk([meeting.pk for meeting in page])
        for meeting in page:
            counted = with_roll[meeting.pk]
            for name in ROLL_FIELDS:
                setattr(meeting, name, getattr(counted, name))
        return page

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        attendance = _attendance(data.pop("attendance", []))
        serializer.instance = meeting_services.record_meeting(
            user=self.request.user, attendance=attendance, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "organization" in data and data.pop("organization") != serializer.instance.organization:
            raise serializers.ValidationError(
                {"organization": [_("A meeting cannot move to another cell.")]}
            )
        attendance = _attendance(data.pop("attendance", None))
        serializer.instance = meeting_services.update_meeting(
            user=self.request.user,
            meeting=serializer.instance,
            attendance=attendance,
            version=self.expected_version,
            **data,
        )

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="minutes-file")
    def minutes_file(self, request, pk=None):
        meeting = self.get_object()
        if not meeting.minutes_file:
            raise Http404
        return FileResponse(
            meeting.minutes_file.open("rb"),
            as_attachment=True,
            filename=f"bien-ban-{meeting.date:%Y-%m-%d}{_suffix(meeting.minutes_file)}",
        )


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The user's own notifications (reminders); ``read`` marks one as read."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return Notification.objects.filter(user=self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return Response(self.get_serializer(notification).data)
