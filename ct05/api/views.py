"""The REST API. Thin: parse, call a service or selector, render."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ct05.commitments import services as commitment_services
from ct05.commitments.models import Commitment
from ct05.core.models import active_on
from ct05.core.roles import Action
from ct05.core.scope import user_scopes
from ct05.documents.content import Header, build_document
from ct05.organizations import services as org_services
from ct05.organizations.models import Organization
from ct05.people import services as people_services
from ct05.people.models import Membership, Person
from ct05.ratings import services as rating_services
from ct05.ratings.models import Rating
from ct05.reports.periods import Period, parse_period
from ct05.reports.selectors import directive05_by_year, directive05_report
from ct05.reports.trends import TREND_FIGURES

from . import serializers as s
from .base import HistoryMixin, IdFilter, ScopedViewSetMixin, SubtreeFilter, YearFilter
from .documents import FILE_FORMATS, RENDERER_CLASSES, report_file
from .report_schema import Directive05Report


class MeView(APIView):
    @extend_schema(responses=s.MeSerializer)
    def get(self, request):
        user = request.user
        names = dict(
            Organization.objects.filter(
                pk__in=[sc.organization_id for sc in user_scopes(user)]
            ).values_list("pk", "name")
        )
        data = {
            "username": user.username,
            "full_name": user.get_full_name()
            or (str(user.person) if user.person_id else user.username),
            "person": user.person_id,
            "is_superuser": user.is_superuser,
            "scopes": [
                {
                    "organization": sc.organization_id,
                    "organization_name": names.get(sc.organization_id, ""),
                    "role": sc.role,
                }
                for sc in user_scopes(user)
            ],
        }
        return Response(s.MeSerializer(data).data)


class OrganizationFilter(django_filters.FilterSet):
    organization = SubtreeFilter(path_field="path")
    kind = django_filters.CharFilter()
    active = django_filters.BooleanFilter(method="filter_active", label=_("active today"))

    class Meta:
        model = Organization
        fields = ["organization", "kind", "active"]

    def filter_active(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        return queryset.filter(active_on(today)) if value else queryset.exclude(active_on(today))


class OrganizationViewSet(
    HistoryMixin, ScopedViewSetMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """The organizations of the user's subtrees. Settings (minimum deeds, cap) may be changed."""

    queryset = Organization.objects.all()
    serializer_class = s.OrganizationSerializer
    filterset_class = OrganizationFilter
    http_method_names = ["get", "patch", "head", "options"]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "list":
            context["parents"] = None  # filled per page in list()
        return context

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        parent_paths = {o.path[: -o.steplen] for o in rows if o.depth > 1}
        parents = dict(Organization.objects.filter(path__in=parent_paths).values_list("path", "pk"))
        serializer = self.get_serializer(
            rows, many=True, context={**self.get_serializer_context(), "parents": parents}
        )
        if page is not None:
            return self.get_paginated_response(serializer.data)
        return Response(serializer.data)

    def perform_update(self, serializer):
        values = {
            k: v for k, v in serializer.validated_data.items() if k in org_services.SETTING_FIELDS
        }
        if set(serializer.validated_data) - set(values):
            raise ValidationError(
                {"non_field_errors": [_("Only an organization's settings can be changed here.")]}
            )
        serializer.instance = org_services.update_settings(
            user=self.request.user,
            organization=serializer.instance,
            version=self.expected_version,
            **values,
        )


