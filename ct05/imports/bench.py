"""Timing the import: N people rows (with membership) into an empty province.

The yardstick is python-calamine reading the same file and nothing else: the import (read,
check every row, write set-based, recount the tallies) targets under 10 s for 100,000 rows on
PostgreSQL and within 3x the raw read, a peak under 500 MB, and a file of which one row is bad
rejected in under 5 s with that row named.
"""

from __future__ import annotations

import datetime
import gc
import os
import random
import resource
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from ct05.accounts.models import RoleAssignment, User
from ct05.core.spreadsheets import append_row
from ct05.organizations.models import Organization

from .importer import run_import
from .kinds.organizations import Organizations
from .kinds.people import People

TARGET_S = 10.0
TARGET_RATIO = 3.0
TARGET_BAD_S = 5.0
TARGET_MB = 500
CELL_SIZE = 25  # members per cell
CELLS_PER_COMMITTEE = 40


@dataclass
class ImportBench:
    engine: str
    rows: int
    read_s: float
    tree_s: float
    import_s: float
    bad_s: float
    bad_row: int
    bad_named: bool
    peak_mb: float
    written: int
    # CPU seconds, which a machine shared with other work changes far less than the clock:
    # of this process (python-calamine's read; the whole import) and of the database's
    # backend during the import (None when the server is not on this machine).
    read_cpu_s: float = 0.0
    import_cpu_s: float = 0.0
    server_cpu_s: float | None = None
    quiet_read_s: float = 0.0  # the read with the cycle collector off, as the import reads

    @property
    def ratio(self) -> float:
        return self.import_s / self.read_s if self.read_s else float("inf")


