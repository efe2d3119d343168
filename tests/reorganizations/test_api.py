"""POST /api/reorganizations/: the level above reorganizes; a broken rule is a 400 that changes
nothing; out of scope is a 404."""

import datetime

from ct05.organizations.models import Organization, OrganizationLink
from ct05.people.models import Membership
from ct05.reorganizations.models import Reorganization


def snapshot():
    return (
        list(OrganizationLink.objects.order_by("pk").values_list()),
        list(Organization.objects.order_by("pk").values_list("pk", "path", "valid_to", "name")),
        list(Membership.objects.order_by("pk").values_list()),
        Reorganization.objects.count(),
    )


def test_the_propaganda_officer_merges_two_communes_into_a_new_one(world):
    api = world.api(world.tuyengiao)
    response = api.post(
        "/api/reorganizations/",
        {
            "kind": "merge",
            "effective": "2025-07-01",
            "sources": [world.commune_a.pk, world.commune_b.pk],
            "target": {
                "name": "Đảng ủy xã Mới",
                "kind": "grassroots_committee",
                "parent": world.province.pk,
            },
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    new = Organization.objects.get(name="Đảng ủy xã Mới")
    assert response.json()["targets"] == [new.pk]
    cells = Organization.objects.get_children(new).filter(valid_to__isnull=True)
    assert {c.pk for c in cells} == {world.cell_a1.pk, world.cell_a2.pk, world.cell_b1.pk}
    commune_a = Organization.objects.get(pk=world.commune_a.pk)
    assert commune_a.valid_to == datetime.date(2025, 6, 30)
    assert commune_a.successor == new
    listed = api.get("/api/reorganizations/").json()["results"]
    assert [r["kind"] for r in listed] == ["merge"]


def test_moving_under_its_own_descendant_is_a_400_and_changes_nothing(world):
    before = snapshot()
    response = world.api(world.tuyengiao).post(
        "/api/reorganizations/",
        {
            "kind": "move",
            "effective": "2025-07-01",
            "sources": [world.commune_a.pk],
            "target": world.cell_a1.pk,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 400
    assert "không thể" in str(response.json()).lower()
    assert snapshot() == before


def test_a_change_dated_before_the_last_change_is_a_400_and_changes_nothing(world):
    api = world.api(world.tuyengiao)
    moved = api.post(
        "/api/reorganizations/",
        {
            "kind": "move",
            "effective": "2025-07-01",
            "sources": [world.cell_a2.pk],
            "target": world.commune_b.pk,
        },
        format="json",
    )
    assert moved.status_code == 201
    before = snapshot()
    response = api.post(
        "/api/reorganizations/",
        {
            "kind": "merge",
            "effective": "2025-03-01",
            "sources": [world.cell_a2.pk, world.cell_b1.pk],
            "target": world.cell_b1.pk,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 400
    assert "01/07/2025" in str(response.json())
    assert snapshot() == before


def test_a_split_that_leaves_members_behind_is_a_400(world):
    before = snapshot()
    response = world.api(world.tuyengiao).post(
        "/api/reorganizations/",
        {
            "kind": "split",
            "effective": "2025-07-01",
            "sources": [world.cell_a1.pk],
            "targets": [
                {
                    "target": {"name": "Chi bộ 1", "kind": "cell", "parent": world.commune_a.pk},
                    "people": [world.people_a1[0].pk],
                },
                {"target": {"name": "Chi bộ 2", "kind": "cell", "parent": world.commune_a.pk}},
            ],
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 400
    assert world.people_a1[1].full_name in str(response.json())
    assert snapshot() == before


def test_a_split_sends_each_member_where_it_says(world):
    people = world.people_a1
    response = world.api(world.tuyengiao).post(
        "/api/reorganizations/",
        {
            "kind": "split",
            "effective": "2025-07-01",
            "sources": [world.cell_a1.pk],
            "targets": [
                {
                    "target": {"name": "Chi bộ 1", "kind": "cell", "parent": world.commune_a.pk},
                    "people": [people[0].pk],
                },
                {"target": world.cell_a2.pk, "people": [p.pk for p in people[1:]]},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    day = datetime.date(2025, 7, 1)
    assert Membership.objects.get(person=people[0], valid_from=day).organization.name == "Chi bộ 1"
    for person in people[1:]:
        assert Membership.objects.get(person=person, valid_from=day).organization_id == (
            world.cell_a2.pk
        )


def test_a_secretary_cannot_reorganize_their_own_organization_nor_reach_another(world):
    api = world.api(world.dangbo_a)
    own = api.post(
        "/api/reorganizations/",
        {
            "kind": "rename",
            "effective": "2025-07-01",
            "sources": [world.commune_a.pk],
            "name": "Đảng ủy phường A",
        },
        format="json",
    )
    assert own.status_code == 403
    other = api.post(
        "/api/reorganizations/",
        {
            "kind": "rename",
            "effective": "2025-07-01",
            "sources": [world.cell_b1.pk],
            "name": "Chi bộ khác",
        },
        format="json",
    )
    assert other.status_code == 404
    # Below their own level they may: a cell of their commune.
    below = api.post(
        "/api/reorganizations/",
        {
            "kind": "rename",
            "effective": "2025-07-01",
            "sources": [world.cell_a1.pk],
            "name": "Chi bộ thôn Mới",
        },
        format="json",
    )
    assert below.status_code == 201
    record = below.json()["id"]
    assert world.api(world.bithu2).get(f"/api/reorganizations/{record}/").status_code == 404
    assert world.api(world.tuyengiao).get(f"/api/reorganizations/{record}/").status_code == 200