class PersonFilter(django_filters.FilterSet):
    organization = SubtreeFilter(method="filter_members")
    q = django_filters.CharFilter(method="filter_search", label=_("search (diacritics ignored)"))
    kind = django_filters.CharFilter(field_name="kinds__code", label=_("kind"))

    class Meta:
        model = Person
        fields = ["organization", "q", "kind"]

    def filter_members(self, queryset, name, value):
        if not value:
            return queryset
        orgs = Organization.objects.filter(path__startswith=value.path)
        return queryset.members_of(orgs)

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class PersonViewSet(HistoryMixin, ScopedViewSetMixin, viewsets.ModelViewSet):
    """People of the user's subtrees, sorted the Vietnamese way. Nobody is deleted here."""

    queryset = Person.objects.all()
    serializer_class = s.PersonSerializer
    filterset_class = PersonFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        today = timezone.localdate()
        current = Membership.objects.filter(active_on(today)).order_by("-valid_from")
        queryset = super().get_queryset().select_related("ethnic_group").vietnamese_order()
        if self.action == "list":
            # A page of a list is written without model instances for the memberships and
            # kinds (``PersonSerializer.to_representation``): the current organization comes
            # with each row, the page's kinds in one query (``paginate_queryset``).
            return queryset.annotate(
                listed_organization=Subquery(
                    current.filter(person=OuterRef("pk")).values("organization_id")[:1]
                )
            )
        return queryset.prefetch_related(
            "kinds", Prefetch("memberships", current, to_attr="current_memberships")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":
            kinds = {person.pk: [] for person in page}
            rows = (
                Person.kinds.through.objects.filter(person_id__in=kinds)
                .order_by("personkind__order", "personkind_id")
                .values_list("person_id", "personkind__code")
            )
            for person_id, code in rows:
                kinds[person_id].append(code)
            for person in page:
                person.listed_kinds = kinds[person.pk]
        return page

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organization = data.pop("organization")
        kinds = [k.code for k in data.pop("kinds", [])]
        serializer.instance = people_services.create_person(
            user=self.request.user, organization=organization, kinds=kinds, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "kinds" in data:
            data["kinds"] = [k.code for k in data["kinds"]]
        day = data.pop("valid_from", None)
        serializer.instance = people_services.update_person(
            user=self.request.user,
            person=serializer.instance,
            day=day,
            version=self.expected_version,
            **data,
        )
        serializer.instance.__dict__.pop("current_memberships", None)  # prefetched before


class CommitmentFilter(django_filters.FilterSet):
    organization = SubtreeFilter()
    year = YearFilter()
    person = IdFilter()
    status = django_filters.CharFilter()

    class Meta:
        model = Commitment
        fields = ["organization", "year", "person", "status"]


class CommitmentViewSet(HistoryMixin, ScopedViewSetMixin, viewsets.ModelViewSet):
    """Commitments with their deeds. Create with ``person``, ``year`` and ``deeds: [{title}]``."""

    queryset = Commitment.objects.all()
    serializer_class = s.CommitmentSerializer
    filterset_class = CommitmentFilter
    select_related = ("person",)
    prefetch_related = ("deeds",)
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = commitment_services.create_commitment(
            user=self.request.user,
            person=data["person"],
            year=data["year"],
            pledge=data.get("pledge", ""),
            deeds=[dict(d) for d in data["deeds"]],
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        commitment = serializer.instance
        if "person" in data and data["person"].pk != commitment.person_id:
            raise ValidationError({"person": [_("The person of a commitment cannot change.")]})
        if "year" in data and data["year"] != commitment.year:
            raise ValidationError({"year": [_("The year of a commitment cannot change.")]})
        serializer.instance = commitment_services.update_commitment(
            user=self.request.user,
            commitment=commitment,
            pledge=data.get("pledge"),
            self_assessment=data.get("self_assessment"),
            deeds=[dict(d) for d in data["deeds"]] if "deeds" in data else None,
            version=self.expected_version,
        )

    def _fresh(self, commitment):
        return Response(self.get_serializer(self.get_queryset().get(pk=commitment.pk)).data)

    @extend_schema(request=s.ReviewSerializer, responses=s.CommitmentSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """The secretary approves (``approve: true``) or returns it with a note."""
        body = s.ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        commitment = commitment_services.review_commitment(
            user=request.user, commitment=self.get_object(), **body.validated_data
        )
        return self._fresh(commitment)

    @extend_schema(request=s.EvaluateSerializer, responses=s.CommitmentSerializer)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        """Year-end evaluation of each deed: achieved, partly, not_achieved."""
        body = s.EvaluateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        evaluations = {d["id"]: d["evaluation"] for d in body.validated_data["deeds"]}
        commitment = commitment_services.evaluate_deeds(
            user=request.user, commitment=self.get_object(), evaluations=evaluations
        )
        return self._fresh(commitment)

    @extend_schema(request=s.EvaluateSerializer, responses=s.CommitmentSerializer)
    @action(detail=True, methods=["post"], url_path="self-evaluate")
    def self_evaluate(self, request, pk=None):
        body = s.EvaluateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        evaluations = {d["id"]: d["evaluation"] for d in body.validated_data["deeds"]}
        commitment = commitment_services.self_evaluate_deeds(
            user=request.user, commitment=self.get_object(), evaluations=evaluations
        )
        return self._fresh(commitment)

    @extend_schema(request=s.ProgressNoteSerializer, responses=s.ProgressNoteSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """A progress note on one of this commitment's deeds."""
        commitment = self.get_object()
        body = s.ProgressNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        deed = body.validated_data["deed"]
        if deed.commitment_id != commitment.pk:
            raise ValidationError({"deed": [_("This deed does not belong to this commitment.")]})
        note = commitment_services.add_progress_note(
            user=request.user,
            deed=deed,
            date=body.validated_data["date"],
            text=body.validated_data["text"],
        )
        return Response(s.ProgressNoteSerializer(note).data, status=status.HTTP_201_CREATED)


class RatingFilter(django_filters.FilterSet):
    organization = SubtreeFilter()
    year = YearFilter()
    period_kind = django_filters.CharFilter()
    status = django_filters.CharFilter()
    person = IdFilter()
    subject = django_filters.ChoiceFilter(
        choices=[("person", "person"), ("organization", "organization")], method="filter_subject"
    )

    class Meta:
        model = Rating
        fields = ["organization", "year", "period_kind", "status", "person"]

    def filter_subject(self, queryset, name, value):
        return queryset.filter(person__isnull=(value == "organization"))


class RatingViewSet(
    HistoryMixin, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Ratings. POST starts or redoes a self-assessment; then ``propose``, ``decide``, ``reopen``."""

    queryset = Rating.objects.all()
    serializer_class = s.RatingSerializer
    filterset_class = RatingFilter
    select_related = ("person", "subject_organization", "scheme")
    prefetch_related = ("changes__by__person", "scheme__thresholds")

    @extend_schema(request=s.SelfAssessSerializer, responses=s.RatingSerializer)
    def create(self, request, *args, **kwargs):
        body = s.SelfAssessSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        extra = body.service_arguments(data)
        rating = rating_services.self_assess(
            user=request.user,
            person=data.pop("person", None),
            organization=data.pop("subject_organization", None),
            scores={k: str(v) for k, v in data.pop("scores", {}).items()} or None,
            **extra,
            **data,
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=rating.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def _step(self, request, service):
        body = s.RatingStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        if "scores" in data:
            data["scores"] = {k: str(v) for k, v in data["scores"].items()}
        data.update(body.service_arguments(data))
        result = service(user=request.user, rating=self.get_object(), **data)
        rating, warnings = result if isinstance(result, tuple) else (result, [])
        payload = self.get_serializer(self.get_queryset().get(pk=rating.pk)).data
        payload["warnings"] = warnings
        return Response(payload)

    @extend_schema(request=s.RatingStepSerializer, responses=s.RatingSerializer)
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        return self._step(request, rating_services.propose)

    @extend_schema(request=s.RatingStepSerializer, responses=s.RatingSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Decide and lock. ``warnings`` lists a cap exceeded under "warn" enforcement."""
        return self._step(request, rating_services.decide)

    @extend_schema(request=s.RatingStepSerializer, responses=s.RatingSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        body = s.RatingStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rating = rating_services.reopen(
            user=request.user, rating=self.get_object(), note=body.validated_data.get("note", "")
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=rating.pk)).data)


class ReportQuerySerializer(serializers.Serializer):
    organization = serializers.IntegerField(required=False)
    tree = serializers.ChoiceField(
        choices=[("as_was", "as_was"), ("today", "today")], required=False, default="as_was"
    )


def report_arguments(request) -> tuple[Organization, Period, str]:
    """The report's organization (default: the user's first scope), period (default: this
    year; see ``ct05.reports.periods.parse_period``) and tree. A bad period is a 400 naming the
    parameter."""
    query = ReportQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    try:
        period = parse_period(request.query_params)
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.message_dict) from None
    visible = Organization.objects.visible_to(request.user, Action.VIEW)
    if "organization" in query.validated_data:
        organization = get_object_or_404(visible, pk=query.validated_data["organization"])
    else:
        organization = visible.order_by("depth", "path").first()
        if organization is None:
            raise Http404
    return organization, period, query.validated_data["tree"]


PERIOD_PARAMETERS = [
    OpenApiParameter("year", OpenApiTypes.INT, description="a year (default: this one)"),
    OpenApiParameter("quarter", OpenApiTypes.INT, enum=[1, 2, 3, 4], description="with year"),
    OpenApiParameter(
        "from_year",
        OpenApiTypes.INT,
        description="a range of whole years (a term, a five-year review), with to_year",
    ),
    OpenApiParameter("to_year", OpenApiTypes.INT),
    OpenApiParameter(
        "from",
        OpenApiTypes.DATE,
        description="any days: from=YYYY-MM-DD&to=YYYY-MM-DD (both included). The first given "
        "of from/to, from_year/to_year, quarter, year decides; at most 10 years, from 2016",
    ),
    OpenApiParameter("to", OpenApiTypes.DATE),
]


class Directive05ReportView(APIView):
    renderer_classes = RENDERER_CLASSES

    @extend_schema(
        parameters=[
            OpenApiParameter("organization", OpenApiTypes.INT, description="root of the subtree"),
            *PERIOD_PARAMETERS,
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=["json", "xlsx", "docx", "pdf"],
                description="the report's figures (json), the workbook, or the drafted "
                "document in Word or PDF (or say so in the Accept header)",
            ),
            OpenApiParameter(
                "tree",
                OpenApiTypes.STR,
                enum=["as_was", "today"],
                description="as_was (default): the tree as it stood on the report's day, "
                "names included; today: the same records regrouped by today's organizations",
            ),
        ],
        responses=Directive05Report,
    )
    def get(self, request):
        """The Directive 05 report over an organization's whole subtree for one period."""
        organization, period, tree = report_arguments(request)
        report = directive05_report(organization=organization, period=period, tree=tree)
        if request.accepted_renderer.format in FILE_FORMATS:
            header = Header.default_for(organization, timezone.localdate())
            document = build_document(report, period=period, header=header)
            return report_file(request, report, document, period)
        return Response(report)


def _year_rows(section: str, names: list[str]):
    fields = {"year": serializers.IntegerField()}
    for name in names:
        fields[name] = (
            serializers.FloatField(allow_null=True)
            if name.endswith("_pct")
            else serializers.IntegerField()
        )
    return inline_serializer(f"Directive05Year_{section}", fields, many=True)


class Directive05YearsView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("organization", OpenApiTypes.INT, description="root of the subtree"),
            *PERIOD_PARAMETERS,
            OpenApiParameter("tree", OpenApiTypes.STR, enum=["as_was", "today"]),
        ],
        responses={
            200: inline_serializer(
                "Directive05Years",
                {section: _year_rows(section, names) for section, names in TREND_FIGURES.items()},
            )
        },
    )
    def get(self, request):
        """The organization's headline figures year by year over the period's years (for a
        single year, one row): the "over the years" tables of the report page."""
        organization, period, tree = report_arguments(request)
        return Response(directive05_by_year(organization=organization, period=period, tree=tree))
