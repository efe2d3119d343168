"""Inspection pages: the list (overdue remediation marked), recording an inspection with its
findings and remediation items, and an inspection's page where items are reported done."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from ct05.core.forms import apply_service_error
from ct05.core.params import id_param
from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.views import render_page

from . import services
from .forms import InspectionFilterForm, InspectionForm
from .models import Inspection, Remediation, RemediationStatus

PAGE_SIZE = 30


@login_required
def inspection_list(request):
    user = request.user
    form = InspectionFilterForm(request.GET or None, user=user)
    inspections, chosen = form.filter_list(
        Inspection.objects.visible_to(user), year_lookup="start_date__year"
    )
    if form.is_bound and form.is_valid() and form.cleaned_data["status"] == "overdue":
        inspections = inspections.filter(
            pk__in=Remediation.objects.overdue().values("inspection_id")
        )
    overdue_ids = set(
        Remediation.objects.overdue()
        .filter(inspection__in=inspections.values("pk"))
        .values_list("inspection_id", flat=True)
    )
    inspections = inspections.select_related("organization", "inspecting_body")
    return render_page(
        request,
        "inspections/list.html",
        {
            "form": form,
            "page": Paginator(inspections, PAGE_SIZE).get_page(request.GET.get("page")),
            "year": chosen["year"],
            "overdue_ids": overdue_ids,
        },
    )


@login_required
def inspection_create(request):
    form = InspectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.record_inspection(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The inspection is recorded."))
            return redirect("inspection-detail", pk=inspection.pk)
    return render_page(request, "inspections/form.html", {"form": form})


@login_required
def inspection_detail(request, pk: int):
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related(
            "organization", "inspecting_body"
        ),
        pk=pk,
    )
    may_remediate = can(request.user, Action.CHANGE, inspection.organization)
    if request.method == "POST" and may_remediate:
        item_id = id_param(request.POST, "remediation")
        item = get_object_or_404(inspection.remediations.all(), pk=item_id or 0)
        status = request.POST.get("status")
        try:
            services.set_remediation_status(user=request.user, remediation=item, status=status)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The remediation item is saved."))
        return redirect("inspection-detail", pk=inspection.pk)
    return render_page(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "findings": inspection.findings.all(),
            "remediations": inspection.remediations.all(),
            "may_remediate": may_remediate,
            "done": RemediationStatus.DONE,
            "open": RemediationStatus.OPEN,
        },
    )
