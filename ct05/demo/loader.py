"""Writing generated rows fast: binary ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere.

The synthetic generator knows every value of a row before it writes it, so on PostgreSQL it
skips Django's per-object and per-value work (nine tenths of the client's time with
``bulk_create``) and streams plain tuples through psycopg's ``COPY … FROM STDIN (FORMAT
BINARY)``; ids are reserved from each table's own sequence beforehand, so rows can name each
other before they are written. On SQLite (small N: tests, a laptop) the same tuples become model
instances and go through ``bulk_create``.

With ``fast=True`` on PostgreSQL the load runs with ``session_replication_role = replica``
(the foreign keys' triggers off, as ``pg_restore --disable-triggers`` loads): the generator
writes only ids it reserved itself, and the per-row check was a third of the server's work.
That needs a superuser or the grant docs/operations.md names; without it the checks simply
stay on. Into a new database's empty
tables (``fresh``) the rows go in frozen, so nothing has to write the pages again after the
load.
"""

from __future__ import annotations

import contextlib
import json
import queue
import threading
from collections import Counter
from collections.abc import Iterable, Sequence

from django.db import connection, models
from django.utils import timezone
from psycopg.types.json import Jsonb

from ct05.core.connections import may_turn_off_triggers

BATCH = 2000
RESERVE = 100_000  # ids taken from a sequence at a time (a gap left at the end is harmless)


def _copy_type(field) -> str:
    """The type name psycopg's binary COPY needs (``varchar(150)`` -> ``varchar``)."""
    return (field.db_type(connection) or "").split("(", 1)[0].strip()


def _plain(value):
    """Choices' enum members as their plain value (the binary dumpers want a ``str``)."""
    return value.value if isinstance(value, models.Choices) else value


