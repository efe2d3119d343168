"""The reorganization page of one organization, for the administrator of the level above."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from ct05.core.forms import apply_service_error
from ct05.core.permissions import can_change_above
from ct05.core.views import render_page
from ct05.organizations.models import Organization

from . import services
from .forms import MAX_PARTS, MIN_PARTS, ReorganizeForm, SplitForm, parts_from
from .models import Reorganization, ReorganizationKind


@login_required
def reorganize(request, pk: int):
    organization = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
    if not can_change_above(request.user, organization):
        raise PermissionDenied(_("Only the level above may reorganize this organization."))
    form = ReorganizeForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        organization=organization,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = data["target"]
        if data["kind"] == ReorganizationKind.MERGE and data["new_name"]:
            target = services.NewOrganization(
                name=data["new_name"], kind=data["new_kind"], parent=data["new_parent"]
            )
        try:
            services.apply(
                user=request.user,
                kind=data["kind"],
                effective=data["effective"],
                sources=[organization, *data["others"]],
                target=target,
                name=data["name"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The reorganization is recorded."))
            return redirect("organization-detail", pk=organization.pk)
    history = (
        Reorganization.objects.visible_to(request.user)
        .filter(Q(sources=organization) | Q(targets=organization))
        .distinct()
        .prefetch_related("sources", "targets")
    )
    return render_page(
        request,
        "reorganizations/reorganize.html",
        {"organization": organization, "form": form, "history": history},
    )


@login_required
def split(request, pk: int):
    """Split one organization into several on a phone-sized page: the organizations it gives,
    then, for everything under it, where it goes."""
    organization = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
    if not can_change_above(request.user, organization):
        raise PermissionDenied(_("Only the level above may reorganize this organization."))
    data = request.POST if request.method == "POST" else None
    parts = parts_from((data or request.GET).get("parts"))
    children, people = services.split_candidates(organization, timezone.localdate())
    form = SplitForm(
        data,
        user=request.user,
        organization=organization,
        parts=parts,
        children=children,
        people=people,
    )
    if data is not None and form.is_valid():
        try:
            services.split(
                user=request.user,
                source=organization,
                parts=form.split_parts(),
                effective=form.cleaned_data["effective"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The reorganization is recorded."))
            return redirect("organization-detail", pk=organization.pk)
    return render_page(
        request,
        "reorganizations/split.html",
        {
            "organization": organization,
            "form": form,
            "parts": parts,
            "more": parts + 1 if parts < MAX_PARTS else None,
            "fewer": parts - 1 if parts > MIN_PARTS else None,
        },
    )
