"""The reference lists an administrator extends share one admin: listed with their code,
ordered and retired in place, found by name or code."""

from django.contrib.auth import get_user_model

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
