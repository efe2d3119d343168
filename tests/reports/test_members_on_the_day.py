"""The report counts the members on its day: the year's last day, or today while the year runs.

It reads them from the membership tallies and corrects for the memberships that begin or end
between today and the year's end; these tests compare it with a count of the memberships.
"""

import datetime
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ct05.core.models import active_on
from ct05.people.models import Membership
from ct05.people.services import create_person, transfer_person
from ct05.reports import tallies
from ct05.reports.selectors import directive05_report

YEARS = range(2021, 2027)
# The edges of the rule: a membership counts at a year's end if it covers 31 December.
EDGES = [datetime.date(y, m, d) for y in YEARS for m, d in ((1, 1), (12, 30), (12, 31))]
DAYS = st.one_of(
    st.sampled_from(EDGES),
    st.dates(min_value=datetime.date(2021, 1, 1), max_value=datetime.date(2026, 12, 31)),
)


def people_by_child(world, year: int, today: datetime.date) -> dict[str, int]:
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        report = directive05_report(organization=world.province, year=year)
    return {
        row["organization"]["name"]: row["commitments"]["people"]
        for row in report["children"]
        if not row["organization"]["own"]
    }


def counted_from_memberships(world, day: datetime.date) -> dict[str, int]:
    return {
        commune.name: Membership.objects.filter(
            active_on(day), organization__path__startswith=commune.path
        ).count()
        for commune in (world.commune_a, world.commune_b)
    }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(joined=DAYS, moves=st.lists(DAYS, max_size=4, unique=True), data=st.data())
def test_the_report_counts_whoever_is_a_member_on_its_day(world, joined, moves, data):
    person = create_person(
        full_name="Lò Văn Thử", gender="male", organization=world.cell_a1, valid_from=joined
    )
    cells = [world.cell_b1, world.cell_a1]
    moves = sorted(d for d in moves if d > joined)
    for n, day in enumerate(moves):
        transfer_person(person=person, to=cells[n % 2], day=day)
    assert tallies.differences() == []
    # Today is any day, or the day a membership begins or ends, or the day after or before.
    one = datetime.timedelta(days=1)
    near = [d + k * one for d in (joined, *moves) for k in (-1, 0, 1)]
    today = data.draw(st.one_of(DAYS, st.sampled_from(near)), label="today")

    for year in YEARS:
        day = min(today, datetime.date(year, 12, 31))  # a year not begun: today's members
        expected = counted_from_memberships(world, day)
        assert people_by_child(world, year, today) == expected, (year, day)


def test_a_transfer_dated_next_month_moves_the_member_only_then(world):
    today = datetime.date(2026, 11, 25)
    person = world.people_a1[3]
    transfer_person(person=person, to=world.cell_b1, day=datetime.date(2026, 12, 15))

    this_year = people_by_child(world, 2026, today)
    assert this_year == {"Đảng ủy xã A": 6, "Đảng ủy xã B": 3}
    # On 31 December the member is in the other commune, as next year.
    assert people_by_child(world, 2026, datetime.date(2026, 12, 31)) == {
        "Đảng ủy xã A": 5,
        "Đảng ủy xã B": 4,
    }
    assert people_by_child(world, 2027, datetime.date(2027, 1, 1)) == {
        "Đảng ủy xã A": 5,
        "Đảng ủy xã B": 4,
    }
    # Next year's report read today counts today's members.
    assert people_by_child(world, 2027, today) == this_year


def studied_by_commune(world, year: int, today: datetime.date) -> dict[str, int]:
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        report = directive05_report(organization=world.province, year=year)
    return {
        row["organization"]["name"]: row["study"]["members_studied"]
        for row in report["children"]
        if not row["organization"]["own"]
    }


def studied_from_records(world, year: int, day: datetime.date) -> dict[str, int]:
    from ct05.study.models import SessionAttendance

    attended = SessionAttendance.objects.filter(
        present=True, session__topic__isnull=False, session__date__year=year
    ).values("person_id")
    return {
        commune.name: Membership.objects.filter(
            active_on(day), organization__path__startswith=commune.path, person__in=attended
        ).count()
        for commune in (world.commune_a, world.commune_b)
    }


SESSION_DAYS = st.dates(min_value=datetime.date(2021, 1, 1), max_value=datetime.date(2026, 11, 1))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    joined=DAYS,
    moves=st.lists(DAYS, max_size=3, unique=True),
    sessions=st.lists(st.tuples(SESSION_DAYS, st.booleans()), max_size=4),
    data=st.data(),
)
def test_members_who_studied_are_counted_where_they_belong_on_the_reports_day(
    world, joined, moves, sessions, data
):
    """A member who studied in the year and moved before or after the report's day (or after
    the year's end) is counted where they belong on that day, once; an attendance corrected to
    absent no longer counts."""
    from ct05.study.services import record_session, set_topic, update_attendance

    for year in YEARS:
        set_topic(
            user=world.admin, organization=world.province, year=year, title=f"Chuyên đề {year}"
        )
    person = create_person(
        full_name="Lò Văn Học", gender="male", organization=world.cell_a1, valid_from=joined
    )
    cells = [world.cell_b1, world.cell_a1]
    moves = sorted(d for d in moves if d > joined)
    for n, day in enumerate(moves):
        transfer_person(person=person, to=cells[n % 2], day=day)
    for day, corrected in sessions:
        membership = person.memberships.filter(active_on(day)).select_related("organization")
        if not membership:
            continue
        session = record_session(
            user=world.admin,
            organization=membership[0].organization,
            date=day,
            kind="study",
            attendance=[{"person": person.pk}],
        )
        if corrected:
            update_attendance(
                user=world.admin,
                session=session,
                attendance=[{"person": person.pk, "present": False}],
            )
    assert tallies.differences() == []
    one = datetime.timedelta(days=1)
    near = [d + k * one for d in (joined, *moves) for k in (-1, 0, 1)]
    today = data.draw(st.one_of(DAYS, st.sampled_from(near)), label="today")

    for year in YEARS:
        day = min(today, datetime.date(year, 12, 31))
        expected = studied_from_records(world, year, day)
        assert studied_by_commune(world, year, today) == expected, (year, day)
