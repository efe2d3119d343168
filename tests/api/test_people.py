from ct05.people.models import Membership, Person
from tests.factories import PersonFactory


def names(response):
    return [p["full_name"] for p in response.json()["results"]]


def test_search_ignores_diacritics_and_case(world):
    PersonFactory(organization=world.cell_a1, full_name="Giàng A Vừ")
    PersonFactory(organization=world.cell_a1, full_name="Giàng Seo Páo")

    response = world.api(world.bithu1).get("/api/people/?q=giang a vu")

    assert names(response) == ["Giàng A Vừ"]
    assert names(world.api(world.bithu1).get("/api/people/?q=GIÀNG"))  # accents in the query too


def test_lists_sort_by_given_name_then_middle_then_family(world):
    for name in ["Trần Văn Bình", "Lê Thị An", "Nguyễn Văn An", "Đặng Đức Ánh", "Hà Văn Anh"]:
        PersonFactory(organization=world.cell_a2, full_name=name)

    response = world.api(world.tuyengiao).get(f"/api/people/?organization={world.cell_a2.pk}")

    listed = [
        n
        for n in names(response)
        if n in {"Trần Văn Bình", "Lê Thị An", "Nguyễn Văn An", "Đặng Đức Ánh", "Hà Văn Anh"}
    ]
    assert listed == ["Lê Thị An", "Nguyễn Văn An", "Hà Văn Anh", "Đặng Đức Ánh", "Trần Văn Bình"]


