"""The (scope, period) a report section is computed over, loaded once per report.

Every section groups its rows by organization in a constant number of queries and then sums
them per child of the scope's root here, in Python: the number of queries does not grow with
the tree, and neither does any per-node work in the database.

Which tree: a report follows the tree as it stood on its day (``tree=AS_WAS``, the default):
the subtree and the rows (the root's children) are those of that day, from the paths over time
(``OrganizationPath``), named as they were then. When nothing in the subtree moved after the
day (the usual case: this year's report), today's tree is the same and its paths serve (the
fast path). ``tree=TODAY`` regroups the same records by today's tree: a merged organization's
records count with its successor.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection, models
from django.db.models import (
    Case,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least, Length, Substr
from django.utils import timezone
from django.utils.functional import cached_property

from ct05.organizations.models import (
    CELL_KINDS,
    PARTY_KINDS,
    PATH_STEP,
    SETS_A_SETTING,
    Organization,
    OrganizationName,
    OrganizationPath,
    path_on,
    setting_resolver,
)

from .models import RUNNING, SUBTREE_SUMS, MeetingTally, PartyOrganizationTally
from .periods import Period

OWN = "own"  # bucket of the rows filed with the root itself
NORMS = ("regular_meetings_norm", "thematic_meetings_norm")  # a cell's meetings a year
# The columns ``party_organizations`` groups by.
GROUPED = (
    "bucket", "cell", "began_in", "ended_in", "regular_norm", "thematic_norm", "regular",
    "thematic",
)  # fmt: skip
AS_WAS, TODAY = "as_was", "today"  # which tree a report follows
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
    """The subtree and period a report is computed over: its rows (the root's children), read
    once, and queries over its organizations grouped per row.

    A province holds thousands of organizations and the nation hundreds of thousands, so none
    of them is read one by one: the scope reads the root's children (the report's rows) and the
    few organizations that set an inherited setting; the party organizations per child and the
    cells' meeting norms are grouped in the database (``party_by_bucket``,
    ``organizations_in_period``).
    """

    root: Organization
    period: Period
    children: list[OrgRow]
    settings_set: dict[str, dict[str, object]]  # {setting: {path: value}} where one is set
    cache: dict = field(default_factory=dict, repr=False)  # figures several sections share
    tree: str = AS_WAS
    # The root's path on the report's day among the paths over time, when the subtree changed
    # after that day; None when today's tree serves.
    past_path: str | None = None
    root_name: str = ""
    # {id: path} of the organizations whose sums over subtrees a report reads on today's tree:
    # the root, every child of it (those that did not exist in the period too: their rows must
    # not fall to the root's own) and those below that set an inherited setting.
    read_paths: dict[int, str] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, root: Organization, period: Period | int, tree: str = AS_WAS) -> ReportScope:
        if isinstance(period, int):
            period = Period.of_year(period)
        day = period.day
        past_path = _past_path(root, day) if tree == AS_WAS else None
        # The root's children, and the root itself for the name it bore on the day.
        if past_path is None:
            # Every child, read once: the rows are those that existed in the period (today's
            # too on today's tree), the sums are read for all of them.
            sql = _children_sql(connection.vendor, named=tree == AS_WAS)
            params = [root.depth + 1, f"{root.path}%", root.pk]
            with connection.cursor() as cursor:
                cursor.execute(sql, [day, *params] if tree == AS_WAS else params)
                found = cursor.fetchall()
        else:
            found = (
                OrganizationPath.objects.filter(path_on(day), path__startswith=past_path)
                .alias(length=Length("path"))
                .filter(
                    (Q(length=len(past_path) + PATH_STEP) & _existed(period, "organization__"))
                    | Q(organization=root)
                )
                .annotate(name_then=_name_on(day, "organization_id"))
                .order_by()
                .values_list(
                    "organization_id",
                    "organization__name",
                    "organization__kind",
                    "path",
                    "organization__valid_from",
                    "organization__valid_to",
                    "name_then",
                )
            )
        children, root_name, read_paths = [], root.name, {}
        today = timezone.localdate()
        for row in found:
            name = row[6] if len(row) > 6 and row[6] else row[1]
            valid_from, valid_to = _date(row[4]), _date(row[5])
            if past_path is None:
                read_paths[row[0]] = row[3]
            if row[0] == root.pk:
                root_name = name
            elif past_path is not None or _in_period(valid_from, valid_to, period, tree, today):
                children.append(OrgRow(row[0], name, row[2], row[3], valid_from, valid_to))
        children.sort(key=lambda o: o.path)
        settings_set, setting_paths = _settings_set(root)
        if past_path is None:
            read_paths.update(
                (pk, path)
                for pk, path in setting_paths.items()
                if path.startswith(root.path) and len(path) > len(root.path) + root.steplen
            )
        return cls(
            root,
            period,
            children,
            settings_set,
            tree=tree,
            past_path=past_path,
            root_name=root_name,
            read_paths=read_paths,
        )

    def organizations_in_period(self, kinds) -> QuerySet:
        """The organizations of ``kinds`` in the subtree that existed during the period, one
        row each, annotated with ``org_id``, ``bucket`` (the child-of-root prefix of their path
        in the report's tree), ``current_path`` (today's, where the settings in force are
        found), ``began`` and ``ended``; to be grouped by the caller, never read one by one."""
        if self.past_path is None:
            rows, own = (
                Organization.objects.filter(
                    _existed(self.period), path__startswith=self.root.path, kind__in=kinds
                ),
                "",
            )
        else:
            rows, own = (
                OrganizationPath.objects.filter(
                    path_on(self.day), path__startswith=self.past_path, organization__kind__in=kinds
                ).filter(_existed(self.period, "organization__")),
                "organization__",
            )
        return rows.order_by().annotate(
            org_id=F(f"{own}id"),
            kind_of=F(f"{own}kind"),
            bucket=Substr("path", 1, self.child_path_length),
            current_path=F(f"{own}path"),
            began=F(f"{own}valid_from"),
            ended=F(f"{own}valid_to"),
        )

    @cached_property
    def party_by_bucket(self) -> dict[str, int]:
        """Party organizations per child, once for every year of the period each existed in on
        that year's day (its part's end, or today while it runs): the yearly records, plans and
        ratings, are counted per year, and so are those who owe them; those that ended during a
        year (merged, dissolved) are not among that year's. From ``party_organizations``."""
        result: dict[str, int] = defaultdict(int)
        for row in self.party_organizations:
            if row["years"]:
                result[self.bucket_of_path(row["bucket"])] += row["years"]
        return dict(result)

    @cached_property
    def party_organizations(self) -> list[dict]:
        """The party organizations of the subtree that existed in the period, grouped (the rows
        do not grow with the tree): per child (``bucket``), ``n`` of them, counted ``years``
        times over (once for every year of the period each existed in on that year's day, as
        ``party_by_bucket`` says); the cells (``cell``) apart, grouped by what decides whether
        they met their meeting norms in the period's last year: their days in the period
        (``began_in``, ``ended_in``), the norms in force, and for a cell there only part of the
        year, the meetings it held in it (``regular``, ``thematic``; none otherwise: those of
        the others come from the sums of their tallies).

        On today's tree, those that existed through every day of the period's years are counted
        from the sums over subtrees of ``PartyOrganizationTally`` (read with every other tally)
        and only those that began or ended within the years are read, one by one
        (``_party_organizations_changed``); on the tree as it was, every one is read in one
        grouped query (``_party_organizations_read``)."""
        if not (self.READ_SUMS and self.past_path is None):
            return self._party_organizations_read()
        first, last = self.years[0], self.years[-1]
        whole = {"year__lte": first, "last_year__gte": last}
        grouped: dict[tuple, int] = defaultdict(int)
        for row in self.tally(PartyOrganizationTally, whole, settings=NORMS):
            if row["cell"]:
                grouped[row["bucket"], 1, row[NORMS[0]], row[NORMS[1]]] += row["organizations"]
            else:
                grouped[row["bucket"], 0, None, None] += row["organizations"]
        start, end, years = self.start, self.end, len(self.years)
        rows = [
            {
                "bucket": bucket,
                "cell": cell,
                "began_in": start,
                "ended_in": end,
                "regular_norm": regular_norm,
                "thematic_norm": thematic_norm,
                "regular": None,
                "thematic": None,
                "n": n,
                "years": n * years,
            }
            for (bucket, cell, regular_norm, thematic_norm), n in grouped.items()
            if n
        ]
        return rows + self._party_organizations_changed(first, last)

    def _party_organizations_changed(self, first: int, last: int) -> list[dict]:
        """``party_organizations`` of those that did not exist through every day of the years
        ``first`` to ``last`` (they began or ended within them: a handful, but in a year of
        reorganization), read one by one and grouped here by the rule
        ``_party_organizations_read`` applies in the database (compiling that query cost a
        cell's report more than running it)."""
        start, end, length = self.start, self.end, self.child_path_length
        with connection.cursor() as cursor:
            cursor.execute(
                _changed_sql(connection.vendor),
                [
                    self.year,
                    datetime.date(first, 1, 1),
                    datetime.date(last, 12, 31),
                    self.period.end,
                    self.period.start,
                    *(str(kind) for kind in PARTY_KINDS),
                    f"{self.root.path}%",
                ],
            )
            rows = [
                (kind, path, _date(began), _date(ended), regular, thematic)
                for kind, path, began, ended, regular, thematic in cursor.fetchall()
            ]
        norms = [self.setting_resolver(name) for name in NORMS]
        grouped: dict[tuple, list[int]] = {}
        for kind, path, began, ended, regular, thematic in rows:
            began_in, ended_in = max(began, start), min(ended or end, end)
            if kind in CELL_KINDS:
                key = (path[:length], 1, began_in, ended_in, *(norm(path) for norm in norms))
                if began_in > start or ended_in < end:  # part of the year: its meetings
                    key += (regular, thematic)
                else:
                    key += (None, None)
            else:
                key = (path[:length], 0, began_in, ended_in, None, None, None, None)
            counts = grouped.get(key)
            if counts is None:
                counts = grouped[key] = [0, 0]
            counts[0] += 1
            counts[1] += sum(
                1 for day in self.part_days if began <= day and (ended is None or ended >= day)
            )
        return [
            {**dict(zip(GROUPED, key, strict=True)), "n": n, "years": years}
            for key, (n, years) in grouped.items()
        ]

    def _party_organizations_read(self) -> list[dict]:
        """``party_organizations`` read from every organization, grouped in the database."""
        start, end = self.start, self.end
        is_cell = Q(kind_of__in=CELL_KINDS)
        part_year = is_cell & (Q(began_in__gt=start) | Q(ended_in__lt=end))
        held = MeetingTally.objects.filter(organization=OuterRef("org_id"), year=self.year)
        existed = {
            f"y{index}": Case(
                When(
                    Q(began__lte=day) & (Q(ended__isnull=True) | Q(ended__gte=day)),
                    then=Value(1),
                ),
                default=Value(0),
            )
            for index, day in enumerate(self.part_days)
        }
        rows = (
            self.organizations_in_period(PARTY_KINDS)
            .annotate(
                cell=Case(When(is_cell, then=Value(1)), default=Value(0)),
                began_in=Greatest("began", Value(start)),
                ended_in=Least(Coalesce("ended", Value(end)), Value(end)),
            )
            .annotate(
                regular_norm=Case(When(is_cell, then=self.setting_case(NORMS[0]))),
                thematic_norm=Case(When(is_cell, then=self.setting_case(NORMS[1]))),
                regular=Case(When(part_year, then=Subquery(held.values("regular")[:1]))),
                thematic=Case(When(part_year, then=Subquery(held.values("thematic")[:1]))),
                **existed,
            )
            .values(*GROUPED, *existed)
        )
        sql, params = rows.query.sql_with_params()
        columns = ", ".join(f"o.{name}" for name in GROUPED)
        years = " + ".join(f"SUM(o.{name})" for name in existed) or "0"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns}, COUNT(*), {years} FROM ({sql}) o GROUP BY {columns}", params
            )
            return [
                {**dict(zip(GROUPED, row, strict=False)), "n": row[-2], "years": int(row[-1])}
                for row in cursor.fetchall()
            ]

    @cached_property
    def part_days(self) -> list[datetime.date]:
        """For each year of the period, the day a party organization must exist on to count
        in it: the year's part's end, or today while it runs."""
        return [min(self.period.years_of(year)[1], self.period.day) for year in self.years]

    # Read from the sums over subtrees when they give the same figures (the tests turn it off
    # to compare with a read of every organization's rows).
    READ_SUMS = True

    def tally(self, model, keep: dict, *, settings=()) -> list[dict]:
        """A tally's rows summed per child of the root and key: ``{"bucket": path, <keys>,
        <figures>, <settings>}``, the keys and figures being the tally's own columns (a
        reference, like an output's unit, by its code: ``unit__code``), of the rows ``keep``
        lets through (Django lookups on the keys: exact, ``__in``, ``__lte``). The rows are to be summed per
        ``bucket_of_path``; the root's own rows come under its path. ``settings`` names the
        inherited settings a section's figures depend on: each row carries the one in force
        where its rows were counted.

        On today's tree (the subtree did not move after the report's day), from the root's own
        rows and the sums over the subtrees of its children and of the organizations below
        that set a setting, read for every tally at once (``subtree_sums``): a few rows a child
        however large the subtree (see ``_tally_of_sums``). On the tree as it was, from every
        organization's rows grouped by the child of the root they were under (and by the
        settings in force)."""
        if self.READ_SUMS and self.past_path is None:
            return self._tally_of_sums(model, keep, settings)
        keys, figures = tally_columns(model)
        rows = (
            model.objects.filter(self.in_subtree(), **keep)
            .annotate(
                bucket=self.bucket_expression(),
                **{name: self.setting_case(name, "organization__path") for name in settings},
            )
            .order_by()
            .values("bucket", *keys, *settings)
            .annotate(**{f"sum_{name}": Sum(name) for name in figures})
        )
        result = []
        for row in rows:
            for name in figures:
                row[name] = row.pop(f"sum_{name}") or 0
            result.append(row)
        return result

    def _tally_of_sums(self, model, keep: dict, settings) -> list[dict]:
        """``tally`` from the sums over subtrees, each organization read standing for its own
        part of the subtree (``_own_parts``): the parts whose keys ``keep`` lets through, each
        with the settings in force there."""
        keys, figures = tally_columns(model)
        kept = _matcher(keep, keys)
        resolvers = [(name, self.setting_resolver(name)) for name in settings]
        names = ("bucket", *keys, *figures)
        result = []
        for path, key, totals in self._own_parts(model):
            if not kept(key):
                continue
            row = dict(zip(names, (path, *key, *totals), strict=True))
            for name, resolve in resolvers:
                row[name] = resolve(path)
            result.append(row)
        return result

    def _own_parts(self, model) -> list[tuple[str, tuple, list[int]]]:
        """(path, keys, figures) of each organization read (the root, its children, those below
        that set an inherited setting) and key, for the part of its subtree that is not another
        read one's: the root's own rows (every organization below it is in a child's subtree),
        a child's sums as they are, or less those of the nearest ones read below it where a
        setting is set below. Each part has one value of each setting and is summed in its
        child's bucket. Worked out once a tally, for every key; a report filters them by key
        (``_tally_of_sums``)."""
        parts = self.cache.get(("own parts", model))
        if parts is not None:
            return parts
        above_of, root = self._read_above, self.root.path
        parts, below = [], {}  # the parts as read; {(path, keys): figures} to subtract from
        for path, key, values in self.subtree_sums[model]:
            above = above_of[path]
            if above is not None and above != root:  # a setting's organization below a child
                totals = below.get((above, key))
                if totals is None:
                    totals = below[above, key] = [0] * len(values)
                for index, value in enumerate(values):
                    totals[index] += value
            parts.append((path, key, values))
        if below:
            parts = [
                (path, key, _less(values, below.pop((path, key), None)))
                for path, key, values in parts
            ]
            # Keys found only below (none left at the organization above: impossible when
            # the sums are right): what they leave above is negative.
            parts += [
                (path, key, [-value for value in totals]) for (path, key), totals in below.items()
            ]
        self.cache["own parts", model] = parts
        return parts

    @cached_property
    def _read_above(self) -> dict[str, str | None]:
        """{path: the path of the nearest organization read above it} for every organization
        whose sums are read (None for the root)."""
        step, root = self.root.steplen, self.root.path
        read = set(self.read_paths.values())
        above_of: dict[str, str | None] = {}
        for path in read:
            above = None if path == root else path[:-step]
            while above is not None and len(above) > len(root) and above not in read:
                above = above[:-step]
            above_of[path] = above
        return above_of

    @cached_property
    def subtree_sums(self) -> dict[type, list[tuple[str, tuple, tuple]]]:
        """{tally: [(path, keys, figures)]}: the sums over the subtrees of the root's children
        (and of the organizations below them that set a setting) and the root's own rows, of
        every tally, for the years up to the period's (the running ones, ``RUNNING``, from the
        first year, the others from the period's first): one query, a few rows a child and
        year. The keys and figures in the order of ``tally_columns``."""
        # The sums of the root's children and of the organizations below them that set an
        # inherited setting (``read_paths``), and the root's own rows, read once for every
        # tally. A root with nothing below it (a cell) reads its sums over its subtree instead:
        # they are its own rows, and a statement of half the tables is planned in half the time.
        root = self.root.pk
        ids = sorted(pk for pk in self.read_paths if pk != root)
        own = [root] if ids else []
        ids = ids or [root]
        postgresql = connection.vendor == "postgresql"
        sql, layout = _sums_query(connection.vendor, None if postgresql else len(ids), bool(own))
        params = []
        for model in SUBTREE_SUMS:
            first = 0 if model in RUNNING else self.years[0]
            params += [*([ids] if postgresql else ids), first, self.year]
            if own:
                params += [*own, first, self.year]
        paths = self.read_paths
        result: dict[type, list[tuple[str, tuple, tuple]]] = {model: [] for model in SUBTREE_SUMS}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            branches = cursor.fetchall()
        for index, rows in branches:
            model, keys, flags = layout[index]
            if isinstance(rows, str):  # SQLite hands back the JSON's text
                rows = json.loads(rows)
            found = result[model]
            for row in rows or ():  # PostgreSQL's json_agg of no rows is null
                key = tuple(row[1 : 1 + keys])
                if flags:  # SQLite's JSON holds 0 and 1
                    key = tuple(bool(v) if i in flags else v for i, v in enumerate(key))
                found.append((paths[row[0]], key, row[1 + keys :]))
        return result

    def setting_case(self, name: str, field: str = "current_path"):
        """The setting ``name`` in force at each row's organization, as a SQL expression over the
        path named by ``field``: the deepest organization that sets it wins, as in
        ``setting_resolver``."""
        overrides = self.overrides(name)
        default = Value(Organization.SETTING_DEFAULTS[name])
        if not overrides:
            return default
        return Case(
            *(
                When(**{f"{field}__startswith": path}, then=Value(value))
                for path, value in overrides
            ),
            default=default,
        )

    @cached_property
    def child_path_length(self) -> int:
        if self.past_path is not None:
            return len(self.past_path) + PATH_STEP
        return len(self.root.path) + self.root.steplen

    @property
    def follows_past_tree(self) -> bool:
        """Whether the rows come from the tree as it was (it changed after the report's day)."""
        return self.past_path is not None

    def buckets(self) -> list[str]:
        """The root's own rows, then one bucket per child, in the tree's order."""
        return [OWN, *(c.path for c in self.children)]

    @property
    def start(self) -> datetime.date:
        return self.period.start

    @property
    def end(self) -> datetime.date:
        return self.period.end

    @property
    def year(self) -> int:
        """The year the period ends in (the topic's year, the members' year)."""
        return self.period.end.year

    @property
    def years(self) -> list[int]:
        """The years whose yearly records count (every year the period touches)."""
        return self.period.years

    @property
    def year_end(self) -> datetime.date:
        """The end of the period's last year: the day the yearly tallies count members on."""
        return datetime.date(self.period.end.year, 12, 31)

    @property
    def day(self) -> datetime.date:
        """The day membership is counted on: the period's end, or today while it runs."""
        return self.period.day

    @property
    def begun(self) -> bool:
        return timezone.localdate() >= self.start

    def bucket_expression(self, field: str = "organization__path"):
        """The child-of-root path prefix of a row's organization, computed in the query.

        ``field`` names the organization's ``path`` as seen from the rows; on the tree as it was,
        the organization's path on the report's day is read instead (a correlated lookup on an
        index, only when the subtree changed after the day)."""
        if self.past_path is None:
            return Substr(field, 1, self.child_path_length)
        relation = field.removesuffix("path").removesuffix("__") or "pk"
        return Subquery(
            OrganizationPath.objects.filter(path_on(self.day), organization=OuterRef(relation))
            .order_by()
            .values(bucket=Substr("path", 1, self.child_path_length))[:1]
        )

    def bucket_of_path(self, path: str) -> str:
        length = self.child_path_length
        return path[:length] if len(path) >= length else OWN

    def overrides(self, name: str) -> list[tuple[str, object]]:
        """(path, value) of the organizations that set ``name``, deepest first."""
        return sorted(self.settings_set[name].items(), key=lambda item: -len(item[0]))

    def setting_resolver(self, name: str):
        """A function from an organization's path to the setting in force there."""
        return setting_resolver(self.settings_set[name], name, self.root.steplen)

    def sql_rows(self) -> tuple[str, list, str, list]:
        """For a statement written out over records joined to their organization as ``o``:
        the bucket (``bucket_expression``) and its parameters, and the condition that the
        organization was in the subtree on the report's day (``in_subtree``) and its
        parameters. The bucket goes in the select list, the condition in the where clause."""
        length = self.child_path_length
        if self.past_path is None:
            return "SUBSTR(o.path, 1, %s)", [length], "o.path LIKE %s", [f"{self.root.path}%"]
        paths = OrganizationPath._meta.db_table
        on_day = (  # ``path_on``
            "(p.valid_from IS NULL OR p.valid_from <= %s) "
            "AND (p.valid_to IS NULL OR p.valid_to >= %s)"
        )
        return (
            f"(SELECT SUBSTR(p.path, 1, %s) FROM {paths} p WHERE {on_day} "
            f"AND p.organization_id = o.id LIMIT 1)",
            [length, self.day, self.day],
            f"o.id IN (SELECT p.organization_id FROM {paths} p WHERE {on_day} AND p.path LIKE %s)",
            [self.day, self.day, f"{self.past_path}%"],
        )

    def in_subtree(self, prefix: str = "organization__") -> Q:
        """Rows whose organization (reached by ``prefix``) was in the subtree on the report's
        day: a prefix filter on today's tree, or a subquery over the paths as they were."""
        if self.past_path is None:
            return Q(**{f"{prefix}path__startswith": self.root.path})
        ids = (
            OrganizationPath.objects.filter(path_on(self.day), path__startswith=self.past_path)
            .order_by()
            .values("organization_id")
        )
        return Q(**{f"{prefix.removesuffix('__') or 'pk'}__in": ids})


