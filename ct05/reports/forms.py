from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ct05.core.forms import YearField
from ct05.core.years import this_year, year_choices
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

    # Next year's plans are made in the year's last quarter: only then does the picker offer it
    # (marked as a plan). A link asking for next year earlier is still answered.
    PLANS_FROM_MONTH = 10

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        next_year = this_year() + 1
        asked = str(self.data.get("year", "")) == str(next_year) if self.is_bound else False
        choices = []
        for year, label in year_choices():
            if year == next_year:
                if not asked and timezone.localdate().month < self.PLANS_FROM_MONTH:
                    continue
                label = _("%(year)s (plans)") % {"year": label}
            choices.append((year, label))
        self.fields["year"].choices = choices
