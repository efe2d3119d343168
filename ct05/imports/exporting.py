"""A subtree's export in the import's format, and the organization it starts from."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from ct05.core.params import parse_id
from ct05.organizations.models import Organization

from .kinds.base import REGISTRY, Kind
from .writing import workbook_for


def kind_named(name: str) -> Kind:
    kind = REGISTRY.get(name)
    if kind is None:
        raise Http404
    return kind


def organization_to_export(user, raw) -> Organization:
    """The organization named by ``raw`` (an id) if the user may see it: 400 for no id, 404
    for one outside the user's scope."""
    pk = parse_id(raw)
    if pk is None:
        raise ValidationError(
            {"organization": _("Name the organization to export by its number (organization=ID).")}
        )
    organization = Organization.objects.visible_to(user).filter(pk=pk).first()
    if organization is None:
        raise Http404
    return organization


def export_workbook(kind: Kind, organization: Organization, user) -> bytes:
    return workbook_for(kind, kind.export_rows(organization, user))


def filename(kind: Kind, organization: Organization | None = None) -> str:
    code = (organization.code or str(organization.pk)) if organization else "mau"
    return f"ct05-{kind.name}-{code}.xlsx"