@lru_cache(maxsize=64)
def _sums_query(vendor: str, ids: int | None, own: bool) -> tuple[str, list[tuple]]:
    """The SQL of ``ReportScope.subtree_sums`` (one branch a tally, each reading the sums of
    the organizations named: one array on PostgreSQL, ``ids`` of them elsewhere; and with
    ``own``, one organization's own rows of the tally itself, the root's), and each branch's
    tally, its numbers of keys and figures and which keys are true or false; built once a
    process.

    Each branch answers one row: its tally's rows as one JSON array of arrays (the
    organization, the keys, the figures), so the tallies' columns need no common row of typed
    nulls (about a hundred columns a row, most of the time of reading a province's sums went
    into decoding them)."""
    if ids is None and own:
        # Not ``= ANY(%s)``: its cost, estimated per element, made PostgreSQL hand the branches
        # to parallel workers, whose start cost more than the reads (a province's sums 35 ms
        # in parallel, 29 ms as a join to the unnested array, which it plans serially). A
        # cell's one organization is read as one (the join would double its planning).
        among = "organization_id IN (SELECT unnest(%s))"
    elif ids is None:
        among = "organization_id = ANY(%s)"
    else:
        among = f"organization_id IN ({', '.join(['%s'] * ids)})"
    rows, row = (
        ("json_agg", "json_build_array")
        if vendor == "postgresql"
        else ("json_group_array", "json_array")
    )
    selects, layout = [], []
    for index, (model, sums) in enumerate(SUBTREE_SUMS.items()):
        keys, figures = tally_columns(model)
        columns, stored, join = ["s.organization_id"], ["organization_id"], ""
        for offset, name in enumerate([*keys, *figures]):
            if name.endswith("__code"):  # a reference read by its code (a unit, a type)
                field = sums._meta.get_field(name.removesuffix("__code"))
                alias = f"r{offset}"
                table = field.related_model._meta.db_table
                join += f" JOIN {table} {alias} ON {alias}.id = s.{field.column}"
                columns.append(f"{alias}.code")
                stored.append(field.column)
            else:
                columns.append(f"s.{name}")
                stored.append(name)
        picked = ", ".join(stored)
        years = "year >= %s AND year <= %s"
        read = f"SELECT {picked} FROM {sums._meta.db_table} WHERE {among} AND {years}"
        if own:
            read += (
                f" UNION ALL SELECT {picked} FROM {model._meta.db_table} "
                f"WHERE organization_id = %s AND {years}"
            )
        selects.append(
            f"SELECT {index} AS t, {rows}({row}({', '.join(columns)})) AS r FROM ({read}) s{join}"
        )
        flags = frozenset(
            index
            for index, name in enumerate(keys)
            if not name.endswith("__code")
            and isinstance(sums._meta.get_field(name), models.BooleanField)
        )
        layout.append((model, len(keys), flags))
    return " UNION ALL ".join(selects), layout


