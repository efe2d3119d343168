"""API of the registers behind the report's closing figures: models and exemplars, awards,
community activities, dialogue conferences, petitions, socio-economic targets and new-rural
criteria. Thin over the services of ``recognition``, ``activities``, ``dialogues`` and
``indicators``; every queryset starts from the scope rule."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from ct05.activities import services as activity_services
from ct05.activities.models import Activity, ActivityOutput, OutputUnit, Programme
from ct05.core.evidence import Evidence
from ct05.core.uploads import upload_help_text_lazy
from ct05.dialogues import services as dialogue_services
from ct05.dialogues.models import (
    OPEN_STATUSES,
    Dialogue,
    Petition,
    PetitionSource,
    PetitionStatus,
    overdue_on,
)
from ct05.indicators import services as indicator_services
from ct05.indicators.models import Direction, RuralCriteriaResult, RuralCriterion, Target
from ct05.organizations.models import Locality, Organization
from ct05.people.models import Person
from ct05.recognition import services as recognition_services
from ct05.recognition.models import (
    Award,
    AwardForm,
    AwardIssuer,
    Exemplar,
    ExemplarStatus,
    ExemplarType,
)

from .base import IdFilter, RegisterViewSet, SubtreeFilter, YearFilter
from .serializers import CodeField


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    caption = serializers.CharField()
    photo = serializers.BooleanField()
    file_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    def _url(self, obj: Evidence, kind: str) -> str:
        return reverse("evidence-file", args=[self.context["register"], obj.pk, kind])

    def get_file_url(self, obj) -> str:
        return self._url(obj, "file")

    def get_thumbnail_url(self, obj) -> str | None:
        return self._url(obj, "thumbnail") if obj.thumbnail else None


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=upload_help_text_lazy())
    caption = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class EvidenceMixin:
    """``POST <resource>/<id>/evidence/`` (multipart: ``file``, ``caption``) attaches a checked
    file; photos get a thumbnail. The record lists its evidence with links to the files."""

    register: str = ""
    add_evidence = None  # the service: (user, record, upload, caption)

    @extend_schema(request=EvidenceUploadSerializer, responses=EvidenceSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        record = self.get_object()
        upload = EvidenceUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        row = type(self).add_evidence(
            request.user,
            record,
            upload.validated_data["file"],
            upload.validated_data.get("caption", ""),
        )
        return Response(
            EvidenceSerializer(row, context={"register": self.register}).data, status=201
        )


class PersonField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Person.objects.all())
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)


def _organization_field():
    return serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())


# -- models and exemplars -------------------------------------------------------------------------


class ExemplarSerializer(serializers.ModelSerializer):
    type = CodeField(slug_field="code", queryset=ExemplarType.objects.all())
    type_name = serializers.CharField(source="type.name", read_only=True)
    organization = _organization_field()
    person = PersonField()
    holder = serializers.CharField(read_only=True)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = Exemplar
        fields = [
            "id", "type", "type_name", "name", "organization", "holder_kind", "person",
            "holder_name", "holder", "field", "status", "registered_on", "building_since",
            "recognized_on", "dropped_on", "description", "evidence",
        ]  # fmt: skip
        read_only_fields = ["status", "building_since", "recognized_on", "dropped_on"]

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, obj):
        return EvidenceSerializer(
            obj.evidence.all(), many=True, context={"register": "models"}
        ).data


class ExemplarStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ExemplarStatus.choices)
    date = serializers.DateField(required=False, allow_null=True)


class ExemplarFilter(django_filters.FilterSet):
    organization = SubtreeFilter()
    year = YearFilter(field_name="registered_on", lookup_expr="year")
    type = django_filters.CharFilter(field_name="type__code")
    person = IdFilter()

    class Meta:
        model = Exemplar
        fields = ["organization", "year", "type", "status", "holder_kind", "person"]


class ExemplarViewSet(EvidenceMixin, RegisterViewSet):
    """Models and exemplars: ``type`` (code of the list), ``holder_kind`` collective or
    individual (then ``person``); ``status`` moves on with the ``status`` action."""

    queryset = Exemplar.objects.all()
    serializer_class = ExemplarSerializer
    filterset_class = ExemplarFilter
    select_related = ("type", "organization", "person")
    prefetch_related = ("evidence",)
    register = "models"
    create_service = staticmethod(recognition_services.register_exemplar)
    update_service = staticmethod(recognition_services.update_exemplar)
    record_name = "exemplar"
    fixed_message = _("A model cannot move to another organization.")

    @staticmethod
    def add_evidence(user, record, upload, caption):
        return recognition_services.add_exemplar_evidence(
            user=user, exemplar=record, upload=upload, caption=caption
        )

    @extend_schema(request=ExemplarStatusSerializer, responses=ExemplarSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        exemplar = self.get_object()
        step = ExemplarStatusSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        exemplar = recognition_services.set_exemplar_status(
            user=request.user, exemplar=exemplar, **step.validated_data
        )
        return self._tagged(Response(self.get_serializer(exemplar).data), exemplar)


# -- awards ----------------------------------------------------------------------------------------


class AwardSerializer(serializers.ModelSerializer):
    form = CodeField(slug_field="code", queryset=AwardForm.objects.all())
    form_name = serializers.CharField(source="form.name", read_only=True)
    issuer = CodeField(slug_field="code", queryset=AwardIssuer.objects.all())
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    issuer_level = serializers.CharField(source="issuer.level", read_only=True)
    organization = _organization_field()
    person = PersonField()
    recipient = serializers.CharField(read_only=True)
    exemplar = serializers.PrimaryKeyRelatedField(
        queryset=Exemplar.objects.all(), required=False, allow_null=True
    )
    activity = serializers.PrimaryKeyRelatedField(
        queryset=Activity.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Award
        fields = [
            "id", "form", "form_name", "issuer", "issuer_name", "issuer_level",
            "decision_number", "decision_date", "organization", "recipient_kind", "person",
            "recipient_name", "recipient", "reason", "exemplar", "activity",
        ]  # fmt: skip


class AwardFilter(django_filters.FilterSet):
    organization = SubtreeFilter()
    year = YearFilter(field_name="decision_date", lookup_expr="year")
    form = django_filters.CharFilter(field_name="form__code")
    issuer_level = django_filters.ChoiceFilter(
        field_name="issuer__level", choices=AwardIssuer._meta.get_field("level").choices
    )
    person = IdFilter()

    class Meta:
        model = Award
        fields = ["organization", "year", "form", "issuer_level", "recipient_kind", "person"]


class AwardViewSet(RegisterViewSet):
    """Awards ("khen thưởng"): ``form`` and ``issuer`` by code, the decision's number and date,
    a collective or a person (who must be in the user's scope and the organization's subtree)."""

    queryset = Award.objects.all()
    serializer_class = AwardSerializer
    filterset_class = AwardFilter
    select_related = ("form", "issuer", "organization", "person")
    create_service = staticmethod(recognition_services.record_award)
    update_service = staticmethod(recognition_services.update_award)
    record_name = "award"
    fixed_message = _("An award cannot move to another organization.")


# -- community activities --------------------------------------------------------------------------


class OutputSerializer(serializers.Serializer):
    unit = CodeField(slug_field="code", queryset=OutputUnit.objects.all())
    quantity = serializers.DecimalField(
        max_digits=18, decimal_places=3, min_value=0, coerce_to_string=False
    )

    def to_representation(self, instance):
        if isinstance(instance, ActivityOutput):
            return {"unit": instance.unit.code, "quantity": instance.quantity.normalize()}
        return super().to_representation(instance)


class ActivitySerializer(serializers.ModelSerializer):
    programme = CodeField(slug_field="code", queryset=Programme.objects.all())
    programme_name = serializers.CharField(source="programme.name", read_only=True)
    organization = _organization_field()
    village = serializers.PrimaryKeyRelatedField(
        queryset=Locality.objects.all(), required=False, allow_null=True
    )
    village_name = serializers.CharField(source="village.name", read_only=True, default=None)
    outputs = OutputSerializer(many=True, required=False)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id", "programme", "programme_name", "organization", "date", "village",
            "village_name", "cadre_turns", "resident_turns", "description", "outputs",
            "evidence",
        ]  # fmt: skip
        extra_kwargs = {
            "cadre_turns": {"max_value": 1_000_000},
            "resident_turns": {"max_value": 1_000_000},
        }

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, obj):
        return EvidenceSerializer(
            obj.evidence.all(), many=True, context={"register": "activities"}
        ).data


class ActivityFilter(django_filters.FilterSet):
    organization = SubtreeFilter()
    year = YearFilter(field_name="date", lookup_expr="year")
    programme = django_filters.CharFilter(field_name="programme__code")

    class Meta:
        model = Activity
        fields = ["organization", "year", "programme"]


def _outputs(rows):
    return None if rows is None else [dict(row) for row in rows]


class ActivityViewSet(EvidenceMixin, RegisterViewSet):
    """Community activities: ``{programme, organization, date, village, cadre_turns,
    resident_turns, description, outputs: [{unit, quantity}]}``, units and programmes by code."""

    queryset = Activity.objects.all()
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    select_related = ("programme", "village")
    prefetch_related = ("outputs__unit", "evidence")
    register = "activities"
    create_service = staticmethod(activity_services.record_activity)
    update_service = staticmethod(activity_services.update_activity)
    record_name = "activity"
    fixed_message = _("An activity cannot move to another organization.")

    @staticmethod
    def add_evidence(user, record, upload, caption):
        return activity_services.add_evidence(
            user=user, activity=record, upload=upload, caption=caption
        )

    def creating(self, data: dict) -> dict:
        return {**data, "outputs": _outputs(data.pop("outputs", []))}

    def updating(self, data: dict) -> dict:
        return {**data, "outputs": _outputs(data.pop("outputs", None))}


# -- dialogues and petitions -----------------------------------------------------------------------


class DialogueSerializer(serializers.ModelSerializer):
    organization = _organization_field()
    petitions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Dialogue
        fields = [
            "id", "organization", "date", "chair", "participants", "subject", "notes",
            "petitions",
        ]  # fmt: skip
        extra_kwargs = {"participants": {"max_value": 1_000_000}}


class DialogueFilter(django_filters.FilterSet):
    organization = SubtreeFilter()
    year = YearFilter(field_name="date", lookup_expr="year")

    class Meta:
        model = Dialogue
        fields = ["organization", "year"]


class DialogueViewSet(RegisterViewSet):
    """Dialogue conferences with citizens; the petitions raised at them are in /api/petitions/."""

    queryset = Dialogue.objects.all()
    serializer_class = DialogueSerializer
    filterset_class = DialogueFilter
    prefetch_related = ("petitions",)
    create_service = staticmethod(dialogue_services.record_dialogue)
    update_service = staticmethod(dialogue_services.update_dialogue)
    record_name = "dialogue"
    fixed_message = _("A conference cannot move to another organization.")


class PetitionSerializer(serializers.ModelSerializer):
    organization = _organization_field()
    assigned_organization = _organization_field()
    dialogue = serializers.PrimaryKeyRelatedField(
        queryset=Dialogue.objects.all(), required=False, allow_null=True
    )
    source = serializers.ChoiceField(choices=PetitionSource.choices)
    status = serializers.ChoiceField(choices=PetitionStatus.choices, required=False)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = [
            "id", "organization", "source", "dialogue", "received_on", "petitioner", "content",
            "assigned_organization", "deadline", "status", "response", "closed_on", "overdue",
        ]  # fmt: skip

    def get_overdue(self, obj) -> bool:
        return obj.overdue_on(timezone.localdate())


class PetitionFilter(django_filters.FilterSet):
    organization = SubtreeFilter(method="filter_either")
    year = YearFilter(field_name="received_on", lookup_expr="year")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue today"))

    class Meta:
        model = Petition
        fields = ["organization", "year", "status", "source", "overdue"]

    def filter_either(self, queryset, name, value):
        """Received in the subtree, or assigned to an organization in it."""
        if not value:
            return queryset
        return queryset.filter(organization__path__startswith=value.path) | queryset.filter(
            assigned_organization__path__startswith=value.path
        )

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        today = overdue_on(timezone.localdate()) & Q(status__in=OPEN_STATUSES)
        return queryset.filter(today) if value else queryset.exclude(today)


class PetitionViewSet(RegisterViewSet):
    """Petitions: received by ``organization``, assigned to ``assigned_organization`` with a
    ``deadline``; PATCH ``status`` (in_progress, resolved, rejected) with a ``response``."""

    queryset = Petition.objects.all()
    serializer_class = PetitionSerializer
    filterset_class = PetitionFilter
    select_related = ("organization", "assigned_organization")
    create_service = staticmethod(dialogue_services.record_petition)
    update_service = staticmethod(dialogue_services.update_petition)
    record_name = "petition"
    fixed_message = _("A petition stays with the organization that received it.")

    def creating(self, data: dict) -> dict:
        for name in ("status", "response", "closed_on"):
            if data.pop(name, None) not in (None, "", PetitionStatus.RECEIVED):
                raise serializers.ValidationError(
                    {name: [_("A new petition is received; answer it afterwards.")]}
                )
        return data


# -- indicators ------------------------------------------------------------------------------------


class TargetSerializer(serializers.ModelSerializer):
    organization = _organization_field()
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    achieved = serializers.BooleanField(read_only=True)
    target = serializers.DecimalField(max_digits=18, decimal_places=3, coerce_to_string=False)
    actual = serializers.DecimalField(
        max_digits=18, decimal_places=3, coerce_to_string=False, required=False, allow_null=True
    )

    class Meta:
        model = Target
        fields = [
            "id", "organization", "year", "name", "unit", "direction", "target", "actual",
            "achieved",
        ]  # fmt: skip
        validators: list = []


class TargetFilter(django_filters.FilterSet):
    organization = SubtreeFilter()
    year = YearFilter()

    class Meta:
        model = Target
        fields = ["organization", "year", "direction"]


class TargetViewSet(RegisterViewSet):
    """Socio-economic targets: ``direction`` at_least (reach it) or at_most (stay below, like
    the poverty rate); ``achieved`` when ``actual`` meets ``target`` that way."""

    queryset = Target.objects.all()
    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    create_service = staticmethod(indicator_services.set_target)
    update_service = staticmethod(indicator_services.update_target)
    record_name = "target"
    fixed_message = _("A target cannot move to another organization.")


class RuralCriteriaSerializer(serializers.ModelSerializer):
    organization = _organization_field()
    met = serializers.SlugRelatedField(
        slug_field="number", many=True, queryset=RuralCriterion.objects.all()
    )
    total = serializers.SerializerMethodField()

    class Meta:
        model = RuralCriteriaResult
        fields = ["id", "organization", "year", "met", "met_count", "total"]
        read_only_fields = ["met_count"]
        validators: list = []

    def get_total(self, obj) -> int:
        # Counted once a response (``setdefault`` would count again for every row).
        if "criteria_total" not in self.context:
            self.context["criteria_total"] = RuralCriterion.objects.filter(active=True).count()
        return self.context["criteria_total"]


class RuralCriteriaFilter(django_filters.FilterSet):
    organization = SubtreeFilter()
    year = YearFilter()

    class Meta:
        model = RuralCriteriaResult
        fields = ["organization", "year"]


class RuralCriteriaViewSet(RegisterViewSet):
    """The national new-rural criteria a commune met in a year: ``met`` lists their numbers
    (1-19). POST records or replaces the commune's year."""

    queryset = RuralCriteriaResult.objects.all()
    serializer_class = RuralCriteriaSerializer
    filterset_class = RuralCriteriaFilter
    prefetch_related = ("met",)
    create_service = staticmethod(indicator_services.record_rural_criteria)

    def perform_update(self, serializer):
        instance = serializer.instance
        data = serializer.validated_data
        if (
            data.get("organization", instance.organization) != instance.organization
            or data.get("year", instance.year) != instance.year
        ):
            raise serializers.ValidationError(
                {"non_field_errors": [_("Only the criteria met can be changed.")]}
            )
        serializer.instance = indicator_services.record_rural_criteria(
            user=self.request.user,
            organization=instance.organization,
            year=instance.year,
            met=data.get("met", list(instance.met.all())),
            version=self.expected_version,
        )
