"""``ct05 check --deploy`` of a production install (HTTPS, a long random key, real mail) finds
nothing; mail that reaches nobody is an error unless meant. Run as the operator runs it, in a
process of its own, since the settings are read from the environment when the server starts."""

import os
import secrets
import subprocess
import sys

import pytest

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def ct05(tmp_path, *args, **env):
    # Nothing of this run's own environment (the browser tests allow async-unsafe calls).
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CT05_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    clean.update(
        CT05_DATA_DIR=str(tmp_path), CT05_HTTPS="1", CT05_SECRET_KEY=secrets.token_urlsafe(64)
    )
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "ct05", *args], env=clean, capture_output=True, text=True
    )


def test_a_production_install_passes_with_no_warning(tmp_path):
    result = ct05(tmp_path, "check", "--deploy", CT05_EMAIL_BACKEND=SMTP)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_console_mail_is_refused_under_https(tmp_path):
    result = ct05(tmp_path, "check", "--deploy")
    assert result.returncode == 1
    assert "ct05.E001" in result.stderr
    assert "CT05_ALLOW_CONSOLE_EMAIL=1" in result.stderr


def test_console_mail_passes_when_meant(tmp_path):
    result = ct05(tmp_path, "check", "--deploy", CT05_ALLOW_CONSOLE_EMAIL="1")
    assert result.returncode == 0, result.stderr


SHOW = (
    "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, "
    "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
    "s.SECURE_SSL_REDIRECT)"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "31536000 True True True True"),
        (
            {"CT05_HSTS_SECONDS": "600", "CT05_HSTS_INCLUDE_SUBDOMAINS": "0"},
            "600 False True True True",
        ),
    ],
)
def test_https_turns_on_hsts_and_secure_cookies(tmp_path, env, expected):
    result = ct05(tmp_path, "shell", "--no-imports", "-c", SHOW, **env)
    assert result.stdout.strip() == expected, result.stderr


def test_hsts_header_under_https(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
