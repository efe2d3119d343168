"""Set-based writes with change history: ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere.

Never a save per row. A created row gets its history row ("+") and an updated row its own
("~"), by the user who imported, as django-simple-history records them for a save.
"""

from __future__ import annotations

import datetime
import json

from django.db import connection, models
from django.utils import timezone

BATCH = 2000


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value) -> str:
    """A value in COPY's text format (faster than psycopg's per-row adaptation)."""
    if value is None:
        return "\\N"
    kind = type(value)
    if kind is str:
        return value.translate(_ESCAPES)
    if kind is bool:
        return "t" if value else "f"
    if kind is datetime.date or kind is datetime.datetime:
        return value.isoformat()
    if kind is dict or kind is list:
        return json.dumps(value).translate(_ESCAPES)
    return str(value).translate(_ESCAPES)


def _copy(table: str, columns: list[str], rows) -> None:
    """``COPY table (columns) FROM STDIN``, the rows formatted here, written 5,000 at a time."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
        ) as copy,
    ):
        lines = []
        for row in rows:
            lines.append("\t".join([_text(v) for v in row]))
            if len(lines) == 5000:
                copy.write("\n".join(lines) + "\n")
                lines = []
        if lines:
            copy.write("\n".join(lines) + "\n")


def _allocate_ids(model, objs) -> None:
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, len(objs)],
        )
        for obj, (new_id,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = new_id


def _history_user(user):
    """The user a history row names: none for the command line's operator."""
    return user if isinstance(user, models.Model) else None


def _defaults(fields, objs) -> dict:
    """Each field's default, for the fields the first object lacks (a plain namespace)."""
    sample = objs[0]
    return {f.attname: f.get_default() for f in fields if not hasattr(sample, f.attname)}


def insert(model, objs: list, *, user=None, history: bool = True) -> None:
    """Insert ``objs`` (model instances, or plain namespaces of field values: checking 100,000
    rows builds no model instance) with one history row each; each gets its ``pk``."""
    if not objs:
        return
    user = _history_user(user)
    now = timezone.now()
    for name in ("created_at", "updated_at"):
        if any(f.attname == name for f in model._meta.concrete_fields):
            for obj in objs:
                setattr(obj, name, now)
    if connection.vendor != "postgresql":
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
    pk_name = model._meta.pk.attname
    for obj in objs:
        setattr(obj, pk_name, obj.pk)
    defaults = _defaults(fields, objs)

    def value(obj, attname):
        return getattr(obj, attname) if attname not in defaults else defaults[attname]

    _copy(
        model._meta.db_table,
        [f.column for f in fields],
        ([value(obj, f.attname) for f in fields] for obj in objs),
    )
    if history:
        _history_of_inserted(model, [obj.pk for obj in objs], now, user)


def _history_of_inserted(model, ids: list[int], now, user) -> None:
    """The "+" history rows of the rows just inserted, copied by the database itself."""
    historical = model.history.model
    special = {
        "history_date": "%s",
        "history_change_reason": "NULL",
        "history_type": "'+'",
        "history_user_id": "%s",
    }
    fields = [f for f in historical._meta.concrete_fields if f.attname != "history_id"]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    values = ", ".join(special.get(f.attname, quote(f.column)) for f in fields)
    sql = (
        f"INSERT INTO {quote(historical._meta.db_table)} ({columns}) "
        f"SELECT {values} FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.pk.column)} = ANY(%s)"
    )
    params = []
    for f in fields:
        if f.attname == "history_date":
            params.append(now)
        elif f.attname == "history_user_id":
            params.append(user.pk if user is not None else None)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, ids])


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
