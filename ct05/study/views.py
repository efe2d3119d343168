"""Study pages: the year's topic in force (and setting it), study sessions with attendance taken
on one screen, and each attendee's reflection essay.

Writes go through :mod:`ct05.study.services`; a ``ValidationError`` is shown on the form it came
from. Uploaded essays are served by a scoped view, never from /media/.
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ct05.core.forms import apply_service_error
from ct05.core.paging import Paginator
from ct05.core.params import id_param
from ct05.core.permissions import require_change
from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.views import post_or_go_to, posted_version, render_page, stale_context
from ct05.core.years import this_year
from ct05.meetings.forms import (
    ROLL_LIMIT,
    attendance_from_post,
    attendance_list,
    parse_date,
    read_attendance_post,
    selected_organization,
    tick_from_post,
)
from ct05.organizations.models import CELL_KINDS, PARTY_KINDS, Organization
from ct05.organizations.selectors import default_organization
from ct05.people.models import Person

from . import services
from .forms import ReflectionForm, SessionFilterForm, SessionForm, TopicFilterForm, TopicForm
from .models import Reflection, SessionAttendance, SessionKind, StudySession, Topic

PAGE_SIZE = 25
COMMITTEE_KINDS = PARTY_KINDS - CELL_KINDS


def _subtree(organization: Organization):
    return Organization.objects.filter(path__startswith=organization.path)


# -- the topic ----------------------------------------------------------------------------------


@login_required
def topic_page(request):
    """The topic in force for an organization and year (``?organization=ID&year=YYYY``); a
    committee's secretary or propaganda officer sets the committee's own."""
    user = request.user
    data = request.GET.copy()
    if not data.get("organization"):
        default = default_organization(user)
        if default is None:
            raise Http404
        data["organization"] = default.pk
    data.setdefault("year", this_year())
    filter_form = TopicFilterForm(data, user=user)
    filter_form.is_valid()
    if "organization" in filter_form.errors:
        raise Http404
    organization = filter_form.cleaned_data["organization"]
    year = filter_form.cleaned_data.get("year") or this_year()
    topic = services.topic_for(organization, year)
    own = topic if topic is not None and topic.organization_id == organization.pk else None
    may_set = (
        can(user, Action.CHANGE, organization)
        and organization.kind in COMMITTEE_KINDS
        and not filter_form.errors
    )
    form = TopicForm(
        request.POST or None,
        initial={"title": own.title, "description": own.description} if own else None,
    )
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied(_("The topic is set by a committee you may change."))
        if form.is_valid():
            try:
                services.set_topic(
                    user=user,
                    organization=organization,
                    year=year,
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("The topic is saved."))
                query = urlencode({"organization": organization.pk, "year": year})
                return HttpResponseRedirect(f"{reverse('study-topic')}?{query}")
    below = (
        Topic.objects.visible_to(user)
        .filter(year=year, organization__path__startswith=organization.path)
        .exclude(organization=organization)
        .select_related("organization")
        .order_by("organization__path")
    )
    return render_page(
        request,
        "study/topic.html",
        {
            "filter_form": filter_form,
            "form": form,
            "organization": organization,
            "year": year,
            "topic": topic,
            "own": own,
            "may_set": may_set,
            "below": below,
        },
    )


# -- sessions -----------------------------------------------------------------------------------


def _count(rows):
    """The number of ``rows`` of each session, as a subquery (0 when there are none)."""
    counted = (
        rows.filter(session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


@login_required
def session_list(request):
    user = request.user
    form = SessionFilterForm(request.GET or None, user=user)
    sessions, chosen = form.filter_list(
        StudySession.objects.visible_to(user), year_lookup="date__year", choices=("kind",)
    )
    year, organization = chosen["year"], chosen["organization"]
    sessions = (
        sessions.select_related("organization", "topic")
        .annotate(
            # One subquery each: joining both lists would multiply a conference's thousands of
            # attendees by its thousands of essays.
            present=_count(SessionAttendance.objects.filter(present=True)),
            received=_count(Reflection.objects.filter(received=True)),
        )
        .order_by("-date", "-pk")
    )
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    focus = organization or default_organization(user)
    return render_page(
        request,
        "study/list.html",
        {
            "form": form,
            "page": page,
            "year": year,
            "focus": focus,
            "topic": services.topic_for(focus, year) if focus else None,
            "may_record": Organization.objects.visible_to(user, Action.CHANGE).exists(),
        },
    )


def _live() -> dict:
    return {
        "url": reverse("study-attendance"),
        "trigger": "change from:#id_organization, change from:#id_date",
    }


@login_required
def session_create(request):
    """A session and its attendance on one screen: every member of the organization (of its
    whole subtree for a committee) ticked present."""
    user = request.user
    changeable = Organization.objects.visible_to(user, Action.CHANGE)
    if not changeable.exists():
        if not Organization.objects.visible_to(user).exists():
            raise Http404
        raise PermissionDenied(_("You may not record sessions of any organization."))
    selected = selected_organization(request, changeable)
    today = timezone.localdate()
    topic = services.topic_for(selected, today.year) if selected else None
    form = SessionForm(
        request.POST or None,
        user=user,
        selected=selected,
        initial={
            "organization": selected,
            "date": today,
            "kind": SessionKind.STUDY,
            "topic": topic,
        },
    )
    post = read_attendance_post(request, today)
    if post.saving and form.is_valid():
        try:
            # The form's fields are the service's arguments, by name.
            session = services.record_session(
                user=user, attendance=post.posted, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The session is recorded."))
            return redirect("study-session-detail", pk=session.pk)
    units = _subtree(selected) if selected else Organization.objects.none()
    return render_page(
        request,
        "study/form.html",
        {
            "form": form,
            "roll": attendance_list(
                units, post.day, posted=post.posted, tick=post.tick, limit=ROLL_LIMIT
            ),
            "live": _live(),
            "refresh": True,
        },
    )


@login_required
@require_GET
def session_attendance_rows(request):
    """The attendance list of an organization on a date, swapped in by htmx."""
    organization_id = id_param(request.GET, "organization")
    if organization_id is None:
        raise Http404
    organization = get_object_or_404(
        Organization.objects.visible_to(request.user, Action.CHANGE), pk=organization_id
    )
    day = parse_date(request.GET.get("date")) or timezone.localdate()
    posted = attendance_from_post(request.GET) if "attendee" in request.GET else None
    return render(
        request,
        "includes/attendance.html",
        {
            "roll": attendance_list(_subtree(organization), day, posted=posted, limit=ROLL_LIMIT),
            "live": _live(),
            "refresh": True,
        },
    )


def _session(request, pk: int) -> StudySession:
    return get_object_or_404(
        StudySession.objects.visible_to(request.user).select_related("organization", "topic"),
        pk=pk,
    )


@login_required
def session_detail(request, pk: int):
    return _render_detail(request, _session(request, pk))


def _render_detail(request, session: StudySession, bound=None, bound_person=None):
    """The session, its attendance and one row per present attendee with their essay."""
    user = request.user
    may_change = can(user, Action.CHANGE, session.organization)
    attendance = list(session.attendance.select_related("person").order_by("person__sort_key"))
    reflections = {r.person_id: r for r in session.reflections.all()}
    rows = []
    for row in attendance:
        if not row.present:
            continue
        reflection = reflections.get(row.person_id)
        if bound is not None and bound_person == row.person_id:
            form = bound
        else:
            initial = {"received": True, "received_at": None}
            if reflection is not None:
                initial = {
                    "received": reflection.received,
                    "received_at": reflection.received_at,
                    "grade": reflection.grade,
                    "text": reflection.text,
                }
            form = ReflectionForm(initial=initial, auto_id=f"r{row.person_id}-%s")
        rows.append({"person": row.person, "reflection": reflection, "form": form})
    present = len(rows)
    # Errors about someone with no row here (recorded absent) go above the rows.
    stray_errors = []
    if bound is not None and all(r["form"] is not bound for r in rows):
        stray_errors = [m for messages_ in bound.errors.values() for m in messages_]
    return render_page(
        request,
        "study/detail.html",
        {
            "session": session,
            "attendance": attendance,
            "present": present,
            "received": sum(1 for r in rows if r["reflection"] and r["reflection"].received),
            "rows": rows,
            "stray_errors": stray_errors,
            "may_change": may_change,
        },
    )


@login_required
def session_attendance(request, pk: int):
    """Change a session's attendance later, on the same one-screen list."""
    user = request.user
    session = _session(request, pk)
    require_change(user, session.organization)
    posted, tick, errors, stale = None, None, [], {}
    if request.method == "POST":
        posted = attendance_from_post(request.POST)
        tick = tick_from_post(request.POST)
        if tick is None:
            try:
                services.update_attendance(
                    user=user,
                    session=session,
                    attendance=posted,
                    version=posted_version(request),
                )
            except ValidationError as error:
                errors = error.messages
                stale = stale_context(error, request)
                session.refresh_from_db()
            else:
                messages.success(request, _("The attendance is saved."))
                return redirect("study-session-detail", pk=session.pk)
    roll = attendance_list(
        _subtree(session.organization),
        session.date,
        recorded=session.attendance.all(),
        posted=posted,
        tick=tick,
    )
    return render_page(
        request,
        "study/attendance.html",
        {"session": session, "roll": roll, "errors": errors, **stale},
    )


