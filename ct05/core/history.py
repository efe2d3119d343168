"""The change history of a record, read for people: who, when, and each field before and after.

Records that hold people's data or a figure of the report keep their history with
django-simple-history (``history = HistoricalRecords()`` on the model; the request's user is
recorded by its middleware, a service's bulk inserts through ``bulk_create_with_history``).
An object's page and ``/api/<resource>/<id>/history/`` show :func:`entries` of the object and
of the rows that belong to it (a commitment's deeds, a meeting's attendance list), newest first.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Bookkeeping and figures derived from other rows: their changes say nothing to a reader.
SKIPPED = {
    "id",
    "created_at",
    "updated_at",
    "version",
    "deed_count",
    "deeds_evaluated",
    "deeds_achieved",
    "search_name",
    "sort_key",
    "path",
    "depth",
    "numchild",
}
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
LIMIT = 200


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    when: object
    user: object
    action: str
    kind: str  # the model's verbose name
    subject: str  # the row, as a person reads it
    changes: list[Change] = field(default_factory=list)
    reason: str = ""
    history_type: str = "~"  # simple-history's: + created, ~ changed, - deleted

    @property
    def user_name(self) -> str:
        return user_name(self.user)


def user_name(user) -> str:
    """A user as pages show them: the person's full name and position (``User.display_name``),
    the username only for an account without a person; "" for nobody (the system)."""
    if user is None:
        return ""
    name = getattr(user, "display_name", None)
    if name:
        return name
    return user.get_full_name() or user.get_username()


def _label(obj) -> str:
    """A related row by name; a user by their person's name and position."""
    name = getattr(obj, "display_name", None)
    return name if isinstance(name, str) and name else str(obj)


def _fields(model) -> list[models.Field]:
    return [
        f for f in model._meta.concrete_fields if f.name not in SKIPPED and f.attname not in SKIPPED
    ]


class _Labels:
    """Values as a person reads them: choices by label, related rows by name (read in bulk)."""

    def __init__(self, records, model):
        self.model = model
        wanted = defaultdict(set)
        for record in records:
            for f in _fields(model):
                if f.is_relation and f.many_to_one:
                    value = getattr(record, f.attname)
                    if value is not None:
                        wanted[f.name].add(value)
        self.related = {}
        for name, ids in wanted.items():
            target = model._meta.get_field(name).related_model
            rows = target._base_manager.all()
            if related := getattr(target, "label_select_related", ()):
                rows = rows.select_related(*related)
            self.related[name] = {pk: _label(obj) for pk, obj in rows.in_bulk(ids).items()}

    def __call__(self, f: models.Field, value) -> str:
        if value is None or value == "":
            return ""
        if f.is_relation and f.many_to_one:
            return self.related.get(f.name, {}).get(value, f"#{value}")
        if f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if isinstance(value, bool):
            return str(_("yes") if value else _("no"))
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime("%d/%m/%Y %H:%M")
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return str(value)


def entries(*histories, limit: int = LIMIT) -> list[Entry]:
    """The entries of one or more historical querysets (``obj.history.all()``, the history of the
    rows belonging to it), merged newest first."""
    found: list[Entry] = []
    for history in histories:
        records = list(
            history.select_related("history_user__person").order_by("-history_date", "-pk")[
                : limit + 1
            ]
        )
        model = history.model.instance_type
        labels = _Labels(records, model)
        previous: dict[object, object] = {}
        for record in reversed(records):  # oldest first, to diff each against the one before
            key = getattr(record, model._meta.pk.attname)
            before = previous.get(key)
            previous[key] = record
            changes = []
            for f in _fields(model):
                new = labels(f, getattr(record, f.attname))
                old = labels(f, getattr(before, f.attname)) if before is not None else ""
                if record.history_type == "~" and before is not None and new != old:
                    changes.append(Change(str(f.verbose_name), old, new))
            if record.history_type == "~" and before is not None and not changes:
                continue  # a save that changed only bookkeeping
            if record.history_type == "~" and before is None and len(records) > limit:
                continue  # its earlier state fell outside the limit
            found.append(
                Entry(
                    when=record.history_date,
                    user=record.history_user,
                    action=str(ACTIONS[record.history_type]),
                    history_type=record.history_type,
                    kind=str(model._meta.verbose_name),
                    subject=_subject(record, model, labels),
                    changes=changes,
                    reason=record.history_change_reason or "",
                )
            )
    found.sort(key=lambda e: e.when, reverse=True)
    return found[:limit]


def _subject(record, model, labels) -> str:
    """The row as a person reads it, from the record's own fields (read in bulk by ``labels``)
    so a history of many rows costs no query per row."""
    names = {f.name: f for f in _fields(model)}
    parts = [
        labels(names[name], getattr(record, names[name].attname))
        for name in ("person", "subject_organization", "title", "full_name", "name", "date", "year")
        if name in names
    ]
    parts = [p for p in parts if p]
    if parts:
        return " – ".join(parts[:2])
    return f"{model._meta.verbose_name} #{getattr(record, model._meta.pk.attname)}"


def sources_of(obj) -> list:
    """The historical querysets behind ``obj``'s history: its own, and its rows' when the model
    names them (``history_sources()``)."""
    if hasattr(obj, "history_sources"):
        return obj.history_sources()
    return [obj.history.all()]


def history_of(
    obj, *, since_version: int | None = None, opened_at=None, limit: int = LIMIT
) -> list[Entry]:
    """``obj``'s history, newest first. With ``opened_at`` (when a page showed the record) only
    what was saved after it; else with ``since_version``, what was saved after that version's
    own save (which may still list rows written in the same save)."""
    found = entries(*sources_of(obj), limit=limit)
    if opened_at is None and since_version is not None:
        opened_at = (
            obj.history.filter(version=since_version)
            .order_by("history_date")
            .values_list("history_date", flat=True)
            .first()
        )
    if opened_at is None:
        return found
    return [e for e in found if e.when > opened_at]
