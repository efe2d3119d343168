"""Community activity pages: the list by organization, year and programme; recording one on a
phone in the village; an activity's page with its outputs, photos (thumbnails) and history.
Also the one view that hands out evidence files of every register, to those who may read the
record (never a /media/ link)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET

from ct05.core.forms import apply_service_error
from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.templatetags.ct05 import num
from ct05.core.templatetags.quantities import qty
from ct05.core.views import post_or_go_to, render_page
from ct05.recognition.models import ExemplarEvidence

from . import services
from .forms import ActivityFilterForm, ActivityForm, EvidenceForm, output_name
from .models import Activity, ActivityEvidence
from .registers import Listing, RegisterPages, Row, may_record, paginate


def _activity(request, pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.visible_to(request.user).select_related(
            "programme", "organization", "village"
        ),
        pk=pk,
    )


@login_required
def activity_list(request):
    user = request.user
    form = ActivityFilterForm(request.GET or None, user=user)
    rows, chosen = form.filter_list(
        Activity.objects.visible_to(user), year_lookup="date__year", choices=("programme",)
    )
    page = paginate(
        request,
        rows.select_related("programme", "organization", "village").prefetch_related(
            "outputs__unit"
        ),
    )
    listing = Listing(
        title=_("Community activities"),
        form=form,
        columns=[
            _("Date"),
            _("Programme"),
            _("Organization"),
            _("Village"),
            _("Cadres / residents"),
            _("Outputs"),
        ],
        page=page,
        create_url=reverse("activity-create") if may_record(user) else "",
        create_label=_("Record an activity"),
    )
    for activity in page.object_list:
        listing.rows.append(
            Row(
                url=reverse("activity-detail", args=[activity.pk]),
                cells=[
                    activity.date.strftime("%d/%m/%Y"),
                    activity.programme.name,
                    activity.organization.name,
                    activity.village.name if activity.village else "—",
                    f"{num(activity.cadre_turns)} / {num(activity.resident_turns)}",
                    "; ".join(f"{qty(o.quantity)} {o.unit.symbol}" for o in activity.outputs.all()),
                ],
            )
        )
    return render_page(request, "registers/list.html", {"listing": listing})


def _initial(activity: Activity) -> dict:
    initial = {
        name: getattr(activity, name)
        for name in ("programme", "date", "village", "cadre_turns", "resident_turns", "description")
    }
    for output in activity.outputs.select_related("unit"):
        initial[output_name(output.unit)] = output.quantity.normalize()
    return initial


ACTIVITIES = RegisterPages(
    list_name="activity-list",
    list_title=_l("Community activities"),
    detail="activity-detail",
    form_class=ActivityForm,
    create_service=services.record_activity,
    update_service=services.update_activity,
    record_name="activity",
    initial_of=_initial,
    files=True,
    create_title=_l("Record an activity"),
    edit_title=_l("Change the activity"),
    created=_l("The activity is recorded."),
    saved=_l("The activity is saved."),
    refused=_l("You may not record activities of any organization."),
)


@login_required
def activity_create(request):
    return ACTIVITIES.create(request)


@login_required
def activity_edit(request, pk: int):
    return ACTIVITIES.edit(request, _activity(request, pk))


@login_required
def activity_detail(request, pk: int, evidence_form=None):
    activity = _activity(request, pk)
    may_change = can(request.user, Action.CHANGE, activity.organization)
    outputs = [
        f"{qty(o.quantity)} {o.unit.symbol} — {o.unit.name}"
        for o in activity.outputs.select_related("unit")
    ]
    facts = [
        (_("Programme"), activity.programme.name),
        (_("Organizing organization"), activity.organization.name),
        (_("Date"), activity.date.strftime("%d/%m/%Y")),
        (_("Village"), activity.village.name if activity.village else ""),
        (_("Cadre-turns"), num(activity.cadre_turns)),
        (_("Resident-turns"), num(activity.resident_turns)),
        (_("Outputs"), "\n".join(outputs)),
        (_("Description"), activity.description),
    ]
    return render_page(
        request,
        "registers/detail.html",
        {
            "title": str(activity),
            "record": activity,
            "facts": facts,
            "list_url": reverse("activity-list"),
            "list_title": _("Community activities"),
            "edit_url": reverse("activity-edit", args=[pk]) if may_change else "",
            "register": "activities",
            "evidence": list(activity.evidence.all()),
            "evidence_form": (evidence_form or EvidenceForm()) if may_change else None,
            "evidence_url": reverse("activity-evidence", args=[pk]),
        },
    )


@login_required
@post_or_go_to("activity-detail")
def activity_evidence(request, pk: int):
    activity = _activity(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(
                user=request.user,
                activity=activity,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The file is attached."))
            return redirect("activity-detail", pk=pk)
    return activity_detail(request, pk, evidence_form=form)


EVIDENCE = {"activities": ActivityEvidence, "models": ExemplarEvidence}


@login_required
@require_GET
def evidence_file(request, register: str, pk: int, kind: str):
    """An evidence file or its thumbnail, to those who may read its record."""
    model = EVIDENCE.get(register)
    if model is None or kind not in ("file", "thumbnail"):
        raise Http404
    evidence = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
    stored = evidence.file if kind == "file" else evidence.thumbnail
    if not stored:
        raise Http404
    if kind == "thumbnail":
        return FileResponse(stored.open("rb"), content_type="image/jpeg")
    return FileResponse(
        stored.open("rb"),
        as_attachment=not evidence.photo,
        filename=f"minh-chung-{evidence.pk}{evidence.suffix}",
    )
