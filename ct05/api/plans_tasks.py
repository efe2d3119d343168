"""API of collective plans, codes of ethical standards, terms, tasks with their assessments, and
inspections. Thin over the services of ``plans``, ``tasks`` and ``inspections``."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from ct05.core.models import NOTE_LENGTH
from ct05.core.params import MAX_ID
from ct05.inspections import services as inspection_services
from ct05.inspections.models import Inspection, Remediation, RemediationStatus
from ct05.organizations.models import Organization
from ct05.plans import services as plan_services
from ct05.plans.models import CollectivePlan, EthicsCode, IssueStatus
from ct05.tasks import services as task_services
from ct05.tasks.models import (
    AssessmentStatus,
    Category,
    PeriodKind,
    Task,
    TaskAssessment,
    TaskStatus,
    Term,
)

from .base import IdFilter, RegisterViewSet, ScopedViewSetMixin, SubtreeFilter, YearFilter

ORGANIZATIONS = Organization.objects.all()

# -- plans and ethics codes ---------------------------------------------------------------------


class PressingIssueSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    title = serializers.CharField(max_length=300)
    target = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_LENGTH)
    owner = serializers.CharField(required=False, allow_blank=True, max_length=200)
    status = serializers.ChoiceField(choices=IssueStatus.choices, default=IssueStatus.OPEN)
    result = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_LENGTH)


class CollectivePlanSerializer(serializers.ModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=ORGANIZATIONS)
    issues = PressingIssueSerializer(many=True, required=False)

    class Meta:
        model = CollectivePlan
        fields = ["id", "organization", "year", "title", "content", "adopted_on", "issues"]
        validators: list = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["issues"] = PressingIssueSerializer(instance.issues.all(), many=True).data
        return data


class PlanFilter(django_filters.FilterSet):
    organization = SubtreeFilter()
    year = YearFilter()

    class Meta:
        model = CollectivePlan
        fields = ["organization", "year"]


class CollectivePlanViewSet(RegisterViewSet):
    """Collective plans ("kế hoạch làm theo Bác của tập thể"), one per organization and year,
    with their pressing issues nested: ``issues: [{id?, title, target, owner, status}]`` (on a
    PATCH, an issue with ``id`` is updated, one without is added)."""

    queryset = CollectivePlan.objects.all()
    serializer_class = CollectivePlanSerializer
    filterset_class = PlanFilter
    select_related = ("organization",)
    prefetch_related = ("issues",)
    create_service = staticmethod(plan_services.create_plan)
    update_service = staticmethod(plan_services.update_plan)
    record_name = "plan"
    fixed = ("organization", "year")
    fixed_message = _("A plan keeps its organization and year.")

    def creating(self, data: dict) -> dict:
        return {**data, "issues": [dict(i) for i in data.get("issues", [])]}

    def updating(self, data: dict) -> dict:
        issues = data.pop("issues", None)
        return {**data, "issues": None if issues is None else [dict(i) for i in issues]}


class EthicsCodeSerializer(serializers.ModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=ORGANIZATIONS)

    class Meta:
        model = EthicsCode
        fields = ["id", "organization", "title", "content", "adopted_on", "last_reviewed_on"]


class EthicsCodeFilter(django_filters.FilterSet):
    organization = SubtreeFilter()
    year = YearFilter(field_name="adopted_on", lookup_expr="year")

    class Meta:
        model = EthicsCode
        fields = ["organization", "year"]


class EthicsCodeViewSet(RegisterViewSet):
    """Codes of ethical standards ("chuẩn mực đạo đức"), with adopted and last-reviewed dates;
    ``year`` filters by the year adopted."""

    queryset = EthicsCode.objects.all()
    serializer_class = EthicsCodeSerializer
    filterset_class = EthicsCodeFilter
    select_related = ("organization",)
    create_service = staticmethod(plan_services.create_ethics_code)
    update_service = staticmethod(plan_services.update_ethics_code)
    record_name = "code"
    fixed_message = _("A code keeps its organization.")


# -- terms and tasks ----------------------------------------------------------------------------


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "name", "start_year", "end_year"]


class TermViewSet(viewsets.ReadOnlyModelViewSet):
    """Party terms ("nhiệm kỳ"): a reference list, the same for everyone."""

    queryset = Term.objects.all()
    serializer_class = TermSerializer
    pagination_class = None


class TaskSerializer(serializers.ModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=ORGANIZATIONS)
    committee = serializers.PrimaryKeyRelatedField(
        queryset=ORGANIZATIONS,
        required=False,
        help_text=_("the owning committee; default: the user's own above the organization"),
    )
    category = serializers.ChoiceField(choices=Category.choices)
    term = serializers.PrimaryKeyRelatedField(
        queryset=Term.objects.all(), required=False, allow_null=True
    )
    year = serializers.IntegerField(required=False, allow_null=True, min_value=1900, max_value=2100)
    head_name = serializers.CharField(source="head.full_name", read_only=True, default=None)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Task
        fields = [
            "id", "title", "description", "category", "committee", "organization", "head",
            "head_name", "term", "year", "deadline", "status", "progress", "completed_on",
            "overdue", "batch",
        ]  # fmt: skip
        read_only_fields = ["head", "status", "progress", "completed_on", "batch"]


class AssignSerializer(TaskSerializer):
    organization = None
    organizations = serializers.PrimaryKeyRelatedField(
        queryset=ORGANIZATIONS, many=True, help_text=_("every unit gets its own copy")
    )

    class Meta(TaskSerializer.Meta):
        fields = [f for f in TaskSerializer.Meta.fields if f != "organization"] + ["organizations"]


class TaskFilter(django_filters.FilterSet):
    organization = SubtreeFilter()
    year = YearFilter(method="filter_year", help_text=_("tasks of the year and of its term"))
    category = django_filters.ChoiceFilter(choices=Category.choices)
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    committee = SubtreeFilter(path_field="committee__path", label=_("owning committee"))

    class Meta:
        model = Task
        fields = ["organization", "year", "category", "status", "overdue", "committee"]

    def filter_year(self, queryset, name, value):
        return queryset if value is None else queryset.in_year(int(value))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class TaskViewSet(RegisterViewSet):
    """Breakthrough contents and tasks, each one unit's. Created with at least ``{title,
    category, organization, year, deadline}`` (or ``term`` instead of ``year``); ``POST
    /api/tasks/assign/`` with ``organizations: [..]`` gives one copy to each unit at once.
    Status and progress follow the latest assessment (``/api/task-assessments/``)."""

    queryset = Task.objects.all()
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    select_related = ("organization", "committee", "head", "term")
    update_service = staticmethod(task_services.update_task)
    record_name = "task"
    fixed = ("organization", "committee", "term", "year")
    fixed_message = _("Assign a new task instead of moving this one.")

    @staticmethod
    def create_service(*, organization, **data):
        return task_services.assign_task(organizations=[organization], **data)[0]

    @extend_schema(request=AssignSerializer, responses=TaskSerializer(many=True))
    @action(detail=False, methods=["post"])
    def assign(self, request):
        serializer = AssignSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        tasks = task_services.assign_task(user=request.user, **data)
        return Response(
            TaskSerializer(tasks, many=True, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class TaskField(serializers.PrimaryKeyRelatedField):
    """A task by its id. One that does not exist answers 404 as one outside the user's scope
    does, so that no answer tells whether a task exists elsewhere in the tree."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            if error.get_codes() == ["does_not_exist"]:
                raise NotFound from None
            raise


