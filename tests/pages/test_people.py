"""People: search without diacritics, subtree filter, Vietnamese order, one person's page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ct05.people import services as people_services
from ct05.people.models import Person

from .conftest import text


def _names(response) -> list[str]:
    return [p.full_name for p in response.context["page"].object_list]


def test_search_ignores_diacritics(client, world):
    people_services.create_person(full_name="Giàng A Vừ", gender="male", organization=world.cell_a1)
    client.force_login(world.bithu1)
    response = client.get(reverse("person-list"), {"q": "giang a vu"})
    assert _names(response) == ["Giàng A Vừ"]
    assert "Giàng A Vừ" in text(response)


def test_list_is_in_vietnamese_order(client, world):
    for name in ["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn Anh"]:
        people_services.create_person(full_name=name, gender="male", organization=world.cell_a2)
    client.force_login(world.dangbo_a)
    names = _names(client.get(reverse("person-list"), {"organization": world.cell_a2.pk}))
    # given name first: An < Anh < Bình
    assert [n for n in names if n in {"Nguyễn Văn Bình", "Trần Thị An", "Lê Văn Anh"}] == [
        "Trần Thị An",
        "Lê Văn Anh",
        "Nguyễn Văn Bình",
    ]
    assert names == list(
        Person.objects.members_of([world.cell_a2])
        .vietnamese_order()
        .values_list("full_name", flat=True)
    )


def test_organization_filter_takes_the_whole_subtree(client, world):
    client.force_login(world.tuyengiao)
    names = set(_names(client.get(reverse("person-list"), {"organization": world.commune_a.pk})))
    assert names == {p.full_name for p in world.people_a1 + world.people_a2}


def test_secretary_sees_only_their_cell(client, world):
    client.force_login(world.bithu2)
    names = set(_names(client.get(reverse("person-list"))))
    assert names == {p.full_name for p in world.people_b1}


def test_filtering_by_an_organization_outside_the_scope_shows_nobody(client, world):
    client.force_login(world.bithu2)
    response = client.get(reverse("person-list"), {"organization": world.cell_a1.pk})
    assert _names(response) == []


def test_htmx_search_returns_only_the_results(client, world):
    client.force_login(world.bithu1)
    response = client.get(reverse("person-list"), {"q": ""}, headers={"HX-Request": "true"})
    page = text(response)
    assert page.lstrip().startswith('<div id="results">')
    assert "<html" not in page


def test_list_is_paginated(client, world):
    for i in range(51):
        people_services.create_person(
            full_name=f"Lò Văn Sáng {i}", gender="male", organization=world.cell_a2
        )
    client.force_login(world.dangbo_a)
    first = client.get(reverse("person-list"))
    assert len(first.context["page"].object_list) == 50
    assert "Trang 1 / 2" in text(first)
    second = client.get(reverse("person-list"), {"page": 2})
    assert len(second.context["page"].object_list) == 51 + 6 - 50


def test_list_queries_do_not_grow_with_the_page(client, world):
    client.force_login(world.tuyengiao)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("person-list")).status_code == 200
        return len(captured)

    before = queries()
    for i in range(10):
        people_services.create_person(
            full_name=f"Vàng Seo Páo {i}", gender="male", organization=world.cell_b1
        )
    assert queries() == before


def test_person_page_shows_memberships_with_vietnamese_dates(client, world, commitment):
    client.force_login(world.bithu1)
    person = world.dangvien1.person
    page = text(client.get(reverse("person-detail", args=[person.pk])))
    assert person.full_name in page
    assert "01/01/2020" in page  # membership since, dd/mm/yyyy
    assert "Chi bộ thôn A1" in page
    assert f"Bản cam kết năm {commitment.year}" in page
    assert "3 việc làm" in page


def test_person_of_another_subtree_is_404(client, world):
    client.force_login(world.bithu2)
    assert client.get(reverse("person-detail", args=[world.people_a1[1].pk])).status_code == 404
    client.force_login(world.outsider)
    assert client.get(reverse("person-detail", args=[world.people_b1[1].pk])).status_code == 404
