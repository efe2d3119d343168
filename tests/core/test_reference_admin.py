"""The reference lists an administrator extends share one admin: listed with their code,
ordered and retired in place, found by name or code."""

from django.contrib.auth import get_user_model

from ct05.tasks.models import Term

LISTS = [
    "activities/programme", "activities/outputunit", "recognition/exemplartype",
    "recognition/awardform", "recognition/awardissuer", "indicators/ruralcriterion",
]  # fmt: skip


def test_every_reference_list_is_listed_and_searched_by_name(client, db):
    client.force_login(get_user_model().objects.create_superuser("root", password="pw-root"))
    for path in LISTS:
        page = client.get(f"/admin/{path}/", {"q": "a"})
        assert page.status_code == 200, path
        assert 'name="q"' in page.content.decode(), path  # the search box
    found = client.get("/admin/activities/outputunit/", {"q": "road_repaired"}).content.decode()
    assert "road_repaired_km" in found


def test_an_administrator_adds_the_next_term(client, db):
    client.force_login(get_user_model().objects.create_superuser("root", password="pw-root"))
    response = client.post(
        "/admin/tasks/term/add/", {"name": "2030–2035", "start_year": 2030, "end_year": 2035}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Term.objects.filter(start_year=2030, end_year=2035).exists()
    # A term cannot end before it begins.
    refused = client.post(
        "/admin/tasks/term/add/", {"name": "Sai", "start_year": 2040, "end_year": 2039}
    )
    assert refused.status_code == 200
    assert not Term.objects.filter(name="Sai").exists()
