"""The API's rate limits: per user (token or session) and per address for the anonymous,
counted in the shared cache, answered with 429, Retry-After and a message in Vietnamese."""

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


def per_minute(rate: str) -> float:
    requests, seconds = UserRateThrottle().parse_rate(rate)
    return requests * 60 / seconds


def test_the_configured_rates_stop_a_thousand_calls_a_minute():
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert per_minute(rates["user"]) == 600
    assert per_minute(rates["anon"]) == 60
    assert per_minute(rates["user"]) < 1000
    assert UserRateThrottle.THROTTLE_RATES["user"] == rates["user"]


def test_the_counts_live_in_a_cache_every_process_shares():
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend != "django.core.cache.backends.locmem.LocMemCache"


@pytest.fixture
def low_rates(monkeypatch):
    """A low limit keeps the test quick; the limit itself is DRF's, read when the API starts."""
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "20/min", "anon": "5/min"})
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"user": "20/min", "anon": "5/min"})


def test_a_thousand_calls_in_a_minute_by_one_token_meet_429(world, low_rates):
    api = world.api(world.bithu1)
    answers = []
    for _ in range(1000):
        answers.append(api.get("/api/me/"))
        if answers[-1].status_code == 429:
            break
    assert [a.status_code for a in answers] == [200] * 20 + [429]
    refused = answers[-1]
    assert 0 < int(refused["Retry-After"]) <= 60
    detail = refused.json()["detail"]
    assert detail.startswith("Quá nhiều yêu cầu: vui lòng thử lại sau")
    assert detail.endswith(f"{refused['Retry-After']} giây.")
    # The count is in the cache, where every process of the server reads it.
    assert len(cache.get(f"throttle_user_{world.bithu1.pk}")) == 20


def test_the_limit_is_per_user(world, low_rates):
    first = world.api(world.bithu1)
    for _ in range(20):
        first.get("/api/me/")
    assert first.get("/api/me/").status_code == 429
    assert world.api(world.bithu2).get("/api/me/").status_code == 200


def test_a_session_counts_like_a_token(client, world, low_rates):
    client.force_login(world.bithu1)
    statuses = [client.get("/api/me/").status_code for _ in range(21)]
    assert statuses == [200] * 20 + [429]
    assert world.api(world.bithu1).get("/api/me/").status_code == 429


def test_english_when_asked(world, low_rates):
    api = world.api(world.bithu1)
    for _ in range(20):
        api.get("/api/me/")
    refused = api.get("/api/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.json()["detail"].startswith("Too many requests: try again in")


def test_each_test_starts_with_no_count(world, low_rates):
    """Counts from the tests above were rolled back with their database (the cache is a table)."""
    assert world.api(world.bithu1).get("/api/me/").status_code == 200
