"""Community activities through the API, and what the report makes of them."""

import datetime

import pytest
from django.utils import timezone

from ct05.activities.models import Activity, ActivityOutput

TODAY = timezone.localdate()
YEAR = TODAY.year
DAY = max(TODAY - datetime.timedelta(days=3), datetime.date(YEAR, 1, 1))


def report(world, user=None, organization=None):
    response = (user and world.api(user) or world.api(world.tuyengiao)).get(
        f"/api/reports/directive05/?organization={(organization or world.province).pk}&year={YEAR}"
    )
    assert response.status_code == 200, response.content
    return response.json()


def activity(world, places, **overrides):
    body = {
        "programme": "weekend_with_people",
        "organization": world.cell_a1.pk,
        "date": DAY.isoformat(),
        "village": places["a1"].pk,
        "cadre_turns": 30,
        "resident_turns": 120,
        "outputs": [{"unit": "road_repaired_km", "quantity": "1.5"}],
    }
    body.update(overrides)
    return body


def test_two_activities_raise_the_report_by_their_turns_and_kilometres(world, places):
    before = report(world)
    client = world.api(world.bithu1)

    first = client.post("/api/activities/", activity(world, places), format="json")
    second = client.post(
        "/api/activities/",
        activity(
            world,
            places,
            cadre_turns=45,
            outputs=[
                {"unit": "road_repaired_km", "quantity": 2.25},
                {"unit": "terrace_ha", "quantity": "0.5"},
            ],
        ),
        format="json",
    )

    assert first.status_code == 201, first.content
    assert second.status_code == 201, second.content
    after = report(world)
    assert after["activities"]["cadre_turns"] - before["activities"]["cadre_turns"] == 75
    assert after["activities"]["count"] - before["activities"]["count"] == 2
    road = after["activities"]["outputs"]["road_repaired_km"]
    assert road - before["activities"]["outputs"]["road_repaired_km"] == pytest.approx(3.75)
    # Hectares stay hectares: kilometres are never added to them.
    assert after["activities"]["outputs"]["terrace_ha"] == pytest.approx(0.5)
    commune_a = next(c for c in after["children"] if c["organization"]["id"] == world.commune_a.pk)
    assert commune_a["activities"]["outputs"]["road_repaired_km"] == pytest.approx(3.75)
    assert second.json()["outputs"] == [
        {"unit": "terrace_ha", "quantity": 0.5},
        {"unit": "road_repaired_km", "quantity": 2.25},
    ]


@pytest.mark.parametrize(
    "outputs",
    [
        [{"unit": "furlongs", "quantity": 1}],
        [{"unit": "road_repaired_km", "quantity": -1}],
        [{"unit": "road_repaired_km", "quantity": "abc"}],
        [{"unit": "vnd", "quantity": "10.5"}],
        [{"unit": "road_repaired_km", "quantity": 1}, {"unit": "road_repaired_km", "quantity": 2}],
    ],
)
def test_a_bad_output_is_refused_and_nothing_is_written(world, places, outputs):
    response = world.api(world.bithu1).post(
        "/api/activities/", activity(world, places, outputs=outputs), format="json"
    )
    assert response.status_code == 400, response.content
    assert "outputs" in response.json()
    assert not Activity.objects.exists()
    assert not ActivityOutput.objects.exists()


def test_an_activity_of_another_branch_or_village_is_refused(world, places):
    client = world.api(world.bithu1)
    other_cell = client.post(
        "/api/activities/",
        activity(world, places, organization=world.cell_b1.pk, village=places["b1"].pk),
        format="json",
    )
    other_village = client.post(
        "/api/activities/", activity(world, places, village=places["b1"].pk), format="json"
    )
    future = client.post(
        "/api/activities/",
        activity(world, places, date=(TODAY + datetime.timedelta(days=2)).isoformat()),
        format="json",
    )
    assert other_cell.status_code == 404
    assert other_village.status_code == 400 and "village" in other_village.json()
    assert future.status_code == 400
    assert not Activity.objects.exists()


def test_a_sibling_secretary_cannot_see_or_change_an_activity(world, places):
    created = world.api(world.bithu1).post(
        "/api/activities/", activity(world, places), format="json"
    )
    pk = created.json()["id"]
    other = world.api(world.bithu2)
    assert other.get(f"/api/activities/{pk}/").status_code == 404
    assert (
        other.patch(f"/api/activities/{pk}/", {"cadre_turns": 1}, format="json").status_code == 404
    )
    assert pk not in [r["id"] for r in other.get("/api/activities/").json()["results"]]
    assert world.api(world.viewer).get(f"/api/activities/{pk}/").status_code == 200


def test_changing_outputs_replaces_them_and_the_etag_guards_the_save(world, places):
    client = world.api(world.bithu1)
    pk = client.post("/api/activities/", activity(world, places), format="json").json()["id"]
    etag = client.get(f"/api/activities/{pk}/")["ETag"]
    changed = client.patch(
        f"/api/activities/{pk}/",
        {"outputs": [{"unit": "workdays", "quantity": 300}]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    stale = client.patch(
        f"/api/activities/{pk}/", {"cadre_turns": 5}, format="json", HTTP_IF_MATCH=etag
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["outputs"] == [{"unit": "workdays", "quantity": 300}]
    assert stale.status_code == 412
    assert report(world)["activities"]["outputs"]["road_repaired_km"] == 0
    assert report(world)["activities"]["outputs"]["workdays"] == 300


def test_filters_by_subtree_year_and_programme(world, places):
    client = world.api(world.tuyengiao)
    client.post("/api/activities/", activity(world, places), format="json")
    client.post(
        "/api/activities/",
        activity(
            world,
            places,
            organization=world.cell_b1.pk,
            village=places["b1"].pk,
            programme="good_people_good_deeds",
        ),
        format="json",
    )

    def count(query):
        return client.get(f"/api/activities/?{query}").json()["count"]

    assert count("") == 2
    assert count(f"organization={world.commune_a.pk}") == 1
    assert count("programme=good_people_good_deeds") == 1
    assert count(f"year={YEAR - 1}") == 0
    assert client.get("/api/activities/?year=abc").status_code == 400
