"""The organization tree and localities.

The current tree is a materialized path (django-treebeard ``MP_Node``): "the whole subtree" is
one indexed prefix filter on SQLite and PostgreSQL alike. History is kept beside it: an
organization's existence (``valid_from``/``valid_to``) and every parent link over time
(:class:`OrganizationLink`), so renames, merges and dissolutions land without rewriting the past.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from ct05.core.models import EffectiveDated, TimeStamped, Versioned, active_on
from ct05.core.scope import ScopedQuerySet
from ct05.core.text import fold


class OrganizationKind(models.TextChoices):
    CENTRAL_COMMITTEE = "central_committee", _("Party Central Committee")
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial Party Committee")
    DISTRICT_COMMITTEE = "district_committee", _("District Party Committee")
    BLOC_COMMITTEE = "bloc_committee", _("Bloc / directly subordinate Party Committee")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots Party Committee")
    GRASSROOTS_CELL = "grassroots_cell", _("Grassroots Party Cell")
    CELL = "cell", _("Subordinate Party Cell")
    FRONT = "front", _("Fatherland Front")
    MASS_ORGANIZATION = "mass_organization", _("Mass organization")
    AGENCY = "agency", _("Agency / unit")


# Party organizations: those rated every year and holding party-cell meetings.
PARTY_KINDS = frozenset(
    {
        OrganizationKind.CENTRAL_COMMITTEE,
        OrganizationKind.PROVINCIAL_COMMITTEE,
        OrganizationKind.DISTRICT_COMMITTEE,
        OrganizationKind.BLOC_COMMITTEE,
        OrganizationKind.GRASSROOTS_COMMITTEE,
        OrganizationKind.GRASSROOTS_CELL,
        OrganizationKind.CELL,
    }
)
CELL_KINDS = frozenset({OrganizationKind.GRASSROOTS_CELL, OrganizationKind.CELL})


class CapEnforcement(models.TextChoices):
    WARN = "warn", _("Warn")
    BLOCK = "block", _("Block")


class LocalityKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune / ward")
    VILLAGE = "village", _("Village / hamlet / residential group")


class FoldsName:
    """Keeps ``search_name`` the folded ``name`` on every save (``update_fields`` naming the
    name saves the folded one too); ``_fold_name`` fills it when a row is built unsaved."""

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)


class Locality(FoldsName, TimeStamped):
    kind = models.CharField(_("kind"), max_length=20, choices=LocalityKind.choices)
    name = models.CharField(_("name"), max_length=200)
    # The name folded, for the village picker (a nation has about 100,000 villages); set like
    # the organization's (``post_init`` and ``save``).
    search_name = models.CharField(max_length=200, editable=False, default="")
    code = models.CharField(_("code"), max_length=20, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    head = models.ForeignKey(
        "people.Person",
        verbose_name=_("head (village head, commune chair)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def picker_label(self) -> str:
        """The name in a picker, with the commune's (villages share names: "Thôn 1")."""
        parent = self.parent if self.parent_id else None
        return f"{self.name} · {parent.name}" if parent else self.name


class OrganizationQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    def active_on(self, day):
        return self.filter(active_on(day))


class OrganizationManager(MP_NodeManager.from_queryset(OrganizationQuerySet)):
    def get_queryset(self):
        return OrganizationQuerySet(self.model).order_by("path")


# An organization that sets one of the inherited settings (``Organization.SETTING_DEFAULTS``)
# itself: a report reads those few through a partial index instead of scanning its subtree.
SETS_A_SETTING = (
    models.Q(min_deeds__isnull=False)
    | models.Q(excellent_cap_pct__isnull=False)
    | ~models.Q(cap_enforcement="")
    | models.Q(regular_meetings_norm__isnull=False)
    | models.Q(thematic_meetings_norm__isnull=False)
)


