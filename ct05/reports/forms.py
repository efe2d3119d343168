from ct05.core.forms import YearField
from ct05.organizations.forms import OrganizationChoiceField, ScopedFilterForm


class ReportForm(ScopedFilterForm):
    """The report's organization (any visible one, existing in the year) and year."""

    organization = OrganizationChoiceField(empty_label=None)
    year = YearField()
    options_by_year = True
    field_order = ["organization", "year"]
