"""Forms of the task pages: the list's filters, assigning a task to units, assessing one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ct05.core.forms import YearField, limited_text
from ct05.core.params import parse_id
from ct05.core.roles import Action
from ct05.core.years import this_year
from ct05.organizations.forms import (
    ScopedFilterForm,
    organization_options,
    too_many,
    use_picker,
)
from ct05.organizations.models import Organization
from ct05.people.forms import PersonPickerField, PickerFormMixin, set_up_picker

from .models import PERIODS, AssessmentStatus, Category, PeriodKind, Task, TaskAssessment, Term

OVERDUE = "overdue"
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TaskFilterForm(ScopedFilterForm):
    year = YearField()
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All statuses")),
            (OVERDUE, _("Overdue")),
            *Task._meta.get_field("status").choices,
        ],
    )
    field_order = ["organization", "year", "category", "status"]


class OrganizationsField(forms.ModelMultipleChoiceField):
    """Ids that cannot be an organization's are refused before the database sees them."""

    def _check_values(self, value):
        if any(parse_id(v) is None for v in value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": next(v for v in value if parse_id(v) is None)[:20]},
            )
        return super()._check_values(value)


class AssignForm(forms.Form):
    organizations = OrganizationsField(
        label=_("Assigned to"),
        queryset=Organization.objects.none(),
        help_text=_("Choose one or more units: each gets its own copy, assessed on its own."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    title = forms.CharField(label=_("Title"), max_length=400)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None, choices=[]
    )
    term = forms.ModelChoiceField(
        label=_("or the term"), queryset=Term.objects.all(), required=False
    )
    deadline = forms.DateField(label=_("Deadline"), input_formats=DATE_FORMATS, widget=DateInput())
    description = limited_text(
        Task._meta.get_field("description"), label=_("Description"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organizations"]
        field.queryset = Organization.objects.visible_to(user, Action.VIEW)
        options = organization_options(user)
        if too_many(options):  # a nation's thousands of committees: a search picker
            use_picker(field, data=self.data)
        else:
            field.choices = [(o.pk, "\u00a0\u00a0" * (o.depth - 1) + o.name) for o in options]
        years = range(this_year() + 1, this_year() - 6, -1)
        self.fields["year"].choices = [("", "—"), *((y, str(y)) for y in years)]


class AssessmentForm(forms.Form):
    """On one phone screen: the period, progress, status and a note."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=[])
    period_kind = forms.ChoiceField(
        label=_("Assessed for"), choices=PeriodKind.choices, widget=forms.RadioSelect
    )
    period = forms.TypedChoiceField(
        label=_("Month or quarter"),
        coerce=int,
        choices=[(0, _("The whole year")), *((m, str(m)) for m in PERIODS[PeriodKind.MONTH])],
        help_text=_("Month 1–12, or quarter 1–4; the whole year: 0."),
    )
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=AssessmentStatus.choices, widget=forms.RadioSelect
    )
    note = limited_text(
        TaskAssessment._meta.get_field("note"), label=_("Note"), required=False, rows=3
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in (this_year(), this_year() - 1)]


class TaskForm(PickerFormMixin, forms.Form):
    """A task's own words, deadline and responsible head (a member of the unit, searched by
    name); its unit, committee and year stay (assign a new task to move one)."""

    title = forms.CharField(label=_("Title"), max_length=400)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    deadline = forms.DateField(label=_("Deadline"), input_formats=DATE_FORMATS, widget=DateInput())
    head = PersonPickerField(label=_("Responsible head"), required=False)
    description = limited_text(
        Task._meta.get_field("description"), label=_("Description"), required=False
    )

    def __init__(self, *args, user, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        set_up_picker(self, "head", user=user, organization=task.organization)
        self.fields["head"].widget.organization_id = task.organization_id


class AssessmentCorrectionForm(forms.Form):
    """An assessment set right: its period stays."""

    progress = AssessmentForm.base_fields["progress"]
    status = AssessmentForm.base_fields["status"]
    note = AssessmentForm.base_fields["note"]
