"""Rating forms. Under a scored scheme (Quy định 366) one points input per criteria group; under
a levels-only scheme (Quy định 124) the level is chosen."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from ct05.core.forms import YearField, limited_text
from ct05.organizations.forms import OrganizationChoiceField, ScopedFilterForm

from .models import Level, Rating, RatingScheme


class RatingFilterForm(ScopedFilterForm):
    organization = OrganizationChoiceField(empty_label=None)
    year = YearField()
    field_order = ["organization", "year"]


class RatingForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", "—"), *Level.choices])
    note = limited_text(Rating._meta.get_field("note"), label=_("Note"), required=False, rows=2)

    def __init__(self, *args, scheme: RatingScheme, level_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.groups = list(scheme.groups.all()) if scheme.uses_score else []
        for group in self.groups:
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
        if scheme.uses_score:
            self.fields["level"].help_text = _(
                "Leave empty to take the highest level the score allows."
            )
        else:
            self.fields["level"].required = level_required
        self.order_fields([f"score_{g.code}" for g in self.groups] + ["level", "note"])

    def score_fields(self) -> list:
        return [self[f"score_{g.code}"] for g in self.groups]

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
