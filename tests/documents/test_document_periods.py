"""The document, its files and the filed report carry the period: a quarter, a range of years,
any days."""

import datetime

import pytest
from django.utils import timezone

from ct05.commitments.services import create_commitment
from ct05.documents.models import FiledReport
from ct05.meetings.services import record_meeting
from tests.documents.test_documents import docx_text, filing, pdf_text

LAST = timezone.localdate().year - 1
DEEDS = [{"title": "Việc 1"}, {"title": "Việc 2"}, {"title": "Việc 3"}]
DRAFT = "/documents/directive05/"


@pytest.mark.parametrize(
    "query, label, slug",
    [
        ({"year": LAST, "quarter": 2}, f"quý II năm {LAST}", f"{LAST}-q2"),
        (
            {"from_year": LAST - 1, "to_year": LAST},
            f"giai đoạn {LAST - 1}–{LAST}",
            f"{LAST - 1}-{LAST}",
        ),
        (
            {"from": f"{LAST}-01-01", "to": f"{LAST}-06-30"},
            f"từ 01/01/{LAST} đến 30/06/{LAST}",
            f"{LAST}-01-01_{LAST}-06-30",
        ),
    ],
)
def test_the_word_and_pdf_files_carry_the_period(client, world, query, label, slug):
    create_commitment(user=world.admin, person=world.people_a1[1], year=LAST, deeds=DEEDS)
    client.force_login(world.dangbo_a)
    params = {"organization": world.commune_a.pk, **query}
    word = client.get("/documents/directive05.docx", params)
    assert word["Content-Disposition"] == (
        f'attachment; filename="bao-cao-ct05_dang-uy-xa-a_{slug}.docx"'
    )
    _header, body = docx_text(word.content)
    assert label in body
    api = world.api(world.tuyengiao).get("/api/reports/directive05/", {**params, "format": "pdf"})
    assert f"_{slug}.pdf" in api["Content-Disposition"]
    assert label in " ".join(pdf_text(api.content).split())


def test_a_quarter_is_filed_with_its_dates_and_label(client, world):
    record_meeting(
        user=world.admin, organization=world.cell_a1, date=datetime.date(LAST, 2, 5), kind="regular"
    )
    client.force_login(world.dangbo_a)
    url = f"{DRAFT}?organization={world.commune_a.pk}&year={LAST}&quarter=1"
    answer = client.post(url, filing(world))
    assert answer.status_code == 302
    filed = FiledReport.objects.get()
    assert (filed.period_start, filed.period_end, filed.period_label) == (
        datetime.date(LAST, 1, 1),
        datetime.date(LAST, 3, 31),
        f"quý I năm {LAST}",
    )
    assert filed.figures["meetings"]["regular"] == 1
    word = client.get(f"/documents/filed/{filed.pk}.docx")
    assert f"_{LAST}-q1.docx" in word["Content-Disposition"]


def test_a_bad_period_for_the_draft_files_is_a_400(client, world):
    client.force_login(world.dangbo_a)
    answer = client.get(
        "/documents/directive05.docx",
        {"organization": world.commune_a.pk, "from": "2026-05-01", "to": "2026-01-01"},
    )
    assert answer.status_code == 400
