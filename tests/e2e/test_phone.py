"""Phone first (issue 9): at 390 px no page scrolls sideways, the menu opens from its button,
and a member files a commitment and self-assesses without leaving the year's page."""

import re

import pytest
from playwright.sync_api import expect

from ct05.commitments.models import Commitment
from ct05.ratings.models import Rating

from .conftest import PHONE
from .test_commitment_flow import log_in, open_menu

PAGES = [
    "/",
    "/commitments/mine/",
    "/commitments/",
    "/ratings/",
    "/meetings/",
    "/meetings/norms/",
    "/study/",
    "/tasks/",
    "/plans/",
    "/plans/ethics-codes/",
    "/inspections/",
    "/organizations/",
    "/people/",
    "/reports/directive05/",
    "/notifications/",
    "/search/?q=a",
]


def no_sideways_scroll(page, base: str, width: int) -> None:
    for path in PAGES:
        page.goto(base + path)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{path} is {scroll} px wide at {width} px"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("username", ["dangvien1", "bithu1"])
def test_no_page_scrolls_sideways_and_the_menu_opens_from_its_button(
    live_server, world_tx, phone, username
):
    page, base = phone, live_server.url
    log_in(page, base, username)
    no_sideways_scroll(page, base, PHONE["width"])

    page.goto(base + "/")
    menu = page.get_by_role("navigation", name="Trình đơn chính")
    button = page.get_by_role("button", name="Trình đơn")
    expect(menu).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    open_menu(page)
    expect(button).to_have_attribute("aria-expanded", "true")
    menu.get_by_role("link", name="Báo cáo", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo Chỉ thị 05")
    expect(menu).to_be_hidden()  # folded again on the next page
    # The report's table scrolls inside its box; the page does not.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_member_files_and_self_assesses_on_the_years_page(live_server, world_tx, phone):
    world, page, base = world_tx, phone, live_server.url
    log_in(page, base, "dangvien1")
    page.goto(base + "/commitments/mine/")
    year_page = re.compile(r"/commitments/mine/(\?year=\d{4})?$")
    steps = page.locator(".year-steps")
    expect(steps).to_contain_text("Chưa đăng ký")

    page.get_by_label("Nội dung bản cam kết").fill("Gương mẫu, đoàn kết")
    titles = page.locator("input[name=deed_title]")
    for i, title in enumerate(["Giúp hộ nghèo", "Trồng cây xanh", "Tuyên truyền bỏ hủ tục"]):
        titles.nth(i).fill(title)
    page.get_by_role("button", name="Đăng ký bản cam kết").click()
    expect(page.locator(".messages")).to_contain_text("Đã đăng ký bản cam kết")
    expect(page).to_have_url(year_page)
    expect(steps).to_contain_text("Chờ chi bộ duyệt")

    # The rating's self-assessment, on the same page.
    rating = page.locator("#rating")
    for name, value in {
        "score_general": "25",
        "score_task_results": "59",
        "tasks_total": "5",
        "tasks_done": "5",
        "tasks_on_time": "5",
        "tasks_exceeding": "2",
    }.items():
        rating.locator(f"input[name={name}]").fill(value)
    rating.get_by_role("button", name="Lưu mức tự nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu phần tự đánh giá")
    expect(page).to_have_url(year_page)
    expect(steps).to_contain_text("Chờ đề xuất")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    person = world.dangvien1.person
    assert Commitment.objects.filter(person=person).count() == 1
    assert Rating.objects.get(person=person).self_level == "good"