def tally_columns(model) -> tuple[list[str], list[str]]:
    """A tally's keys (its organization apart; a reference, like an output's unit, by its
    code) and figures."""
    (unique,) = model._meta.constraints
    keys = [f for f in unique.fields if f != "organization"]
    figures = [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name != "organization" and f.name not in keys
    ]
    return [f"{k}__code" if model._meta.get_field(k).is_relation else k for k in keys], figures


def _less(values: list[int], below: list[int] | None) -> list[int]:
    """``values`` less ``below`` (a sum of the parts read below), figure by figure."""
    if below is None:
        return values
    return [value - other for value, other in zip(values, below, strict=True)]


def _matcher(keep: dict, keys: list[str]):
    """A test of a tally's keys (a tuple in the order of ``keys``) against Django lookups on
    them (exact, ``__in``, ``__lte``, ``__gte``)."""
    tests = []
    for lookup, value in keep.items():
        name, _sep, kind = lookup.rpartition("__")
        if kind not in ("in", "lte", "gte"):  # no lookup named: an exact match
            name, kind = lookup, ""
        at = keys.index(name)  # a figure is no key to keep rows by
        if kind == "in":
            tests.append(lambda key, i=at, v=frozenset(value): key[i] in v)
        elif kind == "lte":
            tests.append(lambda key, i=at, v=value: key[i] <= v)
        elif kind == "gte":
            tests.append(lambda key, i=at, v=value: key[i] >= v)
        else:
            tests.append(lambda key, i=at, v=value: key[i] == v)
    if len(tests) == 1:  # the usual case (a year, or years), tested once a row
        return tests[0]
    return lambda key: all(test(key) for test in tests)


