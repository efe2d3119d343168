"""The organization tree and an organization's page with its settings."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ct05.organizations.models import Organization
from tests.factories import OrganizationFactory, PersonFactory

from .conftest import text


def test_propaganda_officer_opens_the_tree_two_levels_deep_then_a_branch(client, world):
    client.force_login(world.tuyengiao)
    page = text(client.get(reverse("organization-tree")))
    assert "Tỉnh ủy Thử Nghiệm" in page and "Đảng ủy xã A" in page and "Đảng ủy xã B" in page
    assert "Chi bộ thôn A1" not in page  # a province's thousands of cells wait to be opened
    assert page.count("Xem các tổ chức trực thuộc") == 2

    # Without JavaScript: the same page with commune A open.
    page = text(client.get(reverse("organization-tree"), {"under": world.commune_a.pk}))
    assert "Chi bộ thôn A1" in page and "Chi bộ thôn A2" in page
    assert "Chi bộ thôn B1" not in page
    assert "4 đảng viên" in page  # cell A1
    assert page.count("Xem các tổ chức trực thuộc") == 1  # commune B's

    # With htmx: only the rows under commune B, to go in after its row.
    rows = client.get(
        reverse("organization-tree"), {"under": world.commune_b.pk}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in rows.content.decode()
    assert "Chi bộ thôn B1" in text(rows) and "3 đảng viên" in text(rows)


def test_a_branch_outside_the_users_subtree_is_not_found(client, world):
    client.force_login(world.bithu1)
    response = client.get(reverse("organization-tree"), {"under": world.commune_b.pk})
    assert response.status_code == 404


def test_tree_is_one_query_whatever_its_size(client, world):
    client.force_login(world.tuyengiao)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("organization-tree"))
        return len(captured)

    before = queries()
    for i in range(5):
        commune = OrganizationFactory(
            name=f"Xã {i}", parent=world.province, kind="grassroots_committee"
        )
        PersonFactory(organization=OrganizationFactory(name=f"Chi bộ {i}", parent=commune))
    assert queries() == before


def test_secretary_sees_only_their_subtree(client, world):
    client.force_login(world.bithu1)
    page = text(client.get(reverse("organization-tree")))
    assert "Chi bộ thôn A1" in page
    assert "Đảng ủy xã A" not in page
    assert "Chi bộ thôn B1" not in page


def test_detail_lists_children_members_and_settings(client, world):
    client.force_login(world.dangbo_a)
    page = text(client.get(reverse("organization-detail", args=[world.commune_a.pk])))
    assert "Chi bộ thôn A1" in page and "Chi bộ thôn A2" in page
    assert "Số việc làm tối thiểu mỗi bản cam kết" in page
    assert 'name="min_deeds"' in page  # the secretary may change the settings


def test_member_reads_settings_without_a_form(client, world):
    client.force_login(world.dangvien1)
    page = text(client.get(reverse("organization-detail", args=[world.cell_a1.pk])))
    assert world.people_a1[2].full_name in page
    assert 'name="min_deeds"' not in page


def test_secretary_changes_minimum_deeds(client, world):
    client.force_login(world.bithu1)
    url = reverse("organization-detail", args=[world.cell_a1.pk])
    response = client.post(url, {"min_deeds": "2", "excellent_cap_pct": "", "cap_enforcement": ""})
    assert response.status_code == 302
    world.cell_a1.refresh_from_db()
    assert world.cell_a1.min_deeds == 2
    assert "Đã lưu thiết lập" in text(client.get(url))


def test_invalid_setting_is_shown_on_the_form(client, world):
    client.force_login(world.bithu1)
    url = reverse("organization-detail", args=[world.cell_a1.pk])
    response = client.post(url, {"min_deeds": "0"})
    assert response.status_code == 200
    assert 'class="errorlist' in text(response)
    assert Organization.objects.get(pk=world.cell_a1.pk).min_deeds is None


def test_member_cannot_change_settings(client, world):
    client.force_login(world.dangvien1)
    response = client.post(
        reverse("organization-detail", args=[world.cell_a1.pk]), {"min_deeds": "1"}
    )
    assert response.status_code == 403
    assert Organization.objects.get(pk=world.cell_a1.pk).min_deeds is None


def test_sibling_secretary_and_outsider_get_404(client, world):
    for user in (world.bithu2, world.outsider):
        client.force_login(user)
        url = reverse("organization-detail", args=[world.cell_a1.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"min_deeds": "1"}).status_code == 404
