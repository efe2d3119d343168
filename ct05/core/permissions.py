"""Per-row checks the services share, on top of the scope rule in :mod:`ct05.core.scope`.

Out of scope raises ``Http404`` (the row does not exist for this user); in scope but not allowed
raises ``PermissionDenied`` (403). Both pages and the API turn them into those answers.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .roles import Action
from .scope import can, scope_paths


def require_view(user, organization) -> None:
    if not can(user, Action.VIEW, organization):
        raise Http404


def require_change(user, organization) -> None:
    require_view(user, organization)
    if not can(user, Action.CHANGE, organization):
        raise PermissionDenied(_("You may only read the records of this organization."))


def require_change_of_visible(user, organization) -> None:
    """For a record the user sees whose changes belong to another organization (a task's
    owning committee, an inspection's inspecting body), perhaps one out of their scope: a 403,
    since the record itself exists for them."""
    if not can(user, Action.CHANGE, organization):
        raise PermissionDenied(_("You may only read the records of this organization."))


def is_self(user, person) -> bool:
    return bool(person and user.is_authenticated and user.person_id == person.pk)


def require_self_or_change(user, person, organization) -> None:
    """A member acts on their own records; a secretary on those of their subtree."""
    if is_self(user, person):
        return
    require_change(user, organization)


def can_change_above(user, organization) -> bool:
    """Whether the user may act on a level strictly above ``organization`` (competent level)."""
    paths = scope_paths(user, Action.CHANGE)
    if paths is None:
        return True
    return any(organization.path.startswith(p) and organization.path != p for p in paths)
