"""Reads of the tree that several apps' pages share."""

from __future__ import annotations

from .models import Organization


def default_organization(user) -> Organization | None:
    """The user's first scope: the highest visible organization."""
    return Organization.objects.visible_to(user).order_by("depth", "path").first()
