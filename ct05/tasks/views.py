"""Task pages: the list (filtered by organization, year, category and status; overdue ones
marked), assigning a task to one or many units, a task's page with its assessments, and the
assessment form, sized for a secretary's phone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ct05.core.forms import apply_service_error
from ct05.core.paging import Paginator
from ct05.core.permissions import require_change, require_change_of_visible
from ct05.core.roles import Action
from ct05.core.scope import can, scope_paths
from ct05.core.views import posted_version, render_page, save_posted

from . import services
from .forms import (
    OVERDUE,
    AssessmentCorrectionForm,
    AssessmentForm,
    AssignForm,
    TaskFilterForm,
    TaskForm,
)
from .models import Task, TaskAssessment, TaskStatus

PAGE_SIZE = 30


def _task(request, pk: int) -> Task:
    return get_object_or_404(
        Task.objects.visible_to(request.user).select_related(
            "organization", "committee", "head", "term"
        ),
        pk=pk,
    )


@login_required
def task_list(request):
    user = request.user
    form = TaskFilterForm(request.GET or None, user=user)
    tasks = Task.objects.visible_to(user)
    chosen = {"year": timezone.localdate().year, "organization": None, "category": "", "status": ""}
    if form.is_bound:
        if form.is_valid():
            chosen.update({k: v for k, v in form.cleaned_data.items() if v not in (None,)})
            chosen["year"] = form.cleaned_data["year"] or timezone.localdate().year
        else:
            tasks = tasks.none()
    tasks = tasks.in_year(chosen["year"])
    if chosen["organization"] is not None:
        tasks = tasks.filter(organization__path__startswith=chosen["organization"].path)
    if chosen["category"]:
        tasks = tasks.filter(category=chosen["category"])
    if chosen["status"] == OVERDUE:
        tasks = tasks.overdue()
    elif chosen["status"]:
        tasks = tasks.filter(status=chosen["status"])
    tasks = tasks.select_related("organization", "head").order_by("deadline", "pk")
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "tasks/list.html",
        {
            "form": form,
            "page": page,
            "year": chosen["year"],
            "may_assign": _may_assign(user),
        },
    )


def _may_assign(user) -> bool:
    paths = scope_paths(user, Action.CHANGE)
    return paths is None or bool(paths)


@login_required
def task_create(request):
    user = request.user
    form = AssignForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tasks = services.assign_task(
                user=user,
                organizations=list(data["organizations"]),
                title=data["title"],
                category=data["category"],
                year=data["year"],
                term=data["term"],
                deadline=data["deadline"],
                description=data["description"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The task is assigned."))
            if len(tasks) == 1:
                return redirect("task-detail", pk=tasks[0].pk)
            return redirect("task-list")
    return render_page(request, "tasks/form.html", {"form": form})


@login_required
def task_detail(request, pk: int):
    task = _task(request, pk)
    assessments = task.assessments.select_related("assessed_by").order_by("-period_end", "-pk")
    return render_page(
        request,
        "tasks/detail.html",
        {
            "task": task,
            "assessments": assessments,
            "may_assess": can(request.user, Action.CHANGE, task.organization),
            "may_change": can(request.user, Action.CHANGE, task.committee),
            "completed": TaskStatus.COMPLETED,
        },
    )


@login_required
def task_assess(request, pk: int):
    task = _task(request, pk)
    require_change(request.user, task.organization)
    today = timezone.localdate()
    form = AssessmentForm(
        request.POST or None,
        initial={
            "year": today.year,
            "period_kind": "month",
            "period": today.month,
            "progress": task.progress,
            "status": "on_track",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assess_task(user=request.user, task=task, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The assessment is saved."))
            return redirect("task-detail", pk=task.pk)
    return render_page(request, "tasks/assess.html", {"form": form, "task": task})


TASK_FIELDS = ["title", "category", "deadline", "head", "description"]


@login_required
def task_edit(request, pk: int):
    """The task's words and deadline, by whoever may change the owning committee's records."""
    task = _task(request, pk)
    require_change_of_visible(request.user, task.committee)
    form = TaskForm(
        request.POST or None,
        user=request.user,
        task=task,
        initial={n: getattr(task, n) for n in TASK_FIELDS},
    )
    done, stale = save_posted(
        request,
        form,
        lambda **data: services.update_task(
            user=request.user, task=task, version=posted_version(request), **data
        ),
        saved=_("The task is saved."),
        then="task-detail",
        args=[task.pk],
    )
    return done or render_page(
        request,
        "registers/form.html",
        {
            "form": form,
            "title": _("Change the task"),
            "record": task,
            "record_url": reverse("task-detail", args=[task.pk]),
            "list_url": reverse("task-list"),
            "list_title": _("Breakthrough contents and tasks"),
            **stale,
        },
    )


@login_required
def assessment_edit(request, pk: int, assessment: int):
    """An assessment's progress, status and note set right, on the phone as when it was made."""
    task = _task(request, pk)
    require_change(request.user, task.organization)
    item = get_object_or_404(TaskAssessment.objects.filter(task=task), pk=assessment)
    form = AssessmentCorrectionForm(
        request.POST or None,
        initial={"progress": item.progress, "status": item.status, "note": item.note},
    )
    done, _stale = save_posted(
        request,
        form,
        lambda **data: services.correct_assessment(user=request.user, assessment=item, **data),
        saved=_("The assessment is saved."),
        then="task-detail",
        args=[task.pk],
    )
    return done or render_page(
        request, "tasks/assess.html", {"form": form, "task": task, "assessment": item}
    )
