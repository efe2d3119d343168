"""Report sections: each is one function from a :class:`ReportScope` to figures.

A section returns ``{"total": {...}, "<child path>": {...}, ...}`` so the renderers can show the
whole subtree and a row per child organization. No renderer computes a figure.
"""

from __future__ import annotations

from functools import lru_cache

from django.db.models import (
    Case,
    F,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from ct05.meetings.services import expected_between
from ct05.organizations.models import Organization
from ct05.people.models import Membership
from ct05.ratings.models import Level, PeriodKind
from ct05.study.services import topic_for

from .models import CommitmentTally, MeetingTally, MembershipTally, RatingTally, StudyTally
from .scope import ReportScope, Totals


def percent(part: int, whole: int) -> float | None:
    return None if not whole else round(part * 100 / whole, 1)


def _people_by_bucket(scope: ReportScope) -> tuple[dict[str, int], int]:
    """People who are members on the report's day, per child and in all (computed once).

    A membership ends the day before the next one starts (``transfer_person``), so a person
    has one membership on a day and counting memberships counts each person once, in one place.
    The members on the period's last day come from the membership tallies (a few rows per
    organization); on an earlier day (today, while the year runs) the memberships that begin
    or end between that day and the year's end are put right, a handful read by their dates.
    """
    if "people" not in scope.cache:
        result: dict[str, int] = {}

        def add(rows) -> None:
            for row in rows:
                bucket = scope.bucket_of_path(row["bucket"])
                result[bucket] = result.get(bucket, 0) + (row["n"] or 0)

        add(
            MembershipTally.objects.filter(scope.in_subtree(), year__lte=scope.end.year)
            .annotate(bucket=scope.bucket_expression())
            .order_by()
            .values("bucket")
            .annotate(n=Sum(F("starts") - F("ends")))
        )
        day, end = scope.day, scope.end
        if day < end:
            only_on_day = Q(valid_from__lte=day, valid_to__gte=day, valid_to__lt=end)
            only_at_end = Q(valid_from__gt=day, valid_from__lte=end) & (
                Q(valid_to__isnull=True) | Q(valid_to__gte=end)
            )
            add(
                Membership.objects.filter(scope.in_subtree())
                .filter(only_on_day | only_at_end)
                .annotate(bucket=scope.bucket_expression())
                .order_by()
                .values("bucket")
                .annotate(n=Sum(Case(When(only_on_day, then=Value(1)), default=Value(-1))))
            )
        scope.cache["people"] = result, sum(result.values())
    return scope.cache["people"]


COMMITMENT_FIGURES = [
    "people", "committed", "committed_pct", "deeds_registered", "deeds_evaluated",
    "deeds_achieved", "meeting_minimum",
]  # fmt: skip


def commitments(scope: ReportScope) -> dict:
    """Commitments of the year, their deeds, and those meeting the minimum in force now.

    Read from the commitment tallies (one row per organization, year and number of deeds; see
    ``ct05.reports.tallies``), not from every commitment. The minimum is inherited down the tree;
    it is put into the query as a CASE over the few organizations that set one (deepest first).
    """
    people, _total = _people_by_bucket(scope)
    figures = Totals()
    overrides = scope.overrides("min_deeds")
    default = Value(Organization.SETTING_DEFAULTS["min_deeds"])
    required = (
        Case(
            *(When(organization__path__startswith=p, then=Value(v)) for p, v in overrides),
            default=default,
            output_field=IntegerField(),
        )
        if overrides
        else default
    )
    rows = (
        CommitmentTally.objects.filter(scope.in_subtree(), year=scope.year)
        .annotate(bucket=scope.bucket_expression())
        .order_by()
        .values("bucket")
        .annotate(
            committed=Sum("commitments"),
            deeds_registered=Sum(F("commitments") * F("deed_count")),
            deeds_evaluated=Sum("deeds_evaluated"),
            deeds_achieved=Sum("deeds_achieved"),
            meeting_minimum=Sum("commitments", filter=Q(deed_count__gte=required)),
        )
    )
    for row in rows:
        bucket = scope.bucket_of_path(row["bucket"])
        for name in (
            "committed",
            "deeds_registered",
            "deeds_evaluated",
            "deeds_achieved",
            "meeting_minimum",
        ):
            figures.add(bucket, name, row[name] or 0)

    for bucket, count in people.items():
        figures.add(bucket, "people", count)

    def finish(values: dict) -> dict:
        values = {n: values.get(n, 0) for n in COMMITMENT_FIGURES}
        values["committed_pct"] = percent(values["committed"], values["people"])
        return values

    return by_bucket(scope, figures, COMMITMENT_FIGURES, finish)


LEVELS = [Level.EXCELLENT.value, Level.GOOD.value, Level.COMPLETE.value, Level.NOT_COMPLETE.value]
RATING_FIGURES = [*LEVELS, "unrated"]


def ratings(scope: ReportScope) -> dict:
    """Decided yearly ratings by level, of members and of party organizations."""
    people, _total = _people_by_bucket(scope)
    members, organizations = Totals(), Totals()
    rows = (
        RatingTally.objects.filter(
            scope.in_subtree(), period_kind=PeriodKind.YEAR, year=scope.year, quarter=0
        )
        .annotate(bucket=scope.bucket_expression())
        .order_by()
        .values("bucket", "level", "of_members")
        .annotate(k=Sum("ratings"))
    )
    for row in rows:
        target = members if row["of_members"] else organizations
        target.add(scope.bucket_of_path(row["bucket"]), row["level"], row["k"])
    party = scope.party_by_bucket

    def finish(level_counts: dict, population: int) -> dict:
        values = {level: level_counts.get(level, 0) for level in LEVELS}
        values["unrated"] = max(population - sum(values.values()), 0)
        return values

    result = {}
    for bucket in scope.buckets():
        result[bucket] = {
            "members": finish(members.get(bucket, {}), people.get(bucket, 0)),
            "organizations": finish(organizations.get(bucket, {}), party.get(bucket, 0)),
        }
    # The total is the sum of the rows, "unrated" included: a child whose ratings outnumber its
    # members today (people rated there, then transferred out) cannot lower another's.
    result["total"] = {
        group: {
            name: sum(result[bucket][group][name] for bucket in scope.buckets())
            for name in RATING_FIGURES
        }
        for group in ("members", "organizations")
    }
    return result


STUDY_FIGURES = ["sessions", "attendances", "reflections"]


def study(scope: ReportScope) -> dict:
    """The year's topic, study sessions held, attendance and reflection essays received.

    Read from the study tallies: one row per organization that held a session in the year.
    """
    figures = Totals()
    rows = (
        StudyTally.objects.filter(scope.in_subtree(), year=scope.year)
        .annotate(bucket=scope.bucket_expression())
        .order_by()
        .values("bucket")
        .annotate(
            sessions=Sum("sessions"),
            attendances=Sum("attendances"),
            reflections=Sum("reflections"),
        )
    )
    for row in rows:
        bucket = scope.bucket_of_path(row["bucket"])
        for name in STUDY_FIGURES:
            figures.add(bucket, name, row[name] or 0)
    topic = topic_for(scope.root, scope.year)

    def finish(values: dict) -> dict:
        values = {n: values.get(n, 0) for n in STUDY_FIGURES}
        values["reflected_pct"] = percent(values["reflections"], values["attendances"])
        return values

    result = by_bucket(scope, figures, STUDY_FIGURES, finish)
    result["total"] = {"topic": topic.title if topic else None, **result["total"]}
    return result


def by_bucket(scope: ReportScope, figures: Totals, names: list[str], finish) -> dict:
    """``finish`` applied to the total and to every child's figures (and the root's own)."""
    result = {"total": finish(figures.total(names))}
    for bucket in scope.buckets():
        result[bucket] = finish(figures.get(bucket, {}))
    return result


MEETING_FIGURES = [
    "cells",
    "regular",
    "thematic",
    "with_directive05",
    "cells_regular_norm",
    "cells_thematic_norm",
]


@lru_cache(maxsize=1024)
def _due(start, end, regular_norm: int, thematic_norm: int) -> tuple[int, int]:
    """``expected_between``, remembered: most cells share their window and their norms."""
    return expected_between(start, end, regular_norm, thematic_norm)


def meetings(scope: ReportScope) -> dict:
    """Cell meetings held in the period and the cells that met the yearly norms.

    Read from the meeting tallies: one row per cell that met in the year.
    """
    figures = Totals()
    per_cell: dict[int, tuple[int, int]] = {}
    rows = (
        MeetingTally.objects.filter(scope.in_subtree(), year=scope.year)
        .annotate(bucket=scope.bucket_expression())
        .order_by()
        .values_list("organization_id", "bucket", "regular", "thematic", "with_directive05")
    )
    held: dict[str, list[int]] = {}
    for organization_id, path, regular, thematic, with_directive05 in rows:
        per_cell[organization_id] = regular, thematic
        bucket = scope.bucket_of_path(path)
        sums = held.get(bucket)
        if sums is None:
            sums = held[bucket] = [0, 0, 0]
        sums[0] += regular
        sums[1] += thematic
        sums[2] += with_directive05
    for bucket, (regular, thematic, with_directive05) in held.items():
        figures.add(bucket, "regular", regular)
        figures.add(bucket, "thematic", thematic)
        figures.add(bucket, "with_directive05", with_directive05)
    # Due over the part of the period each cell existed, and only up to today. A plain loop
    # over the cells (thousands in a province): counted per child, then added once.
    first_day, last_day = scope.start, min(scope.end, timezone.localdate())
    regular_norm = scope.setting_resolver("regular_meetings_norm")
    thematic_norm = scope.setting_resolver("thematic_meetings_norm")
    counts: dict[str, list[int]] = {}
    bucket_of_path, none, begun = scope.bucket_of_path, (0, 0), scope.begun
    for cell_id, path, valid_from, valid_to, current_path in scope.cells:
        regular, thematic = per_cell.get(cell_id, none)
        start = valid_from if valid_from > first_day else first_day
        end = last_day if valid_to is None or valid_to > last_day else valid_to
        regular_due, thematic_due = _due(
            start, end, regular_norm(current_path), thematic_norm(current_path)
        )
        tally = counts.get(bucket := bucket_of_path(path))
        if tally is None:
            tally = counts[bucket] = [0, 0, 0]
        tally[0] += 1
        # A year not begun has nothing due: no cell has met its norm yet (and none failed).
        tally[1] += begun and regular >= regular_due
        tally[2] += begun and thematic >= thematic_due
    for bucket, (cells, regular_ok, thematic_ok) in counts.items():
        figures.add(bucket, "cells", cells)
        figures.add(bucket, "cells_regular_norm", regular_ok)
        figures.add(bucket, "cells_thematic_norm", thematic_ok)

    def finish(values: dict) -> dict:
        values = {n: values.get(n, 0) for n in MEETING_FIGURES}
        cells = values["cells"] if begun else 0  # no share of a year not begun
        values["regular_norm_pct"] = percent(values["cells_regular_norm"], cells)
        values["thematic_norm_pct"] = percent(values["cells_thematic_norm"], cells)
        return values

    return by_bucket(scope, figures, MEETING_FIGURES, finish)


SECTIONS = {"commitments": commitments, "ratings": ratings, "study": study, "meetings": meetings}
