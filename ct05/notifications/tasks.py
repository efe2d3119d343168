"""Background tasks of the notifications (django.tasks, run by ``ct05 db_worker``)."""

from __future__ import annotations

import datetime

from django.tasks import task

from ct05.notifications.services import send_due_reminders


@task
def send_reminders(day: str | None = None) -> int:
    """The reminders due on ``day`` (ISO date; default today): ``ct05 remind --enqueue``."""
    return send_due_reminders(datetime.date.fromisoformat(day) if day else None)
