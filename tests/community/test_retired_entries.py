"""An administrator retires an entry of a reference list (a unit of output, a form of award, a
type of model): new records cannot use it, and the records that have it keep it when saved."""

import datetime
from decimal import Decimal

from django.utils import timezone

from ct05.activities.models import Activity, ActivityOutput, OutputUnit
from ct05.recognition.models import Award, AwardForm, Exemplar, ExemplarType

TODAY = timezone.localdate()
DAY = max(TODAY - datetime.timedelta(days=3), datetime.date(TODAY.year, 1, 1))


def retire(model, code):
    model.objects.filter(code=code).update(active=False)


def test_saving_an_activity_keeps_its_output_in_a_unit_retired_since(client, world, places):
    created = world.api(world.bithu1).post(
        "/api/activities/",
        {
            "programme": "weekend_with_people",
            "organization": world.cell_a1.pk,
            "date": DAY.isoformat(),
            "village": places["a1"].pk,
            "cadre_turns": 30,
            "resident_turns": 90,
            "outputs": [
                {"unit": "road_repaired_km", "quantity": "1.5"},
                {"unit": "lighting_km", "quantity": "2"},
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    activity = Activity.objects.get()
    retire(OutputUnit, "lighting_km")
    client.force_login(world.bithu1)

    edit = client.get(f"/activities/{activity.pk}/edit/")
    assert 'name="output_lighting_km"' in edit.content.decode()
    saved = client.post(
        f"/activities/{activity.pk}/edit/",
        {
            "programme": activity.programme_id,
            "date": DAY.isoformat(),
            "village": places["a1"].pk,
            "cadre_turns": "45",
            "resident_turns": "90",
            "output_road_repaired_km": "1.5",
            "output_lighting_km": "2",
            "version": activity.version,
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    outputs = dict(
        ActivityOutput.objects.filter(activity=activity).values_list("unit__code", "quantity")
    )
    assert outputs == {"road_repaired_km": Decimal("1.5"), "lighting_km": Decimal("2")}
    assert Activity.objects.get().cadre_turns == 45
    # A new activity cannot use the retired unit; nothing is written.
    refused = world.api(world.bithu1).post(
        "/api/activities/",
        {
            "programme": "weekend_with_people",
            "organization": world.cell_a1.pk,
            "date": DAY.isoformat(),
            "outputs": [{"unit": "lighting_km", "quantity": "1"}],
        },
        format="json",
    )
    assert refused.status_code == 400
    assert "không còn được dùng" in str(refused.json()["outputs"])
    assert Activity.objects.count() == 1


def award_body(world, **overrides):
    return {
        "form": "certificate_of_merit",
        "issuer": "provincial_standing_committee",
        "decision_number": "12-QĐ/TU",
        "decision_date": DAY.isoformat(),
        "organization": world.cell_a1.pk,
        "recipient_kind": "collective",
        "reason": "Có thành tích",
        **overrides,
    }


def test_an_award_keeps_a_form_retired_since_and_a_new_one_cannot_take_it(client, world):
    api = world.api(world.bithu1)
    assert api.post("/api/awards/", award_body(world), format="json").status_code == 201
    award = Award.objects.get()
    retire(AwardForm, "certificate_of_merit")

    refused = api.post("/api/awards/", award_body(world, decision_number="13"), format="json")
    assert refused.status_code == 400
    assert "form" in refused.json()
    assert Award.objects.count() == 1

    client.force_login(world.bithu1)
    edit = client.get(f"/models/awards/{award.pk}/edit/")
    assert edit.status_code == 200
    saved = client.post(
        f"/models/awards/{award.pk}/edit/",
        {
            "form": award.form_id,
            "issuer": award.issuer_id,
            "decision_number": "12-QĐ/TU",
            "decision_date": DAY.isoformat(),
            "recipient_kind": "collective",
            "reason": "Có thành tích xuất sắc",
            "version": award.version,
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert Award.objects.get().reason == "Có thành tích xuất sắc"


def test_a_model_keeps_a_type_retired_since(client, world):
    api = world.api(world.bithu1)
    body = {
        "type": "dan_van_kheo",
        "name": "Mô hình",
        "organization": world.cell_a1.pk,
        "holder_kind": "collective",
        "registered_on": DAY.isoformat(),
    }
    assert api.post("/api/models/", body, format="json").status_code == 201
    exemplar = Exemplar.objects.get()
    retire(ExemplarType, "dan_van_kheo")
    client.force_login(world.bithu1)
    saved = client.post(
        f"/models/{exemplar.pk}/edit/",
        {
            "type": exemplar.type_id,
            "name": "Mô hình dân vận khéo",
            "holder_kind": "collective",
            "registered_on": DAY.isoformat(),
            "version": exemplar.version,
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert Exemplar.objects.get().name == "Mô hình dân vận khéo"