def _existed(period: Period, prefix: str = "") -> Q:
    """Organizations (reached by ``prefix``) that existed on some day of the period."""
    return Q(**{f"{prefix}valid_from__lte": period.end}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": period.start})
    )


def _past_path(root: Organization, day: datetime.date) -> str | None:
    """The root's path on ``day`` among the paths over time, if anything in its subtree (then
    or now) moved after ``day``; None when today's tree is the tree of that day.

    One query: the root's periods, each with whether a path of today's subtree began after the
    day and whether a path under the period's own ended after it; the period on the day
    answers. Each ``EXISTS`` reads its own index (the paths begun, or ended, after a day are a
    handful, but for a reorganization's); an ``OR`` across the two tables read every path."""
    with connection.cursor() as cursor:
        cursor.execute(_past_path_sql(connection.vendor), [f"{root.path}%", day, day, day, root.pk])
        periods = cursor.fetchall()
    on_day = [
        (path, began or ended)
        for path, start, end, began, ended in periods
        if (start is None or _date(start) <= day) and (end is None or _date(end) >= day)
    ]
    if not on_day:
        return None  # loaded without paths (a bulk load): today's tree is all there is
    path, moved_after = on_day[0]
    return path if moved_after else None


# The scope's own three statements (the root's paths over time, its children, the settings
# set over it) are written out once a process: a report of one cell is a few milliseconds of
# database work, and building them through the ORM cost more than running them. Paths hold
# only the digits and capitals of treebeard's alphabet, so ``LIKE prefix%`` needs no escaping.


