"""Report sections: each is one function from a :class:`ReportScope` to figures.

A section returns ``{"total": {...}, "<child path>": {...}, ...}`` so the renderers can show the
whole subtree and a row per child organization. No renderer computes a figure.
"""

from __future__ import annotations

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Substr

from ct05.commitments.models import Commitment, Deed, Evaluation
from ct05.meetings.models import Meeting, MeetingKind
from ct05.people.models import Membership
from ct05.ratings.models import Level, PeriodKind, Rating, RatingStatus
from ct05.study.models import Reflection, SessionAttendance, StudySession
from ct05.study.services import topic_for

from .scope import OWN, ReportScope, Totals


def percent(part: int, whole: int) -> float | None:
    return None if not whole else round(part * 100 / whole, 1)


def _people_by_bucket(scope: ReportScope) -> tuple[dict[str, int], int]:
    """Distinct people with a membership during the period, per child and in all (cached)."""
    if "people" in scope.cache:
        return scope.cache["people"]
    memberships = Membership.objects.filter(scope.active(), scope.in_subtree())
    per_bucket = (
        memberships.annotate(bucket=Substr("organization__path", 1, scope.child_path_length))
        .values("bucket")
        .annotate(n=Count("person_id", distinct=True))
    )
    result = {scope.bucket_of_path(row["bucket"]): row["n"] for row in per_bucket}
    total = memberships.aggregate(n=Count("person_id", distinct=True))["n"]
    scope.cache["people"] = result, total
    return result, total


COMMITMENT_FIGURES = [
    "people", "committed", "committed_pct", "deeds_registered", "deeds_evaluated",
    "deeds_achieved", "meeting_minimum",
]  # fmt: skip


