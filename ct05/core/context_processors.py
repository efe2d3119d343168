"""What every page's header shows."""

from __future__ import annotations

from functools import cache


def notifications(request) -> dict:
    """The user's unread notification count for the bell. A template calls it when it uses it,
    so a page without the bell costs no query, and a page with it one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}

    @cache
    def unread_notifications() -> int:
        from ct05.notifications.models import Notification

        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    return {"unread_notifications": unread_notifications}


def menu(request) -> dict:
    """The menu's role flags on every page, error pages included."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from ct05.core.views import role_flags

    return role_flags(user)