class Organization(FoldsName, MP_Node, TimeStamped, Versioned):
    """A node of the tree. ``valid_from``/``valid_to`` bound its existence (dissolved: ended)."""

    steplen = 4
    scope_organization_field = ""

    name = models.CharField(_("name"), max_length=255)
    # The name folded (no diacritics, lower case), so a picker or the search finds "Chi bộ
    # Pắc Ngòa" from "pac ngoa" in the database, among a nation's 220,000 organizations. Set
    # from the name whenever an organization is built (``post_init``, so the bulk writers that
    # skip ``save`` fill it too) and saved. No index: matched anywhere in it (LIKE '%…%').
    search_name = models.CharField(max_length=255, editable=False, default="")
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    code = models.CharField(_("code"), max_length=30, blank=True, db_index=True)
    locality = models.ForeignKey(
        Locality,
        verbose_name=_("locality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
    )
    head = models.ForeignKey(
        "people.Person",
        verbose_name=_("head"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_organizations",
    )
    valid_from = models.DateField(_("established"))
    valid_to = models.DateField(_("dissolved"), null=True, blank=True)
    # Settings inherited down the tree: null means "as the parent says".
    min_deeds = models.PositiveSmallIntegerField(
        _("minimum deeds per commitment"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    excellent_cap_pct = models.PositiveSmallIntegerField(
        _("cap on 'excellent' (percent of 'good')"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    cap_enforcement = models.CharField(
        _("cap enforcement"), max_length=10, choices=CapEnforcement.choices, blank=True
    )
    # Merged into (or split into, the first of) this organization when it ended: its records
    # count there when a report is regrouped by today's tree, and it sits under it in ``path``.
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )

    regular_meetings_norm = models.PositiveSmallIntegerField(
        _("required regular meetings a year"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(52)],
    )
    thematic_meetings_norm = models.PositiveSmallIntegerField(
        _("required thematic meetings a year"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(52)],
    )

    objects = OrganizationManager()

    # Defaults when no organization up the tree sets a value.
    SETTING_DEFAULTS = {
        "min_deeds": 3,
        "excellent_cap_pct": 20,
        "cap_enforcement": "warn",
        "regular_meetings_norm": 12,
        "thematic_meetings_norm": 4,
    }

    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="organization_valid_interval",
            )
        ]
        indexes = [
            # The children of an organization (a report's rows): its depth + 1 under its path,
            # read as a range of the index, not by scanning the subtree (26 ms at the nation).
            models.Index(
                fields=["depth", "path"],
                name="organization_depth_path",
                opclasses=["int4_ops", "varchar_pattern_ops"],
            ),
            # The few organizations that set an inherited setting (29 ms at the nation).
            models.Index(
                fields=["path"],
                name="organization_sets_setting",
                condition=SETS_A_SETTING,
                opclasses=["varchar_pattern_ops"],
            ),
            # Those that began or ended within a report's years, read one by one while the
            # others are counted from the report's sums (ct05.reports.scope).
            models.Index(fields=["valid_from"], name="organization_valid_from"),
            models.Index(fields=["valid_to"], name="organization_valid_to"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def picker_label(self) -> str:
        return f"{self.name} · {self.get_kind_display()}"

    @property
    def is_party(self) -> bool:
        return self.kind in PARTY_KINDS

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    def ancestor_paths(self) -> list[str]:
        return ancestor_paths(self.path, self.steplen)

    def setting(self, name: str):
        """The value of an inherited setting: the nearest organization up the tree that sets it."""
        rows = dict(
            Organization.objects.filter(path__in=self.ancestor_paths()).values_list("path", name)
        )
        return resolve_setting(rows, self.path, name, self.steplen)

    def set_above(self, name: str):
        """The value an organization above sets for ``name`` (nearest first), or None."""
        paths = self.ancestor_paths()[:-1]
        rows = dict(Organization.objects.filter(path__in=paths).values_list("path", name))
        for path in reversed(paths):
            if rows.get(path) not in (None, ""):
                return rows[path]
        return None

    def clean(self):
        super().clean()
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date cannot be before the start date.")})


def ancestor_paths(path: str, steplen: int = Organization.steplen) -> list[str]:
    """The paths of the organization at ``path`` and of every organization above it, from the
    top down."""
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def resolve_setting(paths_values: dict[str, object], path: str, name: str, steplen: int = 4):
    """Inherited setting for ``path`` from a preloaded {path: value} map (no query)."""
    for end in range(len(path), 0, -steplen):
        value = paths_values.get(path[:end])
        if value not in (None, ""):
            return value
    return Organization.SETTING_DEFAULTS[name]


def setting_resolver(paths_values: dict[str, object], name: str, steplen: int = 4):
    """``resolve_setting`` for many organizations: a function from a path to the setting in
    force there, remembered per parent (the cells of one committee share it)."""
    if not any(value not in (None, "") for value in paths_values.values()):
        default = Organization.SETTING_DEFAULTS[name]
        return lambda path: default
    memo: dict[str, object] = {}

    def resolve(path: str):
        value = paths_values.get(path)
        if value not in (None, ""):
            return value
        parent = path[:-steplen]
        if parent not in memo:
            memo[parent] = resolve_setting(paths_values, parent, name, steplen)
        return memo[parent]

    return resolve


class OrganizationLink(EffectiveDated):
    """Parent link over time. The tree's current shape is in ``Organization.path``."""

    child = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="parent_links")
    parent = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="child_links", null=True, blank=True
    )

    class Meta:
        verbose_name = _("parent link")
        verbose_name_plural = _("parent links")
        ordering = ["child", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="organization_link_valid_interval",
            ),
            models.CheckConstraint(
                condition=~models.Q(child=models.F("parent")), name="organization_link_not_self"
            ),
        ]


class OrganizationName(models.Model):
    """A name an organization bore until ``valid_to`` (the current one is ``Organization.name``):
    a report of an earlier period names it as it was then."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="former_names"
    )
    name = models.CharField(_("name"), max_length=255)
    valid_to = models.DateField(_("valid to"))

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["organization", "valid_to"]
        indexes = [models.Index(fields=["organization", "valid_to"])]

    def __str__(self) -> str:
        return self.name


# Width of one organization's step in an :class:`OrganizationPath` (its id, zero-padded).
PATH_STEP = 9


def path_step(organization_id: int) -> str:
    return f"{organization_id:0{PATH_STEP}d}"


class OrganizationPath(models.Model):
    """Where an organization stood in the tree over time, derived from the links.

    ``path`` is the ids of its ancestors and itself on the days [valid_from, valid_to] (each
    ``PATH_STEP`` digits), so "the subtree of X as it was on day D" is one prefix filter, as the
    current tree's ``Organization.path`` is for today. Every organization has exactly one path
    on every day: the first stretches back (null ``valid_from``), and the last stretches forward
    (null ``valid_to``) — an organization that ended stays where it last stood, or under its
    successor. Rebuilt from the links by :func:`ct05.organizations.paths.rebuild_paths`; never
    edited by hand.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="paths")
    path = models.CharField(max_length=255, db_index=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organization", "valid_from"]),
            # A report asks whether anything of its subtree moved after its day (a handful of
            # paths begin, or end, after any day but the last reorganization's).
            models.Index(fields=["valid_from"], name="organization_path_begins"),
            models.Index(fields=["valid_to"], name="organization_path_ends"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.path} [{self.valid_from}, {self.valid_to}]"


def path_on(day, prefix: str = "") -> models.Q:
    """:class:`OrganizationPath` rows in force on ``day`` (both ends may be open)."""
    return (
        models.Q(**{f"{prefix}valid_from__isnull": True})
        | models.Q(**{f"{prefix}valid_from__lte": day})
    ) & (
        models.Q(**{f"{prefix}valid_to__isnull": True})
        | models.Q(**{f"{prefix}valid_to__gte": day})
    )


def _fold_name(sender, instance, **kwargs) -> None:
    """An organization or a locality built without its folded name (not read from the
    database, or read with ``only``) gets it from its name, so the bulk writers need not know
    of it."""
    state = instance.__dict__
    if not state.get("search_name") and state.get("name"):
        instance.search_name = fold(instance.name)


models.signals.post_init.connect(_fold_name, sender=Organization)
models.signals.post_init.connect(_fold_name, sender=Locality)