def _check_deferred(cursor) -> None:
    """Run the foreign-key checks deferred so far (a table with pending checks cannot be
    altered), then defer them again as Django declares them."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class Loader:
    """Reserves ids and writes rows of any model; counts what it wrote (``rows``)."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.now = timezone.now()
        self.rows: Counter[str] = Counter()
        self._plans: dict[tuple, tuple] = {}
        self._pool: dict[type, list[int]] = {}  # model -> [next id, end of the reserved block)
        self._queue: queue.Queue | None = None
        self._failure: list[BaseException] = []
        self.frozen: set[str] = set()  # tables written with COPY … FREEZE (``fresh``)
        self._frozen_in: tuple = ()  # the savepoints open when they were emptied

    # --- ids ----------------------------------------------------------------------------------

    def ids(self, model, count: int) -> int:
        """The first of ``count`` consecutive ids reserved for ``model`` (0 when count is 0)."""
        if count <= 0:
            return 0
        table, column = model._meta.db_table, model._meta.pk.column
        if not self.postgres:
            return self._sqlite_ids(table, column, count)
        pool = self._pool.setdefault(model, [0, 0])
        if pool[1] - pool[0] < count:
            take = max(count, RESERVE)
            pool[:] = [self._reserve(table, column, take), 0]
            pool[1] = pool[0] + take
        first = pool[0]
        pool[0] += count
        return first

    @staticmethod
    def _reserve(table: str, column: str, count: int) -> int:
        with connection.cursor() as cursor:
            # One statement: nextval takes the first, setval moves the sequence past the block.
            cursor.execute(
                "SELECT setval(s, nextval(s) + %s - 1) "
                "FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass AS s) AS q",
                [count, table, column],
            )
            last = cursor.fetchone()[0]
        return last - count + 1

    @staticmethod
    def _sqlite_ids(table: str, column: str, count: int) -> int:
        """SQLite's ``setval``: the table's AUTOINCREMENT counter moved past the block, so a
        row inserted without an id never takes a reserved one."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            cursor.execute(f"SELECT max({quote(column)}) FROM {quote(table)}")
            top = max(found[0] if found else 0, cursor.fetchone()[0] or 0)
            if found:
                cursor.execute(
                    "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [top + count, table]
                )
            else:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, top + count]
                )
        return top + 1

    def json(self, value):
        """A JSON column's value as the writer needs it; on PostgreSQL encoded here, once, so a
        value written on many rows (the ratings' scores) is not encoded again for each."""
        if not self.postgres:
            return value
        data = json.dumps(value).encode()
        return Jsonb(value, dumps=lambda _value: data)

    # --- writing ------------------------------------------------------------------------------

    def _plan(self, model, columns: Sequence[str]) -> tuple:
        """(the model's missing columns' fixed values, every column, their COPY types)."""
        key = (model, tuple(columns))
        plan = self._plans.get(key)
        if plan is None:
            given = set(columns)
            # The id, when not given, is the table's own default (its sequence).
            missing = [
                f
                for f in model._meta.concrete_fields
                if f.attname not in given and f is not model._meta.pk
            ]
            fixed = []
            for f in missing:
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                    fixed.append(self.now)
                else:
                    default = _plain(f.get_default())
                    if isinstance(f, models.JSONField):
                        default = self.json(default)
                    fixed.append(default)
            by_name = {f.attname: f for f in model._meta.concrete_fields}
            names = [*columns, *(f.attname for f in missing)]
            fields = [by_name[name] for name in names]
            plan = (
                tuple(fixed),
                names,
                [f.column for f in fields],
                [_copy_type(f) for f in fields],
            )
            self._plans[key] = plan
        return plan

    def write(self, model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        """Write ``rows`` (tuples in the order of ``columns``, attnames, the id included when
        reserved); every other column gets its field's default, the time stamps now."""
        fixed, names, db_columns, types = self._plan(model, columns)
        count = 0
        if self.postgres:
            quote = connection.ops.quote_name
            table = model._meta.db_table
            freeze = table in self.frozen and tuple(connection.savepoint_ids) == self._frozen_in
            statement = (
                f"COPY {quote(table)} ({', '.join(map(quote, db_columns))}) "
                f"FROM STDIN (FORMAT BINARY{', FREEZE' if freeze else ''})"
            )
            if self._failure:
                raise self._failure[0]
            if self._queue is not None:
                rows = rows if isinstance(rows, list) else list(rows)
                self._queue.put((statement, types, rows, fixed))
                count = len(rows)
            else:
                with connection.cursor() as cursor:
                    count = self._copy(cursor.cursor, statement, types, rows, fixed)
        else:
            batch = []
            for row in rows:
                batch.append(model(**dict(zip(names, row + fixed, strict=True))))
                if len(batch) >= BATCH:
                    model.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
            model.objects.bulk_create(batch)
            count += len(batch)
        self.rows[model._meta.db_table] += count
        return count

    @staticmethod
    def _copy(cursor, statement: str, types: list[str], rows, fixed: tuple) -> int:
        count = 0
        with cursor.copy(statement) as copy:
            copy.set_types(types)
            write_row = copy.write_row
            for row in rows:
                write_row(row + fixed)
                count += 1
        return count

    @contextlib.contextmanager
    def streaming(self):
        """On PostgreSQL, the ``COPY``s of the block run in a thread of their own on the same
        connection (and transaction), so the server writes one batch while the generator draws
        the next (before, each waited for the other). ``write`` hands its rows over and returns;
        a failure in the thread is raised by the next ``write`` or at the end of the block."""
        if not self.postgres:
            yield
            return
        connection.ensure_connection()
        raw = connection.connection  # psycopg's connection serializes the two threads' use
        handed: queue.Queue = queue.Queue(maxsize=2)

        def work():
            while (item := handed.get()) is not None:
                if self._failure:
                    continue
                try:
                    with raw.cursor() as cursor:
                        self._copy(cursor, *item)
                except BaseException as error:  # noqa: BLE001 - raised in the caller's thread
                    self._failure.append(error)

        thread = threading.Thread(target=work, name="synth-copy", daemon=True)
        thread.start()
        self._queue = handed
        try:
            yield
        finally:
            self._queue = None
            handed.put(None)
            thread.join()
        if self._failure:
            raise self._failure[0]

    def save(self, objs: list) -> list:
        """Model instances (all of one model), each given its ``pk``; for the smaller tables,
        where building instances costs little and keeps the generator readable."""
        if not objs:
            return objs
        model = type(objs[0])
        if not self.postgres:
            model.objects.bulk_create(objs, batch_size=BATCH)
            self.rows[model._meta.db_table] += len(objs)
            return objs
        first = self.ids(model, len(objs))
        pk_name = model._meta.pk.attname
        fields = [f for f in model._meta.concrete_fields if f.attname != pk_name]
        stamps = [
            f.attname
            for f in fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        relations = [f for f in fields if f.is_relation]
        json_names = {f.attname for f in fields if isinstance(f, models.JSONField)}
        names = [pk_name, *(f.attname for f in fields)]

        def rows():
            for offset, obj in enumerate(objs):
                obj.pk = first + offset
                for name in stamps:
                    setattr(obj, name, self.now)
                for f in relations:  # a parent saved after the child was built
                    if getattr(obj, f.attname) is None and f.is_cached(obj):
                        parent = f.get_cached_value(obj)
                        if parent is not None:
                            setattr(obj, f.attname, parent.pk)
                values = vars(obj)
                yield tuple(
                    self.json(values[n]) if n in json_names else _plain(values[n]) for n in names
                )
                obj._state.adding = False

        self.write(model, names, list(rows()))
        return objs

    def fresh(self, models_: Sequence[type]) -> bool:
        """On PostgreSQL, when the tables of ``models_`` hold no rows, and neither does any
        table whose foreign keys point into them, empty them once more with ``TRUNCATE`` in
        this (sub)transaction, so that their ``COPY``s can write the rows frozen (``COPY …
        FREEZE``: committed for every reader, the pages marked all-visible as they are
        written). Otherwise the first reader after the commit (the tallies' recount) writes
        every page again to note that its rows committed, and ``VACUUM`` once more to mark it
        all-visible: twice the whole load's size. A table holding rows (the demo beside) is
        left alone and written as before. True when the tables were emptied.

        Until the commit other sessions wait to read the emptied tables (``without_indexes``
        locks them as much); the ``COPY``s must run in the same savepoint, which ``write``
        checks."""
        if not self.postgres:
            return False
        tables = [model._meta.db_table for model in models_]
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH RECURSIVE t(oid) AS (SELECT unnest(%s::text[])::regclass "
                "UNION SELECT c.conrelid FROM pg_constraint c JOIN t ON c.confrelid = t.oid "
                "WHERE c.contype = 'f') SELECT oid::regclass::text FROM t ORDER BY 1",
                [tables],
            )
            every = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT " + " OR ".join(f"EXISTS (SELECT 1 FROM {name})" for name in every)
            )
            if cursor.fetchone()[0]:
                return False
            _check_deferred(cursor)
            cursor.execute(f"TRUNCATE {', '.join(every)}")
        self.frozen = set(tables)
        self._frozen_in = tuple(connection.savepoint_ids)
        return True

    @contextlib.contextmanager
    def without_indexes(self, models_: Sequence[type]):
        """On PostgreSQL, the secondary indexes (and unique constraints) of ``models_``'s tables
        dropped for the block and built again at its end, each in one sort instead of an
        insert per row (the indexes were most of the server's work on the large tables).

        Inside the caller's transaction: a failure puts them back as they were; until the
        commit, other sessions wait to read those tables (a bulk load, not a live system)."""
        if not self.postgres:
            yield
            return
        dropped = []
        with connection.cursor() as cursor:
            _check_deferred(cursor)
            for model in models_:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(
                    "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), "
                    "c.conname, pg_get_constraintdef(c.oid) "
                    "FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid "
                    "AND c.conrelid = i.indrelid AND c.contype IN ('u', 'x') "
                    "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
                    "ORDER BY 1",
                    [table],
                )
                for index, definition, constraint, constraint_definition in cursor.fetchall():
                    if constraint:
                        name = connection.ops.quote_name(constraint)
                        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
                        dropped.append(
                            f"ALTER TABLE {table} ADD CONSTRAINT {name} {constraint_definition}"
                        )
                    else:
                        cursor.execute(f"DROP INDEX {index}")
                        dropped.append(definition)
        yield
        with connection.cursor() as cursor:
            _check_deferred(cursor)
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for statement in dropped:
                cursor.execute(statement)

    @contextlib.contextmanager
    def fast(self):
        """The foreign keys' triggers off for the block (PostgreSQL, a role that may), else
        nothing."""
        allowed = self.postgres and may_turn_off_triggers()
        if allowed:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            if allowed:
                with connection.cursor() as cursor:
                    cursor.execute("SET session_replication_role = DEFAULT")