@login_required
@post_or_go_to("study-session-detail")
def reflection_record(request, pk: int):
    """Mark one attendee's reflection essay received (or not), graded, with text or a file."""
    user = request.user
    session = _session(request, pk)
    person_id = id_param(request.POST, "person")
    if person_id is None:
        raise Http404
    person = get_object_or_404(
        Person.objects.filter(pk__in=session.attendance.values("person_id")), pk=person_id
    )
    form = ReflectionForm(request.POST, request.FILES, auto_id=f"r{person.pk}-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_reflection(
                user=user,
                session=session,
                person=person,
                received=data["received"],
                received_at=data["received_at"],
                grade=data["grade"],
                text=data["text"],
                file=data["file"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request,
                _("The reflection essay of %(name)s is saved.") % {"name": person.full_name},
            )
            url = reverse("study-session-detail", args=[session.pk])
            return HttpResponseRedirect(f"{url}#reflection-{person.pk}")
    return _render_detail(request, session, bound=form, bound_person=person.pk)


@login_required
@require_GET
def reflection_file(request, pk: int):
    """The uploaded essay, to those who may read the session (never a /media/ link)."""
    reflection = get_object_or_404(Reflection.objects.visible_to(request.user), pk=pk)
    if not reflection.file:
        raise Http404
    suffix = PurePath(reflection.file.name).suffix
    return FileResponse(
        reflection.file.open("rb"),
        as_attachment=True,
        filename=f"bai-thu-hoach-{reflection.pk}{suffix}",
    )
