"""The reorganization page of one organization, for the administrator of the level above."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from ct05.core.forms import apply_service_error
from ct05.core.permissions import can_change_above
from ct05.core.views import render_page
from ct05.organizations.models import Organization

from . import services
from .forms import ReorganizeForm
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
