"""The bell in every page's header."""

from __future__ import annotations

from functools import cache

from .models import Notification


def notifications(request) -> dict:
    """The user's unread notification count for the bell. A template calls it when it uses it,
    so a page without the bell costs no query, and a page with it one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}

    @cache
    def unread_notifications() -> int:
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    return {"unread_notifications": unread_notifications}
