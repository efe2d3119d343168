"""Party-cell meeting pages: the list per cell and year, recording a meeting with its attendance
on one phone-sized screen, a meeting's page (attendance, minutes, deed progress noted at the
meeting) and the cells behind the yearly norms.

Writes go through :mod:`ct05.meetings.services` and
:func:`ct05.commitments.services.add_progress_note`; a ``ValidationError`` is shown on the form.
"""

from __future__ import annotations

import json
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ct05.commitments.models import Commitment, Deed, ProgressNote
from ct05.commitments.services import add_progress_note
from ct05.core.forms import apply_service_error
from ct05.core.models import counting_day
from ct05.core.paging import Paginator
from ct05.core.params import id_param
from ct05.core.permissions import require_change
from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.views import is_htmx, post_or_go_to, posted_version, render_page, stale_context
from ct05.organizations.models import CELL_KINDS, Organization
from ct05.organizations.selectors import default_organization

from . import services
from .forms import (
    AbsencesFilterForm,
    MeetingFilterForm,
    MeetingForm,
    NormsFilterForm,
    ProgressForm,
    attendance_from_post,
    attendance_list,
    changeable_cells,
    parse_date,
    read_attendance_post,
    selected_organization,
)
from .models import Meeting, MeetingKind
from .selectors import (
    ABSENCE_LIMIT,
    CELLS_AT_ONCE,
    cell_progress,
    members_absent_unexcused,
    too_many_cells,
)

PAGE_SIZE = 25
NORMS_PAGE_SIZE = 50


def _meeting(request, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user)
        .select_related("organization", "created_by__person")
        .with_roll(),
        pk=pk,
    )


# -- the list -----------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    """Meetings of the visible cells in a year; a chosen cell's progress against its norms."""
    user = request.user
    form = MeetingFilterForm(request.GET or None, user=user)
    meetings, chosen = form.filter_list(
        Meeting.objects.visible_to(user), year_lookup="date__year", choices=("kind",)
    )
    year, organization = chosen["year"], chosen["organization"]
    meetings = meetings.select_related("organization").order_by("-date", "-pk")
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    # The attendance is counted for the page's meetings only: grouped over a nation's year of
    # meetings before the page is cut, it took most of a second.
    page.object_list = rows = list(page.object_list)
    counts = {
        row["pk"]: row
        for row in Meeting.objects.filter(pk__in=[m.pk for m in rows])
        .values("pk")
        .annotate(
            present=Count("attendance", filter=Q(attendance__present=True)),
            listed=Count("attendance"),
        )
    }
    for meeting in rows:
        meeting.present = counts.get(meeting.pk, {}).get("present", 0)
        meeting.listed = counts.get(meeting.pk, {}).get("listed", 0)
    focus = organization or default_organization(user)
    progress = None
    if focus is not None and focus.kind in CELL_KINDS:
        rows = cell_progress(Organization.objects.filter(pk=focus.pk), counting_day(year))
        progress = rows[0] if rows else None
    return render_page(
        request,
        "meetings/list.html",
        {
            "form": form,
            "page": page,
            "year": year,
            "organization": organization,
            "progress": progress,
            "may_record": changeable_cells(user).exists(),
        },
    )


# -- recording ----------------------------------------------------------------------------------


