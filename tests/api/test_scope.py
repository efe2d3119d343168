"""The one scope rule, asked of every endpoint: the other secretary's rows are a 404."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ct05.activities.models import Programme
from ct05.activities.services import record_activity
from ct05.commitments.services import create_commitment
from ct05.dialogues.services import record_dialogue, record_petition
from ct05.indicators.models import RuralCriterion
from ct05.indicators.services import record_rural_criteria, set_target
from ct05.inspections.services import record_inspection
from ct05.plans.services import create_ethics_code, create_plan
from ct05.ratings.services import self_assess
from ct05.recognition.models import AwardForm, AwardIssuer, ExemplarType
from ct05.recognition.services import record_award, register_exemplar
from ct05.tasks.services import assess_task, assign_task
from tests.factories import ALL_ON_TIME

YEAR = timezone.localdate().year
DEEDS = [{"title": "Việc 1"}, {"title": "Việc 2"}, {"title": "Việc 3"}]


@pytest.fixture
def rows(world):
    commitment_b = create_commitment(
        user=world.bithu2, person=world.people_b1[1], year=YEAR, deeds=DEEDS
    )
    rating_b = self_assess(
        user=world.bithu2,
        person=world.people_b1[1],
        year=YEAR - 1,
        level="good",
        scores={"general": 25, "task_results": 58},
        conditions=ALL_ON_TIME,
    )
    task_b = assign_task(
        user=world.bithu2, organizations=[world.cell_b1], title="Mô hình", year=YEAR,
        category="breakthrough_model", deadline=timezone.localdate(),
    )[0]  # fmt: skip
    today = timezone.localdate()
    assessment_b = assess_task(
        user=world.bithu2, task=task_b, year=today.year, period_kind="month",
        period=today.month, progress=50, status="on_track",
    )  # fmt: skip
    plan_b = create_plan(user=world.bithu2, organization=world.cell_b1, year=YEAR, title="KH")
    code_b = create_ethics_code(
        user=world.bithu2, organization=world.cell_b1, title="Chuẩn mực", adopted_on=today
    )
    inspection_b = record_inspection(
        user=world.bithu2, inspecting_body=world.cell_b1, organization=world.cell_b1,
        start_date=today, subject="Tự kiểm tra",
    )  # fmt: skip
    day = max(timezone.localdate() - datetime.timedelta(days=1), datetime.date(YEAR, 1, 1))
    bithu2 = world.bithu2
    dialogue = record_dialogue(user=bithu2, organization=world.cell_b1, date=day, chair="Bí thư")
    return {
        "tasks": task_b.pk,
        "task-assessments": assessment_b.pk,
        "plans": plan_b.pk,
        "ethics-codes": code_b.pk,
        "inspections": inspection_b.pk,
        "people": world.people_b1[1].pk,
        "organizations": world.cell_b1.pk,
        "commitments": commitment_b.pk,
        "ratings": rating_b.pk,
        "activities": record_activity(
            user=bithu2,
            programme=Programme.objects.first(),
            organization=world.cell_b1,
            date=day,
            cadre_turns=3,
        ).pk,
        "models": register_exemplar(
            user=bithu2,
            type=ExemplarType.objects.first(),
            name="Mô hình",
            organization=world.cell_b1,
            holder_kind="collective",
            registered_on=day,
        ).pk,
        "awards": record_award(
            user=bithu2,
            form=AwardForm.objects.first(),
            issuer=AwardIssuer.objects.first(),
            decision_number="1-QĐ",
            decision_date=day,
            organization=world.cell_b1,
            recipient_kind="individual",
            person=world.people_b1[1],
            reason="Thành tích",
        ).pk,
        "dialogues": dialogue.pk,
        "petitions": record_petition(
            user=bithu2,
            organization=world.cell_b1,
            source="dialogue",
            dialogue=dialogue,
            received_on=day,
            content="Kiến nghị",
            assigned_organization=world.cell_b1,
            deadline=day,
        ).pk,
        "indicators": set_target(
            user=bithu2, organization=world.cell_b1, year=YEAR, name="T", target=Decimal(1)
        ).pk,
        "rural-criteria": record_rural_criteria(
            user=world.tuyengiao,
            organization=world.commune_b,
            year=YEAR,
            met=list(RuralCriterion.objects.all()[:3]),
        ).pk,
    }


ENDPOINTS = ["people", "organizations", "commitments", "ratings", "activities", "models"]
ENDPOINTS += ["tasks", "task-assessments", "plans", "ethics-codes", "inspections"]
ENDPOINTS += ["awards", "dialogues", "petitions", "indicators", "rural-criteria"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_sibling_secretary_gets_404_on_every_endpoint(world, rows, endpoint):
    client = world.api(world.bithu1)

    assert client.get(f"/api/{endpoint}/{rows[endpoint]}/").status_code == 404
    assert client.patch(f"/api/{endpoint}/{rows[endpoint]}/", {}, format="json").status_code in (
        404,
        405,
    )
    listed = client.get(f"/api/{endpoint}/").json()["results"]
    assert rows[endpoint] not in [r["id"] for r in listed]
    # The owner of that subtree does see it: the 404 is the scope, not a missing row (a
    # commune's criteria are kept above bithu2's cell).
    owner = world.tuyengiao if endpoint == "rural-criteria" else world.bithu2
    assert world.api(owner).get(f"/api/{endpoint}/{rows[endpoint]}/").status_code == 200


def test_the_two_secretaries_see_disjoint_people(world):
    def ids(user):
        return {p["id"] for p in world.api(user).get("/api/people/").json()["results"]}

    one, two = ids(world.bithu1), ids(world.bithu2)
    assert one == {p.pk for p in world.people_a1}
    assert two == {p.pk for p in world.people_b1}
    assert not one & two


def test_the_propaganda_officer_sees_the_whole_province(world):
    response = world.api(world.tuyengiao).get("/api/people/?page_size=100").json()
    assert response["count"] == len(world.people_a1 + world.people_a2 + world.people_b1)


def test_an_outsider_with_no_role_sees_nothing(world):
    client = world.api(world.outsider)
    assert client.get("/api/people/").json()["count"] == 0
    assert client.get(f"/api/people/{world.people_a1[0].pk}/").status_code == 404
    assert client.get("/api/reports/directive05/").status_code == 404


def test_a_viewer_reads_but_cannot_change(world):
    client = world.api(world.viewer)
    person = world.people_a1[2]
    assert client.get(f"/api/people/{person.pk}/").status_code == 200
    response = client.post(
        "/api/commitments/", {"person": person.pk, "year": YEAR, "deeds": DEEDS}, format="json"
    )
    assert response.status_code == 403
    response = client.patch(f"/api/people/{person.pk}/", {"position": "X"}, format="json")
    assert response.status_code == 403


def test_report_of_an_organization_out_of_scope_is_404(world):
    response = world.api(world.bithu1).get(
        f"/api/reports/directive05/?organization={world.commune_b.pk}&year={YEAR}"
    )
    assert response.status_code == 404


def test_me_lists_the_scopes(world):
    body = world.api(world.bithu1).get("/api/me/").json()
    assert body["username"] == "bithu1"
    assert body["person"] == world.people_a1[0].pk
    assert body["scopes"] == [
        {
            "organization": world.cell_a1.pk,
            "organization_name": world.cell_a1.name,
            "role": "secretary",
        }
    ]


def test_the_openapi_schema_describes_the_endpoints(world):
    response = world.api(world.bithu1).get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    for path in (
        "/api/commitments/",
        "/api/people/",
        "/api/ratings/{id}/decide/",
        "/api/reports/directive05/",
        "/api/me/",
    ):
        assert path in text


def test_a_committee_changes_the_settings_of_its_subtree_and_they_are_checked(world):
    client = world.api(world.dangbo_a)
    ok = client.patch(
        f"/api/organizations/{world.commune_a.pk}/",
        {"min_deeds": 2, "regular_meetings_norm": 10},
        format="json",
    )
    too_many = client.patch(
        f"/api/organizations/{world.commune_a.pk}/", {"min_deeds": 50}, format="json"
    )
    renamed = client.patch(
        f"/api/organizations/{world.commune_a.pk}/", {"name": "X"}, format="json"
    )
    member = world.api(world.dangvien1).patch(
        f"/api/organizations/{world.cell_a1.pk}/", {"min_deeds": 1}, format="json"
    )

    assert ok.status_code == 200, ok.content
    assert too_many.status_code == 400
    assert renamed.status_code == 400
    assert member.status_code == 403
    world.cell_a1.refresh_from_db()
    assert world.cell_a1.setting("min_deeds") == 2
    assert world.cell_a1.setting("regular_meetings_norm") == 10


def test_errors_speak_vietnamese_by_default_and_english_on_request(world):
    person = world.people_b1[1].pk
    anonymous = world.api().get("/api/people/")
    out_of_scope = world.api(world.bithu1).get(f"/api/people/{person}/")
    english = world.api(world.bithu1).get(f"/api/people/{person}/", HTTP_ACCEPT_LANGUAGE="en")
    bad_id = world.api(world.bithu1).post(
        "/api/commitments/", {"person": 999999, "year": 2026, "deeds": []}, format="json"
    )

    assert anonymous.json()["detail"] == "Chưa đăng nhập: thiếu thông tin xác thực."
    assert out_of_scope.json()["detail"] == "Không tìm thấy."
    assert english.json()["detail"] == "Not found."
    assert "không có bản ghi này" in bad_id.json()["person"][0]


def test_a_cell_cannot_loosen_what_its_committee_set_but_may_tighten_it(world):
    world.commune_a.min_deeds = 3
    world.commune_a.excellent_cap_pct = 15
    world.commune_a.save()
    client = world.api(world.bithu1)
    cell = f"/api/organizations/{world.cell_a1.pk}/"

    looser = client.patch(cell, {"min_deeds": 1, "excellent_cap_pct": 100}, format="json")
    stricter = client.patch(cell, {"min_deeds": 4, "excellent_cap_pct": 10}, format="json")
    by_the_commune = world.api(world.dangbo_a).patch(cell, {"min_deeds": 2}, format="json")

    assert looser.status_code == 400
    assert set(looser.json()) == {"min_deeds", "excellent_cap_pct"}
    assert stricter.status_code == 200
    assert by_the_commune.status_code == 200
    world.cell_a1.refresh_from_db()
    assert (world.cell_a1.min_deeds, world.cell_a1.excellent_cap_pct) == (2, 10)


def test_the_openapi_schema_is_valid_and_has_no_warnings(db, tmp_path):
    from django.core.management import call_command

    call_command(
        "spectacular", "--file", str(tmp_path / "schema.yaml"), "--validate", "--fail-on-warn"
    )
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi:")


@pytest.mark.parametrize("kind", ["organizations", "people", "commitments", "ratings"])
def test_a_sibling_secretary_gets_404_on_every_export(world, kind):
    address = f"/api/exports/{kind}.xlsx?organization={world.cell_b1.pk}"
    assert world.api(world.bithu1).get(address).status_code == 404
    assert world.api(world.bithu2).get(address).status_code == 200
