"""The rating schemes as they stand (their years, criteria groups, sub-criteria and bands), read
once a process and read again after any of them changes.

Every view of a member's year shows the self-assessment form, which needs the scheme in force,
its groups, its sub-criteria for the member and its bands: four queries on the most frequent
page, for rows an administrator changes a few times a decade. They are kept here, in each
process, under a *generation* (:mod:`ct05.ratings.generation`): a token in the shared cache
that every change of a scheme's row replaces once its transaction commits, so every process
reads the schemes again on its next request. A process asks the cache for the token on each use
(one round trip to Redis, or one small query with the database cache) instead of the four
queries.

Inside a transaction that changed a scheme, the rows are read from the database (what that
transaction sees), again after each change, and kept for that transaction alone: it may still be
rolled back.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from django.db import connection

from . import generation
from .models import CriteriaGroup, Criterion, CriterionSubject, RatingScheme, ScoreThreshold


@dataclass(frozen=True)
class SchemeParts:
    """One scheme's groups (in order), its sub-criteria (by subject kind, each with its group)
    and its bands (highest first)."""

    groups: tuple[CriteriaGroup, ...]
    criteria: tuple[Criterion, ...]
    bands: tuple[ScoreThreshold, ...]

    def criteria_for(self, subject_kind: str) -> list[Criterion]:
        kinds = (subject_kind, CriterionSubject.ALL)
        return [c for c in self.criteria if c.subject_kind in kinds]


@dataclass(frozen=True)
class Schemes:
    by_year: tuple[RatingScheme, ...]  # ordered by the first year in force
    parts: dict[int, SchemeParts] = field(default_factory=dict)


def _load() -> Schemes:
    schemes = tuple(RatingScheme.objects.order_by("from_year", "pk"))
    groups: dict[int, list] = {s.pk: [] for s in schemes}
    criteria: dict[int, list] = {s.pk: [] for s in schemes}
    bands: dict[int, list] = {s.pk: [] for s in schemes}
    for group in CriteriaGroup.objects.order_by("scheme_id", "order", "pk"):
        groups[group.scheme_id].append(group)
    for criterion in Criterion.objects.select_related("group").order_by("group", "order", "pk"):
        criteria[criterion.group.scheme_id].append(criterion)
    for band in ScoreThreshold.objects.order_by("-min_score", "pk"):
        bands[band.scheme_id].append(band)
    parts = {
        pk: SchemeParts(tuple(groups[pk]), tuple(criteria[pk]), tuple(bands[pk])) for pk in groups
    }
    return Schemes(schemes, parts)


_OWN = "_ct05_rating_schemes_own"  # (last change, schemes) read inside a changing transaction
_kept: list[tuple[str, Schemes]] = []  # (generation, schemes) of this process
_lock = threading.Lock()


def current() -> Schemes:
    """The schemes as they stand (see the module's docstring)."""
    last_change = generation.pending()
    if last_change is not None:
        # Read again after each change of this transaction, and kept for it alone.
        seen = getattr(connection, _OWN, None)
        if seen is None or seen[0] is not last_change:
            seen = (last_change, _load())
            setattr(connection, _OWN, seen)
        return seen[1]
    now = generation.current()
    with _lock:
        if _kept and _kept[0][0] == now:
            return _kept[0][1]
    loaded = _load()
    with _lock:
        _kept[:] = [(now, loaded)]
    return loaded


def parts_of(scheme: RatingScheme) -> SchemeParts:
    """A scheme's groups, sub-criteria and bands (the scheme's own, if it is not kept yet)."""
    found = current().parts.get(scheme.pk)
    if found is not None:
        return found
    return _load().parts.get(scheme.pk, SchemeParts((), (), ()))
