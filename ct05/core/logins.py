"""Failed logins lock out, for a while, the username tried and the address they came from.

django-axes counts the failures of every ``authenticate()`` call (the login page, the admin's
login) and refuses the next ones once ``AXES_FAILURE_LIMIT`` is reached, for
``AXES_COOLOFF_TIME``, the right password included. What CT05 adds to it:

- ``lockout_parameters``: "username OR address" (axes' ``["username", "ip_address"]``), with
  the one that is missing left out, so that failures without an address (a script's
  ``authenticate()``) or without a username (a wrong API key) never add up across everybody.
- ``client_address``: the connection's address; ``X-Forwarded-For`` only as far as
  ``CT05_PROXY_COUNT`` proxies of ours vouch for it (the same rule as the API's rate limits).
- ``LockoutBackend``: axes' guard, also for ``authenticate()`` without a request.
- ``lockout_response``: the login page again, with the reason in the user's language (HTTP
  429), instead of axes' English text; a JSON 429 for the API.
- ``TokenAuthentication``: the API's keys pass the same guard: a wrong key counts as a failed
  login of its address, and a locked-out address is refused before its key is looked at.
- Every lock-out is logged on the ``ct05.security`` logger (axes keeps its records too).
"""

from __future__ import annotations

import logging
import math

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from rest_framework import authentication, exceptions

log = logging.getLogger("ct05.security")


def client_address(request) -> str | None:
    """The address a request came from, as far as it can be trusted.

    Without proxies of ours (``CT05_PROXY_COUNT=0``) it is ``REMOTE_ADDR``: anyone can send
    ``X-Forwarded-For``. With N proxies, each appending the address it saw, it is the N-th
    address from the right of ``X-Forwarded-For`` (what DRF's ``NUM_PROXIES`` reads).
    """
    meta = getattr(request, "META", {})
    remote = meta.get("REMOTE_ADDR") or None
    proxies = settings.CT05_PROXY_COUNT
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    return addresses[-min(proxies, len(addresses))] if addresses else remote


# Longer than any username can be (Django's is 150 characters), shorter than axes' column (255).
USERNAME_KEPT = 150


def client_username(request, credentials=None) -> str | None:
    """The username a failure is counted against (axes' ``AXES_USERNAME_CALLABLE``): as typed,
    without NUL bytes (PostgreSQL refuses them) and cut to what a username can be, so 10,000
    characters typed into the box are one more failure, not an error."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", None) or {}
        username = data.get(field)
    if username is None:
        return None
    return str(username).replace("\x00", "")[:USERNAME_KEPT]


def lockout_parameters(request, credentials=None) -> list[str]:
    """Lock out by username or by address: either reaching the limit refuses the login."""
    found = []
    if (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD) or (
        getattr(request, "POST", None) and request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    ):
        found.append("username")
    if (
        getattr(request, "axes_ip_address", None)
        or getattr(request, "ip_address", None)  # an axes record, not a request
        or client_address(request)
    ):
        found.append("ip_address")
    return found or ["username", "ip_address"]


class LockoutBackend(AxesStandaloneBackend):
    """axes' guard, first in ``AUTHENTICATION_BACKENDS``: refuses a locked-out username or
    address before any backend checks a password.

    ``authenticate()`` without a request (the test client's ``login()``, a script) is checked
    against the username's lock-out alone, where axes would raise
    ``AxesBackendRequestParameterRequired``.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        return super().authenticate(
            request if request is not None else HttpRequest(), username, password, **kwargs
        )


def lockout_minutes() -> int:
    return math.ceil(get_cool_off().total_seconds() / 60)


def lockout_message() -> str:
    minutes = lockout_minutes()
    return ngettext(
        "Too many failed logins for this account or from this computer. Logging in is paused: "
        "try again in %(minutes)d minute.",
        "Too many failed logins for this account or from this computer. Logging in is paused: "
        "try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out login gets (axes' ``AXES_LOCKOUT_CALLABLE``), HTTP 429.

    The login page again, the username kept, with the reason where the form's errors go; the
    API gets the reason as JSON. Either way ``Retry-After`` says when to come back.
    """
    seconds = int(get_cool_off().total_seconds())
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message()}, status=429)
    else:
        username = (credentials or {}).get("username") or request.POST.get("username", "")
        form = AuthenticationForm(request, initial={"username": username})
        response = render(
            request,
            "registration/login.html",
            {"form": form, "locked_out": lockout_message(), "next": request.POST.get("next", "")},
            status=429,
        )
    response["Retry-After"] = str(seconds)
    return response


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's ``Authorization: Token KEY``, behind the login lock-out of the address."""

    def authenticate(self, request):
        if not authentication.get_authorization_header(request):
            return None
        django_request = request._request
        if not AxesProxyHandler.is_allowed(django_request, {}):
            raise exceptions.Throttled(
                wait=get_cool_off().total_seconds(), detail=lockout_message(), code="locked_out"
            )
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            log.info("Wrong API key from %s", client_address(django_request))
            user_login_failed.send(sender=__name__, credentials={}, request=django_request)
            raise


@receiver(user_locked_out)
def log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    log.warning(
        "Login locked out after %s failures: username=%r address=%s path=%s",
        settings.AXES_FAILURE_LIMIT,
        username,
        ip_address,
        getattr(request, "path", ""),
    )
