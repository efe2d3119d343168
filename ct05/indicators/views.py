"""Pages of socio-economic targets and of the new-rural criteria met by communes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ct05.activities.registers import (
    Listing,
    RegisterPages,
    Row,
    form_page,
    may_record,
    paginate,
)
from ct05.core.forms import apply_service_error
from ct05.core.permissions import require_change
from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.templatetags.quantities import qty
from ct05.core.views import posted_version, render_page, stale_context

from . import services
from .forms import RuralCriteriaForm, RuralFilterForm, TargetFilterForm, TargetForm
from .models import RuralCriteriaResult, RuralCriterion, Target


@login_required
def target_list(request):
    user = request.user
    form = TargetFilterForm(request.GET or None, user=user)
    rows, _chosen = form.filter_list(
        Target.objects.visible_to(user), year_lookup="year", choices=("direction",)
    )
    page = paginate(request, rows.select_related("organization"))
    listing = Listing(
        title=_("Socio-economic targets"),
        form=form,
        columns=[
            _("Target"),
            _("Organization"),
            _("Direction"),
            _("Target value"),
            _("Actual value"),
            _("Achieved"),
        ],
        page=page,
        create_url=reverse("target-create") if may_record(user) else "",
        create_label=_("Add a target"),
        links=[(_("New-rural criteria"), reverse("rural-criteria-list"))],
    )
    for target in page.object_list:
        unit = f" {target.unit}" if target.unit else ""
        listing.rows.append(
            Row(
                url=reverse("target-detail", args=[target.pk]),
                cells=[
                    target.name,
                    target.organization.name,
                    target.get_direction_display(),
                    f"{qty(target.target)}{unit}",
                    f"{qty(target.actual)}{unit}" if target.actual is not None else "—",
                    _("Yes") if target.achieved else _("No"),
                ],
            )
        )
    return render_page(request, "registers/list.html", {"listing": listing})


def _target(request, pk):
    return get_object_or_404(
        Target.objects.visible_to(request.user).select_related("organization"), pk=pk
    )


TARGETS = RegisterPages(
    list_name="target-list",
    list_title=_l("Socio-economic targets"),
    detail="target-detail",
    form_class=TargetForm,
    create_service=services.set_target,
    update_service=services.update_target,
    record_name="target",
    fields=["year", "name", "unit", "direction", "target", "actual"],
    create_title=_l("Add a target"),
    edit_title=_l("Change the target"),
    created=_l("The target is saved."),
    saved=_l("The target is saved."),
    refused=_l("You may not set targets of any organization."),
)


@login_required
def target_create(request):
    return TARGETS.create(request)


@login_required
def target_edit(request, pk: int):
    return TARGETS.edit(request, _target(request, pk))


@login_required
def target_detail(request, pk: int):
    target = _target(request, pk)
    unit = f" {target.unit}" if target.unit else ""
    facts = [
        (_("Organization"), target.organization.name),
        (_("Year"), str(target.year)),
        (_("Direction"), target.get_direction_display()),
        (_("Target value"), f"{qty(target.target)}{unit}"),
        (_("Actual value"), f"{qty(target.actual)}{unit}" if target.actual is not None else ""),
        (_("Achieved"), _("Yes") if target.achieved else _("No")),
    ]
    return render_page(
        request,
        "registers/detail.html",
        {
            "title": target.name,
            "record": target,
            "facts": facts,
            "list_url": reverse("target-list"),
            "list_title": _("Socio-economic targets"),
            "edit_url": reverse("target-edit", args=[pk])
            if can(request.user, Action.CHANGE, target.organization)
            else "",
            "evidence": None,
        },
    )


@login_required
def rural_list(request):
    user = request.user
    form = RuralFilterForm(request.GET or None, user=user)
    rows, _chosen = form.filter_list(
        RuralCriteriaResult.objects.visible_to(user), year_lookup="year"
    )
    total = RuralCriterion.objects.filter(active=True).count()
    page = paginate(request, rows.select_related("organization"))
    listing = Listing(
        title=_("New-rural criteria of communes"),
        form=form,
        columns=[_("Commune"), _("Year"), _("Criteria met")],
        page=page,
        create_url=reverse("rural-criteria-create") if may_record(user) else "",
        create_label=_("Record a commune's criteria"),
        links=[(_("Socio-economic targets"), reverse("target-list"))],
    )
    for result in page.object_list:
        listing.rows.append(
            Row(
                url=reverse("rural-criteria-detail", args=[result.pk]),
                cells=[
                    result.organization.name,
                    str(result.year),
                    _("%(met)s/%(total)s criteria") % {"met": result.met_count, "total": total},
                ],
            )
        )
    return render_page(request, "registers/list.html", {"listing": listing})


@login_required
def rural_create(request, pk: int | None = None):
    user = request.user
    result = None
    if pk is not None:
        result = get_object_or_404(
            RuralCriteriaResult.objects.visible_to(user).select_related("organization"), pk=pk
        )
        require_change(user, result.organization)
    elif not may_record(user):
        raise PermissionDenied(_("You may not record the criteria of any commune."))
    initial = {"met": list(result.met.all())} if result else {}
    form = RuralCriteriaForm(request.POST or None, user=user, record=result, initial=initial)
    stale = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.record_rural_criteria(
                user=user,
                organization=data.get("organization") or result.organization,
                year=data.get("year") or result.year,
                met=list(data["met"]),
                version=posted_version(request) if result else None,
            )
        except ValidationError as error:
            apply_service_error(form, error)
            stale = stale_context(error, request)
        else:
            messages.success(request, _("The criteria are saved."))
            return redirect("rural-criteria-detail", pk=result.pk)
    return form_page(
        request,
        form,
        title=_("Record a commune's criteria"),
        list_name="rural-criteria-list",
        list_title=_("New-rural criteria of communes"),
        record=result,
        detail="rural-criteria-detail",
        stale=stale,
    )


@login_required
def rural_detail(request, pk: int):
    result = get_object_or_404(
        RuralCriteriaResult.objects.visible_to(request.user).select_related("organization"), pk=pk
    )
    met = set(result.met.values_list("pk", flat=True))
    criteria = RuralCriterion.objects.filter(active=True)
    facts = [
        (_("Commune"), result.organization.name),
        (_("Year"), str(result.year)),
        (
            _("Criteria met"),
            _("%(met)s/%(total)s criteria") % {"met": result.met_count, "total": criteria.count()},
        ),
        *((str(c), _("Met") if c.pk in met else _("Not met")) for c in criteria),
    ]
    return render_page(
        request,
        "registers/detail.html",
        {
            "title": str(result),
            "record": result,
            "facts": facts,
            "list_url": reverse("rural-criteria-list"),
            "list_title": _("New-rural criteria of communes"),
            "edit_url": reverse("rural-criteria-edit", args=[pk])
            if can(request.user, Action.CHANGE, result.organization)
            else "",
            "evidence": None,
        },
    )
