"""The reference lists an administrator extends share one admin: listed with their code,
ordered and retired in place, found by name or code."""

import datetime

from django.contrib.auth import get_user_model

from ct05.reports import tallies
from ct05.tasks.models import Term
from ct05.tasks.services import assign_task

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


def test_a_terms_years_stay_once_it_has_tasks(client, world):
    """Its tasks count in each of its years (the report's tallies hold them there): the admin
    still renames the term, but no longer moves its years."""
    client.force_login(get_user_model().objects.create_superuser("root", password="pw-root"))
    term = Term.objects.filter(start_year__lte=2026, end_year__gte=2026).first()
    assign_task(
        user=world.tuyengiao,
        organizations=[world.cell_a1],
        title="Nhiệm vụ cả nhiệm kỳ",
        category="breakthrough",
        term=term,
        deadline=datetime.date(term.end_year, 12, 31),
    )
    first_year = term.start_year
    page = client.get(f"/admin/tasks/term/{term.pk}/change/").content.decode()
    assert 'name="start_year"' not in page and 'name="name"' in page
    client.post(
        f"/admin/tasks/term/{term.pk}/change/",
        {"name": "Nhiệm kỳ XIV", "start_year": term.start_year + 1, "end_year": term.end_year},
    )
    term.refresh_from_db()
    assert term.name == "Nhiệm kỳ XIV"
    assert term.start_year == first_year
    assert tallies.differences() == []
    # A term without tasks keeps its years editable.
    empty = Term.objects.create(name="2035–2040", start_year=2035, end_year=2040)
    assert (
        'name="start_year"' in client.get(f"/admin/tasks/term/{empty.pk}/change/").content.decode()
    )
