"""The improved workbook: a title block, grouped numbers, one-decimal percentages, print set-up."""

from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook

from ct05.commitments.services import create_commitment
from ct05.reports.renderers import HEADER_ROW, file_name, render_xlsx
from ct05.reports.selectors import directive05_report

YEAR = timezone.localdate().year
DEEDS = [{"title": "Việc 1"}, {"title": "Việc 2"}, {"title": "Việc 3"}]


def test_file_names_carry_the_organization_period_and_kind():
    assert file_name("Đảng bộ xã Y Tý", "2025", "docx") == "bao-cao-ct05_dang-bo-xa-y-ty_2025.docx"
    assert file_name("Chi bộ thôn Lao Chải (số 2)", "2026", "xlsx") == (
        "bao-cao-ct05_chi-bo-thon-lao-chai-so-2_2026.xlsx"
    )


def test_every_sheet_is_titled_grouped_and_set_up_for_a4_landscape(world):
    create_commitment(user=world.bithu1, person=world.people_a1[1], year=YEAR, deeds=DEEDS)
    report = directive05_report(organization=world.province, year=YEAR)
    book = load_workbook(BytesIO(render_xlsx(report)))
    for sheet in book.worksheets:
        assert "Tỉnh ủy Thử Nghiệm" in sheet["A1"].value  # the title block
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4  # "9"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    commitments = book.worksheets[1]
    assert commitments.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"  # repeated per page
    total = commitments[commitments.max_row]
    assert total[1].number_format == "#,##0"  # members
    assert total[3].number_format == '0.0"%"'  # share with a commitment, one decimal
