"""Pages a national administrator opens stay bounded however large the tree (issue 17): the
cells behind the norm are worked out for a province or a committee at a time, and a new
session's tick list is left out for a unit of more members than a screen lists."""

import pytest
from django.urls import reverse

from ct05.core import paging
from ct05.home import views as home_views
from ct05.meetings import selectors as meeting_selectors
from ct05.people import views as people_views
from ct05.study import views as study_views

from .conftest import text

NORMS = reverse("meeting-norms")
HOME = reverse("home")
CREATE_SESSION = reverse("study-session-create")


@pytest.fixture
def two_cells_at_once(monkeypatch):
    """The world's three cells are "too many" to work out at once."""
    monkeypatch.setattr(meeting_selectors, "CELLS_AT_ONCE", 2)


def test_the_norms_page_of_a_large_scope_asks_for_a_narrower_one(client, world, two_cells_at_once):
    client.force_login(world.tuyengiao)
    page = text(client.get(NORMS, {"show": "all"}))
    assert "chi bộ: chọn một tỉnh hoặc một đảng bộ để xem" in page
    assert f'id="cell-{world.cell_a1.pk}"' not in page
    # Narrowed to a committee of two cells, they are listed.
    page = text(client.get(NORMS, {"organization": world.commune_a.pk, "show": "all"}))
    assert f'id="cell-{world.cell_a1.pk}"' in page
    assert f'id="cell-{world.cell_a2.pk}"' in page
    assert f'id="cell-{world.cell_b1.pk}"' not in page
    assert "chọn một tỉnh hoặc một đảng bộ để xem" not in page


def test_the_home_page_of_a_large_scope_leaves_the_cells_behind_uncounted(
    client, world, two_cells_at_once
):
    client.force_login(world.tuyengiao)
    link = text(client.get(HOME)).split('id="cells-behind-link"')[1].split("</a>")[0]
    assert "badge" not in link
    assert 'id="late"' not in text(client.get(HOME))


def test_the_home_page_of_a_province_counts_its_cells_behind(client, world):
    client.force_login(world.tuyengiao)
    link = text(client.get(HOME)).split('id="cells-behind-link"')[1].split("</a>")[0]
    assert "badge" in link


def test_a_new_sessions_list_is_left_out_for_a_unit_too_large(client, world, monkeypatch):
    monkeypatch.setattr(study_views, "ROLL_LIMIT", 3)
    client.force_login(world.tuyengiao)
    page = text(client.get(CREATE_SESSION, {"organization": world.province.pk}))
    assert "Đơn vị này có hơn 3 đảng viên" in page
    assert 'name="attendee"' not in page
    # A cell of three members is listed whole.
    page = text(client.get(CREATE_SESSION, {"organization": world.cell_b1.pk}))
    assert page.count('name="attendee"') == len(world.people_b1) == 3
    assert "Đơn vị này có hơn" not in page


def test_a_long_list_stops_counting_at_the_cap_and_a_filter_makes_it_exact(
    client, world, monkeypatch
):
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    monkeypatch.setattr(people_views, "PAGE_SIZE", 2)
    client.force_login(world.tuyengiao)
    page = text(client.get(reverse("person-list")))
    assert "Trang 1 · hơn 3" in page
    assert "hơn 3 người" in page
    assert "tổng cộng" not in page
    # The cell's three members are counted exactly.
    page = text(client.get(reverse("person-list"), {"organization": world.cell_b1.pk}))
    assert "Trang 1 / 2 · tổng cộng 3" in page


def _count_reports(monkeypatch) -> list:
    calls = []
    report = home_views.directive05_report

    def counted(**kwargs):
        calls.append(kwargs["organization"].pk)
        return report(**kwargs)

    monkeypatch.setattr(home_views, "directive05_report", counted)
    return calls


def test_the_home_page_of_a_large_scope_counts_its_figures_once_in_a_while(
    client, world, two_cells_at_once, monkeypatch
):
    calls = _count_reports(monkeypatch)
    client.force_login(world.tuyengiao)
    first = text(client.get(HOME))
    second = text(client.get(HOME))
    assert calls == [world.province.pk]
    assert 'id="figures-as-of"' in first and "Số liệu tính lúc" in second
    assert "báo cáo luôn tính lại" in second


def test_the_home_page_of_a_province_counts_its_figures_every_time(client, world, monkeypatch):
    calls = _count_reports(monkeypatch)
    client.force_login(world.tuyengiao)
    page = text(client.get(HOME))
    client.get(HOME)
    assert calls == [world.province.pk, world.province.pk]
    assert 'id="figures-as-of"' not in page
