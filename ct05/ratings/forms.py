"""Rating forms. Under a scored scheme (Quy định 366) one points input per criteria group (its
sub-criteria for the kind of subject shown as guidance) and the band conditions' record (tasks
on time, exceeding, done; discipline for a collective); under a levels-only scheme (Quy định
132, 124) the level is chosen."""

from __future__ import annotations

import copy

from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from ct05.core.forms import YearField, limited_text
from ct05.organizations.forms import OrganizationChoiceField, ScopedFilterForm

from . import schemes
from .models import MAX_TASKS, Level, Rating, RatingScheme, SubjectKind


class RatingFilterForm(ScopedFilterForm):
    organization = OrganizationChoiceField(empty_label=None)
    year = YearField()
    field_order = ["organization", "year"]


class RatingForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", "—"), *Level.choices])
    note = limited_text(Rating._meta.get_field("note"), label=_("Note"), required=False, rows=2)

    def __init__(
        self,
        *args,
        scheme: RatingScheme,
        level_required: bool = False,
        subject_kind: str = SubjectKind.MEMBER,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        # The scheme's parts are kept by the process and shared (``schemes``): each form
        # annotates copies of its groups.
        parts = schemes.parts_of(scheme) if scheme.uses_score else None
        self.groups = [copy.copy(group) for group in parts.groups] if parts else []
        criteria = parts.criteria_for(subject_kind) if self.groups else []
        for group in self.groups:
            # Guidance: the sub-criteria of the group for this kind of subject.
            group.guidance = [c for c in criteria if c.group_id == group.pk]
            self.fields[f"score_{group.code}"] = forms.DecimalField(
                label=_("%(group)s (at most %(max)s points)")
                % {"group": group.name, "max": floatformat(group.max_points, -1)},
                required=False,
                min_value=0,
                max_value=group.max_points,
                decimal_places=1,
                # Typed the Vietnamese way ("9,5") as well as "9.5".
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
        self.bands = [t for t in parts.bands if t.has_conditions()] if self.groups else []
        self.condition_names = []
        if self.bands:
            self._add_condition_fields(collective=subject_kind == SubjectKind.COLLECTIVE)
        if scheme.uses_score:
            self.fields["level"].help_text = _(
                "Leave empty to take the highest level the score and the conditions allow."
            )
        else:
            self.fields["level"].required = level_required
        self.order_fields(
            [f"score_{g.code}" for g in self.groups] + self.condition_names + ["level", "note"]
        )

    def _add_condition_fields(self, collective: bool) -> None:
        labels = {
            "tasks_total": _("Tasks of the period"),
            "tasks_done": _("of which done"),
            "tasks_on_time": _("of which done on time"),
            "tasks_exceeding": _("of which exceeding requirements"),
        }
        for name, label in labels.items():
            self.fields[name] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=MAX_TASKS,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        self.condition_names = list(labels)
        if collective:
            self.fields["disciplined"] = forms.NullBooleanField(
                label=_("A unit or member under it disciplined in the period"), required=False
            )
            self.condition_names.append("disciplined")

    def score_fields(self) -> list:
        return [self[f"score_{g.code}"] for g in self.groups]

    def condition_fields(self) -> list:
        return [self[name] for name in self.condition_names]

    def conditions(self) -> dict | None:
        """The band conditions the form sent (an input left empty: not recorded; one not sent
        at all keeps what was recorded); ``None`` when it sent none."""
        sent = {
            name: self.cleaned_data.get(name)
            for name in self.condition_names
            if self.add_prefix(name) in self.data
        }
        return sent or None

    def scores(self) -> dict | None:
        """``{group code: points}`` of the groups given; ``None`` when none is."""
        given = {
            g.code: str(self.cleaned_data[f"score_{g.code}"])
            for g in self.groups
            if self.cleaned_data.get(f"score_{g.code}") is not None
        }
        return given or None

    def chosen_level(self) -> str | None:
        return self.cleaned_data.get("level") or None


class ReopenForm(forms.Form):
    note = limited_text(Rating._meta.get_field("note"), label=_("Why is it reopened?"), rows=2)
