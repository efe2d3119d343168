"""Work shared out among several database connections at once (bulk builds and recounts).

PostgreSQL runs each statement of such work on one core: a machine's other cores help only
when the work is handed out to other connections, each on a thread of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connection


def shareable() -> bool:
    """Whether work may go to other connections: on PostgreSQL, and outside a transaction,
    whose rows the other connections would not see (a test's, a caller's)."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def each_on_a_connection(work: Callable[[Any], object], items: Iterable, jobs: int) -> None:
    """``work(item)`` for every item, on ``jobs`` threads, each item on the thread's own
    connection (closed after it). Items are handed out in order as threads come free; the
    first failure is raised after the other items have run."""

    def run(item) -> None:
        try:
            work(item)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        list(pool.map(run, items))
