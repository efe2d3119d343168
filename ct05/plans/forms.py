from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ct05.activities.registers import RecordForm, date_field, organization_field
from ct05.core.forms import YearField, limited_text
from ct05.core.roles import Action
from ct05.core.years import year_choices
from ct05.organizations.forms import OrganizationChoiceField, ScopedFilterForm

from .models import CollectivePlan, EthicsCode, IssueStatus, PressingIssue

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PlanFilterForm(ScopedFilterForm):
    year = YearField()
    status = forms.ChoiceField(
        label=_("Pressing issues"),
        required=False,
        choices=[("", _("All plans")), *IssueStatus.choices],
    )
    field_order = ["organization", "year", "status"]


class PlanForm(ScopedFilterForm):
    organization = OrganizationChoiceField(required=True, empty_label=None)
    year = YearField(required=True)
    title = forms.CharField(label=_("Title"), max_length=300)
    adopted_on = forms.DateField(
        label=_("Adopted on"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    content = limited_text(
        CollectivePlan._meta.get_field("content"), label=_("Content"), required=False
    )
    issues = forms.CharField(
        label=_("Pressing issues"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One pressing issue a line."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, action=Action.CHANGE, **kwargs)

    def clean_issues(self):
        lines = [line.strip() for line in self.cleaned_data["issues"].splitlines()]
        return [{"title": line[:300]} for line in lines if line]


class IssueForm(forms.Form):
    title = forms.CharField(label=_("Pressing issue"), max_length=300)
    target = limited_text(
        PressingIssue._meta.get_field("target"), label=_("Target"), required=False, rows=2
    )
    owner = forms.CharField(label=_("Owner"), max_length=200, required=False)


class IssueStatusForm(forms.Form):
    issue = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    status = forms.ChoiceField(label=_("Status"), choices=IssueStatus.choices)


class PlanEditForm(forms.Form):
    """A plan's words; its organization and year stay."""

    title = PlanForm.base_fields["title"]
    adopted_on = PlanForm.base_fields["adopted_on"]
    content = PlanForm.base_fields["content"]


class IssueEditForm(IssueForm):
    status = forms.ChoiceField(label=_("Status"), choices=IssueStatus.choices)
    result = limited_text(
        PressingIssue._meta.get_field("result"), label=_("Result"), required=False, rows=2
    )


def any_year_choices() -> list:
    return [("", _("All years")), *year_choices()]


class EthicsCodeFilterForm(ScopedFilterForm):
    """Codes of the subtree; of a year when one is chosen (adopted or reviewed in it: a code
    stands for years, so no year means all of them); those whose review is overdue."""

    year = YearField(label=_("Adopted or reviewed in"), choices=any_year_choices, initial=None)
    review = forms.ChoiceField(
        label=_("Reviewed"),
        required=False,
        choices=[("", _("All")), ("overdue", _("Not reviewed for over a year"))],
    )
    field_order = ["organization", "year", "review"]


class EthicsCodeForm(RecordForm):
    """A code of ethical standards; its organization is chosen when it is recorded and stays."""

    organization = organization_field()
    title = forms.CharField(label=_("Title"), max_length=300)
    adopted_on = date_field(_("Adopted on"), help_text=_("Day/month/year, not in the future."))
    last_reviewed_on = date_field(
        _("Last reviewed on"),
        required=False,
        help_text=_("On or after the day it was adopted, not in the future."),
    )
    content = limited_text(
        EthicsCode._meta.get_field("content"), label=_("Content"), required=False, rows=8
    )