@login_required
def meeting_create(request):
    user = request.user
    cells = changeable_cells(user)
    selected = selected_organization(request, cells)
    if selected is None and not cells.exists():
        if not Organization.objects.visible_to(user).exists():
            raise Http404
        raise PermissionDenied(_("You may not record the meetings of any party cell."))
    today = timezone.localdate()
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        user=user,
        selected=selected,
        initial={"organization": selected, "date": today, "kind": MeetingKind.REGULAR},
    )
    post = read_attendance_post(request, today)
    if post.saving and form.is_valid():
        try:
            # The form's fields are the service's arguments, by name.
            meeting = services.record_meeting(
                user=user, attendance=post.posted, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect("meeting-detail", pk=meeting.pk)
    roll = attendance_list(
        [selected] if selected else [],
        post.day,
        posted=post.posted,
        tick=post.tick,
        with_exempt=True,
    )
    return render_page(
        request,
        "meetings/form.html",
        {
            "form": form,
            "cell": selected,
            "meeting": None,
            "roll": roll,
            "live": _live(),
            "refresh": True,
        },
    )


@login_required
def meeting_edit(request, pk: int):
    """Change a meeting: date, kind, agenda, minutes and the attendance."""
    user = request.user
    meeting = _meeting(request, pk)
    require_change(user, meeting.organization)
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        user=user,
        meeting=meeting,
        initial={
            "date": meeting.date,
            "kind": meeting.kind,
            "directive05": meeting.directive05,
            "subject": meeting.subject,
            "minutes": meeting.minutes,
            "dues_collected": meeting.dues_collected,
            "dues_amount": meeting.dues_amount,
            "next_month_tasks": meeting.next_month_tasks,
        },
    )
    post = read_attendance_post(request, meeting.date)
    stale = {}
    if post.saving and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_meeting(
                user=user,
                meeting=meeting,
                attendance=post.posted,
                minutes_file=data["minutes_file"],
                date=data["date"],
                kind=data["kind"],
                directive05=data["directive05"],
                subject=data["subject"],
                minutes=data["minutes"],
                dues_collected=data["dues_collected"],
                dues_amount=data["dues_amount"],
                next_month_tasks=data["next_month_tasks"],
                version=posted_version(request),
            )
        except ValidationError as error:
            apply_service_error(form, error)
            stale = stale_context(error, request)
            meeting.refresh_from_db()
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("meeting-detail", pk=meeting.pk)
    roll = attendance_list(
        [meeting.organization],
        post.day,
        recorded=meeting.attendance.all(),
        posted=post.posted,
        tick=post.tick,
        with_exempt=True,
    )
    return render_page(
        request,
        "meetings/form.html",
        {
            "form": form,
            "cell": meeting.organization,
            "meeting": meeting,
            "roll": roll,
            **stale,
            "live": _live(meeting.organization, meeting),
            "refresh": True,
        },
    )


@login_required
@require_GET
def meeting_attendance(request):
    """The attendance list of a cell on a date, swapped in by htmx when either changes."""
    cell_id = id_param(request.GET, "organization")
    if cell_id is None:
        raise Http404
    cell = get_object_or_404(changeable_cells(request.user), pk=cell_id)
    day = parse_date(request.GET.get("date")) or timezone.localdate()
    meeting = None
    if meeting_id := id_param(request.GET, "meeting"):
        meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=meeting_id)
    roll = attendance_list(
        [cell],
        day,
        recorded=meeting.attendance.all() if meeting else None,
        posted=attendance_from_post(request.GET) if "attendee" in request.GET else None,
        with_exempt=True,
    )
    return render(
        request,
        "includes/attendance.html",
        {
            "roll": roll,
            "live": _live(cell, meeting),
            "refresh": True,
        },
    )


def _live(cell=None, meeting=None) -> dict:
    """htmx attributes that reload the attendance list when the cell or the date changes."""
    if meeting is not None:
        return {
            "url": reverse("meeting-attendance"),
            "trigger": "change from:#id_date",
            "vals": json.dumps({"organization": str(cell.pk), "meeting": str(meeting.pk)}),
        }
    return {
        "url": reverse("meeting-attendance"),
        "trigger": "change from:#id_organization, change from:#id_date",
    }


# -- one meeting --------------------------------------------------------------------------------


@login_required
def meeting_detail(request, pk: int):
    return _render_detail(request, _meeting(request, pk))


def _commitments(user, meeting: Meeting):
    """The commitments of the cell's members for the meeting's year, with the notes taken at it."""
    notes = ProgressNote.objects.filter(meeting=meeting).select_related("author__person")
    deeds = Deed.objects.order_by("order", "pk").prefetch_related(
        Prefetch("progress_notes", notes, to_attr="meeting_notes")
    )
    return (
        Commitment.objects.visible_to(user)
        .filter(organization=meeting.organization, year=meeting.date.year)
        .select_related("person")
        .prefetch_related(Prefetch("deeds", deeds))
        .order_by("person__sort_key", "pk")
    )


def _render_detail(request, meeting: Meeting, progress_form=None):
    user = request.user
    may_change = can(user, Action.CHANGE, meeting.organization)
    attendance = list(meeting.attendance.select_related("person").order_by("person__sort_key"))
    commitments = list(_commitments(user, meeting))
    for commitment in commitments:
        for deed in commitment.deeds.all():
            if progress_form is not None and progress_form.data.get("deed") == str(deed.pk):
                deed.progress_form = progress_form
            else:
                deed.progress_form = ProgressForm(initial={"deed": deed.pk})
    return render_page(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "attendance": attendance,
            "present": sum(1 for row in attendance if row.present),
            "commitments": commitments,
            "may_change": may_change,
        },
    )


