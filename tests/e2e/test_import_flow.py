"""The propaganda officer downloads the people template, fills it, uploads it and watches the
progress bar move to the result; then uploads a bad one and downloads it back marked."""

import threading
import time

import pytest
from django.db import OperationalError, connection
from openpyxl import load_workbook
from playwright.sync_api import expect

from ct05.imports import importer
from ct05.imports.models import ImportJob, ImportStatus
from ct05.imports.tasks import run_import_job
from ct05.people.models import Person
from tests.imports.helpers import code_world, person_row

from .test_commitment_flow import log_in, open_menu

ROWS = 12


class Worker(threading.Thread):
    """What ``ct05 db_worker`` does for the page: runs each queued import (the real task),
    its progress slowed so that a person, and the test, see the bar move."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stopping = threading.Event()

    def run(self):
        try:
            while not self.stopping.is_set():
                try:
                    job = ImportJob.objects.filter(status=ImportStatus.QUEUED).first()
                except OperationalError:  # the live server writing on SQLite's shared cache
                    job = None
                if job is None:
                    time.sleep(0.2)
                    continue
                run_import_job.call(str(job.pk))
        finally:
            connection.close()


@pytest.fixture
def worker(monkeypatch):
    original = importer.Context.report

    def slow_report(self):
        original(self)
        time.sleep(0.25)

    monkeypatch.setattr(importer, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(importer.Context, "report", slow_report)
    thread = Worker()
    thread.start()
    yield thread
    thread.stopping.set()
    thread.join(timeout=10)


def fill_template(path, rows, to):
    wb = load_workbook(path)
    ws = wb["Đảng viên"]
    headers = [c.value for c in ws[1]]
    for r, row in enumerate(rows, start=2):
        for c, header in enumerate(headers, start=1):
            ws.cell(row=r, column=c, value=row.get(header))
    wb.save(to)
    return to


def progress_values(page, until: str) -> list[int]:
    """The bar's value as the page shows it, until the result appears."""
    seen = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        done = page.locator("#import-result").count() > 0
        # Read after the check: the swap that shows the result also sets the bar to 100, and
        # may land between the two reads.
        value = page.locator("#import-progress").get_attribute("value")
        if value is not None and (not seen or seen[-1] != int(value)):
            seen.append(int(value))
        if done:
            break
        time.sleep(0.1)
    expect(page.locator("#import-result")).to_contain_text(until)
    return seen


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_import_flow(live_server, world_tx, phone, worker, tmp_path):
    world, page, base = world_tx, phone, live_server.url
    code_world(world)
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))

    log_in(page, base, "tuyengiao")
    open_menu(page)
    page.get_by_role("navigation", name="Trình đơn chính").get_by_role(
        "link", name="Nhập, xuất Excel"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập, xuất Excel")

    # The template: headers, drop-downs and the instructions sheet.
    with page.expect_download() as download:
        page.locator("#templates").get_by_role("link", name="Đảng viên").click()
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)
    wb = load_workbook(template)
    assert "Hướng dẫn" in wb.sheetnames
    assert "Số định danh cá nhân" in [c.value for c in wb["Đảng viên"][1]]

    # A filled one: uploaded, the bar moves, the result is shown and the people are there.
    rows = [person_row(i) for i in range(1, ROWS + 1)]
    filled = fill_template(template, rows, tmp_path / "danh-sach.xlsx")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(filled)
    page.get_by_role("button", name="Nhập", exact=True).click()
    seen = progress_values(page, "Đã nhập")
    assert any(0 < v < 100 for v in seen), seen
    assert seen == sorted(seen) and seen[-1] == 100, seen
    expect(page.locator("#import-counts")).to_contain_text(f"ghi {ROWS}")
    assert Person.objects.filter(party_card_number__startswith="9000000").count() == 9
    assert Person.objects.filter(party_card_number__startswith="900000").count() == ROWS

    # A bad one: nothing written, the problems listed, the workbook comes back marked.
    page.get_by_role("link", name="Nhập tệp khác").click()
    bad_rows = [person_row(i) for i in range(50, 55)]
    bad_rows[2]["Ngày sinh"] = "30/02/1990"  # on row 4
    bad = fill_template(template, bad_rows, tmp_path / "sai.xlsx")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(bad)
    page.get_by_role("button", name="Nhập", exact=True).click()
    progress_values(page, "Phát hiện 1 lỗi")
    expect(page.locator("#import-errors tbody tr")).to_have_count(1)
    expect(page.locator("#import-errors tbody tr")).to_contain_text("Ngày sinh")
    assert not Person.objects.filter(party_card_number="90000050").exists()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp có đánh dấu các ô sai").click()
    marked = tmp_path / "loi.xlsx"
    download.value.save_as(marked)
    ws = load_workbook(marked)["Đảng viên"]
    assert not str(ws["C3"].fill.fgColor.rgb).endswith("FFC7CE")
    assert ws["C4"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "Ngày sinh" in ws.cell(row=4, column=ws.max_column).value
    assert script_errors == []