@lru_cache(maxsize=4)
def _past_path_sql(vendor: str) -> str:
    paths, organizations = OrganizationPath._meta.db_table, Organization._meta.db_table
    return (
        f"SELECT p.path, p.valid_from, p.valid_to, "
        f"EXISTS (SELECT 1 FROM {paths} u JOIN {organizations} o ON o.id = u.organization_id "
        f"WHERE o.path LIKE %s AND u.valid_from > %s), "
        f"EXISTS (SELECT 1 FROM {paths} u WHERE (u.valid_from IS NULL OR u.valid_from <= %s) "
        f"AND u.path LIKE p.path || '%%' AND u.valid_to >= %s) "
        f"FROM {paths} p WHERE p.organization_id = %s"
    )


@lru_cache(maxsize=8)
def _children_sql(vendor: str, named: bool) -> str:
    """The root (by id) and the organizations one level below it (by depth and path prefix):
    id, name, kind, path, days; ``named``: and the name borne on a day (the first parameter)
    where renamed since, as ``_name_on``."""
    organizations, names = Organization._meta.db_table, OrganizationName._meta.db_table
    name_then = (
        f", (SELECT n.name FROM {names} n WHERE n.organization_id = o.id AND n.valid_to >= %s "
        f"ORDER BY n.valid_to LIMIT 1)"
        if named
        else ""
    )
    return (
        f"SELECT o.id, o.name, o.kind, o.path, o.valid_from, o.valid_to{name_then} "
        f"FROM {organizations} o WHERE (o.depth = %s AND o.path LIKE %s) OR o.id = %s"
    )