@login_required
@post_or_go_to("meeting-detail")
def meeting_progress(request, pk: int):
    """A deed's progress noted at this meeting. htmx swaps the deed's notes; without it, the
    page."""
    user = request.user
    meeting = _meeting(request, pk)
    form = ProgressForm(request.POST)
    valid = form.is_valid()
    deed = None
    # The deed is found even when the text is refused, so htmx can show the error in place.
    if form.cleaned_data.get("deed"):
        deed = get_object_or_404(
            Deed.objects.visible_to(user)
            .filter(
                commitment__organization=meeting.organization,
                commitment__year=meeting.date.year,
            )
            .select_related("commitment", "commitment__organization", "commitment__person"),
            pk=form.cleaned_data["deed"],
        )
    if valid:
        try:
            add_progress_note(user=user, deed=deed, text=form.cleaned_data["text"], meeting=meeting)
        except ValidationError as error:
            apply_service_error(form, error)
    if is_htmx(request) and deed is not None:
        deed.meeting_notes = list(
            ProgressNote.objects.filter(meeting=meeting, deed=deed).select_related("author__person")
        )
        deed.progress_form = form if form.errors else ProgressForm(initial={"deed": deed.pk})
        return render(
            request,
            "meetings/detail.html#deed_notes",
            {"deed": deed, "meeting": meeting, "may_change": True},
        )
    if not form.errors:
        messages.success(request, _("The progress note is added."))
        return redirect(f"{_detail_url(meeting)}#deed-{deed.pk}")
    return _render_detail(request, meeting, progress_form=form)


def _detail_url(meeting: Meeting) -> str:
    return reverse("meeting-detail", args=[meeting.pk])


@login_required
@require_GET
def meeting_minutes_file(request, pk: int):
    """The minutes file, to those who may read the meeting (never a /media/ link)."""
    meeting = _meeting(request, pk)
    if not meeting.minutes_file:
        raise Http404
    suffix = PurePath(meeting.minutes_file.name).suffix
    return FileResponse(
        meeting.minutes_file.open("rb"),
        as_attachment=True,
        filename=f"bien-ban-{meeting.date:%Y-%m-%d}{suffix}",
    )


# -- norms --------------------------------------------------------------------------------------


@login_required
def meeting_norms(request):
    """The cells of the visible subtree behind the pro-rata norm this year (or all of them)."""
    user = request.user
    form = NormsFilterForm(request.GET or None, user=user)
    today = timezone.localdate()
    cells = Organization.objects.visible_to(user)
    organization, show = None, "behind"
    if form.is_bound:
        if form.is_valid():
            organization = form.cleaned_data["organization"]
            show = form.cleaned_data["show"] or "behind"
        else:
            cells = cells.none()
    if organization is not None:
        cells = cells.filter(path__startswith=organization.path)
    narrow = too_many_cells(cells, today)
    progress = [] if narrow else cell_progress(cells, today)
    behind = [row for row in progress if row.behind]
    rows = behind if show == "behind" else progress
    page = Paginator(rows, NORMS_PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.may_record = can(user, Action.CHANGE, row.organization)
        row.regular_short = max(row.regular_expected - row.regular, 0)
        row.thematic_short = max(row.thematic_expected - row.thematic, 0)
    settings_of = organization or default_organization(user)
    return render_page(
        request,
        "meetings/norms.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "year": today.year,
            "show": show,
            "narrow": narrow,
            "cells_at_once": CELLS_AT_ONCE,
            "cells_count": len(progress),
            "behind_count": len(behind),
            "settings_of": settings_of,
        },
    )


# -- absences (Party Charter, art. 8) -------------------------------------------------------------


@login_required
def meeting_absences(request):
    """Members absent without reason from three regular meetings of their cell in a year: for
    the cell's secretary and the committee above (whoever may change the cell)."""
    user = request.user
    cells = Organization.objects.visible_to(user, Action.CHANGE).filter(kind__in=CELL_KINDS)
    if not Organization.objects.visible_to(user, Action.CHANGE).exists():
        if not Organization.objects.visible_to(user).exists():
            raise Http404
        raise PermissionDenied(_("Only a secretary sees who missed meetings."))
    form = AbsencesFilterForm(request.GET or None, user=user)
    year, organization = timezone.localdate().year, None
    if form.is_bound:
        if form.is_valid():
            organization = form.cleaned_data["organization"]
            year = form.cleaned_data["year"] or year
        else:
            cells = cells.none()
    if organization is not None:
        cells = cells.filter(path__startswith=organization.path)
    flagged = members_absent_unexcused(cells, year)
    page = Paginator(flagged, NORMS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "meetings/absences.html",
        {"form": form, "page": page, "year": year, "limit": ABSENCE_LIMIT, "count": len(flagged)},
    )
