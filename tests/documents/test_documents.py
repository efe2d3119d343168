"""The report as a document on the pages and the API: drafted from the records, edited, filed,
kept as filed, and its Word and PDF files."""

import datetime
import subprocess
from io import BytesIO

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from ct05.commitments.services import create_commitment
from ct05.documents.models import FiledReport
from ct05.meetings.services import record_meeting
from ct05.organizations.models import OrganizationKind as K
from tests.factories import OrganizationFactory, PersonFactory

YEAR = timezone.localdate().year
DEEDS = [{"title": "Việc 1"}, {"title": "Việc 2"}, {"title": "Việc 3"}]
DRAFT = "/documents/directive05/"


def commit(world, person):
    return create_commitment(user=world.bithu1, person=person, year=YEAR, deeds=DEEDS)


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def docx_text(content: bytes) -> tuple[str, str]:
    """(the header table's text, all the paragraphs' and tables' text)."""
    document = docx.Document(BytesIO(content))
    header = " ".join(c.text for c in document.tables[0].rows[0].cells)
    body = "\n".join(p.text for p in document.paragraphs)
    body += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    return header, body


def filing(world, **changes):
    data = {
        "number": "12-BC/ĐU",
        "superior": "TỈNH ỦY THỬ NGHIỆM",
        "issuing_body": "ĐẢNG ỦY XÃ A",
        "place": "Xã A",
        "issued_on": f"{YEAR}-11-20",
        "signing_for": "T/M BAN THƯỜNG VỤ",
        "signer_title": "BÍ THƯ",
        "signer_name": "Nguyễn Văn Bí",
        "recipients": "- Ban Tuyên giáo Tỉnh ủy,\n- Lưu VP.",
        "action": "file",
    }
    data.update(changes)
    return data


@pytest.fixture
def committed(world):
    for person in world.people_a1[:3]:
        commit(world, person)


