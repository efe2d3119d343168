"""The bell in every page's header."""

from __future__ import annotations

from functools import cache

from .models import unread_count


def notifications(request) -> dict:
    """The user's unread notification count for the bell. A template calls it when it uses it,
    so a page without the bell costs nothing, and a page with it one read of the shared cache
    (``models.unread_count``; a query when the count is not kept)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}

    @cache
    def unread_notifications() -> int:
        return unread_count(user.pk)

    return {"unread_notifications": unread_notifications}
