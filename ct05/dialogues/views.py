"""Pages of dialogue conferences and petitions: lists by organization, year and status (overdue
petitions marked), recording on a phone, a petition's answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ct05.activities.registers import (
    Listing,
    RegisterPages,
    Row,
    may_record,
    paginate,
    short_date,
)
from ct05.core.forms import apply_service_error
from ct05.core.params import id_param
from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.templatetags.ct05 import num
from ct05.core.views import post_or_go_to, posted_version, render_page

from . import services
from .forms import AnswerForm, DialogueFilterForm, DialogueForm, PetitionFilterForm, PetitionForm
from .models import OPEN_STATUSES, Dialogue, Petition, overdue_on

# -- dialogues ----------------------------------------------------------------------------------


def _dialogue(request, pk: int) -> Dialogue:
    return get_object_or_404(
        Dialogue.objects.visible_to(request.user).select_related("organization"), pk=pk
    )


@login_required
def dialogue_list(request):
    user = request.user
    form = DialogueFilterForm(request.GET or None, user=user)
    rows, _chosen = form.filter_list(Dialogue.objects.visible_to(user), year_lookup="date__year")
    page = paginate(request, rows.select_related("organization"))
    listing = Listing(
        title=_("Dialogue conferences"),
        form=form,
        columns=[_("Date"), _("Organization"), _("Chaired by"), _("Participants"), _("Subject")],
        page=page,
        create_url=reverse("dialogue-create") if may_record(user) else "",
        create_label=_("Record a conference"),
        links=[(_("Petitions"), reverse("petition-list"))],
    )
    for dialogue in page.object_list:
        listing.rows.append(
            Row(
                url=reverse("dialogue-detail", args=[dialogue.pk]),
                cells=[
                    short_date(dialogue.date),
                    dialogue.organization.name,
                    dialogue.chair,
                    num(dialogue.participants),
                    dialogue.subject,
                ],
            )
        )
    return render_page(request, "registers/list.html", {"listing": listing})


DIALOGUES = RegisterPages(
    list_name="dialogue-list",
    list_title=_l("Dialogue conferences"),
    detail="dialogue-detail",
    form_class=DialogueForm,
    create_service=services.record_dialogue,
    update_service=services.update_dialogue,
    record_name="dialogue",
    fields=["date", "chair", "participants", "subject", "notes"],
    create_title=_l("Record a conference"),
    edit_title=_l("Change the conference"),
    created=_l("The conference is recorded."),
    saved=_l("The conference is saved."),
    refused=_l("You may not record conferences of any organization."),
)


@login_required
def dialogue_create(request):
    return DIALOGUES.create(request)


@login_required
def dialogue_edit(request, pk: int):
    return DIALOGUES.edit(request, _dialogue(request, pk))


@login_required
def dialogue_detail(request, pk: int):
    dialogue = _dialogue(request, pk)
    may_change = can(request.user, Action.CHANGE, dialogue.organization)
    petitions = Petition.objects.visible_to(request.user).filter(dialogue=dialogue)
    facts = [
        (_("Organization"), dialogue.organization.name),
        (_("Date"), short_date(dialogue.date)),
        (_("Chaired by"), dialogue.chair),
        (_("Participants"), num(dialogue.participants)),
        (_("Subject"), dialogue.subject),
        (_("Notes"), dialogue.notes),
        (_("Petitions raised"), "\n".join(p.content[:120] for p in petitions)),
    ]
    return render_page(
        request,
        "registers/detail.html",
        {
            "title": str(dialogue),
            "record": dialogue,
            "facts": facts,
            "list_url": reverse("dialogue-list"),
            "list_title": _("Dialogue conferences"),
            "edit_url": reverse("dialogue-edit", args=[pk]) if may_change else "",
            "evidence": None,
        },
    )


# -- petitions ----------------------------------------------------------------------------------


def _petition(request, pk: int) -> Petition:
    return get_object_or_404(
        Petition.objects.visible_to(request.user).select_related(
            "organization", "assigned_organization", "dialogue"
        ),
        pk=pk,
    )


def _overdue_today() -> Q:
    return overdue_on(timezone.localdate()) & Q(status__in=OPEN_STATUSES)


@login_required
def petition_list(request):
    """Petitions received in the year by the subtree or assigned to it; overdue ones marked.
    The overdue ones are those received in the year or before (a petition from last year still
    unanswered is overdue today)."""
    user = request.user
    form = PetitionFilterForm(request.GET or None, user=user)
    overdue_asked = request.GET.get("status") == "overdue"
    rows, chosen = form.filter_list(
        Petition.objects.visible_to(user),
        year_lookup="received_on__year__lte" if overdue_asked else "received_on__year",
        organization_fields=("organization", "assigned_organization"),
    )
    status = chosen.get("status") or (
        form.cleaned_data.get("status") if form.is_bound and form.is_valid() else ""
    )
    if status == "overdue":
        rows = rows.filter(_overdue_today())
    elif status:
        rows = rows.filter(status=status)
    page = paginate(request, rows.select_related("organization", "assigned_organization"))
    today = timezone.localdate()
    listing = Listing(
        title=_("Petitions"),
        form=form,
        columns=[
            _("Content"),
            _("Received on"),
            _("Received by"),
            _("Assigned to"),
            _("Deadline"),
            _("Status"),
        ],
        page=page,
        create_url=reverse("petition-create") if may_record(user) else "",
        create_label=_("Record a petition"),
        links=[(_("Dialogue conferences"), reverse("dialogue-list"))],
    )
    for petition in page.object_list:
        overdue = petition.overdue_on(today)
        listing.rows.append(
            Row(
                url=reverse("petition-detail", args=[petition.pk]),
                cells=[
                    petition.content[:100],
                    short_date(petition.received_on),
                    petition.organization.name,
                    petition.assigned_organization.name,
                    short_date(petition.deadline),
                    petition.get_status_display(),
                ],
                flag=_("Overdue") if overdue else "",
                classes="overdue" if overdue else "",
            )
        )
    return render_page(request, "registers/list.html", {"listing": listing})


PETITIONS = RegisterPages(
    list_name="petition-list",
    list_title=_l("Petitions"),
    detail="petition-detail",
    form_class=PetitionForm,
    create_service=services.record_petition,
    update_service=services.update_petition,
    record_name="petition",
    create_title=_l("Record a petition"),
    created=_l("The petition is recorded."),
    refused=_l("You may not record petitions of any organization."),
)


@login_required
def petition_create(request):
    """A petition; from a conference's page, raised at that conference."""
    initial = {}
    if dialogue_id := id_param(request.GET, "dialogue"):
        dialogue = Dialogue.objects.visible_to(request.user).filter(pk=dialogue_id).first()
        if dialogue is not None:
            initial = {"dialogue": dialogue, "source": "dialogue", "received_on": dialogue.date}
    return PETITIONS.create(request, initial=initial)


