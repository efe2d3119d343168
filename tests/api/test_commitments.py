import datetime

from django.utils import timezone

from ct05.commitments.models import Commitment, CommitmentStatus
from ct05.commitments.services import update_commitment

YEAR = timezone.localdate().year
DEEDS = [{"title": "Giúp đỡ hộ nghèo"}, {"title": "Làm đường bê tông"}, {"title": "Trồng cây xanh"}]


def report(world, client, organization):
    response = client.get(f"/api/reports/directive05/?organization={organization.pk}&year={YEAR}")
    assert response.status_code == 200, response.content
    return response.json()


def test_secretary_commits_for_a_member_and_the_cell_report_counts_it(world):
    client = world.api(world.bithu1)
    person = world.people_a1[2]
    before = report(world, client, world.cell_a1)["commitments"]["committed"]

    response = client.post(
        "/api/commitments/", {"person": person.pk, "year": YEAR, "deeds": DEEDS}, format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert [d["title"] for d in body["deeds"]] == [d["title"] for d in DEEDS]
    assert body["organization"] == world.cell_a1.pk
    after = report(world, client, world.cell_a1)["commitments"]
    assert after["committed"] == before + 1
    assert after["deeds_registered"] == 3


def test_fewer_deeds_than_the_minimum_is_refused_in_vietnamese_and_nothing_is_written(world):
    response = world.api(world.bithu1).post(
        "/api/commitments/",
        {"person": world.people_a1[2].pk, "year": YEAR, "deeds": DEEDS[:1]},
        format="json",
    )

    assert response.status_code == 400
    assert "ít nhất 3" in response.json()["deeds"][0]
    assert not Commitment.objects.filter(person=world.people_a1[2]).exists()


def test_the_minimum_is_inherited_from_the_committee_above(world):
    world.commune_a.min_deeds = 2
    world.commune_a.save()

    response = world.api(world.bithu1).post(
        "/api/commitments/",
        {"person": world.people_a1[2].pk, "year": YEAR, "deeds": DEEDS[:2]},
        format="json",
    )

    assert response.status_code == 201, response.content


def test_a_second_commitment_for_the_same_year_is_refused(world):
    client = world.api(world.bithu1)
    data = {"person": world.people_a1[2].pk, "year": YEAR, "deeds": DEEDS}
    assert client.post("/api/commitments/", data, format="json").status_code == 201

    response = client.post("/api/commitments/", data, format="json")

    assert response.status_code == 400
    assert Commitment.objects.filter(person=world.people_a1[2]).count() == 1


def test_a_year_out_of_range_is_a_400_with_a_message(world):
    response = world.api(world.bithu1).post(
        "/api/commitments/",
        {"person": world.people_a1[2].pk, "year": 1999, "deeds": DEEDS},
        format="json",
    )
    assert response.status_code == 400
    assert "year" in response.json()


def test_a_secretary_cannot_commit_for_the_other_secretarys_people(world):
    response = world.api(world.bithu1).post(
        "/api/commitments/",
        {"person": world.people_b1[1].pk, "year": YEAR, "deeds": DEEDS},
        format="json",
    )
    assert response.status_code == 404
    assert not Commitment.objects.filter(person=world.people_b1[1]).exists()


def test_a_member_commits_for_themself_but_not_for_someone_else(world):
    client = world.api(world.dangvien1)

    own = client.post(
        "/api/commitments/",
        {"person": world.dangvien1.person_id, "year": YEAR, "deeds": DEEDS},
        format="json",
    )
    other = client.post(
        "/api/commitments/",
        {"person": world.people_a1[2].pk, "year": YEAR, "deeds": DEEDS},
        format="json",
    )

    assert own.status_code == 201
    assert other.status_code == 403
    assert not Commitment.objects.filter(person=world.people_a1[2]).exists()


def test_anonymous_calls_are_refused(world):
    client = world.api()
    assert client.get("/api/commitments/").status_code in (401, 403)
    assert client.get("/api/people/").status_code in (401, 403)
    assert client.get("/api/reports/directive05/").status_code in (401, 403)


def _commit(world, person, user=None):
    client = world.api(user or world.bithu1)
    response = client.post(
        "/api/commitments/", {"person": person.pk, "year": YEAR, "deeds": DEEDS}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_secretary_approves_and_member_cannot_approve(world):
    commitment = _commit(world, world.dangvien1.person, world.dangvien1)

    refused = world.api(world.dangvien1).post(
        f"/api/commitments/{commitment['id']}/review/", {"approve": True}, format="json"
    )
    approved = world.api(world.bithu1).post(
        f"/api/commitments/{commitment['id']}/review/", {"approve": True}, format="json"
    )

    assert refused.status_code == 403
    assert approved.status_code == 200
    assert approved.json()["status"] == CommitmentStatus.APPROVED


def test_returning_needs_a_note(world):
    commitment = _commit(world, world.people_a1[2])
    response = world.api(world.bithu1).post(
        f"/api/commitments/{commitment['id']}/review/", {"approve": False}, format="json"
    )
    assert response.status_code == 400
    assert "note" in response.json()


def test_year_end_evaluation_is_counted_by_the_report(world):
    commitment = _commit(world, world.people_a1[2])
    ids = [d["id"] for d in commitment["deeds"]]
    response = world.api(world.bithu1).post(
        f"/api/commitments/{commitment['id']}/evaluate/",
        {
            "deeds": [
                {"id": ids[0], "evaluation": "achieved"},
                {"id": ids[1], "evaluation": "partly"},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.content

    figures = report(world, world.api(world.tuyengiao), world.province)["commitments"]
    assert figures["deeds_evaluated"] == 2
    assert figures["deeds_achieved"] == 1


def test_evaluating_a_deed_of_another_commitment_is_refused(world):
    first = _commit(world, world.people_a1[2])
    second = _commit(world, world.people_a1[3])
    response = world.api(world.bithu1).post(
        f"/api/commitments/{first['id']}/evaluate/",
        {"deeds": [{"id": second["deeds"][0]["id"], "evaluation": "achieved"}]},
        format="json",
    )
    assert response.status_code == 400


def test_member_edits_deeds_keeping_their_ids(world):
    commitment = _commit(world, world.dangvien1.person, world.dangvien1)
    deeds = commitment["deeds"]
    deeds[0]["title"] = "Giúp đỡ 2 hộ nghèo"
    new = [*deeds, {"title": "Tham gia dọn vệ sinh"}]

    response = world.api(world.dangvien1).patch(
        f"/api/commitments/{commitment['id']}/", {"deeds": new}, format="json"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert [d["id"] for d in body["deeds"][:3]] == [d["id"] for d in deeds]
    assert body["deeds"][0]["title"] == "Giúp đỡ 2 hộ nghèo"
    assert len(body["deeds"]) == 4


def test_progress_note_in_the_future_is_refused(world):
    commitment = _commit(world, world.people_a1[2])
    deed = commitment["deeds"][0]["id"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client = world.api(world.bithu1)

    refused = client.post(
        f"/api/commitments/{commitment['id']}/progress/",
        {"deed": deed, "date": tomorrow.isoformat(), "text": "Đã làm"},
        format="json",
    )
    accepted = client.post(
        f"/api/commitments/{commitment['id']}/progress/",
        {"deed": deed, "date": timezone.localdate().isoformat(), "text": "Đã hỗ trợ 1 hộ"},
        format="json",
    )

    assert refused.status_code == 400
    assert accepted.status_code == 201


def test_filters_by_subtree_and_year(world):
    _commit(world, world.people_a1[2])
    _commit(world, world.people_b1[1], world.bithu2)
    client = world.api(world.tuyengiao)

    in_a = client.get(f"/api/commitments/?organization={world.commune_a.pk}&year={YEAR}").json()
    last_year = client.get(f"/api/commitments/?year={YEAR - 1}").json()

    assert [c["person"] for c in in_a["results"]] == [world.people_a1[2].pk]
    assert last_year["count"] == 0


def test_a_secretary_does_not_evaluate_their_own_deeds(world):
    own = _commit(world, world.bithu1.person)
    response = world.api(world.bithu1).post(
        f"/api/commitments/{own['id']}/evaluate/",
        {"deeds": [{"id": d["id"], "evaluation": "achieved"} for d in own["deeds"]]},
        format="json",
    )
    assert response.status_code == 403
    assert not Commitment.objects.get(pk=own["id"]).deeds.exclude(evaluation="").exists()


def test_no_commitment_for_a_year_before_the_person_was_a_member(world):
    response = world.api(world.dangvien1).post(
        "/api/commitments/",
        {"person": world.dangvien1.person_id, "year": 2017, "deeds": DEEDS},
        format="json",
    )
    assert response.status_code == 400
    assert "2017" in response.json()["year"][0]
    assert not Commitment.objects.exists()


def test_clearing_a_deeds_title_removes_it(world):
    commitment = _commit(world, world.dangvien1.person, world.dangvien1)
    deeds = commitment["deeds"] + [{"title": "Đọc sách về Bác"}]
    added = (
        world.api(world.dangvien1)
        .patch(f"/api/commitments/{commitment['id']}/", {"deeds": deeds}, format="json")
        .json()["deeds"]
    )
    # The API drops a deed by leaving it out; the page by clearing its row (the same service).
    rows = [{"id": d["id"], "title": d["title"]} for d in added[:-1]]
    rows.append({"id": added[-1]["id"], "title": "  "})
    instance = Commitment.objects.get(pk=commitment["id"])

    update_commitment(user=world.dangvien1, commitment=instance, deeds=rows)

    assert [d.title for d in instance.deeds.all()] == [d["title"] for d in DEEDS]
    figures = report(world, world.api(world.bithu1), world.cell_a1)["commitments"]
    assert figures["deeds_registered"] == 3
