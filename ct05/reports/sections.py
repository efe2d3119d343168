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
from ct05.people.models import Membership
from ct05.ratings.models import Level, PeriodKind, Rating, RatingStatus

from .scope import OWN, ReportScope, Totals


def percent(part: int, whole: int) -> float | None:
    return None if not whole else round(part * 100 / whole, 1)


def _people_by_bucket(scope: ReportScope) -> tuple[dict[str, int], int]:
    """Distinct people with a membership during the period, per child and in all."""
    memberships = Membership.objects.filter(scope.active(), scope.in_subtree())
    per_bucket = (
        memberships.annotate(bucket=Substr("organization__path", 1, scope.child_path_length))
        .values("bucket")
        .annotate(n=Count("person_id", distinct=True))
    )
    result = {scope.bucket_of_path(row["bucket"]): row["n"] for row in per_bucket}
    total = memberships.aggregate(n=Count("person_id", distinct=True))["n"]
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


SECTIONS = {"commitments": commitments, "ratings": ratings}
