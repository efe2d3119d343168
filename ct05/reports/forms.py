from django import forms
from django.utils.translation import gettext_lazy as _

from ct05.core.forms import YearField
from ct05.organizations.forms import OrganizationChoiceField, ScopedFilterForm


class ReportForm(ScopedFilterForm):
    """The report's organization (any visible one, existing in the year) and year."""

    organization = OrganizationChoiceField(empty_label=None)
    year = YearField()
    tree = forms.ChoiceField(
        label=_("Grouped by"),
        choices=[
            ("as_was", _("the tree as it was on the report's day")),
            ("today", _("today's organizations")),
        ],
        required=False,
    )
    options_by_year = True
    field_order = ["organization", "year", "tree"]