@lru_cache(maxsize=16)
def _settings_sql(vendor: str, ancestors: int) -> tuple[str, list]:
    """The organizations that set an inherited setting in a subtree (a path prefix, the first
    parameter) or among ``ancestors`` paths (the next ones): the statement and the parameters
    of its last part, ``SETS_A_SETTING`` (the partial index's own condition, compiled by the
    ORM so that the two stay one)."""
    query = Organization.objects.filter(SETS_A_SETTING).query
    condition, params = query.get_compiler(connection=connection).compile(query.where)
    among = ", ".join(["%s"] * ancestors)
    return (
        f"SELECT id, path, {', '.join(INHERITED_SETTINGS)} FROM {Organization._meta.db_table} "
        f"WHERE (path LIKE %s OR path IN ({among})) AND ({condition})"
    ), list(params)


@lru_cache(maxsize=4)
def _changed_sql(vendor: str) -> str:
    """The party organizations of a subtree (the last parameter, a path prefix) that began
    after a year's first day or ended before a year's last (the second and third) and existed
    in a period (its end and start, the fourth and fifth; ``_existed``): kind, path, days and
    the meetings they held in a year (the first), for
    ``ReportScope._party_organizations_changed``."""
    organizations, held = Organization._meta.db_table, MeetingTally._meta.db_table
    kinds = ", ".join(["%s"] * len(PARTY_KINDS))
    return (
        f"SELECT o.kind, o.path, o.valid_from, o.valid_to, m.regular, m.thematic "
        f"FROM {organizations} o LEFT JOIN {held} m ON m.organization_id = o.id AND m.year = %s "
        f"WHERE (o.valid_from > %s OR o.valid_to < %s) AND o.valid_from <= %s "
        f"AND (o.valid_to IS NULL OR o.valid_to >= %s) AND o.kind IN ({kinds}) "
        f"AND o.path LIKE %s"
    )


