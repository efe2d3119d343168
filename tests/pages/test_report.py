"""The Directive 05 report page and its Excel download."""

import io
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ct05.commitments import services as commitment_services
from ct05.ratings import services as rating_services
from tests.factories import ALL_ON_TIME, OrganizationFactory, PersonFactory

from .conftest import YEAR, text

URL = reverse("report-directive05")
XLSX = reverse("report-directive05-xlsx")


def test_defaults_to_the_first_scope_and_this_year(client, world, commitment):
    client.force_login(world.bithu1)
    response = client.get(URL)
    assert response.context["organization"] == world.cell_a1
    assert response.context["year"] == YEAR
    page = text(response)
    assert f"Chi bộ thôn A1 — năm {YEAR}" in page
    assert '<dd id="fig-committed">1</dd>' in page
    assert '<dd id="fig-deeds-registered">3</dd>' in page
    assert "<dd>25,0%</dd>" in page  # 1 of 4 members


def test_figures_are_formatted_the_vietnamese_way(client, world):
    commitment_services.create_commitment(
        user=world.bithu2,
        person=world.people_b1[1],
        year=YEAR,
        deeds=[{"title": f"Việc {i}"} for i in range(1234)],
    )
    client.force_login(world.tuyengiao)
    page = text(client.get(URL, {"organization": world.province.pk, "year": YEAR}))
    assert '<dd id="fig-deeds-registered">1.234</dd>' in page
    assert "<dd>11,1%</dd>" in page  # 1 of 9 people
    assert f"01/01/{YEAR}" in page and f"31/12/{YEAR}" in page


def test_english_figures(client, world):
    commitment_services.create_commitment(
        user=world.bithu2,
        person=world.people_b1[1],
        year=YEAR,
        deeds=[{"title": f"Việc {i}"} for i in range(1234)],
    )
    client.force_login(world.tuyengiao)
    client.cookies["django_language"] = "en"
    page = text(client.get(URL, {"organization": world.province.pk, "year": YEAR}))
    assert '<dd id="fig-deeds-registered">1,234</dd>' in page
    assert "<dd>11.1%</dd>" in page


def test_children_table_and_chart_data(client, world, commitment):
    rating = rating_services.self_assess(
        user=world.dangvien1,
        person=world.dangvien1.person,
        year=YEAR,
        scores={"general": "30", "task_results": "68"},
        conditions=ALL_ON_TIME,
    )
    rating = rating_services.propose(user=world.bithu1, rating=rating)
    rating_services.decide(user=world.dangbo_a, rating=rating)
    client.force_login(world.dangbo_a)
    response = client.get(URL, {"organization": world.commune_a.pk, "year": YEAR})
    page = text(response)
    assert "Chi bộ thôn A1" in page and "Chi bộ thôn A2" in page
    assert f"?organization={world.cell_a1.pk}&amp;year={YEAR}" in page  # drill down
    chart = json.loads(
        page.split('id="ratings-chart-data" type="application/json">')[1].split("</script>")[0]
    )
    assert chart["labels"][0] == "Hoàn thành xuất sắc nhiệm vụ"
    assert chart["datasets"][0]["data"] == [1, 0, 0, 0]
    assert "vendor/chartjs/chart.umd.min.js" in page


def test_picker_lists_only_visible_organizations(client, world):
    client.force_login(world.dangbo_a)
    page = text(client.get(URL))
    picker = page.split('name="organization"')[1].split("</select>")[0]
    assert "Chi bộ thôn A2" in picker
    assert "Đảng ủy xã B" not in picker and "Tỉnh ủy" not in picker


def test_organization_outside_the_scope_is_404(client, world):
    client.force_login(world.bithu2)
    assert client.get(URL, {"organization": world.cell_a1.pk}).status_code == 404
    assert client.get(XLSX, {"organization": world.cell_a1.pk}).status_code == 404
    client.force_login(world.outsider)
    assert client.get(URL).status_code == 404


def test_unknown_year_is_shown_not_a_500(client, world):
    client.force_login(world.bithu1)
    response = client.get(URL, {"year": "1999"})
    assert response.status_code == 200
    assert 'class="errorlist' in text(response)
    assert response.context["year"] == YEAR


def test_download_excel(client, world, commitment):
    client.force_login(world.bithu1)
    page = text(client.get(URL, {"organization": world.cell_a1.pk, "year": YEAR}))
    link = f"{XLSX}?organization={world.cell_a1.pk}&amp;year={YEAR}"
    assert link in page and "Tải tệp Excel" in page
    response = client.get(XLSX, {"organization": world.cell_a1.pk, "year": YEAR})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    # The organization and the period in the name: two downloads never overwrite each other.
    assert response["Content-Disposition"] == (
        f'attachment; filename="bao-cao-ct05_chi-bo-thon-a1_{YEAR}.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert any(
        "Chi bộ thôn A1" in str(cell.value)
        for ws in workbook
        for row in ws.iter_rows()
        for cell in row
    )


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_tree(client, world):
    client.force_login(world.tuyengiao)
    before = _queries(client, organization=world.province.pk, year=YEAR)
    for i in range(4):
        cell = OrganizationFactory(name=f"Chi bộ mới {i}", parent=world.commune_b)
        person = PersonFactory(organization=cell)
        commitment_services.create_commitment(
            user=world.tuyengiao,
            person=person,
            year=YEAR,
            deeds=[{"title": f"V{j}"} for j in range(3)],
        )
    assert _queries(client, organization=world.province.pk, year=YEAR) == before


def test_an_impossible_year_says_so_and_shows_this_years_report(client, world):
    client.force_login(world.tuyengiao)
    response = client.get(URL, {"organization": world.province.pk, "year": 1999})
    page = text(response)
    assert response.status_code == 200
    assert f'<option value="{YEAR}" selected>' in page
    assert response.context["year"] == YEAR
    assert 'class="errorlist' in page
