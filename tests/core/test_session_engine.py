"""With Redis as the cache (CT05_CACHE_URL), a session is read from it and written through to
the database, and what is kept there is kept apart per database; with the database's cache
table, sessions stay in their own table."""

import os
import subprocess
import sys

PRINT = "from django.conf import settings; print(settings.SESSION_ENGINE)"
PREFIX = "from django.conf import settings; print(settings.CACHES['default']['KEY_PREFIX'])"


def _setting(cache_url: str | None, database_url: str | None = None, code: str = PRINT) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("CT05_CACHE_URL", "DATABASE_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "ct05.settings"
    if cache_url is not None:
        env["CT05_CACHE_URL"] = cache_url
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_sessions_are_read_from_redis_when_it_is_the_cache():
    assert _setting("redis://127.0.0.1:6379/1") == "django.contrib.sessions.backends.cached_db"


def test_sessions_stay_in_the_database_with_the_database_cache():
    assert _setting(None) == "django.contrib.sessions.backends.db"


def test_two_databases_sharing_one_redis_keep_their_keys_apart():
    # The load test's province and a test server on one Redis: neither reads the other's
    # sessions, rate limits or cached counts.
    redis = "redis://127.0.0.1:6379/1"
    one = _setting(redis, "postgres://postgres@127.0.0.1:5432/ct05_load", PREFIX)
    other = _setting(redis, "postgres://postgres@127.0.0.1:5432/ct05", PREFIX)
    assert one and other and one != other
    assert one == _setting(redis, "postgres://postgres@127.0.0.1:5432/ct05_load", PREFIX)
