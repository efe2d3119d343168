"""The report as a document: the draft to edit and file, the filed reports, their files."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.views import render_page
from ct05.reports.selectors import directive05_report
from ct05.reports.views import _report_arguments

from . import services
from .content import (
    Header,
    build_document,
    changes_since,
    editable_paragraphs,
    flagged_sentences,
)
from .forms import FiledListForm, HeaderForm
from .renderers import document_file
from .selectors import filed_reports, last_filed


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


ACTIONS = ("check", "file")


def _plain(text: str) -> str:
    """A paragraph as typed: one kind of line break, no NUL (PostgreSQL's JSON refuses it)."""
    return text.replace("\r\n", "\n").replace("\x00", "")


@login_required
@require_http_methods(["GET", "POST"])
def draft_page(request):
    """The drafted report of an organization and period: its paragraphs to edit (a sentence
    whose figures the records do not give is marked), the header to give, and filing."""
    report_form, organization, period = _report_arguments(request)
    defaults = Header.default_for(organization, timezone.localdate())
    texts = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ACTIONS:
            # The page's buttons always say which; anything else is not this page's form.
            return HttpResponseBadRequest(_("Choose “Check the figures” or “File the report”."))
        form = HeaderForm(request.POST)
        header = form.header() if form.is_valid() else defaults
        # Only the paragraphs the draft has are read; anything else posted is ignored.
        report = directive05_report(organization=organization, period=period)
        pristine = build_document(report, period=period, header=header)
        keys = {f"text-{p['key']}": p["key"] for p in editable_paragraphs(pristine)}
        texts = {keys[name]: _plain(value) for name, value in request.POST.items() if name in keys}
        if form.is_valid() and action == "file":
            try:
                filed = services.file_report(
                    user=request.user,
                    organization=organization,
                    period=period,
                    header=header,
                    texts=texts,
                    accept_flagged=form.cleaned_data["accept_flagged"],
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                return redirect("filed-report-detail", filed.pk)
    else:
        form = HeaderForm(initial=vars(defaults))
        header = defaults
        report = directive05_report(organization=organization, period=period)
    document = build_document(report, period=period, header=header, texts=texts)
    last = last_filed(request.user, organization=organization, period=period)
    status = 400 if form.errors else 200
    return render_page(
        request,
        "documents/draft.html",
        {
            "report_form": report_form,
            "organization": organization,
            "year": period.year,
            "period": period,
            "period_query": urlencode(period.query()),
            "form": form,
            "document": document,
            "flagged": flagged_sentences(document),
            "last_filed": last,
            "changes": changes_since(last.figures, report) if last else [],
            "can_file": can(request.user, Action.CHANGE, organization),
        },
        status=status,
    )


@login_required
def draft_file(request, extension: str):
    """The draft as drafted from today's records (no edits), as Word or PDF."""
    form, organization, period = _report_arguments(request, options=False)
    if form.errors:
        return HttpResponseBadRequest(
            " ".join(e for errors in form.errors.values() for e in errors)
        )
    header = Header.default_for(organization, timezone.localdate())
    _report, document = services.draft(organization=organization, period=period, header=header)
    return _download(*document_file(document, extension, period=period))


@login_required
def filed_list(request):
    form = FiledListForm(request.GET or None, user=request.user)
    reports, chosen = form.filter_list(
        filed_reports(request.user), year_lookup="period_start__year"
    )
    return render_page(
        request,
        "documents/filed_list.html",
        {"form": form, "reports": reports, "year": chosen["year"]},
    )


@login_required
def filed_detail(request, pk: int):
    filed = get_object_or_404(filed_reports(request.user), pk=pk)
    return render_page(
        request, "documents/filed_detail.html", {"filed": filed, "document": filed.content}
    )


@login_required
def filed_file(request, pk: int, extension: str):
    """A filed report's Word or PDF file, from its content as filed."""
    filed = get_object_or_404(filed_reports(request.user), pk=pk)
    return _download(*document_file(filed.content, extension, period=filed.period))
