"""CI's check of the production server: `ct05 serve` on a free port over its own SQLite file (a
subprocess cannot see pytest's test database), /healthz and a login, then a short load test (a
few locust users for a few seconds) with no error and `ct05 recount --check` clean after the
writes. The same script as `make load` (loadtest/run.py), with a 300-member province."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

from loadtest import run
from loadtest.run import reachable

ROOT = pathlib.Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/2"


@pytest.mark.own_database
def test_serve_health_login_and_a_short_load_test_without_errors(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["CT05_DATA_DIR"] = str(tmp_path / "data")
    figures = tmp_path / "load.json"
    done = subprocess.run(
        [sys.executable, "-m", "loadtest.run", "--members", "300", "--users", "6",
         "--spawn-rate", "6", "--seconds", "8", "--workers", "2", "--threads", "2",
         "--cache-url", REDIS, "--json", str(figures)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "/healthz 200, login ok" in done.stdout
    result = json.loads(figures.read_text())
    assert result["errors"] == 0 and result["server_5xx"] == 0
    assert result["recount_clean"]
    # With Redis where it answers (sessions read from it), else the database's cache table.
    assert result["cache"] == ("Redis" if reachable(REDIS) else "the database's table")
    # The steady state and the ramp (where the logins mostly fall) are both reported.
    kinds = {s["name"] for s in result["stats"] + result["ramp"]}
    assert {"login", "member: my year"} <= kinds
    assert sum(s["requests"] for s in result["stats"] if s["name"] == "Aggregated") > 0
    # The access log: one JSON line per request, by route, without the query string.
    lines = (tmp_path / "data" / "load-access.log").read_text().splitlines()
    logged = [json.loads(line) for line in lines if line.startswith("{")]
    assert {"time", "method", "route", "status", "ms", "user"} == set(logged[0])
    assert any(entry["route"] == "healthz" for entry in logged)
    assert not any("?" in (entry["route"] or "") for entry in logged)


def test_a_run_on_an_unoptimized_python_says_its_figures_are_not_a_servers(monkeypatch):
    pyenv = "'--prefix=/root/.pyenv/versions/3.12.1' '--enable-shared' '--with-openssl=/usr'"
    monkeypatch.setattr(run.sysconfig, "get_config_var", lambda name: pyenv)
    assert "without --enable-optimizations" in run.interpreter()
    note = run.interpreter_note()
    assert "docs/operations.md" in note and "`make python`" in note
    built = "'--prefix=/opt/cpython-3.13' '--enable-optimizations' '--with-lto=full'"
    monkeypatch.setattr(run.sysconfig, "get_config_var", lambda name: built)
    assert "--enable-optimizations --with-lto" in run.interpreter()
    assert run.interpreter_note() == ""
