"""The report without noise: no row of zeros for the root, the ratings block says how far the
year's rating has come, deeds are evaluated at the year's end, next year is a plan (issue 9,
requirement 4)."""

import datetime

import pytest
from django.urls import reverse

from ct05.ratings import services as rating_services
from ct05.reports.selectors import directive05_report
from tests.factories import ALL_ON_TIME
from tests.pages.conftest import YEAR, text

pytestmark = pytest.mark.django_db
REPORT = reverse("report-directive05")


def _self_assess(world, person):
    return rating_services.self_assess(
        user=world.admin,
        person=person,
        year=YEAR,
        scores={"general": "25", "task_results": "59"},
        conditions=ALL_ON_TIME,
    )


def test_the_roots_own_row_of_zeros_is_left_out(client, world, commitment):
    report = directive05_report(organization=world.province, year=YEAR)
    own = report["children"][0]["organization"]
    assert own["own"] and own["all_zero"]  # kept in the data, so the rows add up
    client.force_login(world.admin)
    page = text(client.get(REPORT, {"organization": world.province.pk, "year": YEAR}))
    assert "bản thân tổ chức" not in page
    assert 'class="own"' not in page


def test_the_roots_own_row_stays_when_it_has_members(client, world, commitment):
    report = directive05_report(organization=world.cell_a1, year=YEAR)
    own = report["children"][0]
    assert own["organization"]["own"] and not own["organization"]["all_zero"]


def test_before_any_decision_the_ratings_block_says_how_far_it_has_come(client, world):
    first = _self_assess(world, world.people_a1[1])
    _self_assess(world, world.people_a1[2])
    rating_services.propose(user=world.bithu1, rating=first)
    report = directive05_report(organization=world.province, year=YEAR)
    assert report["ratings"]["members_by_status"] == {
        "self_assessed": 1,
        "proposed": 1,
        "decided": 0,
        "reopened": 0,
    }
    client.force_login(world.admin)
    page = text(client.get(REPORT, {"organization": world.province.pk, "year": YEAR}))
    assert f"Chưa có xếp loại năm {YEAR} nào được quyết định." in page
    assert "1 đã tự nhận mức, 1 đã được đề xuất, 0 đã được quyết định" in page
    assert 'id="ratings-chart"' not in page  # no empty chart


def test_once_a_rating_is_decided_the_table_and_chart_return(client, world):
    rating = _self_assess(world, world.people_a1[1])
    rating_services.propose(user=world.bithu1, rating=rating)
    rating_services.decide(user=world.dangbo_a, rating=rating)
    client.force_login(world.admin)
    page = text(client.get(REPORT, {"organization": world.province.pk, "year": YEAR}))
    assert 'id="ratings-chart"' in page and "ratings-pending" not in page


def test_during_the_year_deeds_are_said_to_be_evaluated_at_its_end(client, world, commitment):
    client.force_login(world.admin)
    page = text(client.get(REPORT, {"organization": world.province.pk, "year": YEAR}))
    assert "Việc làm được đánh giá vào cuối năm." in page
    page = text(client.get(REPORT, {"organization": world.province.pk, "year": YEAR - 1}))
    assert "Việc làm được đánh giá vào cuối năm." not in page  # a past year: its figures


@pytest.mark.parametrize(("month", "offered"), [(6, False), (10, True)])
def test_next_year_is_offered_as_a_plan_from_october(client, world, time_machine, month, offered):
    time_machine.move_to(datetime.datetime(2026, month, 15, 12, 0), tick=False)
    client.force_login(world.admin)
    page = text(client.get(REPORT, {"organization": world.province.pk}))
    assert ('<option value="2027">2027 (kế hoạch)</option>' in page) is offered
    # A link asking for next year is answered whenever it comes.
    response = client.get(REPORT, {"organization": world.province.pk, "year": 2027})
    assert response.status_code == 200
    assert "2027 (kế hoạch)" in text(response)
