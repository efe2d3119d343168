"""Split from a page: the level above says into which organizations, and where every
organization and member under it goes; refused with the API's messages, changing nothing."""

import datetime

from ct05.organizations.models import Organization
from ct05.people.models import Membership
from ct05.reorganizations.models import Reorganization

REFORM = datetime.date(2025, 7, 1)


def url(organization) -> str:
    return f"/organizations/{organization.pk}/reorganize/split/"


def current(person) -> Organization:
    return Membership.objects.get(person=person, valid_to__isnull=True).organization


def test_the_page_lists_every_member_and_offers_more_organizations(world, client):
    client.force_login(world.tuyengiao)
    page = client.get(url(world.cell_a1))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Chia tách" in text
    for person in world.people_a1:
        assert person.full_name in text
    assert 'id="part-2"' in text and 'id="part-3"' not in text
    three = client.get(url(world.cell_a1), {"parts": "3"}).content.decode()
    assert 'id="part-3"' in three
    # The reorganize page links to it.
    assert (
        url(world.cell_a1)
        in client.get(f"/organizations/{world.cell_a1.pk}/reorganize/").content.decode()
    )


def test_the_level_above_splits_a_cell_into_a_new_one_and_an_existing_one(world, client):
    client.force_login(world.tuyengiao)
    first, second = world.people_a1[:2], world.people_a1[2:]
    data = {
        "parts": "2",
        "effective": REFORM.isoformat(),
        "name-1": "Chi bộ thôn A1 mới",
        "kind-1": "cell",
        "parent-1": world.commune_a.pk,
        "target-2": world.cell_a2.pk,
        "kind-2": "cell",
        **{f"to-person-{p.pk}": "1" for p in first},
        **{f"to-person-{p.pk}": "2" for p in second},
    }
    response = client.post(url(world.cell_a1), data)
    assert response.status_code == 302
    source = Organization.objects.get(pk=world.cell_a1.pk)
    new = Organization.objects.get(name="Chi bộ thôn A1 mới")
    assert source.valid_to == REFORM - datetime.timedelta(days=1)
    assert source.successor == new
    assert Organization.objects.get_parent(new) == world.commune_a
    assert {current(p) for p in first} == {new}
    assert {current(p) for p in second} == {world.cell_a2}
    record = Reorganization.objects.get(kind="split")
    assert set(record.targets.all()) == {new, world.cell_a2}


def test_someone_left_out_is_named_as_the_api_names_it_and_nothing_changes(world, client):
    client.force_login(world.tuyengiao)
    data = {
        "parts": "2",
        "effective": REFORM.isoformat(),
        "target-1": world.cell_a2.pk,
        "kind-1": "cell",
        "name-2": "Chi bộ thôn A1 mới",
        "kind-2": "cell",
        "parent-2": world.commune_a.pk,
        **{f"to-person-{p.pk}": "1" for p in world.people_a1[1:]},
    }
    response = client.post(url(world.cell_a1), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Hãy ghi nơi chuyển đến" in text and world.people_a1[0].full_name in text
    assert Organization.objects.get(pk=world.cell_a1.pk).valid_to is None
    assert not Organization.objects.filter(name="Chi bộ thôn A1 mới").exists()
    assert current(world.people_a1[1]) == world.cell_a1


def test_each_organization_is_existing_or_named_and_the_date_is_checked(world, client):
    client.force_login(world.tuyengiao)
    everyone = {f"to-person-{p.pk}": "1" for p in world.people_a1}
    response = client.post(
        url(world.cell_a1),
        {"parts": "2", "effective": REFORM.isoformat(), "target-1": world.cell_a2.pk, **everyone},
    )
    assert response.status_code == 200
    assert "Hãy chọn một tổ chức có sẵn hoặc ghi tên tổ chức mới." in response.content.decode()
    response = client.post(
        url(world.cell_a1),
        {
            "parts": "2",
            "effective": "1990-01-01",
            "target-1": world.cell_a2.pk,
            "target-2": world.cell_b1.pk,
            "kind-1": "cell",
            "kind-2": "cell",
            **everyone,
        },
    )
    assert response.status_code == 200
    assert "sau lần thay đổi gần nhất" in response.content.decode()
    assert Organization.objects.get(pk=world.cell_a1.pk).valid_to is None


def test_a_secretary_may_not_split_their_own_cell_and_a_sibling_gets_404(world, client):
    client.force_login(world.bithu1)
    assert client.get(url(world.cell_a1)).status_code == 403
    assert client.get(url(world.cell_b1)).status_code == 404
    client.force_login(world.dangbo_a)
    assert client.get(url(world.cell_a1)).status_code == 200
    # The commune's secretary cannot send a member to another commune's cell.
    response = client.post(
        url(world.cell_a1),
        {
            "parts": "2",
            "effective": REFORM.isoformat(),
            "target-1": world.cell_a2.pk,
            "target-2": world.cell_b1.pk,
            "kind-1": "cell",
            "kind-2": "cell",
            **{f"to-person-{p.pk}": "2" for p in world.people_a1},
        },
    )
    assert response.status_code == 200
    assert Organization.objects.get(pk=world.cell_a1.pk).valid_to is None
