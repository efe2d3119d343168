"""A cell secretary records this month's regular meeting on a phone, with the attendance ticked
on one screen, and the cell's report counts it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ct05.meetings.models import Meeting

from .test_commitment_flow import log_in, open_menu

SCREENSHOT = "/tmp/ct05-meeting-phone.png"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_meeting_flow(live_server, world_tx, phone):
    world, page, base = world_tx, phone, live_server.url
    failed, script_errors = [], []  # every page, stylesheet and script loads; no JS error
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    today = timezone.localdate()
    day = today - datetime.timedelta(days=1)
    if day.year != today.year:
        day = today
    absent = world.people_a1[2]

    log_in(page, base, "bithu1")
    open_menu(page)
    page.get_by_role("navigation", name="Trình đơn chính").get_by_role(
        "link", name="Sinh hoạt chi bộ"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sinh hoạt chi bộ")
    page.get_by_role("link", name="Ghi cuộc sinh hoạt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ghi cuộc sinh hoạt")

    # Every member of the cell is listed, ticked present.
    boxes = page.locator('#attendance input[name="present"]')
    expect(boxes).to_have_count(4)
    for i in range(4):
        expect(boxes.nth(i)).to_be_checked()
    expect(page.locator("[data-present-count]")).to_have_text("4")

    # A new date reloads the list for that day (htmx), keeping it ticked. htmx listens once the
    # page's deferred scripts have run: on a busy machine the heading shows before they do.
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.htmx !== undefined")
    if day != today:
        with page.expect_response(re.compile(r"/meetings/attendance/")):
            page.get_by_label("Ngày", exact=True).fill(day.isoformat())
        expect(page.locator('#attendance input[name="present"]')).to_have_count(4)
    expect(page.get_by_label("Sinh hoạt thường kỳ")).to_be_checked()
    page.get_by_label(
        "Có kiểm điểm việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    ).check()
    page.get_by_label("Chủ đề", exact=True).fill("Kiểm điểm việc làm theo Bác tháng này")

    # "Untick all" and "tick all" work in place, then one member is marked absent with a reason.
    page.get_by_role("button", name="Bỏ chọn tất cả").click()
    expect(page.locator("[data-present-count]")).to_have_text("0")
    page.get_by_role("button", name="Chọn tất cả", exact=True).click()
    expect(page.locator("[data-present-count]")).to_have_text("4")
    reason = page.get_by_label(f"Lý do vắng mặt của {absent.full_name}")
    expect(reason).to_be_hidden()  # asked only of those unticked
    page.get_by_role("checkbox", name=absent.full_name).uncheck()
    expect(reason).to_be_visible()
    reason.fill("Đi công tác")
    expect(page.locator("[data-present-count]")).to_have_text("3")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.screenshot(path=SCREENSHOT, full_page=True)
    page.get_by_role("button", name="Lưu cuộc sinh hoạt").click()

    expect(page.locator(".messages")).to_contain_text("Đã ghi cuộc sinh hoạt")
    expect(page.locator("#meeting-tally")).to_have_text("3/4 có mặt")
    expect(page.locator(".roll")).to_contain_text("Đi công tác")
    meeting = Meeting.objects.get()
    assert (meeting.organization, meeting.date, meeting.kind) == (world.cell_a1, day, "regular")
    assert meeting.directive05
    row = meeting.attendance.get(person=absent)
    assert (row.present, row.absence_reason) == (False, "Đi công tác")

    # The meeting is in the list, and the report of the cell counts one regular meeting.
    page.locator(".crumbs").get_by_role("link", name="Sinh hoạt chi bộ").click()
    listed = page.locator(f"#meeting-{meeting.pk}")
    expect(listed).to_contain_text(day.strftime("%d/%m/%Y"))
    expect(listed).to_contain_text("Sinh hoạt thường kỳ")
    expect(listed).to_contain_text("3/4 có mặt")
    open_menu(page)
    page.get_by_role("navigation", name="Trình đơn chính").get_by_role(
        "link", name="Báo cáo", exact=True
    ).click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("Chi bộ thôn A1")
    expect(page.locator("#fig-meetings-regular")).to_have_text("1")
    expect(page.locator("#fig-meetings-d05")).to_have_text("1")
    assert failed == [] and script_errors == []
