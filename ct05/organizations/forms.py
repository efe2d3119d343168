"""The organizations' forms, and the organization pickers every app's pages share: limited by
the scope rule, and short enough for a province's tree."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ct05.core.models import active_between, counting_day
from ct05.core.params import parse_id
from ct05.core.roles import Action
from ct05.core.scope import user_scopes
from ct05.core.years import this_year, year_choices

from .models import CELL_KINDS, PATH_STEP, Organization, OrganizationPath, path_on


class OrganizationSettingsForm(forms.ModelForm):
    """The settings inherited down the tree; empty means "as the organization above says"."""

    class Meta:
        model = Organization
        fields = [
            "min_deeds",
            "excellent_cap_pct",
            "cap_enforcement",
            "regular_meetings_norm",
            "thematic_meetings_norm",
        ]


# Above this many organizations a picker lists the committees (and the user's own roots) only;
# a cell is then reached from its committee's page, not from a select of thousands.
PICKER_LIMIT = 300


def organization_options(
    user,
    *,
    year: int | None = None,
    selected: Organization | None = None,
    action: str = Action.VIEW,
):
    """The organizations a picker offers: visible ones existing in ``year`` (default: today).

    For a year, each sits where it stood at the year's end (``tree_path``: a dissolved
    organization under its old parent), and the picker marks the ones that ended since."""
    visible = Organization.objects.visible_to(user, action)
    if year is None:
        today = timezone.localdate()
        visible = visible.filter(active_between(today, today))
    else:
        visible = visible.filter(
            active_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        )
    if visible.count() > PICKER_LIMIT:
        roots = [s.organization_id for s in user_scopes(user)]
        keep = ~Q(kind__in=CELL_KINDS) | Q(pk__in=roots)
        if selected is not None:
            keep |= Q(pk=selected.pk)
        visible = visible.filter(keep)
    visible = visible.select_related("successor").only(
        "pk", "name", "depth", "path", "valid_to", "successor__name"
    )
    if year is None:
        return visible.order_by("path")
    day = counting_day(year)
    as_of = OrganizationPath.objects.filter(path_on(day), organization=OuterRef("pk"))
    return visible.annotate(tree_path=Subquery(as_of.values("path")[:1])).order_by(
        F("tree_path").asc(nulls_last=True), "path"
    )


def option_label(organization: Organization) -> str:
    """An organization's name in a picker, with "dissolved from …" or "merged into …" when it
    has ended."""
    name = organization.name
    if organization.valid_to is None:
        return name
    if organization.successor_id is not None:
        return gettext("%(name)s (merged into %(successor)s)") % {
            "name": name,
            "successor": organization.successor.name,
        }
    return gettext("%(name)s (dissolved from %(date)s)") % {
        "name": name,
        "date": date_format(
            organization.valid_to + datetime.timedelta(days=1), "SHORT_DATE_FORMAT"
        ),
    }


def option_depth(organization: Organization) -> int:
    tree_path = getattr(organization, "tree_path", None)
    return len(tree_path) // PATH_STEP if tree_path else organization.depth


class OrganizationChoiceField(forms.ModelChoiceField):
    """A select of organizations indented by depth.

    It accepts any organization the user may see (``queryset``); ``set_options`` limits what the
    select lists, so a long tree does not make a page of thousands of options.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Organization.objects.none())
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Organization"))
        kwargs.setdefault("empty_label", _("All my organizations"))
        super().__init__(*args, **kwargs)

    # The organization the form already read for the same choice (``ScopedFilterForm``): its
    # validation takes it instead of reading it again.
    known: Organization | None = None

    def to_python(self, value):
        known = self.known
        if known is not None and value not in self.empty_values and str(value) == str(known.pk):
            return known
        return super().to_python(value)

    def set_options(self, options) -> None:
        rows = list(options)
        base = min((option_depth(o) for o in rows), default=1)
        choices = [("", self.empty_label)] if self.empty_label is not None else []
        choices += [
            (o.pk, "\u00a0\u00a0" * (option_depth(o) - base) + option_label(o)) for o in rows
        ]
        self.widget.choices = choices


class ScopedFilterForm(forms.Form):
    """A GET form with an organization picker over the user's visible organizations."""

    organization = OrganizationChoiceField()
    # Whether the picker lists the organizations of the chosen year (reports of past years) or
    # those existing today.
    options_by_year = False

    def __init__(self, *args, user, action: str = Action.VIEW, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = Organization.objects.visible_to(user, action)
        selected, year = None, None
        if self.is_bound:
            pk = parse_id(self.data.get(self.add_prefix("organization")))
            if pk is not None:
                selected = field.known = field.queryset.filter(pk=pk).first()
            raw_year = parse_id(self.data.get(self.add_prefix("year")))
            if self.options_by_year and raw_year in dict(year_choices()):
                year = raw_year
        if self.options_by_year and year is None:
            year = this_year()
        field.set_options(organization_options(user, year=year, selected=selected, action=action))

    def filter_list(self, queryset, *, year_lookup: str, choices: tuple[str, ...] = ()):
        """A list page's rows: of the chosen year (default this one), of the chosen
        organization's subtree, and with the chosen values of ``choices`` (form fields named
        like the model's); none while the form is invalid. Returns (rows, chosen values)."""
        chosen = {"year": this_year(), "organization": None, **dict.fromkeys(choices, "")}
        if self.is_bound:
            if not self.is_valid():
                return queryset.none(), chosen
            chosen["organization"] = self.cleaned_data["organization"]
            chosen["year"] = self.cleaned_data["year"] or chosen["year"]
            chosen.update({name: self.cleaned_data[name] for name in choices})
        queryset = queryset.filter(**{year_lookup: chosen["year"]})
        if chosen["organization"] is not None:
            queryset = queryset.filter(organization__path__startswith=chosen["organization"].path)
        for name in choices:
            if chosen[name]:
                queryset = queryset.filter(**{name: chosen[name]})
        return queryset, chosen
