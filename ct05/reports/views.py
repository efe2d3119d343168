"""The Directive 05 report page and its Excel download. Figures come from
:func:`ct05.reports.selectors.directive05_report`; the page only lays them out."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ct05.core.views import render_page
from ct05.core.years import this_year
from ct05.organizations.models import Organization
from ct05.organizations.selectors import default_organization
from ct05.ratings.models import Level
from ct05.tasks.models import Category

from .community_labels import labels, rows
from .forms import ReportForm
from .html import children_rows, children_task_rows
from .periods import Period
from .renderers import file_name, render_xlsx
from .sections import LEVELS
from .selectors import directive05_by_year, directive05_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


PERIOD_FIELDS = ("year", "quarter", "from_year", "to_year", "from", "to")


def _report_arguments(request, *, options: bool = True) -> tuple[ReportForm, Organization, Period]:
    """The query (``?organization=ID`` and the period: ``year=YYYY``, ``quarter=1..4`` with the
    year, ``from_year=&to_year=``, or ``from=YYYY-MM-DD&to=YYYY-MM-DD``), defaulting to the
    user's first scope and this year. An organization outside the user's scope is a 404; a
    period CT05 cannot report on stays on the form as an error and this year is shown."""
    data = request.GET.copy()
    if not data.get("organization"):
        default = default_organization(request.user)
        if default is None:
            raise Http404
        data["organization"] = default.pk
    if not any(data.get(name) for name in PERIOD_FIELDS):
        data["year"] = this_year()
    form = ReportForm(data, user=request.user, options=options)
    form.is_valid()
    if "organization" in form.errors:
        raise Http404
    if form.period is None:
        # Say so on the form, and show this year's report with this year in the picker.
        errors = {
            name: form.errors[name] for name in (*PERIOD_FIELDS, "__all__") if name in form.errors
        }
        for name in PERIOD_FIELDS:
            data.pop(name, None)
        data["year"] = this_year()
        form = ReportForm(data, user=request.user, options=options)
        form.is_valid()
        for name, messages in errors.items():
            for error in messages:
                form.add_error(None if name == "__all__" else name, error)
    return form, form.cleaned_data["organization"], form.period or Period.of_year(this_year())


def _tree(form: ReportForm) -> str:
    """Which tree the report follows: as it was (default), or today's (``tree=today``)."""
    return "today" if form.cleaned_data.get("tree") == "today" else "as_was"


@login_required
def directive05(request):
    form, organization, period = _report_arguments(request)
    report = directive05_report(organization=organization, period=period, tree=_tree(form))
    level_labels = [str(Level(level).label) for level in LEVELS]
    levels = list(zip(LEVELS, level_labels, strict=True))
    period_query = urlencode(period.query())
    # Deeds are evaluated at the year's end: until then "achieved 0" says nothing, and before a
    # rating is decided the rating columns are zeros: both are left out.
    deeds_pending = (
        not report["commitments"]["deeds_evaluated"]
        and datetime.date.fromisoformat(report["period"]["end"]) >= timezone.localdate()
    )
    ratings_decided = any(
        report["ratings"][group][level]
        for group in ("members", "organizations")
        for level in LEVELS
    )
    children = report.get("children", [])
    chart = {
        "locale": get_language(),
        "labels": level_labels,
        "datasets": [
            {
                "label": _("Members"),
                "data": [report["ratings"]["members"][level] for level in LEVELS],
            },
            {
                "label": _("Organizations"),
                "data": [report["ratings"]["organizations"][level] for level in LEVELS],
            },
        ],
    }
    return render_page(
        request,
        "reports/directive05.html",
        {
            "form": form,
            "organization": organization,
            "year": period.year,
            "period": period,
            "period_years": ", ".join(str(y) for y in period.years),
            # The query that asks for this period again (links to the children, the files).
            "period_query": period_query,
            "report": report,
            "levels": levels,
            "period_start": datetime.date.fromisoformat(report["period"]["start"]),
            "period_end": datetime.date.fromisoformat(report["period"]["end"]),
            "members_on": datetime.date.fromisoformat(report["period"]["members_on"]),
            "chart": chart,
            "deeds_pending": deeds_pending,
            "ratings_decided": ratings_decided,
            "categories": Category.choices,
            # The children's tables' rows (``reports.html``: the template's loops cost a quarter
            # of the page).
            "children_rows": children_rows(
                children,
                period_query=period_query,
                levels=levels,
                deeds_pending=deeds_pending,
                ratings_decided=ratings_decided,
            ),
            "children_task_rows": children_task_rows(children, categories=Category.choices),
            "community": _community(report),
            "trends": _trends(organization, period, _tree(form)),
        },
    )


