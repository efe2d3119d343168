"""The reorganization page (the level above only), the report's choice of tree, and pickers
that mark ended organizations."""

import datetime

from ct05.organizations.models import Organization
from ct05.reorganizations import services
from tests.factories import OrganizationFactory


def test_the_level_above_merges_from_the_page(world, client):
    client.force_login(world.tuyengiao)
    url = f"/organizations/{world.cell_a2.pk}/reorganize/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Sắp xếp tổ chức" in page.content.decode()
    response = client.post(
        url,
        {
            "kind": "merge",
            "effective": "2025-07-01",
            "others": [world.cell_a1.pk],
            "target": world.cell_a1.pk,
        },
    )
    assert response.status_code == 302
    cell = Organization.objects.get(pk=world.cell_a2.pk)
    assert cell.valid_to == datetime.date(2025, 6, 30)
    assert cell.successor_id == world.cell_a1.pk


def test_a_refused_change_is_shown_on_the_form_in_vietnamese(world, client):
    client.force_login(world.tuyengiao)
    response = client.post(
        f"/organizations/{world.commune_a.pk}/reorganize/",
        {"kind": "move", "effective": "2025-07-01", "target": world.cell_a1.pk},
    )
    assert response.status_code == 200
    assert "Không thể đặt" in response.content.decode()
    assert Organization.objects.get_parent(Organization.objects.get(pk=world.commune_a.pk)) == (
        world.province
    )


def test_a_secretary_may_not_reorganize_their_own_cell_and_a_sibling_gets_404(world, client):
    client.force_login(world.bithu1)
    assert client.get(f"/organizations/{world.cell_a1.pk}/reorganize/").status_code == 403
    assert client.get(f"/organizations/{world.cell_b1.pk}/reorganize/").status_code == 404


def test_the_report_picker_marks_dissolved_and_merged_organizations(world, client):
    services.merge(
        user=None,
        sources=[world.cell_a2, world.cell_a1],
        target=world.cell_a1,
        effective=datetime.date(2025, 7, 1),
    )
    services.dissolve(
        user=None, source=world.cell_b1, target=world.cell_a1, effective=datetime.date(2025, 7, 1)
    )
    client.force_login(world.tuyengiao)
    page = client.get(f"/reports/directive05/?organization={world.province.pk}&year=2024")
    html = page.content.decode()
    assert f"{world.cell_a2.name} (sáp nhập vào {world.cell_a1.name})" in html
    assert f"{world.cell_b1.name} (sáp nhập vào {world.cell_a1.name})" in html
    assert "tại thời điểm báo cáo" in html or "như lúc đó" in html


def test_a_dissolved_organization_is_marked_with_its_day(world, client):
    empty = OrganizationFactory(name="Chi bộ trống", parent=world.commune_a)
    services.dissolve(user=None, source=empty, effective=datetime.date(2025, 7, 1))
    client.force_login(world.tuyengiao)
    html = client.get(
        f"/reports/directive05/?organization={world.province.pk}&year=2025"
    ).content.decode()
    assert "Chi bộ trống (giải thể từ 01/07/2025)" in html


def test_the_report_page_says_which_tree_it_follows(world, client):
    client.force_login(world.tuyengiao)
    base = f"/reports/directive05/?organization={world.province.pk}&year=2024"
    assert "như lúc đó" in client.get(base).content.decode()
    today = client.get(base + "&tree=today").content.decode()
    assert "Tổng hợp theo các tổ chức hiện nay" in today


def test_hostile_ids_on_the_page_are_a_form_error_not_a_500(world, client):
    client.force_login(world.tuyengiao)
    url = f"/organizations/{world.cell_a2.pk}/reorganize/"
    for value in [str(2**63), "-1", "x", "1\x00"]:
        response = client.post(
            url,
            {"kind": "merge", "effective": "2025-07-01", "others": [value], "target": value},
        )
        assert response.status_code == 200, value
    assert Organization.objects.get(pk=world.cell_a2.pk).valid_to is None
