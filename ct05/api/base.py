"""What every viewset shares: the scope rule on the queryset, year and subtree filters."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ct05.core.roles import Action
from ct05.organizations.models import Organization


class ScopedViewSetMixin:
    """Reads come from ``Model.objects.visible_to(user)``: a row outside it is a 404."""

    def get_queryset(self):
        queryset = self.queryset.model.objects.visible_to(self.request.user, Action.VIEW)
        if related := getattr(self, "select_related", ()):
            queryset = queryset.select_related(*related)
        if prefetch := getattr(self, "prefetch_related", ()):
            queryset = queryset.prefetch_related(*prefetch)
        return queryset


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
