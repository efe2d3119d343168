"""Forms of the dialogue and petition pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ct05.activities.registers import (
    RecordForm,
    RegisterFilterForm,
    date_field,
    number_input,
    organization_field,
)
from ct05.core.forms import limited_text
from ct05.organizations.forms import OrganizationChoiceField, organization_options
from ct05.organizations.models import Organization

from .models import MAX_PARTICIPANTS, Dialogue, Petition, PetitionSource, PetitionStatus


class DialogueForm(RecordForm):
    organization = organization_field()
    date = date_field(_("Date"))
    chair = forms.CharField(label=_("Chaired by"), max_length=200)
    participants = forms.IntegerField(
        label=_("Participants"), min_value=0, max_value=MAX_PARTICIPANTS, widget=number_input()
    )
    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)
    notes = limited_text(Dialogue._meta.get_field("notes"), label=_("Notes"), required=False)


class DialogueFilterForm(RegisterFilterForm):
    field_order = ["organization", "year"]


class PetitionForm(RecordForm):
    organization = organization_field(_("Received by"))
    source = forms.ChoiceField(label=_("Source"), choices=PetitionSource.choices)
    dialogue = forms.ModelChoiceField(
        label=_("Dialogue conference"), queryset=Dialogue.objects.none(), required=False
    )
    received_on = date_field(_("Received on"))
    petitioner = forms.CharField(label=_("Raised by"), max_length=200, required=False)
    content = limited_text(Petition._meta.get_field("content"), label=_("Content"))
    assigned_organization = OrganizationChoiceField(
        required=True, empty_label=None, label=_("Assigned to")
    )
    deadline = date_field(_("Deadline"))

    def __init__(self, *args, user, record=None, **kwargs):
        super().__init__(*args, user=user, record=record, **kwargs)
        self.fields["dialogue"].queryset = Dialogue.objects.visible_to(user)
        self.fields["dialogue"].widget.choices = [("", "—")] + [
            (d.pk, f"{d.date:%d/%m/%Y} — {d.organization.name}")
            for d in Dialogue.objects.visible_to(user)
            .select_related("organization")
            .order_by("-date")[:200]
        ]
        assigned = self.fields["assigned_organization"]
        assigned.queryset = Organization.objects.visible_to(user)
        assigned.set_options(organization_options(user), data=self.data if self.is_bound else None)


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PetitionStatus.choices)
    response = limited_text(
        Petition._meta.get_field("response"),
        label=_("Response"),
        required=False,
        help_text=_("How it was resolved, or why it is rejected."),
    )
    closed_on = date_field(_("Closed on"), required=False)


class PetitionFilterForm(RegisterFilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("overdue", _("Overdue")), *PetitionStatus.choices],
    )
    field_order = ["organization", "year", "status"]
