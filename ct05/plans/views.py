"""Collective plans and their pressing issues, and codes of ethical standards (a register of
their own: a list of the subtree's codes, the review overdue marked, a code's page, recording
and changing one)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ct05.activities.registers import (
    Listing,
    RegisterPages,
    Row,
    may_record,
    paginate,
    short_date,
)
from ct05.core.forms import apply_service_error
from ct05.core.paging import Paginator
from ct05.core.params import id_param
from ct05.core.permissions import require_change
from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.views import posted_version, render_page, save_posted
from ct05.organizations.models import Organization

from . import services
from .forms import (
    EthicsCodeFilterForm,
    EthicsCodeForm,
    IssueEditForm,
    IssueForm,
    IssueStatusForm,
    PlanEditForm,
    PlanFilterForm,
    PlanForm,
)
from .models import CollectivePlan, EthicsCode, IssueStatus, PressingIssue
from .selectors import codes_with_review

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
    codes_url = reverse("ethics-code-list")
    if chosen["organization"] is not None:
        codes_url += f"?organization={chosen['organization'].pk}"
    return render_page(
        request,
        "plans/list.html",
        {
            "form": form,
            "page": Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page")),
            "year": chosen["year"],
            "codes_url": codes_url,
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
    codes = EthicsCode.objects.visible_to(request.user).filter(organization=plan.organization)
    return render_page(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "issues": plan.issues.all(),
            "may_change": may_change,
            "issue_form": issue_form,
            "statuses": IssueStatus.choices,
            "codes": codes_with_review(codes, timezone.localdate()).order_by("-adopted_on"),
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
    done, stale = save_posted(
        request,
        form,
        lambda **data: services.update_plan(
            user=request.user, plan=plan, version=posted_version(request), **data
        ),
        saved=_("The plan is saved."),
        then="plan-detail",
        args=[pk],
    )
    return done or render_page(
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
    done, _stale = save_posted(
        request,
        form,
        lambda **data: services.update_issue(user=request.user, issue=item, **data),
        saved=_("The pressing issue is saved."),
        then="plan-detail",
        args=[pk],
    )
    return done or render_page(
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


# -- codes of ethical standards -----------------------------------------------------------------


def _code(request, pk: int) -> EthicsCode:
    codes = EthicsCode.objects.visible_to(request.user).select_related("organization")
    return get_object_or_404(codes_with_review(codes, timezone.localdate()), pk=pk)


def review_flag(code) -> str:
    return _("Not reviewed for over a year") if code.review_overdue else ""


@login_required
def ethics_code_list(request):
    """The subtree's codes, adopted or reviewed in the chosen year (all years when none), those
    not reviewed for over a year marked (and listed alone on request)."""
    user = request.user
    form = EthicsCodeFilterForm(request.GET or None, user=user)
    codes = codes_with_review(EthicsCode.objects.visible_to(user), timezone.localdate())
    organization = None
    if form.is_bound and not form.is_valid():
        codes = codes.none()
    elif form.is_bound:
        organization, year = form.cleaned_data["organization"], form.cleaned_data["year"]
        if organization is not None:
            codes = codes.filter(organization__path__startswith=organization.path)
        if year:
            codes = codes.filter(Q(adopted_on__year=year) | Q(last_reviewed_on__year=year))
        if form.cleaned_data["review"] == "overdue":
            codes = codes.filter(review_overdue=True)
    page = paginate(request, codes.select_related("organization"))
    create_url = ""
    if may_record(user):
        create_url = reverse("ethics-code-create")
        if organization is not None and can(user, Action.CHANGE, organization):
            create_url += f"?organization={organization.pk}"
    listing = Listing(
        title=_("Codes of ethical standards"),
        form=form,
        columns=[_("Title"), _("Organization"), _("Adopted on"), _("Last reviewed on")],
        page=page,
        create_url=create_url,
        create_label=_("Record a code"),
        links=[(_("Collective plans"), reverse("plan-list"))],
    )
    for code in page.object_list:
        listing.rows.append(
            Row(
                url=reverse("ethics-code-detail", args=[code.pk]),
                cells=[
                    code.title,
                    code.organization.name,
                    short_date(code.adopted_on),
                    short_date(code.last_reviewed_on) or "—",
                ],
                flag=review_flag(code),
                classes="overdue" if code.review_overdue else "",
            )
        )
    return render_page(request, "registers/list.html", {"listing": listing})


ETHICS_CODES = RegisterPages(
    list_name="ethics-code-list",
    list_title=_l("Codes of ethical standards"),
    detail="ethics-code-detail",
    form_class=EthicsCodeForm,
    create_service=services.create_ethics_code,
    update_service=services.update_ethics_code,
    record_name="code",
    fields=["title", "adopted_on", "last_reviewed_on", "content"],
    create_title=_l("Record a code of ethical standards"),
    edit_title=_l("Change the code of ethical standards"),
    created=_l("The code of ethical standards is recorded."),
    saved=_l("The code of ethical standards is saved."),
    refused=_l("You may not record codes of ethical standards of any organization."),
)


@login_required
def ethics_code_create(request):
    """A code; from a plan's page (``?organization=``), of the plan's organization."""
    initial = {}
    if pk := id_param(request.GET, "organization"):
        changeable = Organization.objects.visible_to(request.user, Action.CHANGE)
        if (organization := changeable.filter(pk=pk).first()) is not None:
            initial = {"organization": organization}
    return ETHICS_CODES.create(request, initial=initial)


@login_required
def ethics_code_edit(request, pk: int):
    return ETHICS_CODES.edit(request, _code(request, pk))


@login_required
def ethics_code_detail(request, pk: int):
    code = _code(request, pk)
    facts = [
        (_("Organization"), code.organization.name),
        (_("Adopted on"), short_date(code.adopted_on)),
        (_("Last reviewed on"), short_date(code.last_reviewed_on)),
        (
            _("Status"),
            _("Replaced by a later code") if code.superseded else _("In force"),
        ),
        (_("Content"), code.content),
    ]
    plan = (
        CollectivePlan.objects.visible_to(request.user)
        .filter(organization=code.organization)
        .order_by("-year")
        .first()
    )
    return render_page(
        request,
        "registers/detail.html",
        {
            "title": code.title,
            "flag": review_flag(code),
            "record": code,
            "facts": facts,
            "list_url": reverse("ethics-code-list"),
            "list_title": _("Codes of ethical standards"),
            "edit_url": reverse("ethics-code-edit", args=[pk])
            if can(request.user, Action.CHANGE, code.organization)
            else "",
            "evidence": None,
            "extra_template": "plans/_code_plan.html" if plan else "",
            "plan": plan,
        },
    )
