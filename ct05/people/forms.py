from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ct05.core.params import parse_id
from ct05.organizations.forms import ScopedFilterForm

from .models import Membership, Person


class PersonFilterForm(ScopedFilterForm):
    q = forms.CharField(
        label=_("Search by name"),
        required=False,
        max_length=150,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. giang a vu"), "autocomplete": "off"}
        ),
    )
    field_order = ["q", "organization"]


# -- the person picker --------------------------------------------------------------------------

PICK_LIMIT = 20  # people offered at once: type more of the name to narrow


def choosable(user, organization=None):
    """The people a picker may name: those the user may see, and when ``organization`` is given,
    members (now or once) of its subtree."""
    people = Person.objects.visible_to(user)
    if organization is not None:
        people = people.filter(
            pk__in=Membership.objects.filter(
                organization__path__startswith=organization.path
            ).values("person_id")
        )
    return people


def find_people(user, query: str, organization=None):
    """The choosable people whose name holds ``query`` (diacritics ignored), in the Vietnamese
    order."""
    query = query.replace("\x00", "")[:MAX_QUERY]
    return choosable(user, organization).search(query).vietnamese_order()


MAX_QUERY = 100


class PersonPicker(forms.Widget):
    """A search box and the people found, as radio buttons named like the field.

    With JavaScript, htmx asks ``people/pick/`` for the people matching what is typed (the
    user's scope only, diacritics ignored), so a register of thousands of people never loads
    them all; without it, the form's "Find" button sends the form back with them. The
    organization the people must belong to is the form's ``organization`` select, or a fixed
    one (a record's)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.queryset = Person.objects.none()
        self.candidates: list = []
        self.query = ""
        self.organization_input = "#id_organization"
        self.organization_id: int | None = None

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def render(self, name, value, attrs=None, renderer=None):
        chosen = None
        pk = parse_id(value)
        if pk is not None:
            chosen = self.queryset.filter(pk=pk).first()
        options = [p for p in self.candidates if chosen is None or p.pk != chosen.pk]
        pick_url = reverse("person-pick")
        if self.organization_id is not None:
            pick_url += f"?organization={self.organization_id}"
        return render_to_string(
            "people/_picker.html",
            {
                "name": name,
                "id": (attrs or {}).get("id") or f"id_{name}",
                "query": self.query,
                "chosen": chosen,
                "options": options,
                "pick_url": pick_url,
                "include": "" if self.organization_id is not None else self.organization_input,
                "limit": PICK_LIMIT,
            },
        )


class PersonPickerField(forms.ModelChoiceField):
    widget = PersonPicker

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Person.objects.none())
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        return obj.full_name

    def to_python(self, value):
        if value not in self.empty_values and parse_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


def set_up_picker(form, name: str, *, user, organization=None) -> None:
    """Point ``form``'s picker ``name`` at the people the user may choose (members of
    ``organization``'s subtree when given) and, on a form sent back with a name typed, at the
    people found (the no-JavaScript path: "Find" does not save)."""
    field = form.fields[name]
    people = choosable(user, organization)
    field.queryset = people
    widget = field.widget
    widget.queryset = people
    if form.is_bound:
        widget.query = str(form.data.get(f"{name}_q") or "")[:MAX_QUERY]
        if widget.query.strip():
            widget.candidates = list(find_people(user, widget.query, organization)[:PICK_LIMIT])
        if form.data.get(f"{name}_find"):
            form.picker_searching = name


class PickerFormMixin:
    """A form with a person picker: pressing its "Find" shows the people found, and saves
    nothing."""

    picker_searching = ""

    def clean(self):
        cleaned = super().clean()
        if self.picker_searching:
            self.add_error(self.picker_searching, _("Choose the person among those found."))
        return cleaned
