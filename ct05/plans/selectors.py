"""Reads the pages share: codes of ethical standards with whether each is still the
organization's current one and whether its review is overdue."""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from .models import EthicsCode


def a_year_before(day: datetime.date) -> datetime.date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def review_overdue(today: datetime.date) -> Q:
    """A code last reviewed (or, never reviewed, adopted) more than a year before ``today``."""
    return Q(reviewed_or_adopted__lt=a_year_before(today))


def codes_with_review(codes: QuerySet, today: datetime.date) -> QuerySet:
    """``codes`` annotated with ``superseded`` (a later code of the same organization exists:
    a new revision is a new row) and ``review_overdue`` (the current code, not reviewed for
    more than a year). Two subqueries in the same statement: the count of queries does not grow
    with the rows."""
    later = EthicsCode.objects.filter(
        organization=OuterRef("organization"), adopted_on__gt=OuterRef("adopted_on")
    )
    return codes.annotate(
        reviewed_or_adopted=Coalesce("last_reviewed_on", "adopted_on"),
        superseded=Exists(later),
    ).annotate(
        review_overdue=Case(
            When(Q(superseded=False) & review_overdue(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
