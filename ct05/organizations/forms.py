"""The organizations' forms, and the organization pickers every app's pages share: limited by
the scope rule, and short enough for a province's tree."""

from __future__ import annotations

import datetime
import json

from django import forms
from django.db.models import F, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ct05.core.models import active_between, counting_day
from ct05.core.params import parse_id
from ct05.core.roles import Action
from ct05.core.scope import user_scopes
from ct05.core.text import fold
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
    if too_many(visible):
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


PICK_LIMIT = 20  # organizations a search picker offers at once: type more of the name
MAX_QUERY = 100


def pickable(visible, *, kinds=()):
    """The organizations a search picker offers out of ``visible`` (the user's for the
    field's action): those existing today, of ``kinds`` when given."""
    today = timezone.localdate()
    options = visible.filter(active_between(today, today))
    if kinds:
        options = options.filter(kind__in=list(kinds))
    return options.only("pk", "name", "depth", "path", "kind", "valid_to")


def find_organizations(options, query: str, order=("path",)):
    """The organizations (or localities) of ``options`` whose folded name holds every word of
    ``query`` (diacritics ignored), in the tree's order (``order``)."""
    words = fold(query.replace("\x00", "")[:MAX_QUERY]).split()
    if not words:
        return options.none()
    for word in words:
        options = options.filter(search_name__contains=word)
    return options.order_by(*order)


class OrganizationPicker(forms.Widget):
    """A search box and the organizations found, as radio buttons named like the field: what
    an organization field becomes when the user sees more organizations than a select can hold
    (a nation: 34 provinces, thousands of committees, 220,000 cells).

    With JavaScript, htmx asks ``organizations/pick/`` for the matches of what is typed (the
    user's scope and the field's action and kinds only, twenty at a time); without it, the
    form's "Find" button sends the form back with them. The picker's box is
    ``id_<name>``, so a page that listens to the field's changes or sends its value along
    (``hx-include``) keeps working."""

    url_name = "organization-pick"
    order = ("path",)

    def __init__(self, attrs=None, *, multiple: bool = False):
        super().__init__(attrs)
        self.options = Organization.objects.none()
        self.params: dict[str, str] = {}
        self.empty_label: str | None = None
        self.multiple = multiple  # check boxes: several organizations kept as they are found

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def id_for_label(self, id_):
        return f"{id_}_q" if id_ else id_  # the label names the search box

    def render(self, name, value, attrs=None, renderer=None):
        values = value if isinstance(value, (list, tuple)) else [value]
        ids = [pk for pk in map(parse_id, values) if pk is not None]
        chosen = list(self.options.filter(pk__in=ids).order_by(*self.order)) if ids else []
        data = getattr(self, "data", None) or {}
        query = str(data.get(f"{name}_q") or "")[:MAX_QUERY]
        found = []
        if query.strip():
            found = list(find_organizations(self.options, query, self.order)[:PICK_LIMIT])
            found = [o for o in found if o.pk not in ids]
        return render_to_string(
            "organizations/_picker.html",
            {
                "name": name,
                "id": (attrs or {}).get("id") or f"id_{name}",
                "query": query,
                "chosen": chosen,
                "options": found,
                "input_type": "checkbox" if self.multiple else "radio",
                "village": self.url_name == "village-pick",
                "pick_url": reverse(self.url_name),
                "params_json": json.dumps(
                    {"name": name, **self.params, **({"multiple": "1"} if self.multiple else {})}
                ),
                "empty_label": self.empty_label,
                "limit": PICK_LIMIT,
            },
        )


class VillagePicker(OrganizationPicker):
    """The same search box for a village, past ``PICKER_LIMIT`` villages (a nation has about
    100,000): matches from ``organizations/villages/pick/``, each with its commune."""

    url_name = "village-pick"
    order = ("name", "pk")


def use_village_picker(field, *, data=None) -> None:
    """Make ``field`` (a choice of one village, its queryset the user's villages) a search
    picker."""
    picker = VillagePicker()
    picker.options = field.queryset.select_related("parent")
    picker.empty_label = getattr(field, "empty_label", None)
    picker.data = data
    picker.is_required = field.required
    field.widget = picker


