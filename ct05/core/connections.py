"""Work shared out among several database connections at once (bulk builds and recounts),
and what this connection's role may do for bulk writes.

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


def may_turn_off_triggers() -> bool:
    """Whether this connection's role may set ``session_replication_role`` (the foreign keys'
    triggers off for its own session, as ``pg_restore --disable-triggers`` loads): a superuser,
    or on PostgreSQL 15 and later a role granted ``SET`` on it (docs/operations.md). False on
    other databases."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if row and row[0]:
            return True
        if connection.pg_version < 150000:
            return False
        cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
        return bool(cursor.fetchone()[0])
