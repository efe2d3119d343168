"""Forms of the model and award pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ct05.activities.registers import (
    RecordForm,
    RegisterFilterForm,
    date_field,
    organization_field,
)
from ct05.core.forms import limited_text
from ct05.core.params import parse_id
from ct05.people.forms import PersonPickerField, PickerFormMixin, set_up_picker

from .models import (
    Award,
    AwardForm,
    AwardIssuer,
    Exemplar,
    ExemplarStatus,
    ExemplarType,
    HolderKind,
)


class HolderForm(PickerFormMixin, RecordForm):
    """A form naming a collective or a person: the person is searched by name among the members
    of the chosen organization's subtree the user may see (never all loaded at once)."""

    person = PersonPickerField(label=_("Person"), required=False)

    def __init__(self, *args, user, record=None, **kwargs):
        super().__init__(*args, user=user, record=record, **kwargs)
        organization = record.organization if record is not None else None
        if organization is None and self.is_bound:
            pk = parse_id(self.data.get("organization"))
            picker = self.fields.get("organization")
            organization = picker.queryset.filter(pk=pk).first() if picker and pk else None
        set_up_picker(self, "person", user=user, organization=organization)
        if record is not None:
            self.fields["person"].widget.organization_id = record.organization_id


class ExemplarForm(HolderForm):
    organization = organization_field()
    type = forms.ModelChoiceField(
        label=_("Type"), queryset=ExemplarType.objects.filter(active=True), empty_label=None
    )
    name = forms.CharField(label=_("Name of the model"), max_length=300)
    holder_kind = forms.ChoiceField(
        label=_("Held by"), choices=HolderKind.choices, widget=forms.RadioSelect
    )
    holder_name = forms.CharField(
        label=_("Collective"),
        max_length=300,
        required=False,
        help_text=_("The collective holding the model, when not the organization itself."),
    )
    field = forms.CharField(label=_("Field"), max_length=200, required=False)
    registered_on = date_field(_("Registered on"))
    description = limited_text(
        Exemplar._meta.get_field("description"), label=_("Description and results"), required=False
    )
    field_order = [
        "organization", "type", "name", "holder_kind", "person", "holder_name", "field",
        "registered_on", "description",
    ]  # fmt: skip


class ExemplarStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ExemplarStatus.choices)
    date = date_field(_("Date"), required=False)


class ExemplarFilterForm(RegisterFilterForm):
    type = forms.ModelChoiceField(
        label=_("Type"),
        queryset=ExemplarType.objects.all(),
        required=False,
        empty_label=_("All types"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ExemplarStatus.choices]
    )
    field_order = ["organization", "year", "type", "status"]


class AwardRecordForm(HolderForm):
    organization = organization_field()
    form = forms.ModelChoiceField(
        label=_("Form"), queryset=AwardForm.objects.filter(active=True), empty_label=None
    )
    issuer = forms.ModelChoiceField(
        label=_("Issued by"), queryset=AwardIssuer.objects.filter(active=True), empty_label=None
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = date_field(_("Decision date"))
    recipient_kind = forms.ChoiceField(
        label=_("Recipient"), choices=HolderKind.choices, widget=forms.RadioSelect
    )
    recipient_name = forms.CharField(
        label=_("Collective"),
        max_length=300,
        required=False,
        help_text=_("The collective awarded, when not the organization itself."),
    )
    reason = limited_text(Award._meta.get_field("reason"), label=_("Reason"))
    field_order = [
        "organization", "form", "issuer", "decision_number", "decision_date", "recipient_kind",
        "person", "recipient_name", "reason",
    ]  # fmt: skip


class AwardFilterForm(RegisterFilterForm):
    form = forms.ModelChoiceField(
        label=_("Form"),
        queryset=AwardForm.objects.all(),
        required=False,
        empty_label=_("All forms"),
    )
    recipient_kind = forms.ChoiceField(
        label=_("Recipient"), required=False, choices=[("", _("All")), *HolderKind.choices]
    )
    field_order = ["organization", "year", "form", "recipient_kind"]