def _server_cpu() -> float | None:
    """CPU seconds the database's backend of this connection has used, when it runs on this
    machine (PostgreSQL's process, read from /proc); else None."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write(path: Path, kind, rows) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(kind.sheet)
    append_row(ws, [c.header for c in kind.columns])
    for row in rows:
        append_row(ws, row)
    wb.save(path)
    return path


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vàng", "Giàng", "Lò", "Hà", "Nông", "Triệu"]
MIDDLE = ["Văn", "Thị", "A", "Thị Thu", "Đức", "Minh", "Ngọc", "Quang", "Xuân"]
GIVEN = ["An", "Bình", "Chi", "Dình", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Mai", "Nam", "Páo",
         "Sình", "Thảo", "Tú", "Vừ", "Xuân", "Yến", "Kiên", "Linh", "Phong", "Quý", "Sơn"]  # fmt: skip


def _people_rows(run: int, codes: list[str], count: int, bad_row: int | None = None):
    """Rows as a district's list has them: names from common ones, dates some as Excel dates
    and some typed as text."""
    rng = random.Random(run)
    genders = ["Nam", "Nữ"]
    ethnic = ["Kinh", "Tày", "Thái", "Mông", "Dao", "Nùng"]
    for i in range(1, count + 1):
        birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(14000))
        admitted = birth + datetime.timedelta(days=365 * 20 + rng.randrange(3000))
        yield [
            i,
            f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            "31/02/1980" if i + 1 == bad_row else birth,
            genders[i % 2],
            ethnic[i % len(ethnic)],
            f"{run:03d}{i:07d}",
            f"{run:03d}{i:09d}",
            codes[(i - 1) // CELL_SIZE % len(codes)],
            "",
            "Đảng viên",
            admitted.strftime("%d/%m/%Y"),
            admitted + datetime.timedelta(days=365),
            datetime.date(2024, 1, 1),
        ]


def _bare_reads(path: Path, *, collector: bool = True) -> tuple[list[float], list[float]]:
    """Three times python-calamine reading the workbook and nothing else: the seconds and the
    CPU seconds of each (with Python's cycle collector on, or off as the import reads)."""
    reads, cpus = [], []
    for _ in range(3):
        if not collector:
            gc.disable()
        try:
            started, cpu = time.perf_counter(), time.process_time()
            workbook = CalamineWorkbook.from_path(str(path))
            workbook.get_sheet_by_index(0).to_python()
            workbook.close()
            reads.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        finally:
            gc.enable()
    return reads, cpus


def run_import_bench(*, rows: int, log=print) -> ImportBench:
    run = Organization.objects.filter(depth=1, code__startswith="IMPORT-BENCH-").count() + 1
    root_code = f"IMPORT-BENCH-{run}"
    cells = max(1, rows // CELL_SIZE)
    committees = max(1, cells // CELLS_PER_COMMITTEE)
    user = User.objects.create_superuser(f"import-bench-{run}-{time.time_ns()}", password=None)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        tree = [
            [
                root_code,
                f"Tỉnh thử nhập {run}",
                "provincial_committee",
                "",
                datetime.date(2020, 1, 1),
                3,
            ]
        ]
        tree += [
            [
                f"{root_code}.{c:03d}",
                f"Đảng bộ xã {c}",
                "grassroots_committee",
                root_code,
                datetime.date(2020, 1, 1),
                None,
            ]
            for c in range(1, committees + 1)
        ]
        codes = [f"{root_code}.{(k % committees) + 1:03d}.{k + 1:04d}" for k in range(cells)]
        tree += [
            [
                code,
                f"Chi bộ {k + 1}",
                "Chi bộ trực thuộc",
                code.rsplit(".", 1)[0],
                datetime.date(2020, 1, 1),
                None,
            ]
            for k, code in enumerate(codes)
        ]
        started = time.perf_counter()
        result = run_import(_write(folder / "tree.xlsx", Organizations, tree), user=user)
        tree_s = time.perf_counter() - started
        assert result.ok, result.problems[:3]
        root = Organization.objects.get(code=root_code)
        RoleAssignment.objects.create(user=user, organization=root, role="propaganda")
        user.is_superuser = False
        user.save(update_fields=["is_superuser"])
        log(f"tree: {committees} committees, {cells} cells in {tree_s:.1f} s")
        good = _write(folder / "people.xlsx", People, _people_rows(run, codes, rows))
        bad_row = rows // 2 + 1
        bad = _write(folder / "bad.xlsx", People, _people_rows(run + 500, codes, rows, bad_row))
        log(f"workbooks written ({good.stat().st_size / 1e6:.1f} MB)")
        reads, read_cpus = _bare_reads(good)
        read_s = min(reads)
        # The same read with Python's cycle collector off, as the import reads (for reference:
        # the yardstick stays the plain read anyone would time).
        quiet_reads, _cpus = _bare_reads(good, collector=False)
        server = _server_cpu()
        started, cpu = time.perf_counter(), time.process_time()
        result = run_import(good, user=user)
        import_s = time.perf_counter() - started
        import_cpu_s = time.process_time() - cpu
        server_cpu_s = None if server is None else _server_cpu() - server
        assert result.ok, result.problems[:3]
        started = time.perf_counter()
        rejected = run_import(bad, user=user)
        bad_s = time.perf_counter() - started
    named = [(p.row, p.column) for p in rejected.problems] == [(bad_row, "Ngày sinh")]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            engine = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        else:
            cursor.execute("SELECT sqlite_version()")
            engine = f"SQLite {cursor.fetchone()[0]}"
    return ImportBench(
        engine,
        rows,
        read_s,
        tree_s,
        import_s,
        bad_s,
        bad_row,
        named,
        _peak_mb(),
        result.written,
        min(read_cpus),
        import_cpu_s,
        server_cpu_s,
        min(quiet_reads),
    )


def format_import_bench(b: ImportBench) -> list[str]:
    def mark(ok: bool) -> str:
        return "ok" if ok else "OVER TARGET"

    read_cpu = max(b.read_cpu_s, 1e-6)
    return [
        f"Import of {b.rows:,} people rows (with membership) into an empty province, {b.engine}",
        f"  raw read (python-calamine): {b.read_s:.2f} s",
        f"  import (read, check, write, tallies): {b.import_s:.2f} s, {b.written:,} written "
        f"[{mark(b.import_s < TARGET_S)} < {TARGET_S:.0f} s]",
        f"  ratio to the raw read: {b.ratio:.1f}x [{mark(b.ratio <= TARGET_RATIO)} <= {TARGET_RATIO:.0f}x]",
        f"  (the raw read with Python's cycle collector off, as the import reads: "
        f"{b.quiet_read_s:.2f} s; the import is {b.import_s / max(b.quiet_read_s, 1e-6):.1f}x that)",
        f"  one bad row ({b.bad_row}) rejected in {b.bad_s:.2f} s, named: {b.bad_named} "
        f"[{mark(b.bad_s < TARGET_BAD_S and b.bad_named)} < {TARGET_BAD_S:.0f} s]",
        f"  peak memory of the process: {b.peak_mb:.0f} MB [{mark(b.peak_mb < TARGET_MB)} < {TARGET_MB} MB]",
        f"  CPU (less moved by other work on the machine): the read {b.read_cpu_s:.2f} s; the "
        f"import {b.import_cpu_s:.2f} s in this process ({b.import_cpu_s / read_cpu:.1f}x)"
        + (
            f" and {b.server_cpu_s:.2f} s in the database's backend "
            f"({b.server_cpu_s / read_cpu:.1f}x)"
            if b.server_cpu_s is not None
            else ""
        ),
        f"  (the tree of {b.rows // CELL_SIZE:,} cells imported first in {b.tree_s:.2f} s)",
    ]