def test_the_draft_holds_the_figures_in_sentences(client, world, committed):
    client.force_login(world.dangbo_a)
    page = client.get(DRAFT, {"organization": world.commune_a.pk, "year": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Có 3 lượt cán bộ, đảng viên xây dựng bản cam kết" in html
    assert "Chưa có kết quả đánh giá, xếp loại chất lượng được quyết định trong kỳ." in html
    assert 'name="text-limitations"' in html and "Nêu những hạn chế" in html


def test_filing_keeps_the_report_as_filed_and_the_next_draft_shows_what_changed(
    client, world, committed
):
    client.force_login(world.dangbo_a)
    url = f"{DRAFT}?organization={world.commune_a.pk}&year={YEAR}"
    draft = client.get(url).context["document"]
    first = draft["parts"][0]["sections"][1]["paragraphs"][0]  # commitments
    assert first["key"] == "commitments.0"
    edited = first["text"].replace("Có 3 lượt", "Toàn Đảng bộ có 3 lượt")
    answer = client.post(
        url, filing(world, **{"text-commitments.0": edited, "text-limitations": "Còn chậm."})
    )
    filed = FiledReport.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/documents/filed/{filed.pk}/"
    assert filed.author == world.dangbo_a and filed.number == "12-BC/ĐU"
    assert (filed.period_start, filed.period_end) == (
        datetime.date(YEAR, 1, 1),
        datetime.date(YEAR, 12, 31),
    )
    assert filed.figures["commitments"]["committed"] == 3

    # Records change afterwards: a fourth commitment.
    commit(world, world.people_a1[3])
    word = client.get(f"/documents/filed/{filed.pk}.docx")
    assert word["Content-Disposition"] == (
        f'attachment; filename="bao-cao-ct05_dang-uy-xa-a_{YEAR}.docx"'
    )
    header, body = docx_text(word.content)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header and "ĐẢNG ỦY XÃ A" in header
    assert "Số 12-BC/ĐU" in header and f"Xã A, ngày 20 tháng 11 năm {YEAR}" in header
    assert "Toàn Đảng bộ có 3 lượt" in body and "Còn chậm." in body
    assert "Nguyễn Văn Bí" in body and "- Ban Tuyên giáo Tỉnh ủy," in body
    pdf = client.get(f"/documents/filed/{filed.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "Toàn Đảng bộ có 3 lượt" in " ".join(pdf_text(pdf.content).split())

    page = client.get(url)
    assert page.context["changes"] == [
        {"figure": "commitments.committed", "label": "Bản cam kết", "before": "3", "after": "4"},
        {
            "figure": "commitments.deeds_registered",
            "label": "Việc làm đăng ký",
            "before": "9",
            "after": "12",
        },
        {
            "figure": "commitments.meeting_minimum",
            "label": "Bản cam kết đủ số việc làm tối thiểu",
            "before": "3",
            "after": "4",
        },
    ]
    listed = client.get("/documents/filed/", {"organization": world.commune_a.pk, "year": YEAR})
    assert "12-BC/ĐU" in listed.content.decode()


def test_a_sentence_whose_figures_disagree_with_the_records_is_flagged(client, world, committed):
    client.force_login(world.dangbo_a)
    url = f"{DRAFT}?organization={world.commune_a.pk}&year={YEAR}"
    wrong = "Có 30 lượt cán bộ, đảng viên xây dựng bản cam kết."
    answer = client.post(url, filing(world, **{"text-commitments.0": wrong}))
    assert answer.status_code == 400
    assert answer.context["flagged"] == [("commitments.0", wrong)]
    assert "Số liệu không khớp với dữ liệu:" in answer.content.decode()
    assert not FiledReport.objects.exists()
    # Filed on purpose once the officer says they checked it.
    data = filing(world, **{"text-commitments.0": wrong, "accept_flagged": "on"})
    assert client.post(url, data).status_code == 302
    assert FiledReport.objects.count() == 1


def test_filing_asks_for_a_number_and_a_signer(client, world, committed):
    client.force_login(world.dangbo_a)
    url = f"{DRAFT}?organization={world.commune_a.pk}&year={YEAR}"
    answer = client.post(url, filing(world, number=" ", signer_name=""))
    assert answer.status_code == 400
    assert set(answer.context["form"].errors) >= {"number", "signer_name"}
    assert not FiledReport.objects.exists()


def test_a_viewer_reads_but_does_not_file_and_an_outsider_sees_nothing(client, world, committed):
    client.force_login(world.viewer)
    url = f"{DRAFT}?organization={world.commune_a.pk}&year={YEAR}"
    assert "Nộp báo cáo" not in client.get(url).content.decode()
    assert client.post(url, filing(world)).status_code == 403
    assert not FiledReport.objects.exists()
    client.force_login(world.bithu2)  # commune B's cell
    assert client.get(url).status_code == 404
    assert client.post(url, filing(world)).status_code == 404


def test_a_filed_report_is_read_only_in_its_subtree(client, world, committed):
    client.force_login(world.dangbo_a)
    client.post(f"{DRAFT}?organization={world.commune_a.pk}&year={YEAR}", filing(world))
    filed = FiledReport.objects.get()
    for user, status in [(world.tuyengiao, 200), (world.bithu2, 404), (world.outsider, 404)]:
        client.force_login(user)
        assert client.get(f"/documents/filed/{filed.pk}/").status_code == status
        assert client.get(f"/documents/filed/{filed.pk}.docx").status_code == status
    api = world.api(world.bithu2)
    assert api.get(f"/api/reports/filed/{filed.pk}/").status_code == 404
    assert api.get("/api/reports/filed/").json()["results"] == []
    api = world.api(world.tuyengiao)
    listed = api.get("/api/reports/filed/", {"organization": world.province.pk, "year": YEAR})
    assert [r["number"] for r in listed.json()["results"]] == ["12-BC/ĐU"]
    one = api.get(f"/api/reports/filed/{filed.pk}/", {"format": "docx"})
    assert one.status_code == 200
    assert "ĐẢNG ỦY XÃ A" in docx_text(one.content)[0]
    assert api.get(f"/api/reports/filed/{filed.pk}/history/").status_code == 200
    for year in ("-1", str(2**63), "x"):
        assert api.get("/api/reports/filed/", {"year": year}).status_code == 400


@pytest.mark.parametrize("extension", ["docx", "pdf"])
def test_the_draft_files_carry_the_organization_and_period(client, world, committed, extension):
    client.force_login(world.dangbo_a)
    answer = client.get(
        f"/documents/directive05.{extension}", {"organization": world.commune_a.pk, "year": YEAR}
    )
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == (
        f'attachment; filename="bao-cao-ct05_dang-uy-xa-a_{YEAR}.{extension}"'
    )


def test_the_api_report_in_every_format(world, committed):
    api = world.api(world.tuyengiao)
    query = {"organization": world.commune_a.pk, "year": YEAR}
    assert (
        api.get("/api/reports/directive05/", {**query, "format": "json"}).json()["commitments"][
            "committed"
        ]
        == 3
    )
    word = api.get("/api/reports/directive05/", {**query, "format": "docx"})
    assert word["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.word")
    assert "Có 3 lượt cán bộ" in docx_text(word.content)[1]
    pdf = api.get("/api/reports/directive05/", query, HTTP_ACCEPT="application/pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "Có 3 lượt cán bộ" in " ".join(pdf_text(pdf.content).split())
    book = api.get("/api/reports/directive05/", {**query, "format": "xlsx"})
    assert book["Content-Disposition"] == (
        f'attachment; filename="bao-cao-ct05_dang-uy-xa-a_{YEAR}.xlsx"'
    )
    rows = list(load_workbook(BytesIO(book.content)).worksheets[1].iter_rows(values_only=True))
    assert rows[-1][2] == 3  # the total's commitments
    # Out of scope or a bad year: the error, as JSON, whatever the format asked for.
    outside = world.api(world.bithu2).get("/api/reports/directive05/", {**query, "format": "pdf"})
    assert outside.status_code == 404 and outside["Content-Type"] == "application/json"
    bad = api.get("/api/reports/directive05/", {**query, "year": 1800, "format": "docx"})
    assert bad.status_code == 400 and "year" in bad.json()


def test_a_meeting_recorded_after_filing_changes_the_draft_not_the_filed_report(
    client, world, committed
):
    client.force_login(world.bithu1)
    url = f"{DRAFT}?organization={world.cell_a1.pk}&year={YEAR}"
    assert client.post(url, filing(world, issuing_body="CHI BỘ THÔN A1")).status_code == 302
    filed = FiledReport.objects.get()
    day = timezone.localdate()
    record_meeting(user=world.bithu1, organization=world.cell_a1, date=day, kind="regular")
    changes = client.get(url).context["changes"]
    assert {"figure": "meetings.regular", "label": "Cuộc sinh hoạt thường kỳ", "before": "0",
            "after": "1"} in changes  # fmt: skip
    filed.refresh_from_db()
    assert filed.figures["meetings"]["regular"] == 0
    assert (
        "Chưa ghi nhận cuộc sinh hoạt chi bộ nào trong kỳ."
        in docx_text(client.get(f"/documents/filed/{filed.pk}.docx").content)[1]
    )


def test_a_provinces_own_template_replaces_the_shipped_one(client, world, tmp_path, monkeypatch):
    """An administrator's .docx with the documented placeholders is used without code."""
    own = docx.Document()
    own.add_paragraph("Mẫu riêng của tỉnh: {{ issuing_body }} — {{ number }}")
    own.add_paragraph("{%p for part in parts %}")
    own.add_paragraph("{{ part.heading }}")
    own.add_paragraph("{%p endfor %}")
    own.add_paragraph("Người ký: {{ signer_name }}")
    path = tmp_path / "bao-cao-ct05.docx"
    own.save(str(path))
    monkeypatch.setenv("CT05_REPORT_TEMPLATE", str(path))
    client.force_login(world.dangbo_a)
    answer = client.get("/documents/directive05.docx", {"organization": world.commune_a.pk})
    text = "\n".join(p.text for p in docx.Document(BytesIO(answer.content)).paragraphs)
    assert "Mẫu riêng của tỉnh: ĐẢNG ỦY XÃ A — Số …-BC/…" in text
    assert "I. KẾT QUẢ THỰC HIỆN" in text and "II. HẠN CHẾ, NGUYÊN NHÂN" in text


def test_the_home_page_charts_the_year_so_far_without_a_network(client, world, committed):
    client.force_login(world.bithu1)
    page = client.get("/")
    html = page.content.decode()
    assert 'id="dashboard-data"' in html and "/static/vendor/chartjs/chart.umd.min.js" in html
    assert "http://" not in html.split('id="dashboard-data"')[1].split("</script>")[0]
    charts = {c["id"]: c for c in page.context["charts"]["charts"]}
    assert charts["chart-commitments"]["data"] == [3, 1]  # cell A1: 3 of its 4 members
    assert set(charts) == {"chart-commitments", "chart-ratings", "chart-meetings", "chart-study"}
    # What is late: bithu1's cell, once a meeting of the year is due and none was held.
    late = page.context["late"]
    assert {p.organization for p in late} <= {world.cell_a1}
    assert all(p.regular < p.regular_expected or p.thematic < p.thematic_expected for p in late)


def test_the_draft_costs_the_same_queries_however_large_the_tree(client, world, committed):
    client.force_login(world.tuyengiao)
    url = f"{DRAFT}?organization={world.province.pk}&year={YEAR}"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for i in range(3):
        commune = OrganizationFactory(
            name=f"Đảng ủy xã C{i}", kind=K.GRASSROOTS_COMMITTEE, parent=world.province
        )
        for j in range(2):
            cell = OrganizationFactory(name=f"Chi bộ C{i}-{j}", parent=commune)
            PersonFactory(organization=cell)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) <= len(small)


def test_odd_text_is_filed_as_plain_text(client, world, committed):
    client.force_login(world.dangbo_a)
    url = f"{DRAFT}?organization={world.commune_a.pk}&year={YEAR}"
    data = filing(world, **{"text-limitations": "Còn\x00 chậm.\r\nCần <b>sửa</b>."})
    assert client.post(url, data).status_code == 302
    filed = FiledReport.objects.get()
    limitations = filed.content["parts"][1]["sections"][0]["paragraphs"][0]["text"]
    assert limitations == "Còn chậm.\nCần <b>sửa</b>."
    page = client.get(f"/documents/filed/{filed.pk}/").content.decode()
    assert "Cần &lt;b&gt;sửa&lt;/b&gt;." in page


def test_a_post_that_is_not_the_pages_form_is_a_400(client, world):
    client.force_login(world.dangbo_a)
    url = f"{DRAFT}?organization={world.commune_a.pk}&year={YEAR}"
    for data in ({}, {"action": "delete"}, filing(world, action="x" * 100)):
        answer = client.post(url, data)
        assert answer.status_code == 400
        assert "Hãy chọn “Kiểm tra số liệu” hoặc “Nộp báo cáo”." in answer.content.decode()
    assert not FiledReport.objects.exists()
