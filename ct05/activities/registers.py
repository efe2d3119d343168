"""What the pages of the community registers share (activities, models and awards, dialogues
and petitions, indicators): the organization picker of a form, the filter form of a list, a
page of rows, and one list / form / record template for all of them.

Pages are thin: the forms' cleaned fields are the services' arguments by name, a service's
``ValidationError`` is shown on the form, and every row comes from ``visible_to(user)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ct05.core.forms import YearField, apply_service_error
from ct05.core.paging import Paginator
from ct05.core.params import parse_id
from ct05.core.permissions import require_change
from ct05.core.reference import ReferenceEntry
from ct05.core.roles import Action
from ct05.core.views import posted_version, render_page, save_posted
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


def _keep_retired_entries(form: forms.Form, record) -> None:
    """A record's form offers the entries of a reference list in use and the one the record
    already has, retired since (an administrator retires a programme, a type of model, a form
    of award): the record can still be saved as it is."""
    for name, choice in form.fields.items():
        queryset = getattr(choice, "queryset", None)
        if queryset is None or not issubclass(queryset.model, ReferenceEntry):
            continue
        current = getattr(record, f"{name}_id", None)
        if current is not None:
            choice.queryset = queryset.model.objects.filter(Q(active=True) | Q(pk=current))


class RecordForm(forms.Form):
    """A register's form: ``organization`` offers those the user may change (a record's form
    drops it: a record stays with its organization)."""

    def __init__(self, *args, user, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if record is not None:
            _keep_retired_entries(self, record)
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
        elif isinstance(self.initial.get("organization"), Organization):
            selected = self.initial["organization"]  # a cell stays offered in a long tree
        picker.set_options(
            organization_options(user, selected=selected, action=Action.CHANGE),
            action=Action.CHANGE,
            data=self.data if self.is_bound else None,
        )


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


def may_record(user) -> bool:
    """Whether the user may record in some organization (the lists offer "Record" then)."""
    return Organization.objects.visible_to(user, Action.CHANGE).exists()


def short_date(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def form_page(request, form, *, title, list_name, list_title, record=None, detail="", stale=None):
    """``registers/form.html``: the form under its list's (and record's) crumbs."""
    return render_page(
        request,
        "registers/form.html",
        {
            "form": form,
            "title": title,
            "record": record,
            "record_url": reverse(detail, args=[record.pk]) if record else "",
            "list_url": reverse(list_name),
            "list_title": list_title,
            **(stale or {}),
        },
    )


@dataclass
class RegisterPages:
    """The record and change pages of one register, the same for every register: the form
    (``form_class(data, user=, record=, initial=)``), the service, a refused save shown on the
    form (a stale one with what changed since), the record's page afterwards.

    ``create_service(user=, **arguments)`` and ``update_service(user=, <record_name>=,
    version=, **arguments)``; the arguments are the form's ``service_arguments()`` when it has
    one, else its cleaned data. ``fields`` fill the change form from the record (or
    ``initial_of(record)``)."""

    list_name: str
    list_title: str
    detail: str
    form_class: type
    create_service: Callable
    update_service: Callable
    record_name: str
    fields: list = field(default_factory=list)
    create_title: str = ""
    edit_title: str = ""
    created: str = ""
    saved: str = ""
    refused: str = ""  # why the record page is a 403 to whom may record nowhere
    initial_of: Callable | None = None
    files: bool = False

    def page(self, request, form, *, title, record=None, stale=None):
        return form_page(
            request,
            form,
            title=title,
            list_name=self.list_name,
            list_title=self.list_title,
            record=record,
            detail=self.detail,
            stale=stale,
        )

    @staticmethod
    def _arguments(form) -> dict:
        arguments = getattr(form, "service_arguments", None)
        return arguments() if arguments else form.cleaned_data

    def create(self, request, *, initial=None):
        user = request.user
        if not may_record(user):
            raise PermissionDenied(self.refused)
        data = request.POST or None
        files = (request.FILES or None) if self.files else None
        form = (
            self.form_class(data, files, user=user, initial=initial)
            if self.files
            else self.form_class(data, user=user, initial=initial)
        )
        if request.method == "POST" and form.is_valid():
            try:
                record = self.create_service(user=user, **self._arguments(form))
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, self.created)
                return redirect(self.detail, pk=record.pk)
        return self.page(request, form, title=self.create_title)

    def edit(self, request, record):
        user = request.user
        require_change(user, record.organization)
        if self.initial_of is not None:
            initial = self.initial_of(record)
        else:
            initial = {name: getattr(record, name) for name in self.fields}
        form = self.form_class(request.POST or None, user=user, record=record, initial=initial)
        done, stale = save_posted(
            request,
            form,
            lambda **_cleaned: self.update_service(  # the form's own arguments
                user=user,
                version=posted_version(request),
                **{self.record_name: record},
                **self._arguments(form),
            ),
            saved=self.saved,
            then=self.detail,
            args=[record.pk],
        )
        return done or self.page(request, form, title=self.edit_title, record=record, stale=stale)