def test_secretary_adds_a_person_to_their_cell_with_several_kinds(world):
    response = world.api(world.bithu1).post(
        "/api/people/",
        {
            "full_name": "  Sùng  Thị Mỷ ",
            "gender": "female",
            "organization": world.cell_a1.pk,
            "ethnic_group": "mong",
            "kinds": ["party_member", "cadre"],
            "birth_date": "1990-03-02",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=response.json()["id"])
    assert person.full_name == "Sùng Thị Mỷ"
    assert person.ethnic_group.name == "Mông"
    assert sorted(person.kinds.values_list("code", flat=True)) == ["cadre", "party_member"]
    assert Membership.objects.get(person=person).organization == world.cell_a1


def test_adding_a_person_to_another_subtree_is_refused(world):
    response = world.api(world.bithu1).post(
        "/api/people/",
        {"full_name": "Lò Văn Sáng Ngoại", "gender": "male", "organization": world.cell_b1.pk},
        format="json",
    )
    assert response.status_code == 404
    assert not Person.objects.filter(full_name="Lò Văn Sáng Ngoại").exists()


def test_an_unknown_ethnic_group_is_a_400(world):
    response = world.api(world.bithu1).post(
        "/api/people/",
        {
            "full_name": "Lò Văn Sáng Ngoại",
            "gender": "male",
            "organization": world.cell_a1.pk,
            "ethnic_group": "klingon",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "ethnic_group" in response.json()


def test_moving_a_person_keeps_the_old_membership(world):
    person = world.people_a1[3]
    response = world.api(world.dangbo_a).patch(
        f"/api/people/{person.pk}/", {"organization": world.cell_a2.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["current_organization"] == world.cell_a2.pk
    assert Membership.objects.filter(person=person).count() == 2
    # bithu1 (cell A1) no longer sees the person; the commune still does.
    assert world.api(world.bithu1).get(f"/api/people/{person.pk}/").status_code == 404


def test_lists_are_paged_and_the_page_size_can_be_asked_for(world):
    client = world.api(world.tuyengiao)
    first = client.get("/api/people/?page_size=4").json()
    second = client.get(first["next"]).json()
    assert first["count"] == 9
    assert len(first["results"]) == 4
    assert not {p["id"] for p in first["results"]} & {p["id"] for p in second["results"]}


def test_a_refused_transfer_leaves_the_person_unchanged(world):
    person = world.people_a1[3]
    response = world.api(world.bithu1).patch(
        f"/api/people/{person.pk}/",
        {"full_name": "Half Written", "organization": world.cell_b1.pk},
        format="json",
    )
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.full_name != "Half Written"
    assert Membership.objects.filter(person=person).count() == 1


def test_a_transfer_before_a_scheduled_one_is_refused(world):
    import datetime

    from django.utils import timezone

    from ct05.people.services import transfer_person

    person = world.people_a1[3]
    scheduled = timezone.localdate() + datetime.timedelta(days=7)
    transfer_person(person=person, to=world.cell_b1, day=scheduled)

    response = world.api(world.dangbo_a).patch(
        f"/api/people/{person.pk}/", {"organization": world.cell_a2.pk}, format="json"
    )

    assert response.status_code == 400
    assert f"từ ngày {scheduled:%d/%m/%Y}" in str(response.json())
    assert list(
        Membership.objects.filter(person=person).values_list("organization", "valid_to")
    ) == [
        (world.cell_a1.pk, scheduled - datetime.timedelta(days=1)),
        (world.cell_b1.pk, None),
    ]


def test_a_person_joins_and_moves_on_the_days_given(world):
    import datetime

    from django.utils import timezone

    api = world.api(world.dangbo_a)
    today = timezone.localdate()
    later = api.post(
        "/api/people/",
        {
            "full_name": "A",
            "gender": "male",
            "organization": world.cell_a1.pk,
            "valid_from": (today + datetime.timedelta(days=1)).isoformat(),
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert later.status_code == 400 and "valid_from" in later.json()
    joined = datetime.date(today.year, 1, 1)
    response = api.post(
        "/api/people/",
        {
            "full_name": "Sùng A Páo",
            "gender": "male",
            "organization": world.cell_a1.pk,
            "valid_from": joined.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    person = response.json()["id"]
    assert Membership.objects.get(person=person).valid_from == joined

    moved = today + datetime.timedelta(days=20)  # a transfer may be set for a later day
    response = api.patch(
        f"/api/people/{person}/",
        {"organization": world.cell_a2.pk, "valid_from": moved.isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert list(
        Membership.objects.filter(person=person).values_list("organization", "valid_from")
    ) == [(world.cell_a1.pk, joined), (world.cell_a2.pk, moved)]

    alone = api.patch(
        f"/api/people/{person}/",
        {"valid_from": "2030-01-01"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert alone.status_code == 400
    assert "valid_from" in alone.json()


def test_a_code_with_a_nul_byte_is_an_unknown_code_not_a_500(world):
    response = world.api(world.bithu1).post(
        "/api/people/",
        {
            "full_name": "Lò Văn Sáng Ngoại",
            "gender": "male",
            "organization": world.cell_a1.pk,
            "ethnic_group": "mong\x00",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "ethnic_group" in response.json()


def _counts(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith('SELECT COUNT(*) AS "__count"'))


def test_a_large_list_is_counted_once_for_its_pages_and_a_small_one_on_every_page(
    world, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ct05.api import pagination

    # The province (9 people here) stands for a large list, a cell (4) for a small one.
    monkeypatch.setattr(pagination, "LARGE_COUNT", 5)
    province = world.api(world.tuyengiao)
    with CaptureQueriesContext(connection) as first:
        one = province.get("/api/people/?page_size=4").json()
    with CaptureQueriesContext(connection) as second:
        two = province.get("/api/people/?page_size=4&page=2").json()
    with CaptureQueriesContext(connection) as third:
        three = province.get("/api/people/?page_size=4&page=3").json()
    assert one["count"] == two["count"] == three["count"] == 9
    assert (_counts(first), _counts(second), _counts(third)) == (1, 0, 0)
    assert len({p["id"] for p in one["results"] + two["results"] + three["results"]}) == 9
    assert len(second) == len(third)  # the later pages cost the same

    # Another scope counts its own list, and a small list is counted every time: exact at once.
    cell = world.api(world.bithu1)
    assert cell.get("/api/people/").json()["count"] == 4
    PersonFactory(organization=world.cell_a1, full_name="Người Mới Vào")
    with CaptureQueriesContext(connection) as again:
        assert cell.get("/api/people/").json()["count"] == 5
    assert _counts(again) == 1


def test_a_list_writes_each_person_as_the_person_is_written_alone(world):
    """A page of the list is written without the serializer's fields (a faster path): each row
    is what the person's own address answers, kinds in order, empty values and moves included."""
    from ct05.people import services as people_services
    from ct05.people.models import PersonKind

    PersonKind.objects.filter(code="cadre").update(order=0)
    PersonKind.objects.filter(code="party_member").update(order=5)
    both = PersonFactory(organization=world.cell_a1, full_name="Ly Seo Chú")
    both.kinds.set(PersonKind.objects.filter(code__in=["party_member", "cadre"]))
    bare = PersonFactory(
        organization=world.cell_a1, full_name="Ly Thị Dua", birth_date=None, ethnic_group=None
    )
    moved = PersonFactory(organization=world.cell_a1, full_name="Ly Văn Pả")
    people_services.update_person(
        user=world.tuyengiao, person=moved, organization=world.cell_a2, version=moved.version
    )
    api = world.api(world.tuyengiao)
    rows = {row["id"]: row for row in api.get("/api/people/?q=ly&page_size=50").json()["results"]}
    assert set(rows) >= {both.pk, bare.pk, moved.pk}
    for pk, row in rows.items():
        assert row == api.get(f"/api/people/{pk}/").json()
    assert rows[both.pk]["kinds"] == ["cadre", "party_member"]
    assert rows[bare.pk]["birth_date"] is None and rows[bare.pk]["ethnic_group"] is None
    assert rows[moved.pk]["current_organization"] == world.cell_a2.pk
