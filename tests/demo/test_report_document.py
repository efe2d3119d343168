"""The demo province's report as Word, PDF and workbook (its own module: the demo's data stay for
the module, beside which the other document tests' small world would not fit)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ct05.accounts.models import User
from ct05.demo.build import demo_root
from ct05.reports.renderers import HEADER_ROW
from tests.documents.test_documents import YEAR, docx_text, pdf_text


@pytest.mark.django_db
def test_the_demo_provinces_report_as_word_pdf_and_workbook(demo, client):
    """The checks of the issue: for the demo province and this year, the .docx's header holds
    the party line, the issuing body and "Số", its text the commitments in Vietnamese form;
    the PDF's text the same; the workbook's rows add up to the total."""
    province = demo_root()
    user = User.objects.filter(is_superuser=True).first() or User.objects.first()
    client.force_login(user)
    report = client.get("/api/reports/directive05/", {"organization": province.pk}).json()
    committed = f"{report['commitments']['committed']:,}".replace(",", ".")
    query = {"organization": province.pk, "year": YEAR}
    header, body = docx_text(client.get("/documents/directive05.docx", query).content)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header and province.name.upper() in header
    assert "Số" in header
    assert f"Có {committed} lượt cán bộ, đảng viên" in body
    pdf = client.get("/documents/directive05.pdf", query).content
    Path("/tmp/ct05-demo-report.pdf").write_bytes(pdf)  # pdftoppm: docs/report-page1.png
    text = " ".join(pdf_text(pdf).split())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and f"Có {committed} lượt cán bộ" in text
    book = load_workbook(BytesIO(client.get("/reports/directive05.xlsx", query).content))
    rows = list(book.worksheets[1].iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    children, total = rows[:-1], rows[-1]
    for column in (1, 2, 4, 5, 6):
        assert sum(row[column] for row in children) == total[column]
    assert total[2] == report["commitments"]["committed"]
