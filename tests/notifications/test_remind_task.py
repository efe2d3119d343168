"""The daily reminders as a background task: queued by `ct05 remind --enqueue` for the worker
(`ct05 db_worker`, django-tasks-db)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ct05.notifications.tasks import send_reminders

pytestmark = pytest.mark.django_db


def test_the_worker_runs_the_queued_reminders():
    out = StringIO()
    call_command("remind", "--enqueue", "--date", "2026-03-26", stdout=out)
    assert "Queued" in out.getvalue()
    (queued,) = DBTaskResult.objects.all()
    assert queued.status == "READY"
    assert queued.task_path == "ct05.notifications.tasks.send_reminders"
    assert queued.args_kwargs["args"] == ["2026-03-26"]
    # What the worker runs (the worker itself closes the connection, which a test's
    # transaction on PostgreSQL cannot survive; the SQLite suite's serve test starts none).
    assert send_reminders.call("2026-03-26") == 0
