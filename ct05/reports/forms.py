from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ct05.core.forms import YearField
from ct05.core.years import this_year, year_choices
from ct05.organizations.forms import OrganizationChoiceField, ScopedFilterForm

from .periods import Period, parse_period


class ReportForm(ScopedFilterForm):
    """The report's organization (any visible one, existing in the period) and period: a year,
    a quarter of it, a range of years, or any days from one date to another (the first given
    of: dates, range, quarter, year; see :func:`ct05.reports.periods.parse_period`)."""

    organization = OrganizationChoiceField(empty_label=None)
    year = YearField()
    # The period's other fields are read by ``parse_period`` (one set of messages for the page
    # and the API), so they take any text here.
    quarter = forms.CharField(
        label=_("Quarter"),
        required=False,
        widget=forms.Select(choices=[("", _("the whole year")), *((q, q) for q in "1234")]),
    )
    from_year = forms.CharField(label=_("From year"), required=False, widget=forms.Select)
    to_year = forms.CharField(label=_("To year"), required=False, widget=forms.Select)
    tree = forms.ChoiceField(
        label=_("Grouped by"),
        choices=[
            ("as_was", _("the tree as it was on the report's day")),
            ("today", _("today's organizations")),
        ],
        required=False,
    )
    options_by_year = True
    field_order = ["organization", "year", "quarter", "from_year", "to_year", "from", "to", "tree"]

    # Next year's plans are made in the year's last quarter: only then does the picker offer it
    # (marked as a plan). A link asking for next year earlier is still answered.
    PLANS_FROM_MONTH = 10

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" and "to" are the query's names (the API's too); Python keeps "from" for itself.
        for name, label in (("from", _("From")), ("to", _("To"))):
            self.fields[name] = forms.CharField(
                label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
            )
        self.order_fields(self.field_order)
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
        years = [("", "—"), *year_choices()]
        self.fields["from_year"].widget.choices = years
        self.fields["to_year"].widget.choices = years

    def clean(self):
        cleaned = super().clean()
        if "year" in self.errors:
            return cleaned
        try:
            cleaned["period"] = parse_period(self.data)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        return cleaned

    @property
    def period(self) -> Period | None:
        return getattr(self, "cleaned_data", {}).get("period")
