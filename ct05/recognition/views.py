"""Pages of models and exemplars (list, register, a model's page with its steps and photos)
and of awards (list, record, the printable register per organization or per person)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ct05.activities.forms import EvidenceForm
from ct05.activities.registers import (
    Listing,
    RegisterPages,
    Row,
    may_record,
    paginate,
    short_date,
)
from ct05.core.forms import apply_service_error
from ct05.core.params import id_param, year_param
from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.views import post_or_go_to, render_page
from ct05.organizations.models import Organization
from ct05.people.models import Person

from . import services
from .forms import (
    AwardFilterForm,
    AwardRecordForm,
    ExemplarFilterForm,
    ExemplarForm,
    ExemplarStatusForm,
)
from .models import Award, Exemplar, ExemplarStatus

# -- models and exemplars -----------------------------------------------------------------------


def _exemplar(request, pk: int) -> Exemplar:
    return get_object_or_404(
        Exemplar.objects.visible_to(request.user).select_related("type", "organization", "person"),
        pk=pk,
    )


@login_required
def exemplar_list(request):
    user = request.user
    form = ExemplarFilterForm(request.GET or None, user=user)
    rows, _chosen = form.filter_list(
        Exemplar.objects.visible_to(user),
        year_lookup="registered_on__year",
        choices=("type", "status"),
    )
    page = paginate(request, rows.select_related("type", "organization", "person"))
    listing = Listing(
        title=_("Models and exemplars"),
        form=form,
        columns=[
            _("Name"),
            _("Type"),
            _("Held by"),
            _("Organization"),
            _("Status"),
            _("Registered on"),
        ],
        page=page,
        create_url=reverse("exemplar-create") if may_record(user) else "",
        create_label=_("Register a model"),
        links=[(_("Awards"), reverse("award-list"))],
    )
    for exemplar in page.object_list:
        listing.rows.append(
            Row(
                url=reverse("exemplar-detail", args=[exemplar.pk]),
                cells=[
                    exemplar.name,
                    exemplar.type.name,
                    f"{exemplar.holder} ({exemplar.get_holder_kind_display().lower()})",
                    exemplar.organization.name,
                    exemplar.get_status_display(),
                    short_date(exemplar.registered_on),
                ],
            )
        )
    return render_page(request, "registers/list.html", {"listing": listing})


EXEMPLARS = RegisterPages(
    list_name="exemplar-list",
    list_title=_l("Models and exemplars"),
    detail="exemplar-detail",
    form_class=ExemplarForm,
    create_service=services.register_exemplar,
    update_service=services.update_exemplar,
    record_name="exemplar",
    fields=[
        "type",
        "name",
        "holder_kind",
        "person",
        "holder_name",
        "field",
        "registered_on",
        "description",
    ],  # fmt: skip
    create_title=_l("Register a model"),
    edit_title=_l("Change the model"),
    created=_l("The model is registered."),
    saved=_l("The model is saved."),
    refused=_l("You may not register models of any organization."),
)


@login_required
def exemplar_create(request):
    return EXEMPLARS.create(request)


@login_required
def exemplar_edit(request, pk: int):
    return EXEMPLARS.edit(request, _exemplar(request, pk))


@login_required
def exemplar_detail(request, pk: int, evidence_form=None, status_form=None):
    exemplar = _exemplar(request, pk)
    may_change = can(request.user, Action.CHANGE, exemplar.organization)
    facts = [
        (_("Type"), exemplar.type.name),
        (_("Held by"), f"{exemplar.holder} ({exemplar.get_holder_kind_display().lower()})"),
        (_("Organization"), exemplar.organization.name),
        (_("Field"), exemplar.field),
        (_("Status"), exemplar.get_status_display()),
        (_("Registered on"), short_date(exemplar.registered_on)),
        (_("Being built since"), short_date(exemplar.building_since)),
        (_("Recognized on"), short_date(exemplar.recognized_on)),
        (_("Dropped on"), short_date(exemplar.dropped_on)),
        (_("Description and results"), exemplar.description),
        (_("Awards"), "\n".join(str(a) for a in exemplar.awards.visible_to(request.user))),
    ]
    return render_page(
        request,
        "registers/detail.html",
        {
            "title": exemplar.name,
            "record": exemplar,
            "facts": facts,
            "list_url": reverse("exemplar-list"),
            "list_title": _("Models and exemplars"),
            "edit_url": reverse("exemplar-edit", args=[pk]) if may_change else "",
            "register": "models",
            "evidence": list(exemplar.evidence.all()),
            "evidence_form": (evidence_form or EvidenceForm()) if may_change else None,
            "evidence_url": reverse("exemplar-evidence", args=[pk]),
            "extra_template": "recognition/_status.html" if may_change else "",
            "status_form": status_form
            or ExemplarStatusForm(initial={"status": _next_status(exemplar)}),
            "status_url": reverse("exemplar-status", args=[pk]),
        },
    )


def _next_status(exemplar: Exemplar) -> str:
    return {
        ExemplarStatus.REGISTERED: ExemplarStatus.BUILDING,
        ExemplarStatus.BUILDING: ExemplarStatus.RECOGNIZED,
    }.get(exemplar.status, exemplar.status)


@login_required
@post_or_go_to("exemplar-detail")
def exemplar_status(request, pk: int):
    exemplar = _exemplar(request, pk)
    form = ExemplarStatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_exemplar_status(user=request.user, exemplar=exemplar, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The model's status is saved."))
            return redirect("exemplar-detail", pk=pk)
    return exemplar_detail(request, pk, status_form=form)


@login_required
@post_or_go_to("exemplar-detail")
def exemplar_evidence(request, pk: int):
    exemplar = _exemplar(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_exemplar_evidence(
                user=request.user,
                exemplar=exemplar,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The file is attached."))
            return redirect("exemplar-detail", pk=pk)
    return exemplar_detail(request, pk, evidence_form=form)


# -- awards -------------------------------------------------------------------------------------


def _award(request, pk: int) -> Award:
    return get_object_or_404(
        Award.objects.visible_to(request.user).select_related(
            "form", "issuer", "organization", "person", "exemplar"
        ),
        pk=pk,
    )


@login_required
def award_list(request):
    user = request.user
    form = AwardFilterForm(request.GET or None, user=user)
    rows, chosen = form.filter_list(
        Award.objects.visible_to(user),
        year_lookup="decision_date__year",
        choices=("form", "recipient_kind"),
    )
    page = paginate(request, rows.select_related("form", "issuer", "organization", "person"))
    links = [(_("Models and exemplars"), reverse("exemplar-list"))]
    if chosen["organization"] is not None:
        links.append(
            (
                _("Printable register"),
                f"{reverse('award-register')}?organization={chosen['organization'].pk}",
            )
        )
    listing = Listing(
        title=_("Awards"),
        form=form,
        columns=[
            _("Decision"),
            _("Form"),
            _("Issued by"),
            _("Recipient"),
            _("Organization"),
            _("Reason"),
        ],
        page=page,
        create_url=reverse("award-create") if may_record(user) else "",
        create_label=_("Record an award"),
        links=links,
    )
    for award in page.object_list:
        listing.rows.append(
            Row(
                url=reverse("award-detail", args=[award.pk]),
                cells=[
                    f"{award.decision_number} — {short_date(award.decision_date)}",
                    award.form.name,
                    award.issuer.name,
                    award.recipient,
                    award.organization.name,
                    award.reason[:120],
                ],
            )
        )
    return render_page(request, "registers/list.html", {"listing": listing})


AWARDS = RegisterPages(
    list_name="award-list",
    list_title=_l("Awards"),
    detail="award-detail",
    form_class=AwardRecordForm,
    create_service=services.record_award,
    update_service=services.update_award,
    record_name="award",
    fields=[
        "form",
        "issuer",
        "decision_number",
        "decision_date",
        "recipient_kind",
        "person",
        "recipient_name",
        "reason",
    ],  # fmt: skip
    create_title=_l("Record an award"),
    edit_title=_l("Change the award"),
    created=_l("The award is recorded."),
    saved=_l("The award is saved."),
    refused=_l("You may not record awards of any organization."),
)


@login_required
def award_create(request):
    return AWARDS.create(request)


@login_required
def award_edit(request, pk: int):
    return AWARDS.edit(request, _award(request, pk))


@login_required
def award_detail(request, pk: int):
    award = _award(request, pk)
    may_change = can(request.user, Action.CHANGE, award.organization)
    facts = [
        (_("Form"), award.form.name),
        (_("Issued by"), f"{award.issuer.name} ({award.issuer.get_level_display().lower()})"),
        (_("Decision"), f"{award.decision_number} — {short_date(award.decision_date)}"),
        (_("Recipient"), f"{award.recipient} ({award.get_recipient_kind_display().lower()})"),
        (_("Organization"), award.organization.name),
        (_("Reason"), award.reason),
        (_("For the model"), award.exemplar.name if award.exemplar else ""),
    ]
    register = reverse("award-register")
    links = [
        (
            _("Register of awards of %(name)s") % {"name": award.organization.name},
            f"{register}?organization={award.organization_id}",
        )
    ]
    if award.person_id is not None:
        links.insert(
            0,
            (
                _("Register of awards of %(name)s") % {"name": award.person.full_name},
                f"{register}?person={award.person_id}",
            ),
        )
    return render_page(
        request,
        "registers/detail.html",
        {
            "title": str(award),
            "record": award,
            "facts": facts,
            "links": links,
            "list_url": reverse("award-list"),
            "list_title": _("Awards"),
            "edit_url": reverse("award-edit", args=[pk]) if may_change else "",
            "evidence": None,
        },
    )


@login_required
def award_register(request):
    """The register of awards of an organization's subtree, or of one person, for printing."""
    user = request.user
    awards = Award.objects.visible_to(user).select_related(
        "form", "issuer", "organization", "person"
    )
    person_id, organization_id = (
        id_param(request.GET, "person"),
        id_param(request.GET, "organization"),
    )
    if person_id is not None:
        subject = get_object_or_404(Person.objects.visible_to(user), pk=person_id)
        awards = awards.filter(person=subject)
        title = _("Register of awards of %(name)s") % {"name": subject.full_name}
    else:
        organizations = Organization.objects.visible_to(user)
        subject = (
            get_object_or_404(organizations, pk=organization_id)
            if organization_id is not None
            else organizations.order_by("depth", "path").first()
        )
        if subject is None:
            raise PermissionDenied(_("You see no organization."))
        awards = awards.filter(organization__path__startswith=subject.path)
        title = _("Register of awards of %(name)s") % {"name": subject.name}
    year = year_param(request.GET)
    if year is not None:
        awards = awards.filter(decision_date__year=year)
        title = f"{title} ({_('year %(year)s') % {'year': year}})"
    # A register printed whole, up to REGISTER_LIMIT rows; past it the page says how many are
    # left out and asks for a year.
    rows = list(awards.order_by("decision_date", "pk")[: REGISTER_LIMIT + 1])
    left_out, by_year = 0, []
    if len(rows) > REGISTER_LIMIT:
        left_out = awards.count() - REGISTER_LIMIT
        whose = f"person={person_id}" if person_id is not None else f"organization={subject.pk}"
        by_year = [
            (day.year, f"{reverse('award-register')}?{whose}&year={day.year}")
            for day in awards.dates("decision_date", "year")
        ]
    return render_page(
        request,
        "recognition/register.html",
        {
            "title": title,
            "awards": rows[:REGISTER_LIMIT],
            "left_out": left_out,
            "by_year": by_year,
        },
    )


REGISTER_LIMIT = 2000
