"""The dashboard, and what every app's pages share.

Pages are thin: parse the request, call a service or selector, render. Every page starts from
``Model.objects.visible_to(request.user)``; a row outside it is a 404, a refused change a 403,
and a service's ``ValidationError`` is shown on the form it came from.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from ct05.core.forms import this_year
from ct05.core.roles import ROLE_ACTIONS, Action, Role
from ct05.core.scope import user_scopes
from ct05.meetings.selectors import cells_behind
from ct05.organizations.models import Organization
from ct05.reports.selectors import directive05_report


def post_or_go_to(detail: str):
    """An action answered by POST; any other method goes to the ``detail`` page of the object.

    The page a failed action re-renders stays at the action's address: reloading it, switching
    language or reopening the tab must bring back the object's page, not a blank 405.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "POST":
                return redirect(detail, *args, **kwargs)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def role_flags(user) -> dict:
    """What the menu offers: "My commitment" to a person, review and ratings to a secretary."""
    scopes = user_scopes(user)
    may_change = user.is_superuser or any(
        Action.CHANGE in ROLE_ACTIONS[Role(s.role)] for s in scopes
    )
    return {"menu_member": bool(user.person_id), "menu_secretary": may_change}


def render_page(request, template: str, context: dict | None = None, status: int = 200):
    return render(request, template, {**role_flags(request.user), **(context or {})}, status=status)


def default_organization(user) -> Organization | None:
    """The user's first scope: the highest visible organization."""
    return Organization.objects.visible_to(user).order_by("depth", "path").first()


def redirect_back(request, fallback: str, *args, **kwargs) -> HttpResponseRedirect:
    """To the ``next`` the form carried when it is a page of this site, else to ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(resolve_url(fallback, *args, **kwargs))


@login_required
def home(request):
    scopes = user_scopes(request.user)
    names = Organization.objects.in_bulk([s.organization_id for s in scopes])
    scope_rows = [
        {"organization": names.get(s.organization_id), "role": Role(s.role).label} for s in scopes
    ]
    organization = default_organization(request.user)
    year = this_year()
    report = directive05_report(organization=organization, year=year) if organization else None
    flags = role_flags(request.user)
    behind = None
    if flags["menu_secretary"]:
        # The cells of the visible subtree behind this year's meeting norms, for the link.
        behind = len(
            cells_behind(Organization.objects.visible_to(request.user), timezone.localdate())
        )
    return render_page(
        request,
        "core/home.html",
        {
            "scopes": scope_rows,
            "organization": organization,
            "year": year,
            "report": report,
            "cells_behind": behind,
        },
    )
