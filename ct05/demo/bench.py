"""Time the Directive 05 report over the synthetic province against one sequential scan.

The scan of the largest table is the yardstick: a report that reads each row it needs about
once costs about that much, whatever the machine. The target on PostgreSQL is the
100,000-member report under 300 ms and within 2x the scan.
"""

from __future__ import annotations

import datetime
import statistics
import time
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ct05.accounts.models import RoleAssignment, User
from ct05.commitments.models import Commitment
from ct05.commitments.services import update_commitment
from ct05.meetings.services import record_meeting
from ct05.organizations.models import CELL_KINDS, Organization, OrganizationKind
from ct05.ratings.services import self_assess
from ct05.reports.selectors import directive05_report

from .synth import build_synthetic

TARGET_MS = 300
TARGET_RATIO = 2.0


@dataclass
class BenchResult:
    engine: str
    members: int
    year: int
    repeat: int
    report_ms: list[float]  # last year's report (the year's whole cycle, counted on 31/12)
    queries: int
    table: str
    rows: int
    scan_ms: list[float]
    built_s: float | None
    current_ms: list[float] = field(default_factory=list)  # this year's, counted on today
    pages: list[tuple[str, float, int]] = field(default_factory=list)  # (address, ms, KB)
    # Last year's report at each level below the root: (level, name, median ms, queries).
    levels: list[tuple[str, str, float, int]] = field(default_factory=list)
    # Saves through the services, each undone: (what, median ms, slowest ms, how many).
    writes: list[tuple[str, float, float, int]] = field(default_factory=list)

    @property
    def report_median(self) -> float:
        return statistics.median(self.report_ms)

    @property
    def current_median(self) -> float:
        return statistics.median(self.current_ms) if self.current_ms else 0.0

    @property
    def scan_median(self) -> float:
        return statistics.median(self.scan_ms)

    @property
    def ratio(self) -> float:
        """The slower of the two reports against the scan."""
        slower = max(self.report_median, self.current_median)
        return slower / self.scan_median if self.scan_median else float("inf")


def engine_name() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
    return connection.vendor


def largest_table() -> tuple[type[models.Model], int]:
    """The project's table with the most rows (the deeds, in a synthetic province)."""
    best, best_rows = None, -1
    for model in apps.get_models():
        if not model.__module__.startswith("ct05.") or not model._meta.managed:
            continue
        rows = model._base_manager.count()
        if rows > best_rows:
            best, best_rows = model, rows
    return best, best_rows


def _plain_column(model: type[models.Model]) -> str:
    """A column no index covers, so the scan has to read the table's rows."""
    for column in model._meta.concrete_fields:
        if (
            not column.primary_key
            and not column.is_relation
            and not column.db_index
            and not column.unique
            and isinstance(column, models.CharField | models.TextField)
        ):
            return column.column
    raise ValueError(f"{model.__name__} has no plain text column to scan")


def scan_sql(model: type[models.Model]) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    if connection.vendor == "postgresql":
        return f"SELECT count(*) FROM {table}"
    column = connection.ops.quote_name(_plain_column(model))
    return f"SELECT count(*) FROM {table} WHERE coalesce(length({column}), 0) >= 0"


def _no_index(cursor) -> None:
    """Inside a transaction on PostgreSQL: no index for what follows (a plain scan)."""
    if connection.vendor == "postgresql":
        for setting in ("enable_indexscan", "enable_indexonlyscan", "enable_bitmapscan"):
            cursor.execute(f"SET LOCAL {setting} = off")


def time_scan(model: type[models.Model]) -> float:
    """One sequential scan, in ms. PostgreSQL is told not to use any index for it."""
    sql = scan_sql(model)
    with transaction.atomic(), connection.cursor() as cursor:
        _no_index(cursor)
        started = time.perf_counter()
        cursor.execute(sql)
        cursor.fetchone()
        return (time.perf_counter() - started) * 1000


# The pages a province's propaganda officer opens, over the whole synthetic province.
PAGES = [
    "/",
    "/reports/directive05/?organization={root}&year={year}",
    "/reports/directive05.xlsx?organization={root}&year={year}",
    "/commitments/",
    "/people/",
    "/people/?q=nguyen",
    "/ratings/",
    "/study/",
    "/meetings/",
    "/meetings/norms/",
    "/organizations/",
    "/api/people/?organization={root}",
    "/api/commitments/?organization={root}&year={year}",
    "/api/study-sessions/?organization={root}&year={year}",
]


