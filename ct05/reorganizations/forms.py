"""The reorganization page's form: one form for rename, move, merge and dissolve (a split,
with its list of who goes where, is made through the API or the workbook)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ct05.core.params import parse_id
from ct05.core.roles import Action
from ct05.organizations.forms import organization_options
from ct05.organizations.models import Organization, OrganizationKind

from .models import ReorganizationKind

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
        for name in ("target", "new_parent"):
            self.fields[name].queryset = options
        parent_path = organization.path[: -organization.steplen]
        self.fields["others"].queryset = (
            options.filter(path__startswith=parent_path, depth=organization.depth).exclude(
                pk=organization.pk
            )
            if parent_path
            else Organization.objects.none()
        )
