"""Report sections: each is one function from a :class:`ReportScope` to figures.

A section returns ``{"total": {...}, "<child path>": {...}, ...}`` so the renderers can show the
whole subtree and a row per child organization. No renderer computes a figure.
"""

from __future__ import annotations

from functools import lru_cache

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from ct05.core.models import active_on
from ct05.meetings.models import Meeting, MeetingKind
from ct05.meetings.services import expected_between
from ct05.organizations.models import Organization
from ct05.people.models import Membership
from ct05.ratings.models import Level, PeriodKind
from ct05.study.models import Reflection, SessionAttendance, StudySession
from ct05.study.services import topic_for

from .models import CommitmentTally, RatingTally
from .scope import ReportScope, Totals


def percent(part: int, whole: int) -> float | None:
    return None if not whole else round(part * 100 / whole, 1)


def _people_by_bucket(scope: ReportScope) -> tuple[dict[str, int], int]:
    """People who are members on the report's day, per child and in all (computed once).

    A membership ends the day before the next one starts (``transfer_person``), so a person
    has one membership on a day: a plain count, with no DISTINCT and its sort over every member,
    counts each person once, in one place, and the total is the sum of the children.
    """
    if "people" not in scope.cache:
        rows = (
            Membership.objects.filter(active_on(scope.day), scope.in_subtree())
            .annotate(bucket=scope.bucket_expression())
            .order_by()
            .values("bucket")
            .annotate(n=Count("pk"))
        )
        result: dict[str, int] = {}
        for row in rows:
            bucket = scope.bucket_of_path(row["bucket"])
            result[bucket] = result.get(bucket, 0) + row["n"]
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
    overrides = sorted(
        (
            (path, values["min_deeds"])
            for path, values in scope.settings_by_path.items()
            if values["min_deeds"] not in (None, "")
        ),
        key=lambda item: -len(item[0]),
    )
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
    people, people_total = _people_by_bucket(scope)
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
    party = Totals()
    for org in scope.party_organizations():
        party.add(scope.bucket_of_path(org.path), "count", 1)

    def finish(level_counts: dict, population: int) -> dict:
        values = {level: level_counts.get(level, 0) for level in LEVELS}
        values["unrated"] = max(population - sum(values.values()), 0)
        return values

    result = {
        "total": {
            "members": finish(members.total(LEVELS), people_total),
            "organizations": finish(organizations.total(LEVELS), party.total(["count"])["count"]),
        }
    }
    for bucket in scope.buckets():
        result[bucket] = {
            "members": finish(members.get(bucket, {}), people.get(bucket, 0)),
            "organizations": finish(
                organizations.get(bucket, {}), party.get(bucket, {}).get("count", 0)
            ),
        }
    return result


STUDY_FIGURES = ["sessions", "attendances", "reflections"]


def _count_by_bucket(scope: ReportScope, figures: Totals, name: str, queryset, path: str) -> None:
    """Add ``queryset``'s rows, counted per child of the root, to ``figures[...][name]``."""
    rows = (
        queryset.annotate(bucket=scope.bucket_expression(path))
        .order_by()
        .values("bucket")
        .annotate(k=Count("pk"))
    )
    for row in rows:
        figures.add(scope.bucket_of_path(row["bucket"]), name, row["k"])


def study(scope: ReportScope) -> dict:
    """The year's topic, study sessions held, attendance and reflection essays received."""
    figures = Totals()
    session_in_scope = Q(
        scope.in_subtree("session__organization__"),
        session__date__gte=scope.start,
        session__date__lte=scope.end,
    )
    _count_by_bucket(
        scope,
        figures,
        "sessions",
        StudySession.objects.filter(scope.in_subtree(), date__gte=scope.start, date__lte=scope.end),
        "organization__path",
    )
    _count_by_bucket(
        scope,
        figures,
        "attendances",
        SessionAttendance.objects.filter(session_in_scope, present=True),
        "session__organization__path",
    )
    _count_by_bucket(
        scope,
        figures,
        "reflections",
        # Only essays of people still recorded present: attendance can be corrected later.
        Reflection.objects.filter(
            session_in_scope,
            Exists(
                SessionAttendance.objects.filter(
                    session=OuterRef("session"), person=OuterRef("person"), present=True
                )
            ),
            received=True,
        ),
        "session__organization__path",
    )
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
    """Cell meetings held in the period and the cells that met the yearly norms."""
    figures = Totals()
    per_cell: dict[int, dict] = {}
    rows = (
        Meeting.objects.filter(scope.in_subtree(), date__gte=scope.start, date__lte=scope.end)
        .order_by()
        .values("organization_id")
        .annotate(
            regular=Count("pk", filter=Q(kind=MeetingKind.REGULAR)),
            thematic=Count("pk", filter=Q(kind=MeetingKind.THEMATIC)),
            with_directive05=Count("pk", filter=Q(directive05=True)),
        )
    )
    for row in rows:
        per_cell[row["organization_id"]] = row
        bucket = scope.bucket(row["organization_id"])
        for name in ("regular", "thematic", "with_directive05"):
            figures.add(bucket, name, row[name])
    # Due over the part of the period each cell existed, and only up to today. A plain loop
    # over the cells (thousands in a province): counted per child, then added once.
    last_day = min(scope.end, timezone.localdate())
    regular_norm = scope.effective("regular_meetings_norm")
    thematic_norm = scope.effective("thematic_meetings_norm")
    counts: dict[str, list[int]] = {}
    for cell in scope.cells():
        row = per_cell.get(cell.id)
        start = cell.valid_from if cell.valid_from > scope.start else scope.start
        end = last_day if cell.valid_to is None or cell.valid_to > last_day else cell.valid_to
        regular_due, thematic_due = _due(start, end, regular_norm[cell.id], thematic_norm[cell.id])
        tally = counts.setdefault(scope.bucket_of_path(cell.path), [0, 0, 0])
        tally[0] += 1
        tally[1] += (row["regular"] if row else 0) >= regular_due
        tally[2] += (row["thematic"] if row else 0) >= thematic_due
    for bucket, (cells, regular_ok, thematic_ok) in counts.items():
        figures.add(bucket, "cells", cells)
        figures.add(bucket, "cells_regular_norm", regular_ok)
        figures.add(bucket, "cells_thematic_norm", thematic_ok)

    def finish(values: dict) -> dict:
        values = {n: values.get(n, 0) for n in MEETING_FIGURES}
        values["regular_norm_pct"] = percent(values["cells_regular_norm"], values["cells"])
        values["thematic_norm_pct"] = percent(values["cells_thematic_norm"], values["cells"])
        return values

    return by_bucket(scope, figures, MEETING_FIGURES, finish)


SECTIONS = {"commitments": commitments, "ratings": ratings, "study": study, "meetings": meetings}
