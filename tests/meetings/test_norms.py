import datetime

from hypothesis import given
from hypothesis import strategies as st

from ct05.meetings.selectors import cells_behind
from ct05.meetings.services import expected_by, record_meeting
from ct05.organizations.models import Organization


def test_a_month_counts_from_its_25th():
    assert expected_by(datetime.date(2026, 3, 24), 12, 4) == (2, 0)
    assert expected_by(datetime.date(2026, 3, 25), 12, 4) == (3, 1)
    assert expected_by(datetime.date(2026, 12, 31), 12, 4) == (12, 4)
    assert expected_by(datetime.date(2026, 1, 1), 12, 4) == (0, 0)


@given(
    st.dates(datetime.date(2016, 1, 1), datetime.date(2100, 12, 31)),
    st.integers(0, 52),
    st.integers(0, 52),
)
def test_expected_meetings_never_exceed_the_norm_and_grow_through_the_year(day, regular, thematic):
    r, t = expected_by(day, regular, thematic)
    assert 0 <= r <= regular and 0 <= t <= thematic
    later = day + datetime.timedelta(days=1)
    if later.year == day.year:
        r2, t2 = expected_by(later, regular, thematic)
        assert r2 >= r and t2 >= t


def test_cells_behind_lists_the_cell_without_meetings(world):
    day = datetime.date(2025, 4, 30)
    for month in range(1, 5):
        record_meeting(
            user=world.admin,
            organization=world.cell_a1,
            date=datetime.date(2025, month, 5),
            kind="regular",
        )
    record_meeting(
        user=world.admin,
        organization=world.cell_a1,
        date=datetime.date(2025, 3, 20),
        kind="thematic",
    )

    behind = cells_behind(Organization.objects.filter(path__startswith=world.commune_a.path), day)

    assert [p.organization.name for p in behind] == ["Chi bộ thôn A2"]
    assert (behind[0].regular, behind[0].regular_expected) == (0, 4)