def time_pages(root, year: int, repeat: int = 3) -> list[tuple[str, float, int]]:
    """Median time and size of each of ``PAGES`` for a propaganda officer of the province
    (a user ``bench-<root id>`` made for it), through Django's test client: the server's whole
    work for a page, without the network."""
    from django.test import Client

    username = f"bench-{root.pk}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username)  # no password: it cannot log in
        RoleAssignment.objects.create(user=user, organization=root, role="propaganda")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    result = []
    for page in PAGES:
        address = page.format(root=root.pk, year=year)
        client.get(address)  # warm-up
        times, size = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(address)
            times.append((time.perf_counter() - started) * 1000)
            size = len(response.content)
        if response.status_code != 200:
            raise RuntimeError(f"{address} answered {response.status_code}")
        result.append((address, statistics.median(times), round(size / 1024)))
    return result


def _time_report(root, year: int) -> float:
    started = time.perf_counter()
    directive05_report(organization=root, year=year)
    return (time.perf_counter() - started) * 1000


def _levels(root) -> list[tuple[str, Organization]]:
    """The root, then the first province below it (a nation) and the first cell."""
    levels = [("nation" if root.kind == OrganizationKind.CENTRAL_COMMITTEE else "province", root)]
    if levels[0][0] == "nation":
        province = (
            Organization.objects.filter(path__startswith=root.path, depth=root.depth + 1)
            .order_by("path")
            .first()
        )
        if province is not None:
            levels.append(("province", province))
    cell = (
        Organization.objects.filter(path__startswith=levels[-1][1].path, kind__in=CELL_KINDS)
        .order_by("path")
        .first()
    )
    if cell is not None:
        levels.append(("cell", cell))
    return levels


def time_levels(root, year: int, repeat: int) -> list[tuple[str, str, float, int]]:
    """Last year's report of each level (nation, province, cell): median ms and queries."""
    result = []
    for level, organization in _levels(root):
        directive05_report(organization=organization, year=year)  # warm-up
        times = [_time_report(organization, year) for _ in range(repeat)]
        with CaptureQueriesContext(connection) as captured:
            directive05_report(organization=organization, year=year)
        result.append((level, organization.name, statistics.median(times), len(captured)))
    return result


class _Undo(Exception):
    """Raised to roll a timed save back."""


