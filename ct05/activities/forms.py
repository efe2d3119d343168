"""Forms of the activity pages: one screen on a phone, one number box per unit of output."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ct05.core.evidence import validate_evidence
from ct05.core.forms import limited_text
from ct05.core.uploads import upload_help_text_lazy
from ct05.organizations.forms import too_many, use_village_picker
from ct05.organizations.models import Locality
from ct05.organizations.selectors import villages_for

from .models import MAX_TURNS, QUANTITY_DIGITS, QUANTITY_PLACES, Activity, OutputUnit, Programme
from .registers import RecordForm, RegisterFilterForm, date_field, number_input, organization_field


class EvidenceField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", upload_help_text_lazy())
        kwargs.setdefault("label", _("Photo or file"))
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value:
            validate_evidence(value)


class EvidenceForm(forms.Form):
    file = EvidenceField()
    caption = forms.CharField(label=_("Caption"), required=False, max_length=300)


def output_name(unit: OutputUnit) -> str:
    return f"output_{unit.code}"


class ActivityForm(RecordForm):
    organization = organization_field(_("Organizing organization"))
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.filter(active=True), empty_label=None
    )
    date = date_field(_("Date"), help_text=_("Day/month/year, not in the future."))
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Locality.objects.none(), required=False
    )
    cadre_turns = forms.IntegerField(
        label=_("Cadre-turns"), min_value=0, max_value=MAX_TURNS, initial=0, widget=number_input()
    )
    resident_turns = forms.IntegerField(
        label=_("Resident-turns"),
        min_value=0,
        max_value=MAX_TURNS,
        initial=0,
        widget=number_input(),
    )
    description = limited_text(
        Activity._meta.get_field("description"), label=_("Description"), required=False
    )

    def __init__(self, *args, user, record=None, evidence=True, **kwargs):
        super().__init__(*args, user=user, record=record, **kwargs)
        village = self.fields["village"]
        village.queryset = villages_for(user)
        if too_many(village.queryset):  # a nation's villages: a search box, not a select
            use_village_picker(village, data=self.data if self.is_bound else None)
        # The units in use, and those retired since that the activity already has outputs in
        # (kept on the form, so a save does not drop them).
        in_use = Q(active=True)
        if record is not None:
            in_use |= Q(pk__in=record.outputs.values("unit_id"))
        self.units = list(OutputUnit.objects.filter(in_use))
        for unit in self.units:
            self.fields[output_name(unit)] = forms.DecimalField(
                label=f"{unit.name} ({unit.symbol})",
                required=False,
                min_value=0,
                max_digits=QUANTITY_DIGITS,
                decimal_places=min(unit.decimals, QUANTITY_PLACES),
                widget=number_input(decimal=unit.decimals > 0),
            )
        if record is None and evidence:
            self.fields["evidence"] = EvidenceField(required=False)

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        outputs = []
        for unit in self.units:
            quantity = data.pop(output_name(unit), None)
            if quantity is not None:
                outputs.append({"unit": unit, "quantity": quantity})
        data["outputs"] = outputs
        evidence = data.pop("evidence", None)
        if evidence:
            data["evidence"] = [evidence]
        return data


class ActivityFilterForm(RegisterFilterForm):
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.all(),
        required=False,
        empty_label=_("All programmes"),
    )
    field_order = ["organization", "year", "programme"]
