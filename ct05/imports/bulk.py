"""Set-based writes with change history: ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere.

Never a save per row. A created row gets its history row ("+") and an updated row its own
("~"), by the user who imported, as django-simple-history records them for a save.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from contextvars import ContextVar
from operator import itemgetter

from django.db import IntegrityError, connection, models
from django.utils import timezone

from ct05.core.connections import may_turn_off_triggers

BATCH = 2000


class _Keys:
    """The foreign keys of the rows ``COPY`` wrote with the triggers off, checked at the end of
    :func:`keys_checked_together`: by model and column referred to, the values rows refer to;
    and the ids of each model's rows the block itself wrote (those exist: the ``COPY`` that
    wrote them succeeded)."""

    def __init__(self) -> None:
        self.referred: dict[tuple[type[models.Model], str], set] = defaultdict(set)
        self.written: dict[type[models.Model], set] = defaultdict(set)
        self.names: dict[tuple[type[models.Model], str], str] = {}

    def wrote(self, model, objs: list, *, history: bool, user) -> None:
        self.written[model].update(obj.pk for obj in objs)
        for field in _constrained(model):
            self._refer(field, {getattr(obj, field.attname) for obj in objs})
        if history:
            historical = model.history.model
            for field in _constrained(historical):
                if field.attname == "history_user_id":
                    values = {user.pk if user is not None else None}
                else:
                    values = {getattr(obj, field.attname, None) for obj in objs}
                self._refer(field, values)

    def _refer(self, field, values: set) -> None:
        values.discard(None)
        target = (field.related_model, field.target_field.column)
        self.referred[target] |= values
        self.names.setdefault(target, f"{field.model._meta.db_table}.{field.column}")

    def check(self) -> None:
        """Every value referred to exists; the rows of other transactions are locked ``FOR KEY
        SHARE`` until the commit, as the triggers lock each one (nobody deletes them
        meanwhile). One statement a model referred to, whatever the number of rows."""
        with connection.cursor() as cursor:
            for (model, column), values in self.referred.items():
                if column == model._meta.pk.column:
                    values = values - self.written[model]
                if not values:
                    continue
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(
                    f"SELECT count(*) FROM (SELECT 1 FROM {table} "
                    f"WHERE {connection.ops.quote_name(column)} = ANY(%s) FOR KEY SHARE) AS locked",
                    [sorted(values)],
                )
                if cursor.fetchone()[0] != len(values):
                    raise IntegrityError(
                        f"{self.names[model, column]} refers to a {model._meta.db_table} row "
                        "that does not exist"
                    )


_KEYS: ContextVar[_Keys | None] = ContextVar("ct05_bulk_keys", default=None)


def _constrained(model) -> list:
    """The foreign keys of ``model`` the database checks."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.many_to_one and getattr(f, "db_constraint", False)
    ]


@contextlib.contextmanager
def keys_checked_together():
    """Inside a transaction: the foreign keys of the rows :func:`insert` writes in the block
    are checked once at its end, set-based, instead of row by row at the commit.

    PostgreSQL checks a foreign key with a trigger per row (a query and a row lock each: for
    100,000 people with their memberships and history, half a million, a third of the server's
    work of the import). Where the role may, each ``COPY`` of the block runs with
    ``session_replication_role = replica`` (the triggers off, as ``pg_restore
    --disable-triggers`` loads), and :meth:`_Keys.check` then verifies every id the rows refer
    to exists and locks those of other transactions as the triggers would. Elsewhere (SQLite, a
    role without the right) the block changes nothing: the database checks as always."""
    if _KEYS.get() is not None or not connection.in_atomic_block or not may_turn_off_triggers():
        yield
        return
    keys = _Keys()
    token = _KEYS.set(keys)
    try:
        yield
        keys.check()
    finally:
        _KEYS.reset(token)


@contextlib.contextmanager
def _triggers_off(keys: _Keys | None):
    if keys is None:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    yield
    # Not on an error: the transaction (or the savepoint before the SET) is rolled back, and
    # with it the SET; a statement in the failed transaction would hide the error.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = origin")


def _copy_type(field) -> str:
    """The PostgreSQL type name psycopg's binary COPY needs for ``field`` (``varchar(150)`` ->
    ``varchar``; the sizes and checks are the table's, enforced by the server)."""
    db_type = field.db_type(connection) or ""
    return db_type.split("(", 1)[0].strip()


def _copy(table: str, columns: list[str], types: list[str], rows) -> None:
    """``COPY table (columns) FROM STDIN`` in binary: psycopg's C dumpers encode each value
    (a row formatted as text in Python cost ten times more than the server's work)."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN (FORMAT BINARY)"
        ) as copy,
    ):
        copy.set_types(types)
        write_row = copy.write_row
        for row in rows:
            write_row(row)


def _allocate_ids(model, objs) -> None:
    """Ids from the table's own sequence (what a concurrent insert gets never collides).

    The values one statement takes rise, so when the first and last are ``len(objs) - 1``
    apart they are every number between: only those two come back (100,000 ids as an array
    took half a second to read). Otherwise, another session took some in between: the array."""
    pk = model._meta.pk
    count = len(objs)
    with connection.cursor() as cursor:
        # The sequence named once, as a constant: ``nextval(pg_get_serial_sequence(…))`` looked
        # it up again for every id (0.4 s of server time for 100,000).
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, pk.column])
        sequence = cursor.fetchone()[0]
        cursor.execute(
            "SELECT min(id), max(id), CASE WHEN max(id) - min(id) + 1 <> %s "
            "THEN array_agg(id ORDER BY id) END "
            "FROM (SELECT nextval(%s::regclass) AS id FROM generate_series(1, %s)) AS taken",
            [count, sequence, count],
        )
        first, _last, ids = cursor.fetchone()
    if ids is None:
        ids = range(first, first + count)
    for obj, new_id in zip(objs, ids, strict=True):
        obj.pk = new_id


def _history_user(user):
    """The user a history row names: none for the command line's operator."""
    return user if isinstance(user, models.Model) else None