def _trend_labels() -> dict[str, tuple[str, dict[str, str]]]:
    """{section: (title, {figure: column label})} of the "over the years" tables."""
    levels = {level: str(Level(level).label) for level in LEVELS}
    return {
        "commitments": (
            _("Commitments and deeds"),
            {
                "people": _("Members"),
                "committed": _("Commitments"),
                "committed_pct": _("Members with a commitment"),
                "deeds_registered": _("Deeds registered"),
                "deeds_achieved": _("Deeds achieved"),
            },
        ),
        "ratings": (
            _("Annual ratings"),
            {
                **{
                    f"members_{k}": _("Members: %(level)s") % {"level": v}
                    for k, v in levels.items()
                },
                **{
                    f"organizations_{k}": _("Organizations: %(level)s") % {"level": v}
                    for k, v in levels.items()
                },
            },
        ),
        "study": (
            _("Study of the yearly topic"),
            {
                "sessions": _("Sessions"),
                "attendances": _("Attendances"),
                "reflections": _("Essays"),
            },
        ),
        "meetings": (
            _("Cell meetings"),
            {
                "regular": _("Regular"),
                "thematic": _("Thematic"),
                "with_directive05": _("With Directive 05 on the agenda"),
            },
        ),
        "plans": (_("Collective plans"), {"with_plan": _("Organizations with a plan")}),
        "awards": (_("Awards"), {"total": _("Awards decided")}),
        "activities": (
            _("Community activities"),
            {
                "count": _("Activities"),
                "cadre_turns": _("Cadre-turns"),
                "resident_turns": _("Resident-turns"),
            },
        ),
    }


def _trends(organization: Organization, period: Period, tree: str) -> list[dict] | None:
    """Over a period of several years: per section, a table of its figures year by year and
    the data of its chart (counts only; shares stay in the table)."""
    if len(period.years) < 2:
        return None
    figures = directive05_by_year(organization=organization, period=period, tree=tree)
    result = []
    for section, (title, columns) in _trend_labels().items():
        rows = figures[section]
        counted = [name for name in columns if not name.endswith("_pct")]
        result.append(
            {
                "key": section,
                "title": title,
                "columns": list(columns.items()),
                "rows": [
                    {
                        "year": row["year"],
                        "cells": [{"value": row[n], "pct": n.endswith("_pct")} for n in columns],
                    }
                    for row in rows
                ],
                "json_id": f"years-{section}-data",
                "chart": {
                    "locale": get_language(),
                    "labels": [str(row["year"]) for row in rows],
                    "datasets": [
                        {"label": str(columns[n]), "data": [row[n] for row in rows]}
                        for n in counted
                    ],
                },
            }
        )
    return result


def _community(report: dict) -> dict:
    """The names beside the figures of the community sections, in their lists' order."""
    names = labels()
    return {
        "types": rows(report["models"]["by_type"], names["types"]),
        "forms": rows(report["awards"]["by_form"], names["forms"]),
        "levels": rows(report["awards"]["by_issuer_level"], names["levels"]),
        "units": rows(report["activities"]["outputs"], names["units"]),
    }


@login_required
def directive05_xlsx(request):
    """The same report as an Excel workbook."""
    form, organization, period = _report_arguments(request, options=False)
    if form.errors:
        return HttpResponseBadRequest(
            " ".join(e for errors in form.errors.values() for e in errors)
        )
    report = directive05_report(organization=organization, period=period, tree=_tree(form))
    response = HttpResponse(render_xlsx(report), content_type=XLSX)
    name = file_name(organization.name, period.slug, "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
