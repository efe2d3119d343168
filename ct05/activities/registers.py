"""What the pages of the community registers share (activities, models and awards, dialogues
and petitions, indicators): the organization picker of a form, the filter form of a list, a
page of rows, and one list / form / record template for all of them.

Pages are thin: the forms' cleaned fields are the services' arguments by name, a service's
``ValidationError`` is shown on the form, and every row comes from ``visible_to(user)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from ct05.core.forms import YearField
from ct05.core.params import parse_id
from ct05.core.roles import Action
from ct05.organizations.forms import OrganizationChoiceField, ScopedFilterForm, organization_options
from ct05.organizations.models import Organization

PAGE_SIZE = 25
# dd/mm/yyyy typed, or what a date input sends.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, input_formats=DATE_INPUT_FORMATS, widget=DateInput(), **kwargs
    )


def number_input(decimal: bool = False) -> forms.NumberInput:
    """A number box that brings up the phone's number pad."""
    return forms.NumberInput(attrs={"inputmode": "decimal" if decimal else "numeric"})


class RecordForm(forms.Form):
    """A register's form: ``organization`` offers those the user may change (a record's form
    drops it: a record stays with its organization)."""

    def __init__(self, *args, user, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "organization" not in self.fields:
            return
        if record is not None:
            del self.fields["organization"]
            return
        picker = self.fields["organization"]
        picker.queryset = Organization.objects.visible_to(user, Action.CHANGE)
        selected = None
        if self.is_bound:
            pk = parse_id(self.data.get("organization"))
            selected = picker.queryset.filter(pk=pk).first() if pk else None
        picker.set_options(organization_options(user, selected=selected, action=Action.CHANGE))


def organization_field(label=None) -> OrganizationChoiceField:
    return OrganizationChoiceField(
        required=True, empty_label=None, label=label or _("Organization")
    )


class RegisterFilterForm(ScopedFilterForm):
    """Organization (subtree) and year; a register adds its type and status choices."""

    year = YearField()


@dataclass
class Row:
    url: str
    cells: list
    flag: str = ""  # a short warning shown on the row ("overdue")
    classes: str = ""


@dataclass
class Listing:
    """What ``registers/list.html`` shows."""

    title: str
    form: forms.Form
    columns: list
    rows: list = field(default_factory=list)
    page: object = None
    create_url: str = ""
    create_label: str = ""
    links: list = field(default_factory=list)  # (label, url)
    count_label: str = ""


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
