"""What every page's header shows."""

from __future__ import annotations

from .views import role_flags


def menu(request) -> dict:
    """The menu's role flags on every page, error pages included."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return role_flags(user)
