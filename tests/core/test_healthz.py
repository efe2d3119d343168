"""/healthz: no login, 200 "ok" when the database answers and is migrated, 503 otherwise,
with nothing more in the answer."""

from unittest import mock

import pytest
from django.db import DatabaseError

from ct05.home import health


@pytest.mark.django_db
def test_healthz_answers_without_a_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_without_detail_when_the_database_fails(client):
    with mock.patch.object(health, "_migrations_applied", side_effect=DatabaseError("secret")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"


@pytest.mark.django_db
def test_healthz_is_503_with_a_migration_missing(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    plan = mock.patch(
        "django.db.migrations.executor.MigrationExecutor.migration_plan", return_value=[1]
    )
    with plan:
        assert client.get("/healthz").status_code == 503
    monkeypatch.setattr(health, "_migrated", False)
    assert client.get("/healthz").status_code == 200


def test_the_serve_command_chooses_workers_from_the_cores(capsys, monkeypatch):
    from django.core.management import call_command

    # One worker per core and one more (on 2 cores: 3, which served as much as 5 under load).
    monkeypatch.delenv("CT05_WEB_WORKERS", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    call_command("serve", "--dry-run")
    out = capsys.readouterr().out
    assert "worker_class = 'gthread'" in out
    assert "workers = 3\n" in out and "threads = 4" in out
    call_command("serve", "--dry-run", "--workers", "2")
    assert "workers = 2\n" in capsys.readouterr().out


def test_each_worker_freezes_what_it_loaded_and_collects_young_objects_less_often(capsys):
    import gc

    from django.core.management import call_command

    from ct05.core.management.commands import serve

    call_command("serve", "--dry-run")
    assert "post_worker_init = <function _after_worker_init" in capsys.readouterr().out
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    try:
        serve._after_worker_init(None)
        assert gc.get_threshold() == serve.GC_THRESHOLD
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
