"""Reads of the tree that several apps' pages share."""

from __future__ import annotations

from django.db.models import Q

from ct05.core.roles import Action

from .models import Locality, LocalityKind, Organization


def default_organization(user) -> Organization | None:
    """The user's first scope: the highest visible organization."""
    return Organization.objects.visible_to(user).order_by("depth", "path").first()


def villages_for(user):
    """Villages of the areas of the organizations the user may change."""
    changeable = Organization.objects.visible_to(user, Action.CHANGE)
    return (
        Locality.objects.filter(kind=LocalityKind.VILLAGE)
        .filter(Q(organizations__in=changeable) | Q(parent__organizations__in=changeable))
        .distinct()
        .order_by("name")
    )
