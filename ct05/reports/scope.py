"""The (scope, period) a report section is computed over, loaded once per report.

Every section groups its rows by organization in a constant number of queries and then sums
them per child of the scope's root here, in Python: the number of queries does not grow with
the tree, and neither does any per-node work in the database.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.functional import cached_property

from ct05.core.models import counting_day
from ct05.organizations.models import CELL_KINDS, PARTY_KINDS, Organization, setting_resolver

OWN = "own"  # bucket of the rows filed with the root itself
INHERITED_SETTINGS = tuple(Organization.SETTING_DEFAULTS)


@dataclass
class OrgRow:
    id: int
    name: str
    kind: str
    path: str
    valid_from: datetime.date
    valid_to: datetime.date | None


@dataclass
class ReportScope:
    """The organizations of the subtree that existed in the year, read in one pass.

    A province holds thousands of organizations, so the scope keeps only what the sections
    need of them: the root's children (the report's rows), the cells (meeting norms), the
    number of party organizations per child, and the few organizations that set an inherited
    setting (a setting in force is resolved from those with ``resolve_setting``, the rule
    ``Organization.setting`` follows for one organization).
    """

    root: Organization
    year: int
    start: datetime.date
    end: datetime.date
    children: list[OrgRow]
    cells: list[tuple]  # (id, path, valid_from, valid_to)
    party_by_bucket: dict[str, int]
    settings_set: dict[str, dict[str, object]]  # {setting: {path: value}} where one is set
    cache: dict = field(default_factory=dict, repr=False)  # figures several sections share

    @classmethod
    def load(cls, root: Organization, year: int) -> ReportScope:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        child_len = len(root.path) + root.steplen
        rows = (
            Organization.objects.filter(path__startswith=root.path, valid_from__lte=end)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
            .order_by()
            .values_list("id", "name", "kind", "path", "valid_from", "valid_to")
        )
        children, cells, party_by_bucket = [], [], defaultdict(int)
        for row in rows:
            kind, path = row[2], row[3]
            if kind in CELL_KINDS:
                cells.append((row[0], path, row[4], row[5]))
            if kind in PARTY_KINDS:
                party_by_bucket[path[:child_len] if len(path) >= child_len else OWN] += 1
            if len(path) == child_len:
                children.append(OrgRow(*row))
        children.sort(key=lambda o: o.path)
        return cls(
            root,
            year,
            start,
            end,
            children,
            cells,
            dict(party_by_bucket),
            _settings_set(root),
        )

    @cached_property
    def child_path_length(self) -> int:
        return len(self.root.path) + self.root.steplen

    def buckets(self) -> list[str]:
        """The root's own rows, then one bucket per child, in the tree's order."""
        return [OWN, *(c.path for c in self.children)]

    @property
    def day(self) -> datetime.date:
        """The day membership is counted on (``counting_day``)."""
        return counting_day(self.year)

    @property
    def begun(self) -> bool:
        return timezone.localdate() >= self.start

    def bucket_expression(self, field: str = "organization__path"):
        """The child-of-root path prefix of a row's organization, computed in the query."""
        return Substr(field, 1, self.child_path_length)

    def bucket_of_path(self, path: str) -> str:
        length = self.child_path_length
        return path[:length] if len(path) >= length else OWN

    def overrides(self, name: str) -> list[tuple[str, object]]:
        """(path, value) of the organizations that set ``name``, deepest first."""
        return sorted(self.settings_set[name].items(), key=lambda item: -len(item[0]))

    def setting_resolver(self, name: str):
        """A function from an organization's path to the setting in force there."""
        return setting_resolver(self.settings_set[name], name, self.root.steplen)

    def in_subtree(self, prefix: str = "organization__") -> Q:
        return Q(**{f"{prefix}path__startswith": self.root.path})


def _settings_set(root: Organization) -> dict[str, dict[str, object]]:
    """{setting: {path: value}} over the root's subtree and ancestors, only where one is set."""
    any_set = Q()
    for name in INHERITED_SETTINGS:
        nullable = Organization._meta.get_field(name).null
        any_set |= Q(**{f"{name}__isnull": False}) if nullable else ~Q(**{name: ""})
    rows = (
        Organization.objects.filter(
            Q(path__startswith=root.path) | Q(path__in=root.ancestor_paths())
        )
        .filter(any_set)
        .order_by()
        .values("path", *INHERITED_SETTINGS)
    )
    result: dict[str, dict[str, object]] = {name: {} for name in INHERITED_SETTINGS}
    for row in rows:
        for name in INHERITED_SETTINGS:
            if row[name] not in (None, ""):
                result[name][row["path"]] = row[name]
    return result


class Totals(defaultdict):
    """{bucket: {figure: int}} with a running sum; ``total()`` adds every bucket."""

    def __init__(self):
        super().__init__(lambda: defaultdict(int))

    def add(self, bucket: str | None, name: str, value: int) -> None:
        if bucket is not None:
            self[bucket][name] += value

    def total(self, names) -> dict:
        return {n: sum(b.get(n, 0) for b in self.values()) for n in names}
