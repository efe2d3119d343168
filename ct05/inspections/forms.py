from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from ct05.core.forms import YearField, limited_text
from ct05.core.roles import Action
from ct05.organizations.forms import OrganizationChoiceField, ScopedFilterForm, organization_options
from ct05.organizations.models import Organization

from .models import Finding, Inspection, Remediation

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class InspectionFilterForm(ScopedFilterForm):
    year = YearField()
    status = forms.ChoiceField(
        label=_("Remediation"),
        required=False,
        choices=[("", _("All inspections")), ("overdue", _("With overdue remediation"))],
    )
    field_order = ["organization", "year", "status"]


class InspectionForm(ScopedFilterForm):
    """The inspected organization (any visible one) and the inspecting body (one the user may
    change); findings one a line; remediation items "dd/mm/yyyy; what; who" a line."""

    inspecting_body = OrganizationChoiceField(
        label=_("Inspecting body"), required=True, empty_label=None
    )
    organization = OrganizationChoiceField(
        label=_("Inspected organization"), required=True, empty_label=None
    )
    subject = forms.CharField(
        label=_("Subject"), max_length=400, initial=_("Implementation of Directive 05-CT/TW")
    )
    start_date = forms.DateField(label=_("From"), input_formats=DATE_FORMATS, widget=DateInput())
    end_date = forms.DateField(
        label=_("To"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    conclusion = limited_text(
        Inspection._meta.get_field("conclusion"), label=_("Conclusion"), required=False
    )
    findings = forms.CharField(
        label=_("Shortcomings found"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One shortcoming a line."),
    )  # fmt: skip
    remediations = forms.CharField(
        label=_("Remediation items"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item a line: deadline (dd/mm/yyyy); what is to be done; who."),
    )  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        body = self.fields["inspecting_body"]
        body.queryset = Organization.objects.visible_to(user, Action.CHANGE)
        body.set_options(
            organization_options(user, action=Action.CHANGE),
            action=Action.CHANGE,
            data=self.data if self.is_bound else None,
        )

    def clean_findings(self):
        return [line.strip() for line in self.cleaned_data["findings"].splitlines() if line.strip()]

    def clean_remediations(self):
        items = []
        for number, line in enumerate(self.cleaned_data["remediations"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            deadline = None
            for fmt in DATE_FORMATS:
                try:
                    deadline = datetime.datetime.strptime(parts[0], fmt).date()
                    break
                except ValueError:
                    continue
            if deadline is None or len(parts) < 2 or not parts[1]:
                raise forms.ValidationError(
                    _(
                        "Line %(n)s: write the deadline (dd/mm/yyyy), a semicolon, then what is to be done."
                    )
                    % {"n": number}
                )
            items.append(
                {"deadline": deadline, "action": parts[1], "owner": ";".join(parts[2:])[:200]}
            )
        return items


class InspectionEditForm(forms.Form):
    """An inspection's subject, dates and conclusion; the bodies stay (record a new inspection
    instead)."""

    subject = InspectionForm.base_fields["subject"]
    start_date = InspectionForm.base_fields["start_date"]
    end_date = InspectionForm.base_fields["end_date"]
    conclusion = InspectionForm.base_fields["conclusion"]


class FindingForm(forms.Form):
    text = limited_text(Finding._meta.get_field("text"), label=_("Shortcoming"))


class RemediationForm(forms.Form):
    action = limited_text(
        Remediation._meta.get_field("action"), label=_("What is to be done"), rows=2
    )
    deadline = forms.DateField(label=_("Deadline"), input_formats=DATE_FORMATS, widget=DateInput())
    owner = forms.CharField(label=_("Owner"), max_length=200, required=False)
