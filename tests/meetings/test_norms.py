import datetime

from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from ct05.meetings.selectors import cells_behind
from ct05.meetings.services import expected_between, expected_by, record_meeting
from ct05.organizations.models import Organization
from ct05.organizations.services import dissolve_organization, update_settings
from ct05.reports.models import MeetingTally
from ct05.reports.scope import ReportScope
from ct05.reports.sections import _cells_by_norm, _cells_by_norm_of_year
from ct05.reports.selectors import directive05_report
from tests.factories import OrganizationFactory


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


def test_a_cell_set_up_on_1_july_owes_half_the_year():
    assert expected_between(datetime.date(2025, 7, 1), datetime.date(2025, 12, 31), 12, 4) == (6, 2)
    assert expected_between(datetime.date(2025, 8, 20), datetime.date(2025, 12, 31), 12, 4) == (
        5,
        2,
    )
    # Dissolved at the end of May: January to May, and the first quarter.
    assert expected_between(datetime.date(2025, 1, 1), datetime.date(2025, 5, 31), 12, 4) == (5, 1)


def test_the_report_shares_the_norm_out_over_the_months_a_cell_existed(world):
    late = OrganizationFactory(
        name="Chi bộ mới", parent=world.commune_b, valid_from=datetime.date(2025, 7, 1)
    )
    for month in range(7, 13):
        record_meeting(
            user=world.admin, organization=late, date=datetime.date(2025, month, 5), kind="regular"
        )
    for month in (9, 12):
        record_meeting(
            user=world.admin,
            organization=late,
            date=datetime.date(2025, month, 20),
            kind="thematic",
        )

    meetings = directive05_report(organization=world.commune_b, year=2025)["meetings"]

    assert meetings["cells"] == 2
    assert (meetings["cells_regular_norm"], meetings["cells_thematic_norm"]) == (1, 1)


def test_this_years_report_counts_the_cells_on_track_so_far(world):
    today = timezone.localdate()
    regular_due, _ = expected_by(today, 12, 4)
    for month in range(1, regular_due + 1):
        record_meeting(
            user=world.admin,
            organization=world.cell_b1,
            date=datetime.date(today.year, month, 1),
            kind="regular",
        )

    meetings = directive05_report(organization=world.commune_b, year=today.year)["meetings"]

    assert meetings["cells_regular_norm"] == 1


def test_the_report_holds_each_cell_to_the_norm_set_nearest_above_it(world):
    # The province asks 24 regular meetings a year; commune A relaxes it to 6 for its cells
    # (a mountain commune); cell A2 itself sets 3. Each cell is held to the deepest setting.
    Organization.objects.filter(pk=world.province.pk).update(regular_meetings_norm=24)
    Organization.objects.filter(pk=world.commune_a.pk).update(regular_meetings_norm=6)
    Organization.objects.filter(pk=world.cell_a2.pk).update(regular_meetings_norm=3)
    for cell, count in ((world.cell_a1, 6), (world.cell_a2, 3), (world.cell_b1, 12)):
        for month in range(1, count + 1):
            record_meeting(
                user=world.admin,
                organization=cell,
                date=datetime.date(2025, month, 5),
                kind="regular",
            )

    report = directive05_report(organization=world.province, year=2025)

    by_name = {r["organization"]["name"]: r["meetings"] for r in report["children"]}
    assert by_name["Đảng ủy xã A"]["cells_regular_norm"] == 2  # 6 of 6, 3 of 3
    assert by_name["Đảng ủy xã B"]["cells_regular_norm"] == 0  # 12 of the province's 24
    assert report["meetings"]["cells_regular_norm"] == 2
    # The commune raises its norm to 7: cell A1 falls short, cell A2 keeps its own 3.
    Organization.objects.filter(pk=world.commune_a.pk).update(regular_meetings_norm=7)
    report = directive05_report(organization=world.province, year=2025)
    assert report["meetings"]["cells_regular_norm"] == 1


def test_the_cells_that_met_their_norms_come_from_the_sums_as_from_a_row_a_cell(world, monkeypatch):
    """A year's report reads how many cells held each number of meetings (the sums over
    subtrees), not a row a cell: it finds the same cells on or off their norms as the cells
    joined one by one to their meetings, part-year cells and a norm set below the root among
    them."""
    late = OrganizationFactory(
        name="Chi bộ mới", parent=world.commune_b, valid_from=datetime.date(2025, 7, 1)
    )
    OrganizationFactory(  # a cell set up on 20 December, no meeting
        name="Chi bộ lập cuối năm", parent=world.commune_a, valid_from=datetime.date(2025, 12, 20)
    )
    closed = OrganizationFactory(name="Chi bộ giải thể", parent=world.commune_a)
    held = {
        world.cell_a1: (range(1, 13), (3, 6, 9, 12)),  # the whole norm
        world.cell_a2: (range(1, 6), ()),  # 5 of 12
        late: (range(7, 13), (9, 12)),  # 6 from July, under commune B's norm of 6
        closed: (range(1, 6), (3,)),  # January to May, then dissolved
    }
    for cell, (months, quarters) in held.items():
        for month in months:
            record_meeting(
                user=world.admin,
                organization=cell,
                date=datetime.date(2025, month, 5),
                kind="regular",
            )
        for month in quarters:
            record_meeting(
                user=world.admin,
                organization=cell,
                date=datetime.date(2025, month, 20),
                kind="thematic",
            )
    dissolve_organization(organization=closed, effective=datetime.date(2025, 5, 31))
    update_settings(user=world.admin, organization=world.commune_b, regular_meetings_norm=6)

    def grouped(rows) -> dict:
        counts: dict = {}
        for *key, cells in rows:
            counts[tuple(key)] = counts.get(tuple(key), 0) + cells
        return counts

    for read_sums in (True, False):
        monkeypatch.setattr(ReportScope, "READ_SUMS", read_sums)
        scope = ReportScope.load(world.province, 2025)
        one_by_one = MeetingTally.objects.filter(year=2025).values(
            "organization_id", "regular", "thematic"
        )
        assert grouped(_cells_by_norm_of_year(scope)) == grouped(_cells_by_norm(scope, one_by_one))
        meetings = directive05_report(organization=world.province, year=2025)["meetings"]
        # Six cells: A1 (12 of 12), the late cell (6 of the 3 due from July under 6 a year) and
        # the dissolved one (5 of 5 due by May) meet the regular norm; A2 (5 of 12), B1 (none
        # of 6) and the cell set up on 20 December (none of 1) do not.
        assert (meetings["cells"], meetings["cells_regular_norm"]) == (6, 3)
        # Thematic: A1 4 of 4, the late cell 2 of 2, the dissolved one 1 of 1.
        assert meetings["cells_thematic_norm"] == 3