def commitments(scope: ReportScope) -> dict:
    people, people_total = _people_by_bucket(scope)
    figures = Totals()
    deed_count = (
        Deed.objects.filter(commitment=OuterRef("pk"))
        .order_by()
        .values("commitment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # One row per (organization, number of deeds): commitments, deeds and the minimum at once.
    rows = (
        Commitment.objects.filter(scope.in_subtree(), year=scope.year)
        .annotate(n=Coalesce(Subquery(deed_count, output_field=IntegerField()), Value(0)))
        .order_by()
        .values("organization_id", "n")
        .annotate(k=Count("pk"))
    )
    for row in rows:
        bucket = scope.bucket(row["organization_id"])
        figures.add(bucket, "committed", row["k"])
        figures.add(bucket, "deeds_registered", row["n"] * row["k"])
        if row["n"] >= scope.setting(row["organization_id"], "min_deeds"):
            figures.add(bucket, "meeting_minimum", row["k"])
    evaluated = (
        Deed.objects.filter(
            scope.in_subtree("commitment__organization__"), commitment__year=scope.year
        )
        .exclude(evaluation="")
        .order_by()
        .values("commitment__organization_id")
        .annotate(
            evaluated=Count("pk"),
            achieved=Count("pk", filter=Q(evaluation=Evaluation.ACHIEVED)),
        )
    )
    for row in evaluated:
        bucket = scope.bucket(row["commitment__organization_id"])
        figures.add(bucket, "deeds_evaluated", row["evaluated"])
        figures.add(bucket, "deeds_achieved", row["achieved"])

    def finish(values: dict, people_count: int) -> dict:
        values = {n: values.get(n, 0) for n in COMMITMENT_FIGURES}
        values["people"] = people_count
        values["committed_pct"] = percent(values["committed"], people_count)
        return values

    result = {"total": finish(figures.total(COMMITMENT_FIGURES), people_total)}
    for bucket in [OWN, *(c.path for c in scope.children)]:
        result[bucket] = finish(figures.get(bucket, {}), people.get(bucket, 0))
    return result


LEVELS = [Level.EXCELLENT.value, Level.GOOD.value, Level.COMPLETE.value, Level.NOT_COMPLETE.value]
RATING_FIGURES = [*LEVELS, "unrated"]


def ratings(scope: ReportScope) -> dict:
    """Decided yearly ratings by level, of members and of party organizations."""
    people, people_total = _people_by_bucket(scope)
    members, organizations = Totals(), Totals()
    rows = (
        Rating.objects.filter(
            scope.in_subtree(),
            period_kind=PeriodKind.YEAR,
            year=scope.year,
            status=RatingStatus.DECIDED,
        )
        .order_by()
        .values(
            "organization_id",
            "level",
            is_person=ExpressionWrapper(Q(person__isnull=False), output_field=BooleanField()),
        )
        .annotate(k=Count("pk"))
    )
    for row in rows:
        target = members if row["is_person"] else organizations
        target.add(scope.bucket(row["organization_id"]), row["level"], row["k"])
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
    for bucket in [OWN, *(c.path for c in scope.children)]:
        result[bucket] = {
            "members": finish(members.get(bucket, {}), people.get(bucket, 0)),
            "organizations": finish(
                organizations.get(bucket, {}), party.get(bucket, {}).get("count", 0)
            ),
        }
    return result


STUDY_FIGURES = ["sessions", "attendances", "reflections"]


def study(scope: ReportScope) -> dict:
    """The year's topic, study sessions held, attendance and reflection essays received."""
    figures = Totals()
    in_year = {"date__gte": scope.start, "date__lte": scope.end}
    for row in (
        StudySession.objects.filter(scope.in_subtree(), **in_year)
        .order_by()
        .values("organization_id")
        .annotate(k=Count("pk"))
    ):
        figures.add(scope.bucket(row["organization_id"]), "sessions", row["k"])
    for row in (
        SessionAttendance.objects.filter(
            scope.in_subtree("session__organization__"),
            present=True,
            session__date__gte=scope.start,
            session__date__lte=scope.end,
        )
        .order_by()
        .values("session__organization_id")
        .annotate(k=Count("pk"))
    ):
        figures.add(scope.bucket(row["session__organization_id"]), "attendances", row["k"])
    for row in (
        Reflection.objects.filter(
            scope.in_subtree("session__organization__"),
            received=True,
            session__date__gte=scope.start,
            session__date__lte=scope.end,
        )
        .order_by()
        .values("session__organization_id")
        .annotate(k=Count("pk"))
    ):
        figures.add(scope.bucket(row["session__organization_id"]), "reflections", row["k"])
    topic = topic_for(scope.root, scope.year)

    def finish(values: dict) -> dict:
        values = {n: values.get(n, 0) for n in STUDY_FIGURES}
        values["reflected_pct"] = percent(values["reflections"], values["attendances"])
        return values

    result = {
        "total": {"topic": topic.title if topic else None, **finish(figures.total(STUDY_FIGURES))}
    }
    for bucket in [OWN, *(c.path for c in scope.children)]:
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
    for cell in scope.cells():
        bucket = scope.bucket_of_path(cell.path)
        row = per_cell.get(cell.id, {})
        figures.add(bucket, "cells", 1)
        if row.get("regular", 0) >= scope.setting(cell.id, "regular_meetings_norm"):
            figures.add(bucket, "cells_regular_norm", 1)
        if row.get("thematic", 0) >= scope.setting(cell.id, "thematic_meetings_norm"):
            figures.add(bucket, "cells_thematic_norm", 1)

    def finish(values: dict) -> dict:
        values = {n: values.get(n, 0) for n in MEETING_FIGURES}
        values["regular_norm_pct"] = percent(values["cells_regular_norm"], values["cells"])
        values["thematic_norm_pct"] = percent(values["cells_thematic_norm"], values["cells"])
        return values

    result = {"total": finish(figures.total(MEETING_FIGURES))}
    for bucket in [OWN, *(c.path for c in scope.children)]:
        result[bucket] = finish(figures.get(bucket, {}))
    return result


SECTIONS = {"commitments": commitments, "ratings": ratings, "study": study, "meetings": meetings}
