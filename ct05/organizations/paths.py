"""Paths over time (:class:`OrganizationPath`), derived from the parent links.

A report of a past period reads the tree as it stood on its day. The links say each
organization's parent over time; these paths say each organization's whole ancestry over time,
so the subtree of X on day D is one prefix filter in the database, as it is on the current tree.
They are derived data: ``rebuild_paths()`` recomputes them all from the links in one pass (a
reorganization does, at its end), and ``add_path`` extends them for a new organization.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
from collections import defaultdict

from django.db import transaction

from .models import Organization, OrganizationLink, OrganizationPath, path_step

_MIN, _MAX = datetime.date.min, datetime.date.max
_ONE_DAY = datetime.timedelta(days=1)
STEPLEN = Organization.steplen
_deferred: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "paths_deferred", default=None
)


@contextlib.contextmanager
def deferred():
    """Postpone every rebuild inside the block to one at its end (a batch of changes)."""
    if _deferred.get() is not None:
        yield
        return
    token = _deferred.set([])
    try:
        yield
        rebuild_paths()
    finally:
        _deferred.reset(token)


def changed() -> None:
    """The links changed: rebuild now, or at the end of the enclosing ``deferred()`` block."""
    pending = _deferred.get()
    if pending is not None:
        pending.append(True)
    else:
        rebuild_paths()


def add_path(organization: Organization, parent: Organization | None) -> None:
    """A new organization's paths: its parent's, each with its own step (no other changes)."""
    if _deferred.get() is not None:
        return
    step = path_step(organization.pk)
    if parent is None:
        rows = [OrganizationPath(organization=organization, path=step)]
    else:
        rows = [
            OrganizationPath(
                organization=organization,
                path=p.path + step,
                valid_from=p.valid_from,
                valid_to=p.valid_to,
            )
            for p in OrganizationPath.objects.filter(organization=parent)
        ]
        if not rows:  # the parent was loaded without paths (a bulk load): derive them all
            rebuild_paths()
            return
    OrganizationPath.objects.bulk_create(rows)


def _parent_timeline(links, mp_parent, valid_to, successor) -> list[tuple]:
    """[(from, to, parent id)] covering every day: the first link stretched back, the last
    forward (to the successor when the organization was merged away)."""
    if not links:
        return [(_MIN, _MAX, mp_parent)]
    timeline = []
    for index, (parent, start, end) in enumerate(links):
        start = _MIN if index == 0 else start
        if timeline and timeline[-1][1] < start - _ONE_DAY:  # a gap: the earlier link holds
            prev = timeline[-1]
            timeline[-1] = (prev[0], start - _ONE_DAY, prev[2])
        timeline.append((start, end or _MAX, parent))
    last = timeline[-1]
    if last[1] != _MAX:
        if successor is not None:
            timeline.append((last[1] + _ONE_DAY, _MAX, successor))
        else:
            timeline[-1] = (last[0], _MAX, last[2])
    return timeline


def compute_paths(models=None) -> dict[int, list[tuple]]:
    """{organization id: [(from, to, path)]} from the links, in one pass over them.

    ``models``: (Organization, OrganizationLink) of a migration's state, else the current ones."""
    organization_model, link_model = models or (Organization, OrganizationLink)
    organizations = list(
        organization_model.objects.order_by().values_list("id", "path", "valid_to", "successor_id")
    )
    id_of_path = {path: pk for pk, path, _to, _s in organizations}
    links: dict[int, list] = defaultdict(list)
    for child, parent, start, end in link_model.objects.order_by(
        "child_id", "valid_from", "id"
    ).values_list("child_id", "parent_id", "valid_from", "valid_to"):
        links[child].append((parent, start, end))
    timelines = {
        pk: _parent_timeline(links.get(pk), id_of_path.get(path[:-STEPLEN]), valid_to, successor)
        for pk, path, valid_to, successor in organizations
    }
    memo: dict[tuple, list] = {}

    def periods(pk: int, lo: datetime.date, hi: datetime.date, seen: frozenset) -> list:
        key = (pk, lo, hi)
        if key in memo:
            return memo[key]
        step = path_step(pk)
        result: list[tuple] = []
        for start, end, parent in timelines.get(pk, [(_MIN, _MAX, None)]):
            start, end = max(start, lo), min(end, hi)
            if start > end:
                continue
            if parent is None or parent in seen:
                result.append((start, end, step))
                continue
            for p_start, p_end, p_path in periods(parent, start, end, seen | {pk}):
                result.append((p_start, p_end, p_path + step))
        merged: list[tuple] = []
        for start, end, path in result:
            if merged and merged[-1][2] == path and merged[-1][1] + _ONE_DAY == start:
                merged[-1] = (merged[-1][0], end, path)
            else:
                merged.append((start, end, path))
        memo[key] = merged
        return merged

    return {pk: periods(pk, _MIN, _MAX, frozenset()) for pk, *_ in organizations}


@transaction.atomic
def rebuild_paths(models=None) -> int:
    """Recompute every organization's paths over time from the links; returns the row count.

    ``models``: (Organization, OrganizationLink, OrganizationPath) of a migration's state."""
    path_model = models[2] if models else OrganizationPath
    rows = [
        path_model(
            organization_id=pk,
            path=path,
            valid_from=None if start == _MIN else start,
            valid_to=None if end == _MAX else end,
        )
        for pk, spans in compute_paths(models[:2] if models else None).items()
        for start, end, path in spans
    ]
    path_model.objects.all().delete()
    path_model.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
