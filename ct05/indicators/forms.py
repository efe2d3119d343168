"""Forms of the indicator pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ct05.activities.registers import (
    RecordForm,
    RegisterFilterForm,
    number_input,
    organization_field,
)
from ct05.core.forms import YearField
from ct05.core.params import parse_id
from ct05.core.roles import Action
from ct05.organizations.models import OrganizationKind

from .models import Direction, RuralCriterion


class TargetForm(RecordForm):
    organization = organization_field()
    year = YearField(required=True)
    name = forms.CharField(label=_("Target"), max_length=300)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.choices, widget=forms.RadioSelect
    )
    target = forms.DecimalField(
        label=_("Target value"), max_digits=18, decimal_places=3, widget=number_input(True)
    )
    actual = forms.DecimalField(
        label=_("Actual value"),
        max_digits=18,
        decimal_places=3,
        required=False,
        widget=number_input(True),
    )


class TargetFilterForm(RegisterFilterForm):
    direction = forms.ChoiceField(
        label=_("Direction"), required=False, choices=[("", _("All")), *Direction.choices]
    )
    field_order = ["organization", "year", "direction"]


class CriteriaField(forms.ModelMultipleChoiceField):
    """Ticked criteria; a value that is no id at all (a number past the database's integers)
    is refused like an unknown one, not sent to the database."""

    def _check_values(self, value):
        for raw in value:
            if parse_id(raw) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(raw)[:20]},
                )
        return super()._check_values(value)


class RuralCriteriaForm(RecordForm):
    organization = organization_field(_("Commune"))
    year = YearField(required=True)
    met = CriteriaField(
        label=_("Criteria met"),
        queryset=RuralCriterion.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, record=None, **kwargs):
        super().__init__(*args, user=user, record=record, **kwargs)
        if "organization" in self.fields:
            picker = self.fields["organization"]
            picker.queryset = picker.queryset.filter(kind=OrganizationKind.GRASSROOTS_COMMITTEE)
            picker.set_options(
                picker.queryset.order_by("path").only("pk", "name", "depth", "path", "valid_to")[
                    :500
                ],
                action=Action.CHANGE,
                kinds=[OrganizationKind.GRASSROOTS_COMMITTEE],
                data=self.data if self.is_bound else None,
            )
        if record is not None:
            del self.fields["year"]


class RuralFilterForm(RegisterFilterForm):
    field_order = ["organization", "year"]
