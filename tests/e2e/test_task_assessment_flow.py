"""A cell secretary, on a phone, finds the cell's tasks from the menu's registers, sees the
overdue one marked, assesses it on a form that fits the screen, and the task's status follows;
then sets the assessment right from the task's page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ct05.tasks.models import Task
from ct05.tasks.services import assign_task

from .conftest import PHONE
from .test_commitment_flow import log_in, open_register


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_cell_secretary_assesses_a_task_from_a_phone(live_server, world_tx, phone):
    world, page, base = world_tx, phone, live_server.url
    failed, script_errors = [], []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    today = timezone.localdate()
    task = assign_task(
        user=world.tuyengiao, organizations=[world.cell_a1],
        title="Bê tông hóa đường vào thôn A1", category="urgent", year=today.year,
        deadline=today - datetime.timedelta(days=3),
    )[0]  # fmt: skip

    log_in(page, base, "bithu1")
    open_register(page, "Nội dung đột phá và nhiệm vụ")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nội dung đột phá và nhiệm vụ")
    row = page.locator(f"#task-{task.pk}")
    expect(row.locator(".badge")).to_have_text("Quá hạn")  # overdue is marked
    fits(page)
    row.get_by_role("link", name="Bê tông hóa đường vào thôn A1").click()
    expect(page.locator("#task-status")).to_have_text("Chưa đánh giá")
    expect(page.locator("#task-overdue")).to_have_text("Quá hạn")

    page.get_by_role("link", name="Đánh giá", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đánh giá nhiệm vụ")
    form = page.locator("form.assess-form")
    box = form.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # the form fits
    fits(page)
    page.get_by_label("Tiến độ (%)").fill("60")
    form.get_by_text("Có nguy cơ chậm").click()
    page.get_by_label("Ghi chú").fill("Còn 300 m chưa đổ bê tông")
    page.get_by_role("button", name="Lưu đánh giá").click()

    expect(page.locator(".messages")).to_contain_text("Đã lưu đánh giá")
    expect(page.locator("#task-status")).to_have_text("Có nguy cơ chậm")  # follows the assessment
    expect(page.locator("#task-overdue")).to_have_text("Quá hạn")  # still not completed
    assert Task.objects.get(pk=task.pk).status == "at_risk"

    # Completed after all: the assessment set right from the task's page.
    page.locator("table").get_by_role("link", name="Sửa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sửa đánh giá")
    fits(page)
    page.get_by_label("Tiến độ (%)").fill("100")
    page.locator("form.assess-form").get_by_text("Hoàn thành", exact=True).click()
    page.get_by_role("button", name="Lưu đánh giá").click()
    expect(page.locator("#task-status")).to_have_text("Hoàn thành")
    expect(page.locator("#task-overdue")).to_have_count(0)  # no longer overdue
    assert Task.objects.get(pk=task.pk).status == "completed"
    assert failed == [] and script_errors == []
