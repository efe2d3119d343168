"""Commitment pages: a member's own commitment (phone first), the secretary's review list, one
commitment's page, and the actions on it. Each action calls one service of
:mod:`ct05.commitments.services`; a ``ValidationError`` is shown on the form it came from."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from ct05.core.forms import apply_service_error
from ct05.core.paging import COUNT_CAP, Paginator
from ct05.core.params import id_param, parse_id, requested_year
from ct05.core.permissions import is_self
from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.views import (
    is_htmx,
    post_or_go_to,
    posted_version,
    redirect_back,
    render_page,
    stale_context,
)
from ct05.core.years import year_choices
from ct05.organizations.models import Organization
from ct05.people.models import Person
from ct05.ratings import services as rating_services
from ct05.ratings.forms import RatingForm
from ct05.ratings.models import PeriodKind, Rating, RatingStatus

from . import services
from .forms import (
    EVALUATION_CHOICES,
    CommitmentFilterForm,
    PledgeForm,
    ProgressNoteForm,
    ReviewForm,
    SelfAssessmentForm,
    deed_rows,
    deeds_from_post,
    empty_row,
    evaluations_from_post,
)
from .models import Commitment, CommitmentStatus, ProgressNote

PAGE_SIZE = 25


def _commitment(request, pk: int) -> Commitment:
    return get_object_or_404(
        Commitment.objects.visible_to(request.user).select_related(
            "person", "organization", "reviewed_by__person"
        ),
        pk=pk,
    )


def _mine_url(year: int) -> str:
    return f"{reverse('my-commitment')}?{urlencode({'year': year})}"


# -- registering --------------------------------------------------------------------------------


@login_required
def my_commitment(request):
    """The member's commitment of the year: the form to register it, then the commitment."""
    year = requested_year(request)
    if request.user.person_id is None:
        return render_page(request, "commitments/no_person.html", {"year": year})
    commitment = (
        Commitment.objects.visible_to(request.user)
        .filter(person_id=request.user.person_id, year=year)
        .select_related("person", "organization", "reviewed_by__person")
        .first()
    )
    if commitment is not None:
        if request.method == "POST":
            return redirect(_mine_url(year))
        # The person came with the commitment: the user's own is not read again.
        return _render_detail(request, commitment, mine=True)
    return _register(request, request.user.person, year, mine=True)


# -- the member's year: every step on one page -----------------------------------------------


def _yearly_rating(user, person: Person, year: int) -> Rating | None:
    return (
        Rating.objects.visible_to(user)
        .filter(person=person, period_kind=PeriodKind.YEAR, year=year, quarter=0)
        .select_related("scheme")
        .first()
    )


def _step(title: str, state: str, next_step: str = "", anchor: str = "", done: bool = False):
    return {"title": title, "state": state, "next": next_step, "anchor": anchor, "done": done}


def year_steps(commitment: Commitment | None, deeds: list, rating: Rating | None) -> list[dict]:
    """The member's year as steps, each with its state and the next step named: the commitment,
    the deeds' progress, the self-evaluation of the deeds (then the cell's evaluation), and the
    self-assessed rating level (then the cell's proposal and the decision)."""
    steps = []
    if commitment is None:
        steps.append(
            _step(_("Commitment"), _("Not registered yet"), _("Register it below"), "register")
        )
    else:
        state = commitment.get_status_display()
        if commitment.status == CommitmentStatus.APPROVED:
            steps.append(_step(_("Commitment"), state, done=True))
        elif commitment.status == CommitmentStatus.RETURNED:
            steps.append(_step(_("Commitment"), state, _("Change it and save it again"), "edit"))
        else:
            steps.append(_step(_("Commitment"), state, _("Waiting for the cell's approval")))
    if deeds:
        notes = sum(len(deed.progress_notes.all()) for deed in deeds)
        self_done = sum(1 for d in deeds if d.self_evaluation)
        cell_done = sum(1 for d in deeds if d.evaluation)
        noted = ngettext("%(count)s progress note", "%(count)s progress notes", notes) % {
            "count": notes
        }
        if cell_done == len(deeds):  # the year's deeds are closed
            steps.append(_step(_("Progress of the deeds"), noted, done=True))
        else:
            steps.append(
                _step(
                    _("Progress of the deeds"),
                    noted,
                    _("Add a note under a deed when it moves forward"),
                    "deeds",
                )
            )
        state = _("%(done)s of %(total)s deeds self-evaluated") % {
            "done": self_done,
            "total": len(deeds),
        }
        if cell_done == len(deeds):
            steps.append(
                _step(_("Self-evaluation of the deeds"), _("Evaluated by the cell"), done=True)
            )
        elif self_done < len(deeds):
            steps.append(
                _step(
                    _("Self-evaluation of the deeds"),
                    state,
                    _("Self-evaluate each deed at the year's end"),
                    "self",
                )
            )
        else:
            steps.append(
                _step(
                    _("Self-evaluation of the deeds"),
                    state,
                    _("Waiting for the cell's evaluation"),
                )
            )
    title = _("Self-assessed rating level")
    if rating is None:
        steps.append(_step(title, _("Not yet"), _("Choose your level below"), "rating"))
    elif rating.status == RatingStatus.SELF_ASSESSED:
        steps.append(
            _step(title, rating.get_self_level_display(), _("Waiting for the cell's proposal"))
        )
    elif rating.status == RatingStatus.PROPOSED:
        steps.append(
            _step(
                title,
                _("Proposed: %(level)s") % {"level": rating.get_proposed_level_display()},
                _("Waiting for the decision"),
            )
        )
    elif rating.status == RatingStatus.DECIDED:
        steps.append(
            _step(
                title,
                _("Decided: %(level)s") % {"level": rating.get_level_display()},
                done=True,
            )
        )
    else:
        steps.append(_step(title, rating.get_status_display(), _("Assess again below"), "rating"))
    return steps


