"""The improved workbook: a title block, grouped numbers, one-decimal percentages, print set-up."""

from io import BytesIO
from zipfile import ZipFile

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
        # the period named once: "— năm 2026", not "— năm năm 2026"
        assert sheet["A1"].value.endswith(f"Tỉnh ủy Thử Nghiệm — năm {YEAR}")
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4  # "9"
        # one page wide (fitToWidth 1 is the file format's default, left out), any number high
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    commitments = book.worksheets[1]
    assert commitments.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"  # repeated per page
    total = commitments[commitments.max_row]
    assert total[1].number_format == "#,##0"  # members
    assert total[3].number_format == '0.0"%"'  # share with a commitment, one decimal
    assert all(cell.font.b for cell in total)


def test_the_workbook_keeps_its_sheets_header_panes_widths_and_chart(world):
    report = directive05_report(organization=world.province, year=YEAR)
    content = render_xlsx(report)
    book = load_workbook(BytesIO(content))
    assert book.sheetnames == [
        "Tổng hợp",
        "Cam kết và việc làm theo Bác",
        "Học tập",
        "Sinh hoạt chi bộ",
        "Kế hoạch, chuẩn mực",
        "Cuộc kiểm tra, giám sát",
        "Xếp loại",
        "Nhiệm vụ",
        "Mô hình, khen thưởng, nhân dân",
        "Theo tổ chức (nhân dân)",
    ]
    assert all(len(name) <= 31 for name in book.sheetnames)
    # the sheets by organization: all but the summary and the community sections' totals
    for sheet in book.worksheets[1:8] + book.worksheets[9:]:
        header = sheet[HEADER_ROW]
        assert header[0].value == "Tổ chức"
        assert all(c.font.b and c.fill.fgColor.rgb.endswith("FDE9D9") for c in header)
        assert header[0].alignment.wrap_text and header[0].alignment.vertical == "top"
        assert sheet.freeze_panes == f"B{HEADER_ROW + 1}"  # the header and the names stay
        assert sheet.column_dimensions["A"].width == 38
        assert sheet.column_dimensions["B"].width == 16
    summary = book.worksheets[0]
    assert summary["A1"].font.b and summary["A1"].font.sz == 13
    assert summary.column_dimensions["A"].width == 44
    assert book.worksheets[8].column_dimensions["A"].width == 52
    # the ratings by level, as columns beside the summary's figures
    with ZipFile(BytesIO(content)) as files:
        chart = files.read("xl/charts/chart1.xml").decode()
        drawing = files.read("xl/drawings/drawing1.xml").decode()
    assert '<c:barDir val="col"/>' in chart and chart.count("<c:ser>") == 2
    assert "<xdr:col>4</xdr:col>" in drawing and "<xdr:row>3</xdr:row>" in drawing  # at E4
