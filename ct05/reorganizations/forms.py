"""The reorganization pages' forms: one for rename, move, merge and dissolve, and one for a
split, which says who goes where."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ct05.core.params import parse_id
from ct05.core.roles import Action
from ct05.organizations.forms import organization_options, pickable, too_many, use_picker
from ct05.organizations.models import Organization, OrganizationKind

from .models import ReorganizationKind
from .services import NewOrganization, SplitPart

PAGE_KINDS = [
    (k.value, k.label)
    for k in (
        ReorganizationKind.RENAME,
        ReorganizationKind.MOVE,
        ReorganizationKind.MERGE,
        ReorganizationKind.DISSOLVE,
    )
]


class _Many(forms.ModelMultipleChoiceField):
    """Refuses what is not an id before the database is asked (a 2**63 would overflow it)."""

    def _check_values(self, value):
        for pk in value:
            if parse_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                )
        return super()._check_values(value)


class _Choice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "\u00a0\u00a0" * max(obj.depth - 1, 0) + obj.name


class ReorganizeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of change"), choices=PAGE_KINDS)
    effective = forms.DateField(
        label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    name = forms.CharField(label=_("New name (rename)"), max_length=255, required=False)
    others = _Many(
        label=_("Merged with (merge)"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("The other organizations merged with this one."),
    )
    target = _Choice(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_(
            "Move: the new organization above. Merge: the organization they merge into (or "
            "name a new one below). Dissolve: who takes over its members and organizations."
        ),
    )
    new_name = forms.CharField(
        label=_("Name of a new organization (merge)"), max_length=255, required=False
    )
    new_kind = forms.ChoiceField(
        label=_("Kind of the new organization"),
        choices=[("", "—"), *OrganizationKind.choices],
        required=False,
    )
    new_parent = _Choice(
        label=_("The new organization sits under"),
        queryset=Organization.objects.none(),
        required=False,
    )

    def __init__(self, *args, user, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        options = organization_options(user, action=Action.CHANGE)
        many = too_many(options)
        changeable = pickable(Organization.objects.visible_to(user, Action.CHANGE))
        for name in ("target", "new_parent"):
            self.fields[name].queryset = changeable if many else options
            if many:  # a nation's thousands of committees: a search box, not a select
                use_picker(self.fields[name], action=Action.CHANGE, data=self.data)
        parent_path = organization.path[: -organization.steplen]
        self.fields["others"].queryset = (
            options.filter(path__startswith=parent_path, depth=organization.depth).exclude(
                pk=organization.pk
            )
            if parent_path
            else Organization.objects.none()
        )


MIN_PARTS, MAX_PARTS = 2, 8


def parts_from(value, default: int = MIN_PARTS) -> int:
    """The number of organizations a split page offers (``?parts=``), within bounds."""
    number = parse_id(value)
    if number is None:
        return default
    return min(max(number, MIN_PARTS), MAX_PARTS)


class SplitForm(forms.Form):
    """Split one organization into ``parts``: each an existing organization or a new one, and
    for every organization under it and every own member, the one it goes to.

    The lists are today's; the service checks them again on the effective day, with the same
    messages as the API (someone left out, sent twice, not there)."""

    effective = forms.DateField(
        label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, organization: Organization, parts: int, children, people,
                 **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.parts = parts
        options = organization_options(user, action=Action.CHANGE).exclude(
            path__startswith=organization.path
        )
        many = too_many(options)
        if many:  # a nation's thousands of committees: search pickers, not selects
            options = pickable(Organization.objects.visible_to(user, Action.CHANGE)).exclude(
                path__startswith=organization.path
            )
        parent = Organization.objects.get_parent(organization)
        self.part_names = []
        for number in range(1, parts + 1):
            names = [f"target-{number}", f"name-{number}", f"kind-{number}", f"parent-{number}"]
            self.fields[names[0]] = _Choice(
                label=_("An existing organization"),
                queryset=options,
                required=False,
                empty_label=_("— a new organization —"),
            )
            if many:
                use_picker(self.fields[names[0]], action=Action.CHANGE, data=self.data)
            self.fields[names[1]] = forms.CharField(
                label=_("or the name of a new one"), max_length=255, required=False
            )
            self.fields[names[2]] = forms.ChoiceField(
                label=_("Kind of the new organization"),
                choices=OrganizationKind.choices,
                initial=organization.kind,
            )
            self.fields[names[3]] = _Choice(
                label=_("The new organization sits under"),
                queryset=options,
                required=False,
                initial=parent.pk if parent is not None else None,
            )
            if many:
                use_picker(self.fields[names[3]], action=Action.CHANGE, data=self.data)
            self.part_names.append(names)
        # Not required: one left out is the service's refusal, named as the API names it.
        choices = [("", "—")] + [
            (str(n), _("Organization %(number)s") % {"number": n}) for n in range(1, parts + 1)
        ]
        self.children, self.people = list(children), list(people)
        for child in self.children:
            self.fields[f"to-organization-{child.pk}"] = forms.TypedChoiceField(
                label=child.name, choices=choices, coerce=int, required=False, empty_value=None
            )
        for person in self.people:
            self.fields[f"to-person-{person.pk}"] = forms.TypedChoiceField(
                label=person.full_name,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
            )

    def part_groups(self):
        """[(number, [bound fields])] for the template: one group per organization."""
        return [
            (number, [self[name] for name in names])
            for number, names in enumerate(self.part_names, start=1)
        ]

    def placement_fields(self):
        return [self[name] for name in self.fields if name.startswith("to-")]

    def clean(self):
        data = super().clean()
        for target, name, _kind, parent in self.part_names:
            if data.get(target) is None and not (data.get(name) or "").strip():
                self.add_error(name, _("Choose an existing organization or name a new one."))
            elif data.get(target) is None and data.get(parent) is None:
                self.add_error(parent, _("Choose the organization the new one sits under."))
        return data

    def split_parts(self) -> list:
        """The service's parts from the cleaned data."""
        data = self.cleaned_data
        parts = []
        for target, name, kind, parent in self.part_names:
            chosen = data[target]
            if chosen is None:
                chosen = NewOrganization(name=data[name], kind=data[kind], parent=data[parent])
            parts.append(SplitPart(target=chosen))
        for child in self.children:
            number = data[f"to-organization-{child.pk}"]
            if number is not None:
                parts[number - 1].organizations.append(child)
        for person in self.people:
            number = data[f"to-person-{person.pk}"]
            if number is not None:
                parts[number - 1].people.append(person)
        return parts
