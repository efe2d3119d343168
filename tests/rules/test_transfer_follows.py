"""A commitment (and an undecided rating) follows its person on a transfer (issue 9, req. 6).

The report counts a commitment in the organization its person belongs to on the report's day,
so no organization's report shows more commitments than members.
"""

import contextlib
import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ct05.commitments.models import Commitment
from ct05.core.models import active_on
from ct05.people.models import Membership
from ct05.people.services import transfer_person, update_person
from ct05.ratings import services as rating_services
from ct05.ratings.models import Rating, RatingStatus
from ct05.reports import tallies
from ct05.reports.selectors import directive05_report

YEAR = 2025


def file_commitment(person, year: int, organization, deeds: int = 3) -> Commitment:
    """A commitment as the service files it (in the person's cell), its tally kept."""
    commitment = Commitment.objects.create(
        person=person, year=year, organization=organization, deed_count=deeds
    )
    tallies.refresh_commitments(organization.pk, year)
    return commitment


def report(organization, year: int, today: datetime.date | None = None) -> dict:
    today = today or datetime.date(year + 1, 3, 1)
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        return directive05_report(organization=organization, year=year)


def test_a_commitment_transferred_in_june_is_counted_by_the_new_cell(world):
    person = world.people_a1[2]
    commitment = file_commitment(person, YEAR, world.cell_a1)
    transfer_person(person=person, to=world.cell_b1, day=datetime.date(YEAR, 6, 15))

    commitment.refresh_from_db()
    assert commitment.organization == world.cell_b1
    old, new = report(world.cell_a1, YEAR), report(world.cell_b1, YEAR)
    assert (old["commitments"]["people"], old["commitments"]["committed"]) == (3, 0)
    assert (new["commitments"]["people"], new["commitments"]["committed"]) == (4, 1)
    by_commune = {
        row["organization"]["name"]: row["commitments"]["committed"]
        for row in report(world.province, YEAR)["children"]
        if not row["organization"]["own"]
    }
    assert by_commune == {world.commune_a.name: 0, world.commune_b.name: 1}
    # The new secretary sees it; the old cell keeps the move in the commitment's history.
    assert Commitment.objects.visible_to(world.bithu2).filter(pk=commitment.pk).exists()
    assert not Commitment.objects.visible_to(world.bithu1).filter(pk=commitment.pk).exists()
    moves = [
        (h.prev_record.organization_id, h.organization_id)
        for h in commitment.history.all()
        if h.prev_record and h.prev_record.organization_id != h.organization_id
    ]
    assert moves == [(world.cell_a1.pk, world.cell_b1.pk)]
    assert tallies.differences() == []


def test_earlier_years_stay_and_a_transfer_through_the_person_form_moves_the_year(world):
    person = world.people_a1[2]
    earlier = file_commitment(person, YEAR - 1, world.cell_a1)
    this_year = file_commitment(person, YEAR, world.cell_a1)
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(YEAR, 1, 1)):
        update_person(user=world.admin, person=person, organization=world.cell_b1)
    earlier.refresh_from_db()
    this_year.refresh_from_db()
    assert earlier.organization == world.cell_a1
    assert this_year.organization == world.cell_b1
    assert report(world.cell_a1, YEAR - 1)["commitments"]["committed"] == 1


def test_an_undecided_rating_follows_a_decided_one_stays(world):
    person, other = world.people_a1[2], world.people_a1[3]
    year = 2024  # levels without points (124-QĐ/TW)
    undecided = rating_services.self_assess(
        user=world.admin, year=year, person=person, level="good"
    )
    decided = rating_services.self_assess(user=world.admin, year=year, person=other, level="good")
    Rating.objects.filter(pk=decided.pk).update(status=RatingStatus.DECIDED, level="good")
    day = datetime.date(year, 6, 15)
    transfer_person(person=person, to=world.cell_b1, day=day)
    transfer_person(person=other, to=world.cell_b1, day=day)
    undecided.refresh_from_db()
    decided.refresh_from_db()
    assert undecided.organization == world.cell_b1
    assert decided.organization == world.cell_a1


# Transfers around the years' edges (1/1, 30/12, 31/12) and anywhere between.
EDGES = [
    datetime.date(y, m, d) for y in (2025, 2026, 2027) for m, d in ((1, 1), (12, 30), (12, 31))
]
DAYS = st.one_of(
    st.sampled_from(EDGES),
    st.dates(min_value=datetime.date(2025, 1, 2), max_value=datetime.date(2027, 6, 30)),
)
TODAYS = [
    datetime.date(2025, 6, 15),
    datetime.date(2025, 12, 31),
    datetime.date(2026, 1, 1),
    datetime.date(2026, 11, 29),
    datetime.date(2027, 1, 1),
]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    moves=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), DAYS), min_size=1, max_size=8),
    today=st.sampled_from(TODAYS),
)
def test_no_report_shows_more_commitments_than_members(world, moves, today):
    cells = [world.cell_a1, world.cell_a2, world.cell_b1]
    people = world.people_a1
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        for person in people:
            for year in (2025, 2026):
                if not Commitment.objects.filter(person=person, year=year).exists():
                    file_commitment(person, year, world.cell_a1)
        for who, where, day in sorted(moves, key=lambda m: m[2]):
            # Refused: the same cell, or before a transfer already recorded.
            with contextlib.suppress(ValidationError):
                transfer_person(person=people[who], to=cells[where], day=day)
    organizations = [world.province, world.commune_a, world.commune_b, *cells]
    for year in (2025, 2026):
        day = min(today, datetime.date(year, 12, 31))
        for organization in organizations:
            result = report(organization, year, today)
            rows = [result["commitments"], *(row["commitments"] for row in result["children"])]
            for figures in rows:
                assert figures["committed"] <= figures["people"], (organization, year, figures)
        # Each commune counts the commitments of the people who belong to it on the day.
        for row in report(world.province, year, today)["children"]:
            commune = row["organization"]
            if commune["own"]:
                continue
            members = Membership.objects.filter(
                active_on(day), organization__path__startswith=_path(organizations, commune["id"])
            ).values("person_id")
            expected = Commitment.objects.filter(year=year, person_id__in=members).count()
            assert row["commitments"]["committed"] == expected, (commune["name"], year, today)
    assert tallies.differences() == []


def _path(organizations, pk) -> str:
    return next(o.path for o in organizations if o.pk == pk)


@pytest.mark.parametrize("year", [YEAR])
def test_the_query_count_of_the_report_does_not_grow_with_transfers(
    world, year, django_assert_max_num_queries
):
    for person in world.people_a1:
        file_commitment(person, 2026, world.cell_a1)
        transfer_person(person=person, to=world.cell_b1, day=datetime.date(2026, 12, 30))
    # The report's own count (tests/reports/test_directive05.py), whatever the transfers.
    with django_assert_max_num_queries(36):
        report(world.province, 2026, datetime.date(2026, 11, 29))


def test_commitments_and_ratings_subscribe_to_transfers():
    from ct05.commitments.services import follow_transfer as commitments_follow
    from ct05.core import changes
    from ct05.ratings.services import follow_transfer as ratings_follow

    assert {commitments_follow, ratings_follow} <= set(changes.transfer_subscribers())