def time_writes(root, cells: int = 20) -> list[tuple[str, float, float, int]]:
    """A meeting recorded, a deed added to a commitment of this year and a rating
    self-assessed, through the services as a user would, in ``cells`` cells spread over the
    tree, each cell's saves undone (a transaction rolled back): median and slowest ms of each.
    Every save recounts its organization's year and adds the difference to its ancestors' sums.
    """
    year = timezone.localdate().year
    candidates = Organization.objects.filter(path__startswith=root.path, kind__in=CELL_KINDS)
    total = candidates.count()
    step = max(1, total // cells)
    chosen = list(candidates.order_by("path").values_list("pk", flat=True)[::step][:cells])
    times: dict[str, list[float]] = {"meeting": [], "commitment": [], "rating": []}

    def timed(what: str, save, **arguments) -> None:
        started = time.perf_counter()
        try:
            with transaction.atomic():
                save(**arguments)
        except ValidationError:  # refused here (a person already rated, say): not a save
            return
        times[what].append((time.perf_counter() - started) * 1000)

    for index, cell_id in enumerate(chosen):
        try:
            with transaction.atomic():
                user = User.objects.create_user(f"bench-writes-{index}")  # no password
                RoleAssignment.objects.create(user=user, organization=root, role="admin")
                cell = Organization.objects.get(pk=cell_id)
                day = max(timezone.localdate() - datetime.timedelta(days=1), cell.valid_from)
                timed(
                    "meeting", record_meeting, user=user, organization=cell, date=day,
                    kind="regular",
                )  # fmt: skip
                commitment = (
                    Commitment.objects.filter(organization=cell, year=year)
                    .select_related("person")
                    .first()
                )
                if commitment is not None:
                    deeds = [{"id": d.pk, "title": d.title} for d in commitment.deeds.all()]
                    deeds.append({"title": "Việc làm thêm"})
                    timed(
                        "commitment", update_commitment, user=user, commitment=commitment,
                        deeds=deeds,
                    )  # fmt: skip
                    timed(
                        "rating", self_assess, user=user, person=commitment.person, year=year,
                        scores={"general": 25, "task_results": 55}, conditions=ALL_MET,
                    )  # fmt: skip
                raise _Undo
        except _Undo:
            pass
    return [
        (kind, statistics.median(values), max(values), len(values))
        for kind, values in times.items()
        if values
    ]


# A self-assessment's conditions of Quy định 366 (Art. 11), all met.
ALL_MET = {
    "tasks_total": 5,
    "tasks_done": 5,
    "tasks_on_time": 5,
    "tasks_exceeding": 2,
    "disciplined": False,
}


def run_bench(
    *,
    members: int,
    seed: int = 1,
    provinces: int = 1,
    repeat: int = 5,
    log=None,
    pages: bool = True,
) -> BenchResult:
    """Time the reports and the scan in turns, so that both see the machine in the same state
    (other work on a shared machine moves both)."""
    started = time.perf_counter()
    root, built = build_synthetic(members=members, seed=seed, provinces=provinces, log=log)
    built_s = time.perf_counter() - started if built else None
    year = timezone.localdate().year - 1
    model, rows = largest_table()
    # Warm-up: caches, pages, plans.
    directive05_report(organization=root, year=year)
    directive05_report(organization=root, year=year + 1)
    time_scan(model)
    report_ms, current_ms, scan_ms = [], [], []
    for _ in range(repeat):
        report_ms.append(_time_report(root, year))
        current_ms.append(_time_report(root, year + 1))
        scan_ms.append(time_scan(model))
    with CaptureQueriesContext(connection) as captured:
        directive05_report(organization=root, year=year)
    queries = len(captured)  # now: each page's request clears the connection's query log
    levels = time_levels(root, year, repeat)
    writes = time_writes(root)
    page_times = time_pages(root, year) if pages else []
    return BenchResult(
        engine=engine_name(),
        members=members,
        year=year,
        repeat=repeat,
        report_ms=report_ms,
        queries=queries,
        table=model._meta.db_table,
        rows=rows,
        scan_ms=scan_ms,
        built_s=built_s,
        current_ms=current_ms,
        pages=page_times,
        levels=levels,
        writes=writes,
    )


def format_result(result: BenchResult) -> list[str]:
    verdict = "within" if result.ratio <= TARGET_RATIO else "above"
    rows = [
        ("date", timezone.localdate().isoformat()),
        ("database", result.engine),
        ("members (N)", f"{result.members:,}"),
        (
            f"report {result.year}",
            f"median {result.report_median:.1f} ms, min {min(result.report_ms):.1f} ms "
            f"({result.repeat} runs after 1 warm-up; members on 31/12/{result.year})",
        ),
        (
            f"report {result.year + 1}",
            f"median {result.current_median:.1f} ms, min {min(result.current_ms):.1f} ms "
            f"(the year under way; members today)",
        ),
        ("queries", str(result.queries)),
        ("largest table", f"{result.table} ({result.rows:,} rows)"),
        (
            "sequential scan",
            f"median {result.scan_median:.1f} ms, min {min(result.scan_ms):.1f} ms",
        ),
        (
            "ratio",
            f"{result.ratio:.2f} x scan, the slower report ({verdict} the {TARGET_RATIO:g}x target; "
            f"{TARGET_MS} ms target on PostgreSQL)",
        ),
    ]
    if result.built_s is not None:
        rows.insert(3, ("built in", f"{result.built_s:.1f} s"))
    for level, name, ms, queries in result.levels:
        rows.append((f"report of a {level}", f"median {ms:.1f} ms, {queries} queries ({name})"))
    for kind, median, slowest, count in result.writes:
        rows.append(
            (f"save: {kind}", f"median {median:.1f} ms, slowest {slowest:.1f} ms ({count} cells)")
        )
    width = max(len(name) for name, _ in rows)
    lines = [f"{name.ljust(width)}  {value}" for name, value in rows]
    if result.pages:
        lines.append("pages (a propaganda officer of the province; median of 3):")
        lines += [f"  {ms:8.1f} ms {kb:6,} KB  {address}" for address, ms, kb in result.pages]
    return lines
