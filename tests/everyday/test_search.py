"""The header's search box: people, organizations and commitments within the user's scope,
diacritics ignored, paged, in a number of queries that does not grow (issue 9, req. 5)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ct05.commitments import services as commitment_services
from tests.factories import PersonFactory
from tests.pages.conftest import DEEDS, YEAR, text

pytestmark = pytest.mark.django_db
SEARCH = reverse("search")


@pytest.fixture
def vu(world):
    """Giàng A Vừ, a member of cell A1 with a commitment."""
    person = PersonFactory(organization=world.cell_a1, full_name="Giàng A Vừ")
    commitment_services.create_commitment(user=world.bithu1, person=person, year=YEAR, deeds=DEEDS)
    return person


def test_every_page_has_the_search_box(client, world):
    client.force_login(world.dangvien1)
    page = text(client.get("/"))
    assert 'role="search"' in page and f'action="{SEARCH}"' in page and 'name="q"' in page


def test_diacritics_are_ignored(client, world, vu):
    client.force_login(world.bithu1)
    page = text(client.get(SEARCH, {"q": "giang a vu"}))
    assert f'href="/people/{vu.pk}/"' in page
    # Each word anywhere in the name, in any order, typed with or without its marks.
    page = text(client.get(SEARCH, {"q": "VỪ giàng"}))
    assert f'href="/people/{vu.pk}/"' in page


def test_commitments_and_organizations_are_found(client, world, vu):
    client.force_login(world.bithu1)
    page = text(client.get(SEARCH, {"q": "giang a vu", "kind": "commitments"}))
    commitment = vu.commitments.get()
    assert f'href="/commitments/{commitment.pk}/"' in page
    page = text(client.get(SEARCH, {"q": world.cell_a1.name.lower(), "kind": "organizations"}))
    assert f'href="/organizations/{world.cell_a1.pk}/"' in page


def test_nothing_outside_the_scope_is_found(client, world, vu):
    client.force_login(world.bithu2)  # cell B1's secretary
    page = text(client.get(SEARCH, {"q": "giang a vu"}))
    assert f"/people/{vu.pk}/" not in page
    assert f"/commitments/{vu.commitments.get().pk}/" not in page
    page = text(client.get(SEARCH, {"q": world.cell_a1.name, "kind": "organizations"}))
    assert f"/organizations/{world.cell_a1.pk}/" not in page


def test_results_are_paged_with_the_count(client, world):
    for i in range(23):
        PersonFactory(organization=world.cell_a2, full_name=f"Sùng Văn Páo {i}")
    client.force_login(world.admin)
    page = text(client.get(SEARCH, {"q": "sung van pao"}))
    assert len(re.findall(r'href="/people/\d+/"', page)) == 20
    assert "Trang 1 / 2 · tổng cộng 23" in page
    page = text(client.get(SEARCH, {"q": "sung van pao", "page": "2"}))
    assert len(re.findall(r'href="/people/\d+/"', page)) == 3


def test_hostile_queries_are_searches_not_errors(client, world):
    client.force_login(world.admin)
    for q in ["x" * 10_000, "a\x00b", "%", "_", "' OR 1=1 --", "   "]:
        response = client.get(SEARCH, {"q": q, "kind": "nonsense", "page": "-1"})
        assert response.status_code == 200


def test_the_queries_do_not_grow_with_what_is_found(client, world):
    client.force_login(world.admin)
    PersonFactory(organization=world.cell_a1, full_name="Hờ A Lử")
    with CaptureQueriesContext(connection) as few:
        client.get(SEARCH, {"q": "ho a lu"})
    for i in range(15):
        person = PersonFactory(organization=world.cell_b1, full_name=f"Hờ A Lử {i}")
        commitment_services.create_commitment(
            user=world.admin, person=person, year=YEAR, deeds=DEEDS
        )
    for kind in ("people", "commitments", "organizations"):
        with CaptureQueriesContext(connection) as many:
            client.get(SEARCH, {"q": "ho a lu", "kind": kind})
        assert len(many.captured_queries) <= len(few.captured_queries) + 1, kind
