"""The one scope rule: a user sees and changes only the subtrees their role assignments name.

Every model holding people's data uses :class:`ScopedQuerySet` and names, in
``scope_organization_field``, the path from the row to the organization it belongs to. Views,
viewsets, exports and imports start from ``Model.objects.visible_to(user, action)``; a row
outside the result is answered 404. The pattern is netbox's ``RestrictedQuerySet.restrict``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q

from .roles import ROLE_ACTIONS, Action, Role


@dataclass(frozen=True)
class Scope:
    organization_id: int
    path: str
    role: str


def user_scopes(user) -> list[Scope]:
    """The user's current role assignments, loaded once per user object (so once a request).

    The user model says what they are (``current_scopes()``: rows of organization id, path and
    role), so the rule needs nothing of the app that keeps them."""
    if not user or not user.is_authenticated:
        return []
    cached = getattr(user, "_ct05_scopes", None)
    if cached is None:
        cached = [Scope(org_id, path, role) for org_id, path, role in user.current_scopes()]
        user._ct05_scopes = cached
    return cached


def scope_paths(user, action: str = Action.VIEW) -> list[str] | None:
    """Paths of the subtree roots the user may act on; ``None`` means everything (superuser)."""
    if user and user.is_authenticated and user.is_superuser:
        return None
    paths = sorted({s.path for s in user_scopes(user) if action in ROLE_ACTIONS[Role(s.role)]})
    # Drop paths inside another one: the outer subtree already covers them.
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def path_filter(paths: list[str] | None, field: str = "path") -> Q:
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__startswith": p}) for p in paths))


def can(user, action: str, organization) -> bool:
    """Whether the user may take ``action`` on the records of ``organization``."""
    paths = scope_paths(user, action)
    if paths is None:
        return True
    return any(organization.path.startswith(p) for p in paths)


def _organization_model(model, field: str):
    """The model at the end of ``field`` (``"session__organization"``), followed from ``model``."""
    for name in field.split("__"):
        model = model._meta.get_field(name).related_model
    return model


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = Action.VIEW):
        field = getattr(self.model, "scope_organization_field", None)
        if field is None:
            raise TypeError(f"{self.model.__name__} names no scope_organization_field")
        paths = scope_paths(user, action)
        if paths is None:
            return self
        if field == "":  # the organization itself
            return self.filter(path_filter(paths))
        if hasattr(self.model, "scope_filter"):
            organizations = _organization_model(self.model, field)
            orgs = organizations._default_manager.filter(path_filter(paths)).values("pk")
            return self.filter(self.model.scope_filter(orgs))
        # A chain of foreign keys to one organization: its path compared on the join (which
        # select_related("organization") shares) rather than "organization in (a subquery of
        # organizations)": one relation fewer for PostgreSQL to plan, about 1 ms of its CPU a
        # query on the pages of one record (docs/performance.md, eighth session).
        return self.filter(path_filter(paths, f"{field}__path"))
