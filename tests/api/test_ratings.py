import pytest
from django.utils import timezone

from ct05.ratings.models import Rating, RatingStatus

YEAR = timezone.localdate().year - 1  # a 2025+ year: Quy định 366, scored
SCORES = {"general": 27, "task_results": 65}  # 92: up to excellent
GOOD_SCORES = {"general": 25, "task_results": 55}  # 80: good
# Band conditions (Quy định 366 Art. 11): every task on time, 40% exceeding requirements.
ALL_ON_TIME = {"tasks_total": 5, "tasks_done": 5, "tasks_on_time": 5, "tasks_exceeding": 2}


def self_assess(world, user, **data):
    body = {"year": YEAR, **(ALL_ON_TIME if "scores" in data else {}), **data}
    return world.api(user).post("/api/ratings/", body, format="json")


def proposed(world, user, **data):
    """A self-assessment, then bithu1's proposal: what the competent level decides on."""
    rating = self_assess(world, user, **data).json()
    response = world.api(world.bithu1).post(
        f"/api/ratings/{rating['id']}/propose/", {}, format="json"
    )
    assert response.status_code == 200, response.content
    return response


def test_member_self_assesses_secretary_proposes_commune_decides(world):
    created = self_assess(world, world.dangvien1, person=world.dangvien1.person_id, scores=SCORES)
    assert created.status_code == 201, created.content
    rating = created.json()
    assert rating["self_level"] == "excellent"
    assert rating["scheme"] == "qd366"
    assert rating["score"] == "92.0"

    proposed = world.api(world.bithu1).post(
        f"/api/ratings/{rating['id']}/propose/", {"level": "good"}, format="json"
    )
    assert proposed.status_code == 200, proposed.content
    # The cell's secretary is not the competent level for a member of a subordinate cell.
    refused = world.api(world.bithu1).post(
        f"/api/ratings/{rating['id']}/decide/", {}, format="json"
    )
    assert refused.status_code == 403
    decided = world.api(world.dangbo_a).post(
        f"/api/ratings/{rating['id']}/decide/", {}, format="json"
    )
    assert decided.status_code == 200, decided.content
    body = decided.json()
    assert body["status"] == "decided"
    assert body["level"] == "good"
    assert [c["action"] for c in body["changes"]] == ["self_assess", "propose", "decide"]
    assert [c["by"] for c in body["changes"]] == ["dangvien1", "bithu1", "dangbo_a"]


def test_a_decided_rating_is_locked_until_the_deciding_level_reopens_it(world):
    rating = proposed(world, world.bithu1, person=world.people_a1[2].pk, scores=GOOD_SCORES).json()
    client = world.api(world.dangbo_a)
    assert client.post(f"/api/ratings/{rating['id']}/decide/", {}, format="json").status_code == 200

    again = world.api(world.bithu1).post(
        f"/api/ratings/{rating['id']}/propose/", {"level": "complete"}, format="json"
    )
    assert again.status_code == 400
    assert Rating.objects.get(pk=rating["id"]).level == "good"

    assert client.post(f"/api/ratings/{rating['id']}/reopen/", {}, format="json").status_code == 400
    reopened = client.post(
        f"/api/ratings/{rating['id']}/reopen/", {"note": "Sai sót điểm"}, format="json"
    )
    assert reopened.status_code == 200
    assert reopened.json()["status"] == RatingStatus.REOPENED
    assert (
        world.api(world.bithu1)
        .post(f"/api/ratings/{rating['id']}/propose/", {"level": "complete"}, format="json")
        .status_code
        == 200
    )


def test_a_level_above_what_the_score_allows_is_refused(world):
    response = self_assess(
        world,
        world.dangvien1,
        person=world.dangvien1.person_id,
        scores=GOOD_SCORES,
        level="excellent",
    )
    assert response.status_code == 400
    assert "level" in response.json()
    assert not Rating.objects.exists()


def test_points_outside_a_group_maximum_are_refused(world):
    response = self_assess(
        world,
        world.dangvien1,
        person=world.dangvien1.person_id,
        scores={"general": 45, "task_results": 50},
    )
    assert response.status_code == 400
    assert "scores" in response.json()


def test_a_levels_only_scheme_refuses_points_and_needs_a_level(world):
    no_level = self_assess(world, world.dangvien1, person=world.dangvien1.person_id, scheme="qd124")
    with_points = self_assess(
        world, world.dangvien1, person=world.dangvien1.person_id, scheme="qd124", scores=SCORES
    )
    ok = self_assess(
        world, world.dangvien1, person=world.dangvien1.person_id, scheme="qd124", level="good"
    )
    assert no_level.status_code == 400
    assert with_points.status_code == 400
    assert ok.status_code == 201
    assert ok.json()["scheme"] == "qd124"


