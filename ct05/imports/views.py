"""The import page: templates and exports to download, an upload, its progress and result."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ct05.core.roles import Action
from ct05.core.scope import scope_paths
from ct05.organizations.models import Organization

from .api import job_for, marked_response
from .forms import UploadForm
from .kinds.base import kinds_in_order
from .services import start_import


def _roots(user):
    """The organizations whose subtrees the user may export: their scope roots."""
    paths = scope_paths(user, Action.VIEW)
    roots = (
        Organization.objects.filter(depth=1)
        if paths is None
        else Organization.objects.filter(path__in=paths)
    )
    return list(roots.order_by("path"))


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import(
            user=request.user,
            upload=form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
        )
        return redirect("import-detail", pk=job.pk)
    return render(
        request,
        "imports/page.html",
        {"form": form, "kinds": kinds_in_order(), "roots": _roots(request.user)},
        status=400 if form.errors else 200,
    )


@login_required
def import_detail(request, pk):
    job = job_for(request.user, pk)
    template = (
        "imports/_status.html" if request.headers.get("HX-Request") else "imports/detail.html"
    )
    return render(request, template, {"job": job})


@login_required
def import_marked(request, pk):
    return marked_response(job_for(request.user, pk))
