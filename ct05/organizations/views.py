"""The organization tree and one organization's page (children, members, settings)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ct05.core.forms import apply_service_error
from ct05.core.models import active_on
from ct05.core.params import id_param, parse_id
from ct05.core.permissions import can_change_above, require_change
from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.views import is_htmx, posted_version, render_page, stale_context
from ct05.inspections.models import Remediation, RemediationStatus
from ct05.inspections.selectors import overdue_remediations
from ct05.people.models import Person
from ct05.plans.models import CollectivePlan
from ct05.tasks.models import Task, TaskStatus

from . import services
from .forms import (
    MAX_QUERY,
    PICK_LIMIT,
    OrganizationSettingsForm,
    find_organizations,
    pickable,
)
from .models import CapEnforcement, Organization, OrganizationKind
from .selectors import villages_for

SETTING_NAMES = [
    "min_deeds",
    "excellent_cap_pct",
    "cap_enforcement",
    "regular_meetings_norm",
    "thematic_meetings_norm",
]


def _with_member_counts(queryset):
    today = timezone.localdate()
    return queryset.select_related("head").annotate(
        members=Count("memberships", filter=active_on(today, "memberships__"))
    )


@login_required
def organization_tree(request):
    """The visible subtrees as an indented list, with kind, head and members, in one query.

    A province holds thousands of organizations, so the list opens two levels deep (the user's
    organizations and the ones directly under them); a row with more under it opens its
    children in place (htmx), or, without JavaScript, the same page with that branch open
    (``?under=ID``).
    """
    show_dissolved = request.GET.get("dissolved") == "1"
    visible = Organization.objects.visible_to(request.user)
    if not show_dissolved:
        visible = visible.filter(active_on(timezone.localdate()))
    base = visible.order_by("depth").values_list("depth", flat=True).first() or 1
    under = None
    if (under_id := id_param(request.GET, "under")) is not None:
        under = get_object_or_404(visible, pk=under_id)
    children_of_under = (
        Q(path__startswith=under.path, depth=under.depth + 1) if under else Q(pk__in=[])
    )
    if under is not None and is_htmx(request):
        rows = visible.filter(children_of_under)
    else:
        rows = visible.filter(Q(depth__lte=base + 1) | children_of_under)
    rows = list(_with_member_counts(rows).order_by("path"))
    with_children_shown = {o.path[: -o.steplen] for o in rows}
    for o in rows:
        o.indent = o.depth - base
        # More under it than the page shows: offer to open it.
        o.closed = o.numchild > 0 and o.path not in with_children_shown
    context = {"organizations": rows, "show_dissolved": show_dissolved}
    if under is not None and is_htmx(request):
        return render(request, "organizations/tree_rows.html", context)
    return render_page(request, "organizations/tree.html", context)


PICKER_NAME = re.compile(r"[a-z_][a-z0-9_-]{0,40}")


def _picker_options(request, default_name: str, options, fields=None, **extra):
    """The options a search picker offers (htmx): those already chosen, then twenty matches of
    what was typed among ``options`` (the user's scope), diacritics ignored."""
    name = str(request.GET.get("name") or "")
    if not PICKER_NAME.fullmatch(name):
        name = default_name
    query = str(request.GET.get(f"{name}_q") or "")[:MAX_QUERY]
    ids = [pk for pk in map(parse_id, request.GET.getlist(name)) if pk is not None]
    chosen = list(options.filter(pk__in=ids).order_by(*(fields or ["path"]))) if ids else []
    found = find_organizations(options, query, *([fields] if fields else [])).exclude(pk__in=ids)
    context = {
        "name": name,
        "query": query,
        "chosen": chosen,
        "options": list(found[:PICK_LIMIT]),
        "limit": PICK_LIMIT,
        "input_type": "radio",
        **extra,
    }
    return render(request, "organizations/_picker_options.html", context)


@login_required
def organization_pick(request):
    """The organizations a search picker offers for what was typed (htmx): the user's scope
    for the field's action (``view`` or ``change``) and of its kinds only, diacritics ignored,
    twenty at a time."""
    action = Action.CHANGE if request.GET.get("action") == Action.CHANGE else Action.VIEW
    kinds = [k for k in str(request.GET.get("kinds") or "").split(",") if k in OrganizationKind]
    options = pickable(Organization.objects.visible_to(request.user, action), kinds=kinds)
    multiple = request.GET.get("multiple") == "1"
    return _picker_options(
        request, "organization", options, input_type="checkbox" if multiple else "radio"
    )


@login_required
def village_pick(request):
    """The villages a village picker offers for what was typed (htmx): those of the areas of
    the organizations the user may change, diacritics ignored, twenty at a time."""
    options = villages_for(request.user).select_related("parent")
    return _picker_options(request, "village", options, ("name", "pk"), village=True)


@login_required
def organization_detail(request, pk: int):
    organization = get_object_or_404(
        Organization.objects.visible_to(request.user).select_related("head", "locality"), pk=pk
    )
    may_change = can(request.user, Action.CHANGE, organization)
    form = OrganizationSettingsForm(instance=organization)
    stale = {}
    if request.method == "POST":
        require_change(request.user, organization)
        form = OrganizationSettingsForm(request.POST, instance=organization)
        if form.is_valid():
            try:
                services.update_settings(
                    user=request.user,
                    organization=organization,
                    version=posted_version(request),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                apply_service_error(form, error)
                stale = stale_context(error, request)
                organization.refresh_from_db()
            else:
                messages.success(request, _("The settings are saved."))
                return redirect("organization-detail", pk=organization.pk)
    today = timezone.localdate()
    children = _with_member_counts(
        Organization.objects.filter(
            path__startswith=organization.path, depth=organization.depth + 1
        )
    ).order_by("path")
    parent = (
        Organization.objects.visible_to(request.user)
        .filter(path=organization.path[: -organization.steplen])
        .first()
        if organization.depth > 1
        else None
    )
    members = (
        Person.objects.members_of([organization], today)
        .select_related("ethnic_group")
        .vietnamese_order()
    )
    effective = {name: organization.setting(name) for name in SETTING_NAMES}
    effective["cap_enforcement"] = CapEnforcement(effective["cap_enforcement"]).label
    return render_page(
        request,
        "organizations/detail.html",
        {
            "organization": organization,
            "parent": parent,
            "children": children,
            "members": members,
            "effective": effective,
            "form": form,
            "may_change": may_change,
            "may_reorganize": can_change_above(request.user, organization),
            **stale,
            **_plans_and_tasks(organization, today),
        },
    )


def _plans_and_tasks(organization, today) -> dict:
    """The unit's plan of the year, its open tasks (overdue ones marked) and open remediation;
    the overdue items of its whole subtree for a committee."""
    return {
        "plan": CollectivePlan.objects.filter(organization=organization, year=today.year)
        .prefetch_related("issues")
        .first(),
        "tasks": Task.objects.filter(organization=organization)
        .exclude(status=TaskStatus.COMPLETED)
        .order_by("deadline", "pk")[:50],
        "open_remediation": Remediation.objects.filter(
            inspection__organization=organization, status=RemediationStatus.OPEN
        ).order_by("deadline", "pk")[:50],
        "overdue_below": overdue_remediations(organization).exclude(
            inspection__organization=organization
        )[:50],
        "overdue_tasks_below": Task.objects.overdue()
        .filter(organization__path__startswith=organization.path)
        .exclude(organization=organization)
        .count(),
    }