@login_required
def petition_detail(request, pk: int, answer_form=None):
    petition = _petition(request, pk)
    may_answer = services.may_answer(request.user, petition)
    facts = [
        (_("Source"), petition.get_source_display()),
        (_("Dialogue conference"), str(petition.dialogue) if petition.dialogue else ""),
        (_("Received by"), petition.organization.name),
        (_("Received on"), short_date(petition.received_on)),
        (_("Raised by"), petition.petitioner),
        (_("Content"), petition.content),
        (_("Assigned to"), petition.assigned_organization.name),
        (_("Deadline"), short_date(petition.deadline)),
        (_("Status"), petition.get_status_display()),
        (_("Response"), petition.response),
        (_("Closed on"), short_date(petition.closed_on)),
    ]
    return render_page(
        request,
        "registers/detail.html",
        {
            "title": _("Petition of %(date)s") % {"date": short_date(petition.received_on)},
            "flag": _("Overdue") if petition.overdue_on(timezone.localdate()) else "",
            "record": petition,
            "facts": facts,
            "list_url": reverse("petition-list"),
            "list_title": _("Petitions"),
            "evidence": None,
            "extra_template": "dialogues/_answer.html" if may_answer else "",
            "answer_form": answer_form
            or AnswerForm(
                initial={
                    "status": petition.status,
                    "response": petition.response,
                    "closed_on": petition.closed_on,
                }
            ),
            "answer_url": reverse("petition-answer", args=[pk]),
        },
    )


@login_required
@post_or_go_to("petition-detail")
def petition_answer(request, pk: int):
    petition = _petition(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.update_petition(
                user=request.user,
                petition=petition,
                version=posted_version(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The petition is saved."))
            return redirect("petition-detail", pk=pk)
    return petition_detail(request, pk, answer_form=form)
