"""One import: read every sheet, check every row, then write all of it or nothing.

``run_import`` is what the background task, the command line and the tests call. Nothing is
written while a single problem stands; the problems name sheet, row, column, value and what
to do, all at once. The write is one transaction, with the report's tallies recounted inside
it for the organizations and years touched.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ct05.core.roles import Action
from ct05.core.scope import scope_paths
from ct05.organizations.models import Organization
from ct05.reports import tallies

from . import bulk
from .kinds.base import Problem, SheetRows
from .reading import formula_problems, read_workbook, scan_formulas

Progress = Callable[..., None]
PROGRESS_EVERY = 2000  # rows between two progress reports


@dataclass
class OrgRef:
    """An organization known by code: in the database (``pk``) or planned by this file."""

    code: str
    pk: int | None
    path: str | None
    kind: str
    valid_from: datetime.date | None
    min_deeds: int | None = None
    parent_code: str | None = None
    name: str = ""
    planned: bool = False


@dataclass
class Context:
    user: object
    progress: Progress
    today: datetime.date = field(default_factory=timezone.localdate)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    checked: int = 0
    written: int = 0
    plans: dict[str, object] = field(default_factory=dict)  # kind name -> its plan
    touched_memberships: set[int] = field(default_factory=set)
    touched_organizations: set[int] = field(default_factory=set)  # created, kind or day changed
    touched_commitments: set[tuple[int, int]] = field(default_factory=set)
    touched_ratings: set[tuple[int, int]] = field(default_factory=set)
    _orgs: dict[str, OrgRef] | None = None
    people: dict[str, object] = field(default_factory=dict)  # keys of people in the file

    def error(self, sheet: SheetRows, row: int, column: str, value, message) -> None:
        self.problems.append(Problem(sheet.name, row, column, value, str(message)))

    def tick(self, checked: int = 0, written: int = 0) -> None:
        before = (self.checked + self.written) // PROGRESS_EVERY
        self.checked += checked
        self.written += written
        if (self.checked + self.written) // PROGRESS_EVERY != before:
            self.report()

    def report(self) -> None:
        self.progress(rows=self.rows, checked=self.checked, written=self.written)

    # --- organizations by code ---------------------------------------------------------
    @property
    def organizations(self) -> dict[str, OrgRef]:
        if self._orgs is None:
            rows = Organization.objects.exclude(code="").values_list(
                "code", "pk", "path", "kind", "valid_from", "min_deeds"
            )
            self._orgs = {
                code.casefold(): OrgRef(code, pk, path, kind, valid_from, min_deeds)
                for code, pk, path, kind, valid_from, min_deeds in rows
            }
        return self._orgs

    def organization(self, code: str) -> OrgRef | None:
        return self.organizations.get(code.casefold())

    @property
    def change_paths(self) -> list[str] | None:
        if not hasattr(self, "_change_paths"):
            self._change_paths = scope_paths(self.user, Action.CHANGE)
        return self._change_paths

    def may_change(self, ref: OrgRef) -> bool:
        """Whether the importer may change records of ``ref`` (planned: by its parent)."""
        paths = self.change_paths
        if paths is None:
            return True
        while ref is not None and ref.planned:
            ref = self.organization(ref.parent_code or "")
        if ref is None or ref.path is None:
            return False
        return any(ref.path.startswith(p) for p in paths)


@dataclass
class Result:
    rows: int
    checked: int
    written: int
    problems: list[Problem]
    kinds: list[str]
    dry_run: bool

    @property
    def ok(self) -> bool:
        return not self.problems


def _no_progress(**counts) -> None:
    pass


@contextlib.contextmanager
def _without_cycle_collection():
    """Python's cycle collector off for the block, back on after (if it was on).

    An import holds a few million small objects at once (the cells read, a namespace a row),
    none of them in a reference cycle: they are freed as soon as nothing refers to them. The
    collector would still walk all of them again and again as new ones are made, which cost
    the people check of 100,000 rows half its CPU (docs/performance.md)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@_without_cycle_collection()
def run_import(path, *, user, dry_run: bool = False, progress: Progress | None = None) -> Result:
    """Import the workbook at ``path`` as ``user``: checked whole, then written whole (unless
    ``dry_run`` or a problem was found)."""
    ctx = Context(user=user, progress=progress or _no_progress)
    with ThreadPoolExecutor(max_workers=1) as pool:
        scan = pool.submit(scan_formulas, path)  # beside the read, on the other core
        sheets, unreadable = read_workbook(path)
        formulas = scan.result()
    ctx.rows = sum(len(s.rows) for s in sheets)
    ctx.report()
    for title in unreadable:
        ctx.problems.append(
            Problem(title, 1, "", None, _("The header row of this sheet was not found."))
        )
    if not sheets and not unreadable:
        ctx.problems.append(
            Problem(
                "",
                0,
                "",
                None,
                _("No sheet of the workbook is one CT05 imports: start from a template."),
            )
        )
    sheets.sort(key=lambda s: s.kind.order)
    formulas = formula_problems(formulas, sheets)
    for sheet in sheets:
        sheet.kind.check(sheet, ctx)
    if formulas:
        # A formula without its value reads as a blank cell: say why, not "required".
        cells = {(p.sheet, p.row, p.column) for p in formulas}
        ctx.problems = [p for p in ctx.problems if (p.sheet, p.row, p.column) not in cells]
        ctx.problems += formulas
    ctx.report()
    kinds = [s.kind.name for s in sheets]
    if ctx.problems or dry_run:
        ctx.problems.sort(key=lambda p: (p.sheet, p.row))
        return Result(ctx.rows, ctx.checked, 0, ctx.problems, kinds, dry_run)
    with transaction.atomic():
        with bulk.keys_checked_together():
            done = set()
            for sheet in sheets:
                if sheet.kind.name not in done:
                    done.add(sheet.kind.name)
                    sheet.kind.write(ctx)
        recount(ctx)
    ctx.report()
    return Result(ctx.rows, ctx.checked, ctx.written, [], kinds, dry_run)


def recount(ctx: Context) -> None:
    """The report's tallies of what the import touched, in its transaction."""
    commitments, ratings = defaultdict(set), defaultdict(set)
    for org, year in ctx.touched_commitments:
        commitments[year].add(org)
    for org, year in ctx.touched_ratings:
        ratings[year].add(org)
    tallies.refresh_many(
        memberships=ctx.touched_memberships,
        commitments=commitments,
        ratings=ratings,
        organizations=ctx.touched_organizations,
    )
