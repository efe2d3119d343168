"""Inspection pages: the list (overdue remediation marked), recording an inspection with its
findings and remediation items, and an inspection's page where items are reported done."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ct05.core.forms import apply_service_error
from ct05.core.paging import Paginator
from ct05.core.params import id_param
from ct05.core.permissions import require_change_of_visible
from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.views import post_or_go_to, posted_version, render_page, save_posted

from . import services
from .forms import (
    FindingForm,
    InspectionEditForm,
    InspectionFilterForm,
    InspectionForm,
    RemediationForm,
)
from .models import Finding, Inspection, Remediation, RemediationStatus

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


def _inspection(request, pk: int) -> Inspection:
    return get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related(
            "organization", "inspecting_body"
        ),
        pk=pk,
    )


@login_required
def inspection_detail(request, pk: int, finding_form=None, remediation_form=None):
    inspection = _inspection(request, pk)
    may_remediate = can(request.user, Action.CHANGE, inspection.organization)
    may_inspect = can(request.user, Action.CHANGE, inspection.inspecting_body)
    if request.method == "POST" and may_remediate and "remediation" in request.POST:
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
            "may_inspect": may_inspect,
            "finding_form": (finding_form or FindingForm()) if may_inspect else None,
            "remediation_form": (remediation_form or RemediationForm()) if may_inspect else None,
            "done": RemediationStatus.DONE,
            "open": RemediationStatus.OPEN,
        },
    )


def _form_page(request, inspection, form, title, *, record=None, stale=None):
    return render_page(
        request,
        "registers/form.html",
        {
            "form": form,
            "title": title,
            "record": record,
            "parent": inspection,
            "parent_url": reverse("inspection-detail", args=[inspection.pk]),
            "list_url": reverse("inspection-list"),
            "list_title": _("Inspection and supervision"),
            **(stale or {}),
        },
    )


INSPECTION_FIELDS = ["subject", "start_date", "end_date", "conclusion"]


@login_required
def inspection_edit(request, pk: int):
    """The subject, dates and conclusion, by whoever may change the inspecting body's records."""
    inspection = _inspection(request, pk)
    require_change_of_visible(request.user, inspection.inspecting_body)
    form = InspectionEditForm(
        request.POST or None, initial={n: getattr(inspection, n) for n in INSPECTION_FIELDS}
    )
    done, stale = save_posted(
        request,
        form,
        lambda **data: services.update_inspection(
            user=request.user, inspection=inspection, version=posted_version(request), **data
        ),
        saved=_("The inspection is saved."),
        then="inspection-detail",
        args=[pk],
    )
    return done or render_page(
        request,
        "registers/form.html",
        {
            "form": form,
            "title": _("Change the inspection"),
            "record": inspection,
            "record_url": reverse("inspection-detail", args=[pk]),
            "list_url": reverse("inspection-list"),
            "list_title": _("Inspection and supervision"),
            **stale,
        },
    )


@login_required
@post_or_go_to("inspection-detail")
def finding_add(request, pk: int):
    return _add_item(
        request,
        pk,
        FindingForm,
        services.add_finding,
        _("The shortcoming is added."),
        "finding_form",
    )


@login_required
@post_or_go_to("inspection-detail")
def remediation_add(request, pk: int):
    return _add_item(
        request,
        pk,
        RemediationForm,
        services.add_remediation,
        _("The remediation item is added."),
        "remediation_form",
    )


def _add_item(request, pk: int, form_class, add, saved: str, form_name: str):
    """A finding or a remediation item added to an inspection by its inspecting body; a refused
    one shows the inspection's page with the form and its message."""
    inspection = _inspection(request, pk)
    require_change_of_visible(request.user, inspection.inspecting_body)
    form = form_class(request.POST)
    done, _stale = save_posted(
        request,
        form,
        lambda **data: add(user=request.user, inspection=inspection, **data),
        saved=saved,
        then="inspection-detail",
        args=[pk],
    )
    if done:
        return done
    return inspection_detail(request, pk, **{form_name: form})


@login_required
def finding_edit(request, pk: int, finding: int):
    inspection = _inspection(request, pk)
    require_change_of_visible(request.user, inspection.inspecting_body)
    item = get_object_or_404(Finding.objects.filter(inspection=inspection), pk=finding)
    form = FindingForm(request.POST or None, initial={"text": item.text})
    done, _stale = save_posted(
        request,
        form,
        lambda **data: services.update_finding(user=request.user, finding=item, **data),
        saved=_("The shortcoming is saved."),
        then="inspection-detail",
        args=[pk],
    )
    return done or _form_page(request, inspection, form, _("Change the shortcoming"))


@login_required
def remediation_edit(request, pk: int, remediation: int):
    inspection = _inspection(request, pk)
    require_change_of_visible(request.user, inspection.inspecting_body)
    item = get_object_or_404(Remediation.objects.filter(inspection=inspection), pk=remediation)
    form = RemediationForm(
        request.POST or None,
        initial={"action": item.action, "deadline": item.deadline, "owner": item.owner},
    )
    done, _stale = save_posted(
        request,
        form,
        lambda **data: services.update_remediation(user=request.user, remediation=item, **data),
        saved=_("The remediation item is saved."),
        then="inspection-detail",
        args=[pk],
    )
    return done or _form_page(request, inspection, form, _("Change the remediation item"))