def too_many(options) -> bool:
    """Whether ``options`` (a queryset) hold more organizations than a select should list."""
    if options.query.is_sliced:  # already cut by the caller: it cannot be reordered
        return len(options[: PICKER_LIMIT + 1]) > PICKER_LIMIT
    # The one row past the limit, if any, by its id: not the first 301 organizations built.
    return bool(options.order_by().values_list("pk", flat=True)[PICKER_LIMIT : PICKER_LIMIT + 1])


def use_picker(field, *, action: str = Action.VIEW, kinds=(), data=None) -> None:
    """Make ``field`` (a choice of one organization) a search picker over its queryset's
    organizations of today (of ``kinds`` when given); ``action`` and ``kinds`` are what the
    picker's htmx requests ask ``organizations/pick/`` for. ``data``: the form's data, for
    the name typed without JavaScript."""
    picker = OrganizationPicker(multiple=isinstance(field, forms.ModelMultipleChoiceField))
    picker.options = pickable(field.queryset, kinds=kinds)
    picker.params = {"action": str(action)}
    if kinds:
        picker.params["kinds"] = ",".join(kinds)
    picker.empty_label = getattr(field, "empty_label", None)
    picker.data = data
    picker.is_required = field.required
    field.widget = picker


class KnownChoiceField(forms.ModelChoiceField):
    """A choice of one organization that takes ``known``, the one the form or view already read
    for the same choice (``ScopedFilterForm``, recording a meeting), instead of reading it again
    to validate it."""

    known: Organization | None = None

    def to_python(self, value):
        known = self.known
        if known is not None and value not in self.empty_values and str(value) == str(known.pk):
            return known
        return super().to_python(value)


class OrganizationChoiceField(KnownChoiceField):
    """A select of organizations indented by depth, or, past ``PICKER_LIMIT`` options, a
    search picker (:class:`OrganizationPicker`).

    It accepts any organization the user may see (``queryset``); ``set_options`` limits what the
    select lists, so a long tree does not make a page of thousands of options.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Organization.objects.none())
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Organization"))
        kwargs.setdefault("empty_label", _("All my organizations"))
        super().__init__(*args, **kwargs)

    def set_options(self, options, *, action: str = Action.VIEW, kinds=(), data=None) -> None:
        """List ``options`` in the select; past ``PICKER_LIMIT`` of them, make the field a
        search picker over the user's organizations for ``action`` (of ``kinds`` when given)
        instead. ``data``: the form's data, for the picker's typed name without JavaScript."""
        if too_many(options):
            use_picker(self, action=action, kinds=kinds, data=data)
            return
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

    def __init__(self, *args, user, action: str = Action.VIEW, options: bool = True, **kwargs):
        """``options=False``: the form only reads the query (a download), so the picker's
        organizations are not looked up."""
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
        if not options:
            return
        if self.options_by_year and year is None:
            year = this_year()
        field.set_options(
            organization_options(user, year=year, selected=selected, action=action),
            action=action,
            data=self.data if self.is_bound else None,
        )

    def filter_list(
        self,
        queryset,
        *,
        year_lookup: str,
        choices: tuple[str, ...] = (),
        organization_fields: tuple[str, ...] = ("organization",),
    ):
        """A list page's rows: of the chosen year (default this one), of the chosen
        organization's subtree (through any of ``organization_fields``), and with the chosen
        values of ``choices`` (form fields named like the model's); none while the form is
        invalid. Returns (rows, chosen values)."""
        chosen = {"year": this_year(), "organization": None, **dict.fromkeys(choices, "")}
        if self.is_bound:
            if not self.is_valid():
                return queryset.none(), chosen
            chosen["organization"] = self.cleaned_data["organization"]
            chosen["year"] = self.cleaned_data["year"] or chosen["year"]
            chosen.update({name: self.cleaned_data[name] for name in choices})
        queryset = queryset.filter(**{year_lookup: chosen["year"]})
        if chosen["organization"] is not None:
            path = chosen["organization"].path
            in_subtree = Q()
            for name in organization_fields:
                in_subtree |= Q(**{f"{name}__path__startswith": path})
            queryset = queryset.filter(in_subtree)
        for name in choices:
            if chosen[name]:
                queryset = queryset.filter(**{name: chosen[name]})
        return queryset, chosen