def _rating_context(user, person: Person, year: int) -> dict:
    """The member's own rating of the year, and the form to self-assess it while it is theirs
    to fill (none yet, self-assessed, or reopened). ``person`` is the user's own (the member's
    year): whether they are a member today and which annex applies are read for the user."""
    rating = _yearly_rating(user, person, year)
    may = rating is None or rating.status in (RatingStatus.SELF_ASSESSED, RatingStatus.REOPENED)
    form = None
    member, subject_kind = rating_services.own_standing(user) if may else (False, None)
    if member:
        scheme = rating.scheme if rating else rating_services.default_scheme(year)
        initial = {"level": rating.self_level} if rating and not scheme.uses_score else {}
        form = RatingForm(
            scheme=scheme,
            level_required=True,
            subject_kind=subject_kind,
            initial=initial,
            prefix=None,
        )
    return {"rating": rating, "rating_form": form, "rating_year": year}


@login_required
def commitment_create(request):
    """A secretary registers the commitment of a member of their subtree who has none."""
    person_id = id_param(request.GET, "person") or id_param(request.POST, "person")
    if person_id is None:
        return redirect("commitment-list")
    person = get_object_or_404(Person.objects.visible_to(request.user, Action.CHANGE), pk=person_id)
    return _register(request, person, requested_year(request), mine=False)


def _register(request, person: Person, year: int, *, mine: bool):
    membership = person.current_membership()
    minimum = membership.organization.setting("min_deeds") if membership else 1
    form = PledgeForm(request.POST or None)
    rows = deed_rows([], minimum)
    if request.method == "POST":
        rows = deeds_from_post(request.POST)
        if "add_deed" in request.POST:
            rows.append(empty_row())
        elif form.is_valid():
            try:
                commitment = services.create_commitment(
                    user=request.user,
                    person=person,
                    year=year,
                    deeds=rows,
                    pledge=form.cleaned_data["pledge"],
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("The commitment is registered."))
                if mine:
                    return redirect(_mine_url(year))
                return redirect("commitment-detail", pk=commitment.pk)
        rows = deed_rows(rows, minimum)
    context = {
        "person": person,
        "organization": membership.organization if membership else None,
        "year": year,
        "years": year_choices(),
        "minimum": minimum,
        "form": form,
        "rows": rows,
        "mine": mine,
    }
    if mine:
        # The year's other steps stay on the page before the commitment is registered.
        context.update(_rating_context(request.user, person, year))
        context["steps"] = year_steps(None, [], context["rating"])
        context["next"] = _mine_url(year)
    return render_page(request, "commitments/register.html", context)


@login_required
@require_GET
def deed_row(request):
    """One empty deed row, added to the form by htmx."""
    return render(request, "commitments/deed_fields.html#deed_row", {"row": empty_row()})


# -- one commitment -----------------------------------------------------------------------------


@login_required
def commitment_detail(request, pk: int):
    return _render_detail(request, _commitment(request, pk))


