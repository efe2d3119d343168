"""The propaganda officer opens the drafted report, edits one sentence, files it and downloads
the Word file holding the edit; a meeting recorded afterwards changes the next draft but not the
filed report."""

import datetime
import re

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ct05.commitments.services import create_commitment
from ct05.documents.models import FiledReport
from ct05.meetings.services import record_meeting

from .test_commitment_flow import log_in

DEEDS = [{"title": "Việc 1"}, {"title": "Việc 2"}, {"title": "Việc 3"}]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_edit_file_download_and_the_next_draft(live_server, world_tx, browser, tmp_path):
    world, base = world_tx, live_server.url
    year = timezone.localdate().year
    for person in world.people_a1[:3]:
        create_commitment(user=world.bithu1, person=person, year=year, deeds=DEEDS)
    context = browser.new_context(locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    failed = []
    page.on("response", lambda r: r.status >= 500 and failed.append(f"{r.status} {r.url}"))

    log_in(page, base, "tuyengiao")
    page.get_by_role("navigation", name="Trình đơn chính").get_by_role(
        "link", name="Báo cáo đã nộp"
    ).click()
    page.get_by_role("link", name="Soạn báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dự thảo báo cáo")
    sentence = page.locator('textarea[name="text-commitments.0"]')
    expect(sentence).to_contain_text("Có 3 lượt cán bộ, đảng viên xây dựng bản cam kết")
    edited = sentence.input_value().replace("Có 3 lượt", "Toàn Đảng bộ tỉnh có 3 lượt")
    sentence.fill(edited)
    page.get_by_label("Số", exact=True).fill("05-BC/TU")
    page.get_by_label("Người ký", exact=True).fill("Nguyễn Văn Thành")
    page.get_by_role("button", name="Nộp báo cáo").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo đã nộp 05-BC/TU")
    expect(page.locator(".party-document")).to_contain_text("Toàn Đảng bộ tỉnh có 3 lượt")
    page.screenshot(path="/tmp/ct05-filed-report.png", full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải tệp Word").click()
    download = download_info.value
    assert re.fullmatch(
        rf"bao-cao-ct05_tinh-uy-thu-nghiem_{year}\.docx", download.suggested_filename
    )
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    word = docx.Document(str(path))
    assert any("Toàn Đảng bộ tỉnh có 3 lượt" in p.text for p in word.paragraphs)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in word.tables[0].rows[0].cells[1].text

    # A meeting is recorded after filing.
    today = timezone.localdate()
    day = today - datetime.timedelta(days=1) if today.day > 1 else today
    record_meeting(user=world.bithu1, organization=world.cell_a1, date=day, kind="regular")

    page.goto(f"{base}/documents/directive05/?organization={world.province.pk}&year={year}")
    changed = page.locator('#changes-since tr[data-figure="meetings.regular"]')
    expect(changed).to_contain_text("0")
    expect(changed.locator("td").nth(2)).to_have_text("1")
    expect(page.locator('textarea[name="text-meetings.0"]')).to_contain_text(
        "Các chi bộ đã tổ chức 1 cuộc sinh hoạt thường kỳ"
    )
    # The filed report is as it was filed.
    filed = FiledReport.objects.get()
    assert filed.figures["meetings"]["regular"] == 0
    page.goto(f"{base}/documents/filed/{filed.pk}/")
    expect(page.locator(".party-document")).to_contain_text(
        "Chưa ghi nhận cuộc sinh hoạt chi bộ nào trong kỳ."
    )
    assert failed == []
    context.close()