def test_organization_rating_is_decided_only_above_it(world):
    rating = proposed(
        world, world.bithu1, subject_organization=world.cell_a1.pk, scores=GOOD_SCORES
    ).json()
    assert rating["organization"] == world.cell_a1.pk
    own = world.api(world.bithu1).post(f"/api/ratings/{rating['id']}/decide/", {}, format="json")
    above = world.api(world.dangbo_a).post(
        f"/api/ratings/{rating['id']}/decide/", {}, format="json"
    )
    assert own.status_code == 403
    assert above.status_code == 200


@pytest.mark.parametrize("enforcement,expected", [("warn", 200), ("block", 400)])
def test_the_excellent_cap_warns_or_blocks(world, enforcement, expected):
    world.province.cap_enforcement = enforcement
    world.province.save()
    decider = world.api(world.dangbo_a)
    ids = []
    for person in world.people_a1[1:4]:
        ids.append(proposed(world, world.bithu1, person=person.pk, scores=SCORES).json()["id"])
    # One good: 20% of 1 allows no excellent.
    assert (
        decider.post(f"/api/ratings/{ids[0]}/decide/", {"level": "good"}, format="json").status_code
        == 200
    )

    response = decider.post(f"/api/ratings/{ids[1]}/decide/", {"level": "excellent"}, format="json")

    assert response.status_code == expected
    if expected == 200:
        assert "20%" in response.json()["warnings"][0]
        assert Rating.objects.get(pk=ids[1]).level == "excellent"
    else:
        assert Rating.objects.get(pk=ids[1]).status != RatingStatus.DECIDED


def test_quarter_must_match_the_period(world):
    response = self_assess(
        world,
        world.dangvien1,
        person=world.dangvien1.person_id,
        scores=SCORES,
        period_kind="quarter",
        quarter=5,
    )
    assert response.status_code == 400
    response = self_assess(
        world,
        world.dangvien1,
        person=world.dangvien1.person_id,
        scores=SCORES,
        period_kind="quarter",
        quarter=2,
    )
    assert response.status_code == 201
    assert response.json()["quarter"] == 2


def test_decided_ratings_are_counted_by_level_in_the_report(world):
    rating = proposed(world, world.bithu1, person=world.people_a1[2].pk, scores=GOOD_SCORES).json()
    world.api(world.dangbo_a).post(f"/api/ratings/{rating['id']}/decide/", {}, format="json")
    org_rating = proposed(
        world, world.bithu1, subject_organization=world.cell_a1.pk, scores=GOOD_SCORES
    ).json()
    world.api(world.dangbo_a).post(f"/api/ratings/{org_rating['id']}/decide/", {}, format="json")

    report = (
        world.api(world.tuyengiao)
        .get(f"/api/reports/directive05/?organization={world.province.pk}&year={YEAR}")
        .json()
    )

    members = report["ratings"]["members"]
    assert members["good"] == 1
    assert members["unrated"] == 8
    organizations = report["ratings"]["organizations"]
    assert organizations["good"] == 1
    assert organizations["unrated"] == 5  # province, 2 communes, 3 cells, minus the rated one


def test_nobody_proposes_or_decides_their_own_rating(world):
    # dangbo_a is also a member of cell A1 here, and competent to decide for that cell.
    world.dangbo_a.person = world.people_a1[3]
    world.dangbo_a.save()
    rating = self_assess(world, world.dangbo_a, person=world.people_a1[3].pk, scores=SCORES).json()
    client = world.api(world.dangbo_a)

    proposed = client.post(f"/api/ratings/{rating['id']}/propose/", {}, format="json")
    decided = client.post(f"/api/ratings/{rating['id']}/decide/", {}, format="json")

    assert proposed.status_code == 403
    assert decided.status_code == 403
    assert Rating.objects.get(pk=rating["id"]).status == RatingStatus.SELF_ASSESSED


def test_no_rating_for_a_year_before_the_person_or_the_cell_existed(world):
    person = self_assess(
        world,
        world.dangvien1,
        person=world.dangvien1.person_id,
        year=2018,
        scheme="qd124",
        level="good",
    )
    cell = self_assess(
        world,
        world.bithu1,
        subject_organization=world.cell_a1.pk,
        year=2018,
        scheme="qd124",
        level="good",
    )
    assert person.status_code == 400
    assert cell.status_code == 400
    assert not Rating.objects.exists()


