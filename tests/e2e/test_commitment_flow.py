"""A member registers their commitment on a phone, the cell secretary approves it, and the
report counts it."""

import re

import pytest
from playwright.sync_api import expect

from ct05.commitments.models import Commitment

SCREENSHOT = "/tmp/ct05-my-commitment-phone.png"
DEEDS = [
    "Giúp đỡ hai hộ nghèo trong thôn",
    "Tuyên truyền bà con bỏ hủ tục trong đám cưới",
    "Trồng và chăm sóc 50 cây xanh ở nhà văn hóa",
]


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(f"pw-{username}")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")


def open_menu(page) -> None:
    """On a phone the main menu is folded into its button."""
    page.get_by_role("button", name="Trình đơn").click()
    expect(page.get_by_role("navigation", name="Trình đơn chính")).to_be_visible()


def open_register(page, name: str) -> None:
    """A register's list, from the menu's folded "Sổ theo dõi" group."""
    open_menu(page)
    menu = page.get_by_role("navigation", name="Trình đơn chính")
    menu.locator("summary", has_text="Sổ theo dõi").click()
    menu.get_by_role("link", name=name, exact=True).click()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_commitment_flow(live_server, world_tx, phone):
    world, page, base = world_tx, phone, live_server.url
    failed, script_errors = [], []  # every page, stylesheet and script loads; no JS error
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.on("pageerror", lambda error: script_errors.append(str(error)))

    # dangvien1, on a phone: My commitment -> three deeds -> register.
    log_in(page, base, "dangvien1")
    page.locator("main").get_by_role("link", name="Bản cam kết của tôi").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bản cam kết của tôi năm")
    titles = page.locator("input[name=deed_title]")
    expect(titles).to_have_count(3)  # the minimum
    page.get_by_label("Nội dung bản cam kết").fill("Gương mẫu, đoàn kết, giúp đỡ bà con")
    for i, title in enumerate(DEEDS):
        titles.nth(i).fill(title)
    page.locator("textarea[name=deed_description]").first.fill("Mỗi quý một lần, trước 31/12")
    page.get_by_role("button", name="Thêm việc làm").click()  # htmx adds a row, keeps the others
    expect(titles).to_have_count(4)
    expect(titles.nth(0)).to_have_value(DEEDS[0])
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.screenshot(path=SCREENSHOT, full_page=True)
    page.get_by_role("button", name="Đăng ký bản cam kết").click()

    expect(page.locator(".messages")).to_contain_text("Đã đăng ký bản cam kết")
    expect(page.get_by_role("heading", name="3 việc làm")).to_be_visible()
    expect(page.locator(".badge.status-submitted")).to_have_text("Chờ duyệt")
    commitment = Commitment.objects.get(person=world.dangvien1.person)
    assert [d.title for d in commitment.deeds.all()] == DEEDS
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/login/$"))

    # bithu1 reviews the cell's commitments and approves it in place.
    log_in(page, base, "bithu1")
    page.locator("main").get_by_role("link", name="Bản cam kết cần duyệt").click()
    row = page.locator("article.commitment-row", has_text=world.dangvien1.person.full_name)
    for title in DEEDS:
        expect(row.locator("ol.deeds li", has_text=title)).to_have_count(1)
    expect(row.locator("ol.deeds li")).to_have_count(3)
    row.get_by_role("button", name="Duyệt").click()
    row = page.locator(f"#commitment-{commitment.pk}")
    expect(row.locator(".badge")).to_have_text("Đã duyệt")
    expect(row.get_by_role("button", name="Duyệt")).to_have_count(0)
    commitment.refresh_from_db()
    assert commitment.status == "approved"
    assert commitment.reviewed_by == world.bithu1

    # The commitment's history is read when it is opened (htmx), with who approved it.
    page.goto(f"{base}/commitments/{commitment.pk}/")
    history = page.locator("details#history")
    expect(history.locator("ol.history-entries")).to_have_count(0)
    history.locator("summary").click()
    expect(history.locator("ol.history-entries")).to_contain_text("Đã duyệt")
    expect(history.locator("ol.history-entries")).to_contain_text(world.bithu1.person.full_name)

    # The report of bithu1's cell counts the commitment and its deeds; no rating is decided yet.
    open_menu(page)
    page.get_by_role("navigation", name="Trình đơn chính").get_by_role(
        "link", name="Báo cáo", exact=True
    ).click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("Chi bộ thôn A1")
    expect(page.locator("#fig-committed")).to_have_text("1")
    expect(page.locator("#fig-deeds-registered")).to_have_text("3")
    expect(page.locator("#ratings-pending")).to_contain_text("0 đã được quyết định")
    assert failed == [] and script_errors == []