def _render_detail(request, commitment: Commitment, *, mine: bool = False, **forms):
    user = request.user
    # The notes with their authors' names in one query (a prefetch of the authors, then of
    # their persons, took two more).
    # Within one commitment the models' orderings reduce to these: ordered as they are, they
    # joined the commitment and its person only to sort by year and name (4 ms of planning).
    notes = ProgressNote.objects.select_related("author__person").order_by("deed_id", "date", "pk")
    deeds = list(
        commitment.deeds.prefetch_related(Prefetch("progress_notes", notes))
        .select_related("evaluated_by")
        .order_by("order", "pk")
    )
    own = is_self(user, commitment.person)
    may_change = can(user, Action.CHANGE, commitment.organization)
    may_edit = may_change or (own and commitment.status != CommitmentStatus.APPROVED)
    # The least number of deeds is read for the edit form only (an inherited setting).
    minimum = commitment.organization.setting("min_deeds") if may_edit else 0
    note_errors = forms.pop("note_form", None)
    for deed in deeds:
        # The deed whose note was refused keeps its form; the others share one empty form's
        # fields, rendered once (``note_fields``): a form per deed cost a render per field.
        deed.note_form = None
        if note_errors is not None and note_errors.data.get("deed") == str(deed.pk):
            deed.note_form = note_errors
    note_fields = ""
    if deeds and (own or may_change):
        note_fields = render_to_string(
            "commitments/_note_fields.html", {"form": ProgressNoteForm()}
        )
    context = {
        "commitment": commitment,
        "deeds": deeds,
        "mine": mine,
        "own": own,
        "minimum": minimum,
        "may_edit": may_edit,
        "may_self_evaluate": own or may_change,
        "may_review": may_change and not own,
        "may_evaluate": may_change and not own,
        "may_note": own or may_change,
        "note_fields": note_fields,
        "edit_form": PledgeForm(initial={"pledge": commitment.pledge}),
        "edit_rows": deed_rows(deeds, minimum),
        "self_form": SelfAssessmentForm(initial={"self_assessment": commitment.self_assessment}),
        "review_form": ReviewForm(),
        "evaluation_choices": EVALUATION_CHOICES,
        "next": request.POST.get("next") or request.get_full_path(),
        "open": "",
        **forms,
    }
    if (
        not context["open"]
        and context["may_evaluate"]
        and deeds
        and all(deed.self_evaluation for deed in deeds)
        and not all(deed.evaluation for deed in deeds)
    ):
        context["open"] = "evaluate"  # the member has self-evaluated: the cell's turn
    if mine:
        rating_context = _rating_context(user, commitment.person, commitment.year)
        context.update(rating_context)
        context["person"] = commitment.person
        context["steps"] = year_steps(commitment, deeds, rating_context["rating"])
        context["years"] = year_choices()
        context["next"] = request.POST.get("next") or _mine_url(commitment.year)
        # The year's next step is open on the page: the self-evaluation once the deeds are set.
        if (
            not context["open"]
            and commitment.status == CommitmentStatus.APPROVED
            and any(not deed.self_evaluation for deed in deeds)
        ):
            context["open"] = "self"
    return render_page(request, "commitments/detail.html", context)


@login_required
@post_or_go_to("commitment-detail")
def commitment_edit(request, pk: int):
    commitment = _commitment(request, pk)
    form = PledgeForm(request.POST)
    rows = deeds_from_post(request.POST)
    if "add_deed" in request.POST:
        rows.append(empty_row())
        return _render_detail(request, commitment, edit_form=form, edit_rows=rows, open="edit")
    if form.is_valid():
        try:
            services.update_commitment(
                user=request.user,
                commitment=commitment,
                pledge=form.cleaned_data["pledge"],
                deeds=rows,
                version=posted_version(request),
            )
        except ValidationError as error:
            apply_service_error(form, error)
            commitment.refresh_from_db()
            return _render_detail(
                request,
                commitment,
                edit_form=form,
                edit_rows=rows,
                open="edit",
                **stale_context(error, request),
            )
        else:
            messages.success(request, _("The commitment is saved."))
            return redirect_back(request, "commitment-detail", pk=commitment.pk)
    return _render_detail(request, commitment, edit_form=form, edit_rows=rows, open="edit")


@login_required
@post_or_go_to("commitment-detail")
def commitment_self_evaluate(request, pk: int):
    commitment = _commitment(request, pk)
    form = SelfAssessmentForm(request.POST)
    evaluations = evaluations_from_post(request.POST, commitment.deeds.all(), "self")
    if form.is_valid():
        try:
            with transaction.atomic():
                services.self_evaluate_deeds(
                    user=request.user, commitment=commitment, evaluations=evaluations
                )
                services.update_commitment(
                    user=request.user,
                    commitment=commitment,
                    self_assessment=form.cleaned_data["self_assessment"],
                )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The self-evaluation is saved."))
            return redirect_back(request, "commitment-detail", pk=commitment.pk)
    return _render_detail(request, commitment, self_form=form, open="self")


