"""Collective plans and their pressing issues, and codes of ethical standards."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ct05.core.forms import apply_service_error
from ct05.core.permissions import require_change
from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.views import posted_version, render_page, stale_context

from . import services
from .forms import (
    IssueEditForm,
    IssueForm,
    IssueStatusForm,
    PlanEditForm,
    PlanFilterForm,
    PlanForm,
)
from .models import CollectivePlan, EthicsCode, IssueStatus, PressingIssue

PAGE_SIZE = 30


@login_required
def plan_list(request):
    user = request.user
    form = PlanFilterForm(request.GET or None, user=user)
    plans, chosen = form.filter_list(CollectivePlan.objects.visible_to(user), year_lookup="year")
    if form.is_bound and form.is_valid() and form.cleaned_data["status"]:
        plans = plans.filter(issues__status=form.cleaned_data["status"]).distinct()
    plans = (
        plans.select_related("organization")
        .annotate(
            issue_count=Count("issues", distinct=True),
            resolved=Count("issues", filter=Q(issues__status=IssueStatus.RESOLVED), distinct=True),
        )
        .order_by("organization__path")
    )
    codes = EthicsCode.objects.visible_to(user).select_related("organization")
    if chosen["organization"] is not None:
        codes = codes.filter(organization__path__startswith=chosen["organization"].path)
    return render_page(
        request,
        "plans/list.html",
        {
            "form": form,
            "page": Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page")),
            "year": chosen["year"],
            "codes": codes.order_by("organization__path", "-adopted_on")[:PAGE_SIZE],
        },
    )


@login_required
def plan_create(request):
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("plan-detail", pk=plan.pk)
    return render_page(request, "plans/form.html", {"form": form})


def _plan(request, pk: int) -> CollectivePlan:
    return get_object_or_404(
        CollectivePlan.objects.visible_to(request.user).select_related("organization"), pk=pk
    )


@login_required
def plan_detail(request, pk: int):
    plan = _plan(request, pk)
    may_change = can(request.user, Action.CHANGE, plan.organization)
    issue_form = IssueForm(request.POST if "add_issue" in request.POST else None)
    if request.method == "POST" and may_change:
        try:
            if "add_issue" in request.POST and issue_form.is_valid():
                services.add_issue(user=request.user, plan=plan, **issue_form.cleaned_data)
                messages.success(request, _("The pressing issue is added."))
                return redirect("plan-detail", pk=plan.pk)
            status_form = IssueStatusForm(request.POST)
            if "set_status" in request.POST and status_form.is_valid():
                issue = get_object_or_404(plan.issues.all(), pk=status_form.cleaned_data["issue"])
                services.update_issue(
                    user=request.user, issue=issue, status=status_form.cleaned_data["status"]
                )
                messages.success(request, _("The pressing issue is saved."))
                return redirect("plan-detail", pk=plan.pk)
        except ValidationError as error:
            apply_service_error(issue_form, error)
    return render_page(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "issues": plan.issues.all(),
            "may_change": may_change,
            "issue_form": issue_form,
            "statuses": IssueStatus.choices,
        },
    )


@login_required
def plan_edit(request, pk: int):
    """The plan's title, adoption day and content, by whoever may change the unit's records."""
    plan = _plan(request, pk)
    require_change(request.user, plan.organization)
    form = PlanEditForm(
        request.POST or None,
        initial={"title": plan.title, "adopted_on": plan.adopted_on, "content": plan.content},
    )
    stale = {}
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(
                user=request.user, plan=plan, version=posted_version(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_error(form, error)
            stale = stale_context(error, request)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("plan-detail", pk=pk)
    return render_page(
        request,
        "registers/form.html",
        {
            "form": form,
            "title": _("Change the plan"),
            "record": plan,
            "record_url": reverse("plan-detail", args=[pk]),
            "list_url": reverse("plan-list"),
            "list_title": _("Collective plans"),
            **stale,
        },
    )


ISSUE_FIELDS = ["title", "target", "owner", "status", "result"]


@login_required
def issue_edit(request, pk: int, issue: int):
    """A pressing issue: its words, owner, status and result."""
    plan = _plan(request, pk)
    require_change(request.user, plan.organization)
    item = get_object_or_404(PressingIssue.objects.filter(plan=plan), pk=issue)
    form = IssueEditForm(request.POST or None, initial={n: getattr(item, n) for n in ISSUE_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_issue(user=request.user, issue=item, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The pressing issue is saved."))
            return redirect("plan-detail", pk=pk)
    return render_page(
        request,
        "registers/form.html",
        {
            "form": form,
            "title": _("Change the pressing issue"),
            "parent": plan,
            "parent_url": reverse("plan-detail", args=[pk]),
            "list_url": reverse("plan-list"),
            "list_title": _("Collective plans"),
        },
    )