class TaskAssessmentSerializer(serializers.ModelSerializer):
    task = TaskField(queryset=Task.objects.all())
    year = serializers.IntegerField(min_value=1900, max_value=2100)
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices)
    period = serializers.IntegerField(
        min_value=0, max_value=12, help_text=_("1–12 (month), 1–4 (quarter), or 0 (the year)")
    )
    progress = serializers.IntegerField(min_value=0, max_value=100)
    status = serializers.ChoiceField(choices=AssessmentStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_LENGTH)
    assessed_by = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = TaskAssessment
        fields = [
            "id", "task", "year", "period_kind", "period", "period_end", "progress", "status",
            "note", "assessed_by", "created_at",
        ]  # fmt: skip
        read_only_fields = ["period_end", "created_at"]
        validators: list = []


class TaskAssessmentFilter(django_filters.FilterSet):
    organization = SubtreeFilter(path_field="task__organization__path")
    year = YearFilter()
    task = IdFilter(field_name="task_id")
    category = django_filters.ChoiceFilter(field_name="task__category", choices=Category.choices)

    class Meta:
        model = TaskAssessment
        fields = ["organization", "year", "task", "category"]


class TaskAssessmentViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Periodic assessments: ``{task, year, period_kind: month|quarter|year, period (1–12, 1–4,
    or 0 for the year), progress (0–100), status, note}``. The task follows its latest one."""

    queryset = TaskAssessment.objects.all()
    serializer_class = TaskAssessmentSerializer
    filterset_class = TaskAssessmentFilter
    select_related = ("task",)

    def perform_create(self, serializer):
        serializer.instance = task_services.assess_task(
            user=self.request.user, **serializer.validated_data
        )


# -- inspections --------------------------------------------------------------------------------


class FindingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(max_length=NOTE_LENGTH)


class RemediationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    action = serializers.CharField(max_length=NOTE_LENGTH)
    deadline = serializers.DateField()
    owner = serializers.CharField(required=False, allow_blank=True, max_length=200)
    status = serializers.ChoiceField(choices=RemediationStatus.choices, read_only=True)
    done_on = serializers.DateField(read_only=True)
    note = serializers.CharField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)


class InspectionSerializer(serializers.ModelSerializer):
    inspecting_body = serializers.PrimaryKeyRelatedField(queryset=ORGANIZATIONS)
    organization = serializers.PrimaryKeyRelatedField(queryset=ORGANIZATIONS)
    findings = FindingSerializer(many=True, required=False)
    remediations = RemediationSerializer(many=True, required=False)

    class Meta:
        model = Inspection
        fields = [
            "id", "inspecting_body", "organization", "start_date", "end_date", "subject",
            "conclusion", "findings", "remediations",
        ]  # fmt: skip


class RemediateSerializer(serializers.Serializer):
    remediation = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    status = serializers.ChoiceField(choices=RemediationStatus.choices)
    done_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_LENGTH)


class InspectionFilter(django_filters.FilterSet):
    organization = SubtreeFilter()
    year = YearFilter(field_name="start_date", lookup_expr="year")
    inspecting_body = IdFilter(field_name="inspecting_body_id")
    overdue = django_filters.BooleanFilter(method="filter_overdue")

    class Meta:
        model = Inspection
        fields = ["organization", "year", "inspecting_body", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Remediation.objects.overdue().values("inspection_id")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)


class InspectionViewSet(RegisterViewSet):
    """Inspections ("kiểm tra, giám sát") with their findings and remediation items nested
    (given when the inspection is recorded). ``POST /api/inspections/<id>/remediate/`` with
    ``{remediation, status: open|done, done_on?, note?}`` reports an item remediated."""

    queryset = Inspection.objects.all()
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter
    select_related = ("organization", "inspecting_body")
    prefetch_related = ("findings", "remediations")
    create_service = staticmethod(inspection_services.record_inspection)
    update_service = staticmethod(inspection_services.update_inspection)
    record_name = "inspection"
    fixed = ("organization", "inspecting_body")
    fixed_message = _("Record a new inspection instead.")

    def creating(self, data: dict) -> dict:
        return {
            **data,
            "findings": [f["text"] for f in data.get("findings", [])],
            "remediations": [dict(r) for r in data.get("remediations", [])],
        }

    def updating(self, data: dict) -> dict:
        if data.pop("findings", None) or data.pop("remediations", None):
            raise serializers.ValidationError(
                {"findings": [_("Findings and remediation items are added on the page.")]}
            )
        return data

    @extend_schema(request=RemediateSerializer, responses=RemediationSerializer)
    @action(detail=True, methods=["post"])
    def remediate(self, request, pk=None):
        inspection = self.get_object()
        serializer = RemediateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        item = get_object_or_404(inspection.remediations.all(), pk=data.pop("remediation"))
        item = inspection_services.set_remediation_status(
            user=request.user, remediation=item, **data
        )
        return Response(RemediationSerializer(item).data)