@login_required
@post_or_go_to("commitment-detail")
def commitment_review(request, pk: int):
    """Approve, or return with a note. From the review list, htmx swaps the row in place."""
    commitment = _commitment(request, pk)
    form = ReviewForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    error = None
    if form.is_valid():
        try:
            commitment = services.review_commitment(
                user=request.user,
                commitment=commitment,
                approve=approve,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
            error = exc
    if is_htmx(request) and request.POST.get("partial") == "row":
        commitment = _commitment(request, pk)
        commitment.may_review = True
        return render(
            request,
            "commitments/list.html#commitment_row",
            {"c": commitment, "row_form": form, "next": request.POST.get("next", "")},
        )
    if error is None and form.is_valid():
        if approve:
            messages.success(request, _("The commitment is approved."))
        else:
            messages.success(request, _("The commitment is returned to the member."))
        return redirect_back(request, "commitment-detail", pk=commitment.pk)
    return _render_detail(request, commitment, review_form=form, open="review")


@login_required
@post_or_go_to("commitment-detail")
def commitment_evaluate(request, pk: int):
    """Year-end evaluation of each deed by the cell."""
    commitment = _commitment(request, pk)
    evaluations = evaluations_from_post(request.POST, commitment.deeds.all(), "eval")
    try:
        services.evaluate_deeds(user=request.user, commitment=commitment, evaluations=evaluations)
    except ValidationError as error:
        return _render_detail(request, commitment, evaluate_errors=error.messages, open="evaluate")
    messages.success(request, _("The evaluation is saved."))
    return redirect_back(request, "commitment-detail", pk=commitment.pk)


@login_required
@post_or_go_to("commitment-detail")
def commitment_progress(request, pk: int):
    """A progress note on one deed. htmx replaces the deed's notes; without it, the page."""
    commitment = _commitment(request, pk)
    form = ProgressNoteForm(request.POST)
    deed = None
    if form.is_valid():
        deed = get_object_or_404(commitment.deeds, pk=form.cleaned_data["deed"])
        try:
            services.add_progress_note(
                user=request.user,
                deed=deed,
                date=form.cleaned_data["date"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
    elif (deed_id := parse_id(request.POST.get("deed"))) is not None:
        deed = commitment.deeds.filter(pk=deed_id).first()
    if is_htmx(request) and deed is not None:
        deed.note_form = form if form.errors else ProgressNoteForm(initial={"deed": deed.pk})
        return render(
            request,
            "commitments/detail.html#deed_notes",
            {"deed": deed, "commitment": commitment, "may_note": True},
        )
    if not form.errors:
        messages.success(request, _("The progress note is added."))
        return redirect_back(request, "commitment-detail", pk=commitment.pk)
    return _render_detail(request, commitment, note_form=form)


# -- the review list ----------------------------------------------------------------------------


@login_required
def commitment_list(request):
    """Commitments of the visible subtree for a year, each with its deeds, to review."""
    user = request.user
    form = CommitmentFilterForm(request.GET or None, user=user)
    commitments, chosen = form.filter_list(
        Commitment.objects.visible_to(user), year_lookup="year", choices=("status",)
    )
    year, organization = chosen["year"], chosen["organization"]
    commitments = (
        commitments.select_related("person", "organization")
        .prefetch_related("deeds")
        .order_by("organization__path", "person__sort_key", "pk")
    )
    page = Paginator(commitments, PAGE_SIZE).get_page(request.GET.get("page"))
    for c in page.object_list:
        c.may_review = can(user, Action.CHANGE, c.organization) and not is_self(user, c.person)
    changeable = Organization.objects.visible_to(user, Action.CHANGE)
    if organization is not None:
        changeable = changeable.filter(path__startswith=organization.path)
    without = (
        Person.objects.members_of(changeable).exclude(commitments__year=year).vietnamese_order()
    )
    if not form.is_bound or form.is_valid():
        # Counted up to the cap: a nation's members without one would take seconds to count.
        without_count = without.order_by().values("pk")[: COUNT_CAP + 1].count()
        without = list(without[:50])
    else:
        without_count, without = 0, []
    return render_page(
        request,
        "commitments/list.html",
        {
            "form": form,
            "page": page,
            "year": year,
            "without": without,
            "without_count": without_count,
            "without_capped": without_count > COUNT_CAP,
            "next": request.get_full_path(),
        },
    )