def _defaults(fields, objs) -> dict:
    """Each field's default, for the fields the first object lacks (a plain namespace)."""
    sample = objs[0]
    return {f.attname: f.get_default() for f in fields if not hasattr(sample, f.attname)}


def insert(model, objs: list, *, user=None, history: bool = True, prepare=None) -> None:
    """Insert ``objs`` (model instances, or plain namespaces of field values: checking 100,000
    rows builds no model instance) with one history row each; each gets its ``pk``.

    ``prepare(obj)``, when given, sets what is derived of each object (it may run twice on
    the first): on PostgreSQL it runs as the rows stream, while the server writes the rows
    before, not in a loop of its own before the write begins."""
    if not objs:
        return
    user = _history_user(user)
    now = timezone.now()
    stamps = {
        name: now
        for name in ("created_at", "updated_at")
        if any(f.attname == name for f in model._meta.concrete_fields)
    }
    if connection.vendor != "postgresql":
        for obj in objs:
            if prepare is not None:
                prepare(obj)
            for name, value in stamps.items():
                setattr(obj, name, value)
        attnames = {f.attname for f in model._meta.concrete_fields}
        instances = [
            obj
            if isinstance(obj, model)
            else model(**{k: v for k, v in vars(obj).items() if k in attnames})
            for obj in objs
        ]
        model.objects.bulk_create(instances, batch_size=BATCH)
        for obj, instance in zip(objs, instances, strict=True):
            obj.pk = instance.pk
        if history:
            model.history.bulk_history_create(
                instances, batch_size=BATCH, default_user=user, default_date=now
            )
        return
    _allocate_ids(model, objs)
    fields = model._meta.concrete_fields
    if prepare is not None:
        prepare(objs[0])
    # What every row gets alike: the defaults of the fields the objects lack, the time stamps.
    fixed = {**_defaults(fields, objs), **stamps}
    attnames = [f.attname for f in fields]
    keys = _KEYS.get()
    with _triggers_off(keys):
        _copy(
            model._meta.db_table,
            [f.column for f in fields],
            [_copy_type(f) for f in fields],
            _values(objs, attnames, fixed, prepare=prepare, pk_name=model._meta.pk.attname),
        )
        if history:
            _copy_history(model, objs, now, user)
    if keys is not None:
        keys.wrote(model, objs, history=history, user=user)


def _values(objs, attnames: list[str], fixed: dict, extra: tuple = (), prepare=None, pk_name=None):
    """Each object's values in the order of ``attnames``, after ``prepare`` and with ``fixed``
    set on it (and its ``pk`` as ``pk_name``), followed by ``extra``: one ``itemgetter`` call
    a row (a list built value by value cost as much as the COPY's encoding)."""
    get = itemgetter(*attnames)
    extra = tuple(extra)
    single = len(attnames) == 1
    for obj in objs:
        if prepare is not None:
            prepare(obj)
        values = vars(obj)
        if fixed:
            values.update(fixed)
        if pk_name is not None:
            values[pk_name] = obj.pk
        row = get(values)
        yield (row,) + extra if single else row + extra


# The history row's own columns, as simple-history fills them for a created row.
_HISTORY_OWN = ("history_date", "history_change_reason", "history_type", "history_user_id")


def _copy_history(model, objs: list, now, user) -> None:
    """The "+" history rows of the rows just inserted, streamed by the same binary ``COPY``
    (what ``bulk_history_create`` writes, without building a historical instance per row)."""
    historical = model.history.model
    fields = [
        f
        for f in historical._meta.concrete_fields
        if f.attname != "history_id" and f.attname not in _HISTORY_OWN
    ]
    own = {f.attname: f for f in historical._meta.concrete_fields if f.attname in _HISTORY_OWN}
    missing = set(_HISTORY_OWN) - set(own)
    if missing:  # pragma: no cover - simple-history's fields, renamed by a setting
        raise RuntimeError(f"{historical.__name__} lacks {sorted(missing)}")
    columns = [*fields, *(own[name] for name in _HISTORY_OWN)]
    _copy(
        historical._meta.db_table,
        [f.column for f in columns],
        [_copy_type(f) for f in columns],
        _values(
            objs,
            [f.attname for f in fields],
            {},  # the rows' own COPY set the defaults and time stamps on the objects
            (now, None, "+", user.pk if user is not None else None),
        ),
    )


def update(model, objs: list, fields: list[str], *, user=None) -> None:
    """Save ``fields`` of ``objs`` (a version counted up where the model keeps one), with a
    history row each."""
    if not objs:
        return
    user = _history_user(user)
    now = timezone.now()
    fields = list(fields)
    if hasattr(objs[0], "updated_at"):
        for obj in objs:
            obj.updated_at = now
        fields.append("updated_at")
    if hasattr(objs[0], "version"):
        for obj in objs:
            obj.version += 1
        fields.append("version")
    model.objects.bulk_update(objs, sorted(set(fields)), batch_size=BATCH)
    model.history.bulk_history_create(
        objs, batch_size=BATCH, update=True, default_user=user, default_date=now
    )
