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

from ct05.core.models import active_between
from ct05.organizations.models import CELL_KINDS, PARTY_KINDS, Organization

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
    root: Organization
    year: int
    start: datetime.date
    end: datetime.date
    organizations: dict[int, OrgRow]
    children: list[OrgRow]
    settings_by_path: dict[str, dict] = field(default_factory=dict)
    _setting_maps: dict[str, dict] = field(default_factory=dict, repr=False)
    cache: dict = field(default_factory=dict, repr=False)  # figures several sections share

    @classmethod
    def load(cls, root: Organization, year: int) -> ReportScope:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        rows = Organization.objects.filter(
            Q(path__startswith=root.path) | Q(path__in=root.ancestor_paths())
        ).values("id", "name", "kind", "path", "valid_from", "valid_to", *INHERITED_SETTINGS)
        organizations, settings_by_path = {}, {}
        for row in rows:
            settings_by_path[row["path"]] = {name: row[name] for name in INHERITED_SETTINGS}
            if row["path"].startswith(root.path):
                organizations[row["id"]] = OrgRow(
                    row["id"],
                    row["name"],
                    row["kind"],
                    row["path"],
                    row["valid_from"],
                    row["valid_to"],
                )
        child_len = len(root.path) + root.steplen
        children = sorted(
            (
                o
                for o in organizations.values()
                if len(o.path) == child_len and _overlaps(o, start, end)
            ),
            key=lambda o: o.path,
        )
        return cls(root, year, start, end, organizations, children, settings_by_path)

    @cached_property
    def child_path_length(self) -> int:
        return len(self.root.path) + self.root.steplen

    def buckets(self) -> list[str]:
        """The root's own rows, then one bucket per child, in the tree's order."""
        return [OWN, *(c.path for c in self.children)]

    @property
    def day(self) -> datetime.date:
        """The day membership is counted on: the period's last day, or today while it runs."""
        today = timezone.localdate()
        return today if self.start <= today < self.end else self.end

    def bucket_expression(self, field: str = "organization__path"):
        """The child-of-root path prefix of a row's organization, computed in the query."""
        return Substr(field, 1, self.child_path_length)

    def bucket_of_path(self, path: str) -> str:
        length = self.child_path_length
        return path[:length] if len(path) >= length else OWN

    def bucket(self, organization_id: int) -> str | None:
        org = self.organizations.get(organization_id)
        return None if org is None else self.bucket_of_path(org.path)

    def effective(self, name: str) -> dict[int, object]:
        """{organization id: the setting in force} for the whole subtree, computed once."""
        effective = self._setting_maps.get(name)
        if effective is None:
            effective = self._setting_maps[name] = self._effective(name)
        return effective

    def _effective(self, name: str) -> dict[int, object]:
        """{organization id: value in force}, in one pass down the tree (parents come first)."""
        by_path: dict[str, object] = {}
        steplen = self.root.steplen
        for path in sorted(self.settings_by_path):
            own = self.settings_by_path[path][name]
            parent = by_path.get(path[:-steplen]) if len(path) > steplen else None
            if own not in (None, ""):
                by_path[path] = own
            elif parent is not None:
                by_path[path] = parent
            else:
                by_path[path] = Organization.SETTING_DEFAULTS[name]
        return {org.id: by_path[org.path] for org in self.organizations.values()}

    def in_subtree(self, prefix: str = "organization__") -> Q:
        return Q(**{f"{prefix}path__startswith": self.root.path})

    def active(self, prefix: str = "") -> Q:
        return active_between(self.start, self.end, prefix)

    def cells(self) -> list[OrgRow]:
        return [
            o
            for o in self.organizations.values()
            if o.kind in CELL_KINDS and _overlaps(o, self.start, self.end)
        ]

    def party_organizations(self) -> list[OrgRow]:
        return [
            o
            for o in self.organizations.values()
            if o.kind in PARTY_KINDS and _overlaps(o, self.start, self.end)
        ]


def _overlaps(org: OrgRow, start: datetime.date, end: datetime.date) -> bool:
    return org.valid_from <= end and (org.valid_to is None or org.valid_to >= start)


class Totals(defaultdict):
    """{bucket: {figure: int}} with a running sum; ``total()`` adds every bucket."""

    def __init__(self):
        super().__init__(lambda: defaultdict(int))

    def add(self, bucket: str | None, name: str, value: int) -> None:
        if bucket is not None:
            self[bucket][name] += value

    def total(self, names) -> dict:
        return {n: sum(b.get(n, 0) for b in self.values()) for n in names}
