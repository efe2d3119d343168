"""The organization picker at a nation's size: past ``PICKER_LIMIT`` organizations a page's
organization field is a search box whose matches come from ``/organizations/pick/``, never a
select of every committee (issue 17)."""

import pytest
from django.urls import reverse

from ct05.organizations import forms as organization_forms
from ct05.organizations.models import Locality, LocalityKind, Organization


@pytest.fixture
def nation_sized(monkeypatch):
    """The world's three committees are "too many" for a select."""
    monkeypatch.setattr(organization_forms, "PICKER_LIMIT", 2)


def pick(client, query, **params):
    response = client.get(
        reverse("organization-pick"), {"name": "organization", "organization_q": query, **params}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_long_tree_gives_a_search_box_instead_of_a_select(client, world, nation_sized):
    client.force_login(world.tuyengiao)
    page = client.get(reverse("plan-list")).content.decode()
    assert '<select name="organization"' not in page
    assert 'name="organization_q"' in page
    assert reverse("organization-pick") in page
    # No organization is listed before a name is typed.
    assert "Đảng ủy xã B" not in page


def test_a_short_tree_keeps_its_select(client, world):
    client.force_login(world.tuyengiao)
    page = client.get(reverse("plan-list")).content.decode()
    assert '<select name="organization"' in page
    assert "Đảng ủy xã B" in page


def test_the_chosen_organization_stays_chosen_and_filters(client, world, nation_sized):
    client.force_login(world.tuyengiao)
    response = client.get(reverse("plan-list"), {"organization": world.commune_a.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{world.commune_a.pk}" checked' in page
    assert "Đảng ủy xã A" in page


def test_typing_a_name_without_diacritics_offers_its_organizations(client, world):
    client.force_login(world.tuyengiao)
    found = pick(client, "chi bo thon a")
    assert "Chi bộ thôn A1" in found and "Chi bộ thôn A2" in found
    assert "Chi bộ thôn B1" not in found
    assert "Đảng ủy xã A" not in found


def test_the_picker_offers_nothing_outside_the_users_scope(client, world):
    client.force_login(world.dangbo_a)
    assert "Chi bộ thôn A1" in pick(client, "chi bo")
    assert "Chi bộ thôn B1" not in pick(client, "chi bo")
    assert "Tỉnh ủy" not in pick(client, "tinh uy")
    client.force_login(world.outsider)
    assert "Chi bộ" not in pick(client, "chi bo")


def test_the_picker_keeps_to_the_fields_kinds(client, world):
    client.force_login(world.tuyengiao)
    found = pick(client, "xa", kinds="grassroots_committee")
    assert "Đảng ủy xã A" in found
    assert "Chi bộ thôn" not in pick(client, "thon", kinds="grassroots_committee")


def test_a_renamed_organization_is_found_by_its_new_name(client, world):
    cell = Organization.objects.get(pk=world.cell_b1.pk)
    cell.name = "Chi bộ bản Pắc Ngòa"
    cell.save(update_fields=["name"])
    client.force_login(world.tuyengiao)
    assert "Chi bộ bản Pắc Ngòa" in pick(client, "pac ngoa")


def test_without_javascript_find_sends_the_form_back_with_the_matches(client, world, nation_sized):
    client.force_login(world.tuyengiao)
    page = client.get(
        reverse("plan-list"), {"organization_q": "xa b", "organization_find": "1"}
    ).content.decode()
    assert "Đảng ủy xã B" in page
    assert "Đảng ủy xã A" not in page


def test_a_task_for_several_units_picks_them_by_name(client, world, nation_sized):
    client.force_login(world.tuyengiao)
    page = client.get(reverse("task-create")).content.decode()
    assert '<select name="organizations"' not in page
    assert 'name="organizations_q"' in page
    # The units already ticked stay ticked while another name is typed.
    found = client.get(
        reverse("organization-pick"),
        {
            "name": "organizations",
            "organizations_q": "xa b",
            "organizations": [world.commune_a.pk],
            "multiple": "1",
        },
    ).content.decode()
    assert f'type="checkbox" name="organizations" value="{world.commune_a.pk}" checked' in found
    assert f'type="checkbox" name="organizations" value="{world.commune_b.pk}">' in found


@pytest.fixture
def villages(world):
    """Commune A's area with three villages (commune B has none)."""
    commune = Locality.objects.create(kind=LocalityKind.COMMUNE, name="Xã Nà Hẩu")
    names = ["Bản Pắc Ngòa", "Bản Nà Lầu", "Thôn Khe Cọ"]
    found = [
        Locality.objects.create(kind=LocalityKind.VILLAGE, name=n, parent=commune) for n in names
    ]
    Organization.objects.filter(pk=world.commune_a.pk).update(locality=commune)
    return found


def test_a_long_list_of_villages_gives_a_search_box(client, world, villages, nation_sized):
    client.force_login(world.tuyengiao)
    page = client.get(reverse("activity-create")).content.decode()
    assert '<select name="village"' not in page
    assert 'name="village_q"' in page
    assert "Bản Nà Lầu" not in page


def test_typing_a_village_name_offers_it_with_its_commune(client, world, villages):
    client.force_login(world.tuyengiao)
    found = client.get(
        reverse("village-pick"), {"name": "village", "village_q": "pac ngoa"}
    ).content.decode()
    assert "Bản Pắc Ngòa · Xã Nà Hẩu" in found
    assert "Bản Nà Lầu" not in found
    # Commune B's secretary may change nothing in commune A's area.
    client.force_login(world.bithu2)
    found = client.get(
        reverse("village-pick"), {"name": "village", "village_q": "ban"}
    ).content.decode()
    assert "Pắc Ngòa" not in found and "Nà Lầu" not in found


def test_too_many_counts_a_list_cut_or_not_by_the_row_past_the_limit(world, nation_sized):
    # The limit is 2 here; the world holds more organizations than that.
    everything = Organization.objects.order_by("path")
    assert organization_forms.too_many(everything)
    assert organization_forms.too_many(everything[:10])  # cut by the caller, as some forms do
    assert not organization_forms.too_many(everything[:2])
    assert not organization_forms.too_many(everything.filter(pk=world.province.pk))
