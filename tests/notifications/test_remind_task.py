"""The daily reminders as a background task: queued by `ct05 remind --enqueue`, run by the
worker (`ct05 db_worker`, django-tasks-db)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


def test_the_worker_runs_the_queued_reminders():
    out = StringIO()
    call_command("remind", "--enqueue", "--date", "2026-03-26", stdout=out)
    assert "Queued" in out.getvalue()
    (queued,) = DBTaskResult.objects.all()
    assert queued.status == "READY"
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL", queued.exception_class_path
    assert queued.return_value == 0
