"""What every viewset shares: the scope rule on the queryset, year and subtree filters."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from ct05.core.history import history_of
from ct05.core.roles import Action
from ct05.core.versions import STALE_MESSAGE, etag, version_from_if_match
from ct05.organizations.models import Organization


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = STALE_MESSAGE
    default_code = "stale"


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    user = serializers.IntegerField(source="user.pk", allow_null=True, default=None)
    user_name = serializers.CharField()
    action = serializers.ChoiceField(
        source="history_type", choices=[("+", "created"), ("~", "changed"), ("-", "deleted")]
    )
    action_label = serializers.CharField(source="action")
    kind = serializers.CharField()
    subject = serializers.CharField()
    reason = serializers.CharField()
    changes = HistoryChangeSerializer(many=True)


class HistoryMixin:
    """``GET <resource>/<id>/history/``: who changed the record (and its rows), when, and each
    field before and after; a record outside the user's scope is a 404, as the record is."""

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        entries = history_of(self.get_object())
        return Response(HistoryEntrySerializer(entries, many=True).data)


class ScopedViewSetMixin:
    """Reads come from ``Model.objects.visible_to(user)``: a row outside it is a 404.

    A record with a version answers with an ``ETag``; ``PUT``/``PATCH`` with an ``If-Match``
    that names another version answers 412 and changes nothing (without ``If-Match`` the save
    goes ahead). The viewset's ``perform_update`` passes ``self.expected_version`` to its
    service, which checks it again with the row locked.
    """

    expected_version: int | None = None

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        return self._tagged(Response(self.get_serializer(instance).data), instance)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        if hasattr(instance, "version"):
            self.expected_version = version_from_if_match(request.headers.get("If-Match"), instance)
            if self.expected_version == 0:
                raise PreconditionFailed()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return self._tagged(Response(serializer.data), serializer.instance)

    @staticmethod
    def _tagged(response, instance):
        if hasattr(instance, "version"):
            response["ETag"] = etag(instance)
        return response

    def get_queryset(self):
        queryset = self.queryset.model.objects.visible_to(self.request.user, Action.VIEW)
        if related := getattr(self, "select_related", ()):
            queryset = queryset.select_related(*related)
        if prefetch := getattr(self, "prefetch_related", ()):
            queryset = queryset.prefetch_related(*prefetch)
        return queryset


class RegisterViewSet(HistoryMixin, ScopedViewSetMixin, viewsets.ModelViewSet):
    """A register's records: read under the scope rule, written only through the app's services.

    A register names ``create_service`` (called ``(user=, **data)``) and ``update_service``
    (called ``(user=, <record_name>=record, version=, **data)``), both as ``staticmethod``; the
    fields in ``fixed`` never change on an update (a 400 with ``fixed_message`` when sent with
    another value). ``creating`` / ``updating`` reshape the validated data first (nested rows).
    """

    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = None
    update_service = None
    record_name = ""
    fixed: tuple[str, ...] = ("organization",)
    fixed_message = _("A record stays with its organization.")

    def creating(self, data: dict) -> dict:
        return data

    def updating(self, data: dict) -> dict:
        return data

    def perform_create(self, serializer):
        data = self.creating(dict(serializer.validated_data))
        serializer.instance = self.create_service(user=self.request.user, **data)

    def perform_update(self, serializer):
        record = serializer.instance
        data = dict(serializer.validated_data)
        for name in self.fixed:
            if name in data and data.pop(name) != getattr(record, name):
                raise serializers.ValidationError({name: [self.fixed_message]})
        serializer.instance = self.update_service(
            user=self.request.user,
            version=self.expected_version,
            **{self.record_name: record},
            **self.updating(data),
        )


@extend_schema_field(OpenApiTypes.INT)
class SubtreeFilter(django_filters.ModelChoiceFilter):
    """``?organization=ID``: rows of that organization's whole subtree (visible ones only)."""

    def __init__(self, *args, path_field: str = "organization__path", **kwargs):
        self.path_field = path_field
        kwargs.setdefault("queryset", self._organizations)
        kwargs.setdefault("label", _("organization (whole subtree)"))
        kwargs.setdefault("method", self.filter_subtree)
        super().__init__(*args, **kwargs)

    @staticmethod
    def _organizations(request):
        user = getattr(request, "user", None)
        return Organization.objects.visible_to(user) if user else Organization.objects.none()

    def filter_subtree(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(**{f"{self.path_field}__startswith": value.path})


class YearFilter(django_filters.NumberFilter):
    """``?year=YYYY``: a whole number within reason, else a 400 saying so."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("year"))
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """``?person=ID`` and the like: a positive whole number."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)
