"""Levels, scores and deed evaluations that agree with each other, for generated ratings.

Under a scored scheme (Quy định 366-QĐ/TW) a level must be backed by a total within its band of
the scheme's thresholds (stored as data), the points spread over the criteria groups in
proportion to their maximum, and by a record of the tasks that meets the band's conditions
(Art. 11: on time, exceeding, done, behind schedule, discipline). Under a levels-only scheme
there are neither.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import Decimal

from ct05.commitments.models import Evaluation
from ct05.ratings.models import LEVEL_RANK, Level, RatingScheme, ScoreThreshold, TaskRecord

TENTH = Decimal("0.1")

# Shares before the cap: most "good", a few "complete", rare "not complete".
PERSON_WEIGHTS = {Level.GOOD: 76, Level.EXCELLENT: 12, Level.COMPLETE: 11, Level.NOT_COMPLETE: 1}
ORGANIZATION_WEIGHTS = {
    Level.GOOD: 70,
    Level.EXCELLENT: 16,
    Level.COMPLETE: 12,
    Level.NOT_COMPLETE: 2,
}
# Deciding the others first keeps every "excellent" within the cap when it is decided.
DECISION_ORDER = {Level.GOOD: 0, Level.COMPLETE: 1, Level.NOT_COMPLETE: 2, Level.EXCELLENT: 3}


@dataclass(frozen=True)
class ScoreScale:
    uses_score: bool
    groups: tuple[tuple[str, Decimal], ...]  # (code, maximum points)
    thresholds: tuple[tuple[str, Decimal], ...]  # (level, lowest score), highest first
    bands: tuple[ScoreThreshold, ...] = ()  # the same, with their conditions

    @classmethod
    def of(cls, scheme: RatingScheme) -> ScoreScale:
        groups = tuple((g.code, g.max_points) for g in scheme.groups.order_by("order"))
        bands = tuple(scheme.bands())
        thresholds = tuple((t.level, t.min_score) for t in bands)
        return cls(scheme.uses_score and bool(groups), groups, thresholds, bands)

    def conditions_for(self, rng: random.Random, level: str, collective: bool) -> dict:
        """A record of the tasks (``Rating`` fields) that meets ``level``'s band conditions;
        below every band with conditions, some tasks left undone. ``{}`` without points."""
        if not self.uses_score or not any(b.has_conditions() for b in self.bands):
            return {}
        band = next((b for b in self.bands if b.level == level), None)
        total = rng.randint(4, 10)
        if band is None or not band.has_conditions():
            done = total - rng.randint(1, 2)
            record = TaskRecord(total, done, max(done - rng.randint(0, 2), 0), 0)
        else:

            def least(pct):
                return math.ceil(total * pct / 100) if pct is not None else 0

            on_time_low = least(band.min_on_time_pct)
            if band.max_behind_pct is not None:
                on_time_low = max(on_time_low, total - total * band.max_behind_pct // 100)
            on_time = rng.randint(on_time_low, total)
            done = rng.randint(max(least(band.min_done_pct), on_time), total)
            exceeding_low = min(least(band.min_exceeding_pct), done)
            exceeding = rng.randint(exceeding_low, max(exceeding_low, done // 2))
            record = TaskRecord(total, done, on_time, exceeding)
        disciplined = None
        if collective:
            disciplined = False if band is not None and band.no_discipline else rng.random() < 0.1
        fields = record.as_fields()
        fields["disciplined"] = disciplined
        return fields

    @property
    def maximum(self) -> Decimal:
        return sum((m for _, m in self.groups), Decimal(0))

    def level_for(self, total: Decimal) -> str:
        for level, lowest in self.thresholds:
            if total >= lowest:
                return level
        return Level.NOT_COMPLETE

    def band(self, level: str) -> tuple[Decimal, Decimal]:
        """[lowest, highest) total of ``level``."""
        lowest = dict(self.thresholds).get(level)
        if lowest is None:
            return Decimal(0), Decimal(0)
        above = [m for _, m in self.thresholds if m > lowest]
        return lowest, min(above) if above else self.maximum + TENTH

    def scores_for(self, rng: random.Random, level: str) -> tuple[dict[str, str], Decimal | None]:
        """Points per criteria group whose total falls in ``level``'s band ({} without points)."""
        if not self.uses_score:
            return {}, None
        lowest, highest = self.band(level)
        span = highest - lowest
        total = lowest + span * Decimal(str(round(rng.uniform(0.1, 0.85), 2)))
        total = min(total.quantize(Decimal("0.5")), self.maximum)
        if total < lowest:
            total = lowest
        scores, given = {}, Decimal(0)
        for code, maximum in self.groups[:-1]:
            points = min((total * maximum / self.maximum).quantize(TENTH), maximum)
            scores[code] = points
            given += points
        last_code, last_max = self.groups[-1]
        scores[last_code] = max(min(total - given, last_max), Decimal(0))
        total = sum(scores.values(), Decimal(0))
        assert self.level_for(total) == level, (level, total)
        return {code: str(points) for code, points in scores.items()}, total


def assign_levels(
    rng: random.Random, count: int, weights: dict[str, int], cap_pct: int = 20
) -> list[str]:
    """Levels for one group (the members of an organization, or the organizations under one
    parent) with "excellent" kept within ``cap_pct`` % of "good", as the cap check counts it."""
    levels = rng.choices(list(weights), weights=list(weights.values()), k=count)
    while levels.count(Level.EXCELLENT) * 100 > cap_pct * levels.count(Level.GOOD):
        levels[levels.index(Level.EXCELLENT)] = Level.GOOD
    return levels


def one_level_up(level: str) -> str:
    by_rank = {rank: lvl for lvl, rank in LEVEL_RANK.items()}
    return by_rank.get(LEVEL_RANK[level] + 1, level)


def evaluations_for(rng: random.Random, level: str, count: int) -> list[str]:
    """Year-end evaluations of ``count`` deeds consistent with the person's level."""
    result = [Evaluation.ACHIEVED] * count
    if level == Level.GOOD and rng.random() < 0.25:
        result[rng.randrange(count)] = Evaluation.PARTLY
    elif level == Level.COMPLETE:
        result[0] = Evaluation.PARTLY
        result[-1] = Evaluation.NOT_ACHIEVED if rng.random() < 0.4 else Evaluation.PARTLY
    elif level == Level.NOT_COMPLETE:
        for i in range(count):
            result[i] = Evaluation.NOT_ACHIEVED if i % 2 == 0 else Evaluation.PARTLY
    rng.shuffle(result)
    return result
