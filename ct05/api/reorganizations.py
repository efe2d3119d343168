"""``/api/reorganizations/``: the record of reorganizations (scoped) and new ones (POST).

``{kind: rename|move|merge|split|dissolve, effective: date, sources: [ids], target: id or
{name, kind, parent}, targets: [{target, organizations: [ids], people: [ids]}] for a split,
name: the new name for a rename}``. Organizations and people outside the user's scope are a 404,
as everywhere; a broken rule is a 400 and changes nothing.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from ct05.core.params import MAX_ID
from ct05.core.roles import Action
from ct05.organizations.models import Organization, OrganizationKind
from ct05.people.models import Person
from ct05.reorganizations import services
from ct05.reorganizations.models import Reorganization, ReorganizationKind

from .base import ScopedViewSetMixin


def Id():  # noqa: N802 - a fresh field each time, as DRF asks of a list's child
    return serializers.IntegerField(min_value=1, max_value=MAX_ID)


class ReorganizationSerializer(serializers.ModelSerializer):
    sources = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    targets = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Reorganization
        fields = [
            "id", "kind", "effective", "organization", "sources", "targets", "details",
            "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class NewOrganizationSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=OrganizationKind.choices)
    parent = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class TargetField(serializers.JSONField):
    """An organization's id, or ``{name, kind, parent}`` for a new one."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            raise serializers.ValidationError(_("Give an organization's id or a new one."))
        if isinstance(data, int):
            if not 1 <= data <= MAX_ID:
                raise serializers.ValidationError(_("Give an organization's id or a new one."))
            return data
        if isinstance(data, dict):
            new = NewOrganizationSerializer(data=data)
            new.is_valid(raise_exception=True)
            return dict(new.validated_data)
        raise serializers.ValidationError(_("Give an organization's id or a new one."))


class SplitPartSerializer(serializers.Serializer):
    target = TargetField()
    organizations = serializers.ListField(child=Id(), required=False, default=list, max_length=500)
    people = serializers.ListField(child=Id(), required=False, default=list, max_length=5000)


class ReorganizationInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReorganizationKind.choices)
    effective = serializers.DateField()
    sources = serializers.ListField(child=Id(), min_length=1, max_length=100)
    target = TargetField(required=False, allow_null=True, default=None)
    targets = SplitPartSerializer(many=True, required=False, default=list)
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class ReorganizationViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Reorganizations the user may see; POST one to apply it (the level above decides)."""

    queryset = Reorganization.objects.all()
    serializer_class = ReorganizationSerializer
    prefetch_related = ("sources", "targets")

    def _organization(self, pk: int) -> Organization:
        visible = Organization.objects.visible_to(self.request.user, Action.VIEW)
        return get_object_or_404(visible, pk=pk)

    def _target(self, value):
        if value is None:
            return None
        if isinstance(value, dict):
            return services.NewOrganization(
                name=value["name"], kind=value["kind"], parent=self._organization(value["parent"])
            )
        return self._organization(value)

    @extend_schema(request=ReorganizationInputSerializer, responses=ReorganizationSerializer)
    def create(self, request, *args, **kwargs):
        data = ReorganizationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        people = Person.objects.visible_to(request.user, Action.VIEW)
        parts = [
            services.SplitPart(
                target=self._target(part["target"]),
                organizations=[self._organization(pk) for pk in part["organizations"]],
                people=[get_object_or_404(people, pk=pk) for pk in part["people"]],
            )
            for part in values["targets"]
        ]
        record = services.apply(
            user=request.user,
            kind=values["kind"],
            effective=values["effective"],
            sources=[self._organization(pk) for pk in values["sources"]],
            target=self._target(values["target"]),
            parts=parts,
            name=values["name"],
        )
        return Response(ReorganizationSerializer(record).data, status=status.HTTP_201_CREATED)
