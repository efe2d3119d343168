"""Failed logins lock out the username and the address for a while (django-axes, ct05/core/logins.py).

Ten failures for one username, or from one address, within the lock-out period refuse the next
login from either, the right password included, on the login page, the admin's login and the
API's keys alike; the page says why in Vietnamese, the event is logged and axes keeps records.
"""

import logging
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import timezone

LOCKED = "Đăng nhập sai quá nhiều lần"
LOGIN = "/login/"


def try_login(client, username, password, address="10.0.0.1", **extra):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def fail(client, username, times, address="10.0.0.1", **extra):
    return [try_login(client, username, "sai-mat-khau", address, **extra) for _ in range(times)]


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_settings_lock_after_ten_failures_for_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 10
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def test_nine_failures_still_let_the_right_password_in(client, world):
    responses = fail(client, "bithu1", 9)
    assert {r.status_code for r in responses} == {200}
    response = try_login(client, "bithu1", "pw-bithu1")
    assert response.status_code == 302
    assert logged_in(client)


def test_the_eleventh_try_is_refused_even_with_the_right_password(client, world, caplog):
    caplog.set_level(logging.WARNING, logger="ct05.security")
    responses = fail(client, "bithu1", 10)
    assert [r.status_code for r in responses] == [200] * 9 + [429]

    response = try_login(client, "bithu1", "pw-bithu1")
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    # The login page again, in Vietnamese, saying why and for how long.
    assert "Tên đăng nhập" in page
    assert LOCKED in page
    assert "15 phút" in page
    assert response["Retry-After"] == str(15 * 60)

    # Logged on ct05.security, and in axes' own records.
    assert any(
        "locked out" in r.getMessage() and "bithu1" in r.getMessage()
        for r in caplog.records
        if r.name == "ct05.security"
    )
    assert AccessAttempt.objects.get(username="bithu1").failures_since_start == 10
    assert AccessFailureLog.objects.filter(username="bithu1").count() == 10
    assert AccessFailureLog.objects.filter(username="bithu1", locked_out=True).exists()


def test_bithu1_logs_in_again_once_the_lockout_is_over(client, world):
    fail(client, "bithu1", 10)
    assert try_login(client, "bithu1", "pw-bithu1").status_code == 429

    with time_machine.travel(timezone.now() + timedelta(minutes=14), tick=False):
        assert try_login(client, "bithu1", "pw-bithu1").status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        response = try_login(client, "bithu1", "pw-bithu1")
        assert response.status_code == 302
        assert logged_in(client)


def test_failures_for_a_username_lock_it_from_every_address(client, world):
    for i in range(10):
        try_login(client, "bithu1", "sai", address=f"10.0.1.{i}")
    response = try_login(client, "bithu1", "pw-bithu1", address="10.0.2.1")
    assert response.status_code == 429
    # Others from that address are not concerned.
    assert try_login(client, "bithu2", "pw-bithu2", address="10.0.2.1").status_code == 302


def test_failures_from_an_address_lock_it_for_every_username(client, world):
    for name in ["nguoi-la", "bithu2", "admin", "khach", "x", "y", "z", "w", "v", "u"]:
        try_login(client, name, "sai", address="10.9.9.9")
    response = try_login(client, "bithu1", "pw-bithu1", address="10.9.9.9")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    # bithu1 itself has no failure: from another address it logs in.
    assert try_login(client, "bithu1", "pw-bithu1", address="10.9.9.10").status_code == 302


def test_a_forwarded_for_header_is_not_believed_without_proxies(client, world):
    for i in range(10):
        try_login(client, f"khach{i}", "sai", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    assert try_login(client, "bithu1", "pw-bithu1").status_code == 429


def test_behind_one_proxy_the_address_it_vouches_for_counts(client, world, settings):
    settings.CT05_PROXY_COUNT = 1
    # The proxy at 10.0.0.1 appends the address it saw; what the client sent before is ignored.
    for i in range(10):
        try_login(client, f"khach{i}", "sai", HTTP_X_FORWARDED_FOR=f"1.2.3.{i}, 203.0.113.7")
    locked = try_login(client, "bithu1", "pw-bithu1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert locked.status_code == 429
    other = try_login(client, "bithu1", "pw-bithu1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 302


def test_the_admin_login_is_behind_the_same_lock(client, world):
    fail(client, "admin", 10)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": "pw-admin", "next": "/admin/"},
        REMOTE_ADDR="10.0.3.3",
    )
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not logged_in(client)


def test_failures_at_the_admin_login_lock_the_login_page(client, world):
    for _ in range(10):
        client.post("/admin/login/", {"username": "bithu1", "password": "sai"})
    assert try_login(client, "bithu1", "pw-bithu1", address="10.0.4.4").status_code == 429


def test_the_lockout_message_follows_the_language(client, world):
    fail(client, "bithu1", 10)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = try_login(client, "bithu1", "pw-bithu1")
    assert "Too many failed logins" in response.content.decode()


def test_authenticate_without_a_request_still_obeys_the_username_lock(client, world):
    """The test client's login() and scripts call authenticate() with no request."""
    assert client.login(username="bithu1", password="pw-bithu1")
    client.logout()
    fail(client, "bithu1", 10)
    assert authenticate(username="bithu1", password="pw-bithu1") is None
    assert not client.login(username="bithu1", password="pw-bithu1")
    assert client.login(username="bithu2", password="pw-bithu2")


def test_force_login_still_works(client, world):
    client.force_login(world.bithu1)
    assert client.get(reverse("home")).status_code == 200


# The API's keys -------------------------------------------------------------------------------


def test_wrong_api_keys_lock_out_their_address(world, caplog):
    caplog.set_level(logging.INFO, logger="ct05.security")
    guesser = world.api()
    guesser.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    answers = [guesser.get("/api/me/", REMOTE_ADDR="10.7.7.7") for _ in range(11)]
    assert [a.status_code for a in answers[:9]] == [401] * 9
    assert answers[9].status_code == 429
    refused = answers[10]
    assert refused.status_code == 429
    assert LOCKED in refused.json()["detail"]
    assert int(refused["Retry-After"]) == 15 * 60
    assert any("Wrong API key" in r.getMessage() for r in caplog.records)

    # A good key from that address waits too; from elsewhere it works.
    owner = world.api(world.bithu1)
    assert owner.get("/api/me/", REMOTE_ADDR="10.7.7.7").status_code == 429
    assert owner.get("/api/me/", REMOTE_ADDR="10.7.7.8").status_code == 200


def test_failed_logins_lock_the_api_keys_of_the_address(client, world):
    fail(client, "nguoi-la", 10, address="10.8.8.8")
    owner = world.api(world.bithu1)
    assert owner.get("/api/me/", REMOTE_ADDR="10.8.8.8").status_code == 429


@pytest.mark.parametrize("wrong", [1, 9])
def test_a_few_wrong_keys_lock_nothing(world, wrong):
    guesser = world.api()
    guesser.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    for _ in range(wrong):
        assert guesser.get("/api/me/", REMOTE_ADDR="10.6.6.6").status_code == 401
    assert world.api(world.bithu1).get("/api/me/", REMOTE_ADDR="10.6.6.6").status_code == 200
