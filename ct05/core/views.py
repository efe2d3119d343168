"""What every app's pages share.

Pages are thin: parse the request, call a service or selector, render. Every page starts from
``Model.objects.visible_to(request.user)``; a row outside it is a 404, a refused change a 403,
and a service's ``ValidationError`` is shown on the form it came from.
"""

from __future__ import annotations

import contextlib
import datetime
from functools import wraps

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from ct05.core.forms import apply_service_error
from ct05.core.history import history_of
from ct05.core.params import BadParameter, parse_id
from ct05.core.roles import ROLE_ACTIONS, Action, Role
from ct05.core.scope import user_scopes


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


def redirect_back(request, fallback: str, *args, **kwargs) -> HttpResponseRedirect:
    """To the ``next`` the form carried when it is a page of this site, else to ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(resolve_url(fallback, *args, **kwargs))


def posted_version(request) -> int | None:
    """The version of a record the page's form was opened at (its hidden ``version`` field);
    ``None`` when the form did not carry one."""
    return parse_id(request.POST.get("version"))


def stale_context(error, request) -> dict:
    """What a page shows beside a save refused as stale: the changes since the form was opened
    (its hidden ``opened_at``, else the version it read)."""
    expected = getattr(error, "expected", None)
    if expected is None:
        return {}
    opened_at = None
    raw = str(request.POST.get("opened_at") or "")[:40]
    with contextlib.suppress(ValueError):
        opened_at = datetime.datetime.fromisoformat(raw)
        if timezone.is_naive(opened_at):
            opened_at = None
    return {"stale_since": {"version": expected, "opened_at": opened_at}}


def save_posted(request, form, save, *, saved: str, then: str, args=()):
    """A form's POST handed to a service: ``save(**form.cleaned_data)``, then the message
    ``saved`` and a redirect to ``then`` (with ``args``). Returns ``(response, stale)``: no
    response when the page is to be shown (not posted, invalid, or refused: the service's
    ``ValidationError`` is put on the form, and ``stale`` holds what changed since the form was
    opened when the refusal was for a stale version)."""
    if request.method != "POST" or not form.is_valid():
        return None, {}
    try:
        save(**form.cleaned_data)
    except ValidationError as error:
        apply_service_error(form, error)
        return None, stale_context(error, request)
    messages.success(request, saved)
    return redirect(then, *args), {}


def bad_request(request, exception):
    """The 400 page (``handler400``): with the message when the page said what was wrong
    (:class:`ct05.core.params.BadParameter`), else a general one; never Django's own text."""
    message = exception.args[0] if isinstance(exception, BadParameter) and exception.args else ""
    user = getattr(request, "user", None)
    flags = role_flags(user) if user is not None and user.is_authenticated else {}
    return render(request, "400.html", {**flags, "message": message}, status=400)


@login_required
def history_page(request, label: str, pk: int):
    """The change history of one record (``{% history obj %}`` links here, and htmx loads it
    into the page when the reader opens it): the entries alone for htmx, else a page of their
    own. The record is found through the one scope rule, as on its page: outside the reader's
    subtrees, or of a model without a history, it is a 404."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    manager = model._default_manager
    if not hasattr(model, "history") or not hasattr(manager, "visible_to"):
        raise Http404
    obj = get_object_or_404(manager.visible_to(request.user), pk=pk)
    context = {"entries": history_of(obj)}
    if is_htmx(request):
        return render(request, "includes/history.html", context)
    meta = model._meta
    context.update(kind=meta.verbose_name, subject=obj)
    return render_page(request, "core/history.html", context)
