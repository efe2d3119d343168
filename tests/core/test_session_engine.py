"""With Redis as the cache (CT05_CACHE_URL), a session is read from it and written through to
the database; with the database's cache table, sessions stay in their own table."""

import os
import subprocess
import sys

PRINT = "from django.conf import settings; print(settings.SESSION_ENGINE)"


def _engine(cache_url: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "CT05_CACHE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "ct05.settings"
    if cache_url is not None:
        env["CT05_CACHE_URL"] = cache_url
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {PRINT}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_sessions_are_read_from_redis_when_it_is_the_cache():
    assert _engine("redis://127.0.0.1:6379/1") == "django.contrib.sessions.backends.cached_db"


def test_sessions_stay_in_the_database_with_the_database_cache():
    assert _engine(None) == "django.contrib.sessions.backends.db"