def test_a_rating_is_decided_only_after_its_proposal(world):
    rating = self_assess(world, world.bithu1, person=world.people_a1[2].pk, scores=GOOD_SCORES)
    response = world.api(world.dangbo_a).post(
        f"/api/ratings/{rating.json()['id']}/decide/", {}, format="json"
    )
    assert response.status_code == 400
    assert Rating.objects.get().status == RatingStatus.SELF_ASSESSED


ONE_BEHIND = {"tasks_total": 5, "tasks_done": 5, "tasks_on_time": 4, "tasks_exceeding": 2}


def test_92_points_with_a_task_behind_schedule_cannot_be_decided_excellent(world):
    """Quy định 366 Art. 11: "excellent" (and "good") need every task done on time."""
    rating = proposed(
        world, world.bithu1, person=world.people_a1[2].pk, scores=SCORES, **ONE_BEHIND
    ).json()
    assert rating["score"] == "92.0"
    assert (rating["proposed_level"], rating["allowed_level"]) == ("complete", "complete")
    assert rating["held_back_by"][0] == (
        "Đủ điểm “Hoàn thành xuất sắc nhiệm vụ” nhưng chưa đạt điều kiện: "
        "100% nhiệm vụ hoàn thành đúng hạn (thực tế: 80%)."
    )
    decider = world.api(world.dangbo_a)

    refused = decider.post(
        f"/api/ratings/{rating['id']}/decide/", {"level": "excellent"}, format="json"
    )

    assert refused.status_code == 400
    assert "100% nhiệm vụ hoàn thành đúng hạn (thực tế: 80%)" in refused.json()["level"][0]
    assert Rating.objects.get(pk=rating["id"]).status == RatingStatus.PROPOSED
    # Every task on time after all (recorded at the decision), 40% exceeding: excellent.
    decided = decider.post(
        f"/api/ratings/{rating['id']}/decide/",
        {"level": "excellent", "tasks_on_time": 5},
        format="json",
    )
    assert decided.status_code == 200, decided.content
    body = decided.json()
    assert (body["level"], body["tasks_on_time"], body["held_back_by"]) == ("excellent", 5, [])


def test_92_points_all_on_time_and_40_pct_exceeding_is_excellent(world):
    rating = proposed(world, world.bithu1, person=world.people_a1[2].pk, scores=SCORES).json()
    assert (rating["proposed_level"], rating["subject_kind"]) == ("excellent", "member")
    decided = world.api(world.dangbo_a).post(
        f"/api/ratings/{rating['id']}/decide/", {}, format="json"
    )
    assert decided.json()["level"] == "excellent"


def test_conditions_left_unrecorded_hold_the_level_back_and_say_so(world):
    body = {"year": YEAR, "person": world.dangvien1.person_id, "scores": SCORES}
    rating = world.api(world.dangvien1).post("/api/ratings/", body, format="json").json()
    assert rating["self_level"] == "not_complete"
    assert rating["tasks_total"] is None
    assert "(chưa ghi nhận)" in rating["held_back_by"][0]


def test_the_scheme_follows_the_year(world):
    client = world.api(world.bithu1)
    person = world.people_a1[2].pk
    for year, code, data in [
        (2020, "qd132", {"level": "good"}),
        (2024, "qd124", {"level": "good"}),
        (2026, "qd366", {"scores": SCORES, **ALL_ON_TIME}),
    ]:
        response = client.post(
            "/api/ratings/", {"person": person, "year": year, **data}, format="json"
        )
        assert response.status_code == 201, response.content
        assert response.json()["scheme"] == code
        assert response.json()["allowed_level"] == (None if code != "qd366" else "excellent")


def test_points_per_sub_criterion_through_the_api(world):
    from ct05.ratings.models import CriteriaGroup, Criterion

    general = CriteriaGroup.objects.get(scheme__code="qd366", code="general")
    Criterion.objects.create(group=general, code="1.1", name="Chính trị", max_points=20)
    Criterion.objects.create(group=general, code="1.2", name="Đạo đức", max_points=10)
    body = {
        "person": world.people_a1[2].pk,
        "scores": {"task_results": 60},
        "criterion_scores": {"1.1": 19, "1.2": 9},
    }
    response = self_assess(world, world.bithu1, **body)
    assert response.status_code == 201, response.content
    rating = response.json()
    assert rating["scores"] == {"general": "28.0", "task_results": "60.0"}
    assert rating["criterion_scores"] == {"1.1": "19.0", "1.2": "9.0"}
    above = self_assess(world, world.bithu1, **{**body, "criterion_scores": {"1.1": 21}})
    assert above.status_code == 400
    assert "criterion_scores" in above.json()