def _date(value) -> datetime.date | None:
    """A date read by a written-out statement (SQLite hands back the text of a computed one)."""
    if isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


def _name_on(day: datetime.date, pk: str) -> Subquery:
    """The name an organization (its id in the field ``pk``) bore on ``day``, where it was
    renamed since: the earliest of its past names still borne on the day; else null."""
    return Subquery(
        OrganizationName.objects.filter(organization=OuterRef(pk), valid_to__gte=day)
        .order_by("valid_to")
        .values("name")[:1]
    )


def _settings_set(root: Organization) -> tuple[dict[str, dict[str, object]], dict[int, str]]:
    """{setting: {path: value}} over the root's subtree and ancestors, only where one is set;
    and {id: path} of the organizations that set one."""
    ancestors = root.ancestor_paths()
    sql, condition = _settings_sql(connection.vendor, len(ancestors))
    with connection.cursor() as cursor:
        cursor.execute(sql, [f"{root.path}%", *ancestors, *condition])
        rows = cursor.fetchall()
    result: dict[str, dict[str, object]] = {name: {} for name in INHERITED_SETTINGS}
    paths: dict[int, str] = {}
    for pk, path, *values in rows:
        paths[pk] = path
        for name, value in zip(INHERITED_SETTINGS, values, strict=True):
            if value not in (None, ""):
                result[name][path] = value
    return result, paths


def _in_period(
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    period: Period,
    tree: str,
    today: datetime.date,
) -> bool:
    """Whether an organization is one of a report's rows: it existed on some day of the
    period (``_existed``), or, on today's tree, it exists today."""

    def on(first: datetime.date, last: datetime.date) -> bool:
        return valid_from <= last and (valid_to is None or valid_to >= first)

    return on(period.start, period.end) or (tree == TODAY and on(today, today))


class Totals(defaultdict):
    """{bucket: {figure: int}} with a running sum; ``total()`` adds every bucket."""

    def __init__(self):
        super().__init__(lambda: defaultdict(int))

    def add(self, bucket: str | None, name: str, value: int) -> None:
        if bucket is not None:
            self[bucket][name] += value

    def total(self, names) -> dict:
        return {n: sum(b.get(n, 0) for b in self.values()) for n in names}
