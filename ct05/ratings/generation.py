"""The generation of the rating schemes' rows: a token in the shared cache that every change of
a scheme, a criteria group, a sub-criterion or a band replaces once its transaction commits, so
each process reads the schemes again (:mod:`ct05.ratings.schemes` keeps them). The models'
signals announce single saves and deletes, their querysets the bulk writes."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import connection, models, transaction

CACHE_KEY = "ct05:ratings:schemes:generation"


def current() -> str:
    """The generation now (a new one when the cache has lost it)."""
    generation = cache.get(CACHE_KEY)
    if generation is None:
        cache.add(CACHE_KEY, uuid.uuid4().hex, None)
        generation = cache.get(CACHE_KEY)
    return generation


class _Announcement:
    """A new generation, once the transaction that changed a scheme's row commits (one object
    per change: while it waits in the connection's on-commit list, the transaction is open)."""

    def __call__(self) -> None:
        cache.set(CACHE_KEY, uuid.uuid4().hex, None)


def changed(**_kwargs) -> None:
    """A scheme's row changed: every process reads the schemes again once it commits."""
    transaction.on_commit(_Announcement())


def pending() -> object | None:
    """The last change of a scheme's row made by this connection's open transaction (``None``
    when it made none). Django drops a transaction's on-commit callbacks when it rolls back and
    runs them when it commits, so what is still waiting is this transaction's own."""
    for _savepoints, callback, _robust in reversed(connection.run_on_commit):
        if isinstance(callback, _Announcement):
            return callback
    return None


class SchemeQuerySet(models.QuerySet):
    """The schemes' querysets announce their bulk writes (no signal fires for them)."""

    def update(self, **kwargs):
        count = super().update(**kwargs)
        changed()
        return count

    def bulk_create(self, *args, **kwargs):
        made = super().bulk_create(*args, **kwargs)
        changed()
        return made

    def bulk_update(self, *args, **kwargs):
        count = super().bulk_update(*args, **kwargs)
        changed()
        return count
