"""Rating pages: members and child organizations of one organization with their yearly rating,
one rating with its history, and the steps of the flow (self-assessment, proposal, decision,
reopening), each calling :mod:`ct05.ratings.services`."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ct05.core.forms import apply_service_error
from ct05.core.models import active_on
from ct05.core.paging import Paginator
from ct05.core.params import id_param, requested_year
from ct05.core.permissions import is_self
from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.views import (
    post_or_go_to,
    posted_version,
    redirect_back,
    render_page,
    stale_context,
)
from ct05.core.years import this_year
from ct05.organizations.models import PARTY_KINDS, Organization
from ct05.organizations.selectors import default_organization
from ct05.people.models import Person

from . import services
from .forms import RatingFilterForm, RatingForm, ReopenForm
from .models import PeriodKind, Rating, RatingStatus, SubjectKind

MEMBERS_PAGE_SIZE = 50

ACTION_LABELS = {
    "self_assess": gettext_lazy("Self-assessment"),
    "propose": gettext_lazy("Proposal"),
    "decide": gettext_lazy("Decision"),
    "reopen": gettext_lazy("Reopened"),
}


def _yearly(user, year: int):
    return Rating.objects.visible_to(user).filter(period_kind=PeriodKind.YEAR, year=year, quarter=0)


@login_required
def rating_list(request):
    """One organization's members and child party organizations, with their yearly rating."""
    user = request.user
    data = request.GET.copy()
    if not data.get("organization"):
        default = default_organization(user)
        if default is not None:
            data["organization"] = default.pk
    data.setdefault("year", this_year())
    form = RatingFilterForm(data, user=user)
    if "organization" in form.errors:
        raise Http404
    if not form.is_valid() or form.cleaned_data["organization"] is None:
        return render_page(request, "ratings/list.html", {"form": form, "organization": None})
    organization = form.cleaned_data["organization"]
    year = form.cleaned_data["year"] or this_year()
    page = Paginator(
        Person.objects.members_of([organization]).vietnamese_order(), MEMBERS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    members = list(page.object_list)
    ratings = _yearly(user, year).select_related("scheme")
    by_person = {r.person_id: r for r in ratings.filter(person__in=[m.pk for m in members])}
    children = list(
        Organization.objects.filter(
            path__startswith=organization.path,
            depth=organization.depth + 1,
            kind__in=PARTY_KINDS,
        )
        .filter(active_on(timezone.localdate()))
        .order_by("path")
    )
    rated_organizations = ([organization] if organization.is_party else []) + children
    by_organization = {
        r.subject_organization_id: r
        for r in ratings.filter(subject_organization__in=[o.pk for o in rated_organizations])
    }
    may_change = can(user, Action.CHANGE, organization)
    member_rows = [
        {
            "person": m,
            "rating": by_person.get(m.pk),
            "may_start": is_self(user, m) or may_change,
        }
        for m in members
    ]
    organization_rows = [
        {
            "organization": o,
            "own": o.pk == organization.pk,
            "rating": by_organization.get(o.pk),
            "may_start": can(user, Action.CHANGE, o),
        }
        for o in rated_organizations
    ]
    return render_page(
        request,
        "ratings/list.html",
        {
            "form": form,
            "organization": organization,
            "year": year,
            "member_rows": member_rows,
            "organization_rows": organization_rows,
            "page": page,
        },
    )


@login_required
def rating_self_assess(request):
    """Start or redo a self-assessment: ``?person=ID`` (a member) or ``?organization=ID``."""
    user = request.user
    year = requested_year(request)
    person = organization = None
    person_id = id_param(request.GET, "person") or id_param(request.POST, "person")
    organization_id = id_param(request.GET, "organization") or id_param(
        request.POST, "organization"
    )
    if person_id is not None:
        person = get_object_or_404(Person.objects.visible_to(user), pk=person_id)
        membership = person.current_membership()
        home = membership.organization if membership else None
        allowed = is_self(user, person) or (home is not None and can(user, Action.CHANGE, home))
        lookup = {"person": person}
    elif organization_id is not None:
        organization = get_object_or_404(Organization.objects.visible_to(user), pk=organization_id)
        allowed = can(user, Action.CHANGE, organization)
        lookup = {"subject_organization": organization}
    else:
        return redirect("rating-list")
    if not allowed:
        raise PermissionDenied(_("You may not assess this rating."))
    existing = _yearly(user, year).filter(**lookup).first()
    scheme = existing.scheme if existing else services.default_scheme(year)
    subject_kind = services.subject_kind_of(person=person, organization=organization)
    form = RatingForm(
        request.POST or None, scheme=scheme, level_required=True, subject_kind=subject_kind
    )
    stale = {}
    if request.method == "POST" and form.is_valid():
        try:
            rating = services.self_assess(
                user=user,
                year=year,
                person=person,
                organization=organization,
                level=form.chosen_level(),
                scores=form.scores(),
                note=form.cleaned_data["note"],
                scheme=scheme,
                version=posted_version(request) if existing is not None else None,
                conditions=form.conditions(),
            )
        except ValidationError as error:
            apply_service_error(form, error)
            stale = stale_context(error, request)
        else:
            messages.success(request, _("The self-assessment is saved."))
            # Back to the page the form was on (the member's year page), else the rating's.
            return redirect_back(request, "rating-detail", pk=rating.pk)
    elif request.method == "GET" and existing is not None:
        return redirect("rating-detail", pk=existing.pk)
    return render_page(
        request,
        "ratings/self_assess.html",
        {
            "person": person,
            "subject_organization": organization,
            "year": year,
            "scheme": scheme,
            "subject_kind": SubjectKind(subject_kind).label,
            "form": form,
            "existing": existing,
            **stale,
        },
    )


def _rating(request, pk: int) -> Rating:
    return get_object_or_404(
        Rating.objects.visible_to(request.user).select_related(
            "person", "subject_organization", "organization", "scheme"
        ),
        pk=pk,
    )


def _initial(rating: Rating, level: str) -> dict:
    """The form starts from the latest scoring and the recorded conditions. Under a scored
    scheme the level starts empty: it follows the score and the conditions unless the deciding
    person lowers it, so changing a score never collides with a level chosen for the old one."""
    initial = {f"score_{code}": Decimal(points) for code, points in (rating.scores or {}).items()}
    initial.update(rating.task_record.as_fields())
    initial["level"] = "" if rating.scheme.uses_score else level
    return initial


def _form(rating: Rating, *args, **kwargs) -> RatingForm:
    return RatingForm(
        *args,
        scheme=rating.scheme,
        subject_kind=rating.subject_kind
        or (SubjectKind.COLLECTIVE if rating.is_collective else SubjectKind.MEMBER),
        **kwargs,
    )


def _render_detail(request, rating: Rating, **forms):
    user = request.user
    locked = rating.is_locked
    decider = services.may_decide(user, rating)
    if rating.person_id:
        may_self = is_self(user, rating.person) or can(user, Action.CHANGE, rating.organization)
        own = is_self(user, rating.person)
    else:
        may_self = can(user, Action.CHANGE, rating.subject_organization)
        own = False
    self_open = rating.status in (RatingStatus.SELF_ASSESSED, RatingStatus.REOPENED)
    latest = rating.level or rating.proposed_level or rating.self_level
    groups = list(rating.scheme.groups.all()) if rating.scheme.uses_score else []
    scores = [
        {"group": g, "points": Decimal(rating.scores[g.code]) if g.code in rating.scores else None}
        for g in groups
    ]
    changes = list(rating.changes.select_related("by__person"))
    for change in changes:
        change.action_label = ACTION_LABELS.get(change.action, change.action)
    context = {
        "rating": rating,
        "scores": scores,
        "level_check": rating.level_check(),
        "conditions": _conditions(rating),
        "changes": changes,
        "may_self_assess": may_self and self_open,
        "may_propose": can(user, Action.CHANGE, rating.organization) and not locked and not own,
        "may_decide": decider and not own and rating.status == RatingStatus.PROPOSED,
        "may_reopen": decider and not own and locked,
        "self_form": _form(rating, initial=_initial(rating, rating.self_level)),
        "propose_form": _form(rating, initial=_initial(rating, latest)),
        "decide_form": _form(rating, initial=_initial(rating, latest)),
        "reopen_form": ReopenForm(),
        **forms,
    }
    return render_page(request, "ratings/detail.html", context)


@login_required
def rating_detail(request, pk: int):
    return _render_detail(request, _rating(request, pk))


def _conditions(rating: Rating) -> list[dict]:
    """The recorded band conditions, for the page (empty under a levels-only scheme)."""
    if not rating.scheme.uses_score or not any(t.has_conditions() for t in rating.scheme.bands()):
        return []
    fields = ["tasks_total", "tasks_done", "tasks_on_time", "tasks_exceeding"]
    if rating.is_collective:
        fields.append("disciplined")
    return [
        {"label": Rating._meta.get_field(name).verbose_name, "value": getattr(rating, name)}
        for name in fields
    ]


def _step(request, pk: int, service, form_name: str, done: str):
    rating = _rating(request, pk)
    form = _form(rating, request.POST)
    if form.is_valid():
        try:
            result = service(
                user=request.user,
                rating=rating,
                level=form.chosen_level(),
                scores=form.scores(),
                note=form.cleaned_data["note"],
                conditions=form.conditions(),
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            _, warnings = result if isinstance(result, tuple) else (result, [])
            messages.success(request, done)
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("rating-detail", pk=rating.pk)
    return _render_detail(request, rating, **{form_name: form})


@login_required
@post_or_go_to("rating-detail")
def rating_propose(request, pk: int):
    return _step(request, pk, services.propose, "propose_form", _("The proposal is saved."))


@login_required
@post_or_go_to("rating-detail")
def rating_decide(request, pk: int):
    """Decide and lock; a cap exceeded under "warn" comes back as a warning message."""
    return _step(request, pk, services.decide, "decide_form", _("The rating is decided."))


@login_required
@post_or_go_to("rating-detail")
def rating_reopen(request, pk: int):
    rating = _rating(request, pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.reopen(user=request.user, rating=rating, note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The rating is reopened."))
            return redirect("rating-detail", pk=rating.pk)
    return _render_detail(request, rating, reopen_form=form)
