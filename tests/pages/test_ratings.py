"""Ratings: members and child organizations per organization and year; self-assessment,
proposal, decision (with the cap warning), reopening, and the history of changes."""

from django.urls import reverse

from ct05.ratings import services as rating_services
from ct05.ratings.models import Rating
from tests.factories import ALL_ON_TIME

from .conftest import YEAR, text

SELF = reverse("rating-self-assess")
# The band conditions as the form posts them: every task on time, 2 of 5 exceeding.
ON_TIME = {"tasks_total": "5", "tasks_done": "5", "tasks_on_time": "5", "tasks_exceeding": "2"}
SCORES_84 = {"score_general": "25", "score_task_results": "59", **ON_TIME}
SCORES_98 = {"score_general": "30", "score_task_results": "68", **ON_TIME}


def _self_assess(world, scores=None):
    return rating_services.self_assess(
        user=world.dangvien1,
        person=world.dangvien1.person,
        year=YEAR,
        scores=scores or {"general": "25", "task_results": "59"},
        conditions=ALL_ON_TIME,
    )


def _proposed(world, scores=None):
    return rating_services.propose(user=world.bithu1, rating=_self_assess(world, scores))


def test_list_shows_members_and_child_organizations(client, world):
    client.force_login(world.dangbo_a)
    page = text(
        client.get(reverse("rating-list"), {"organization": world.commune_a.pk, "year": YEAR})
    )
    assert "Chi bộ thôn A1" in page and "Chi bộ thôn A2" in page
    assert "Đảng ủy xã A" in page  # its own rating row
    assert "Chưa bắt đầu" in page


def test_list_defaults_to_the_first_scope(client, world):
    _self_assess(world)
    client.force_login(world.bithu1)
    page = text(client.get(reverse("rating-list")))
    assert world.dangvien1.person.full_name in page
    assert "Đã tự đánh giá" in page
    assert "84,0 điểm" in page


def test_member_self_assesses_with_points_per_criteria_group(client, world):
    client.force_login(world.dangvien1)
    person = world.dangvien1.person
    page = text(client.get(SELF, {"person": person.pk, "year": YEAR}))
    assert "Điểm theo nhóm tiêu chí" in page
    assert "(tối đa 30 điểm)" in page
    assert 'name="score_task_results"' in page
    response = client.post(SELF, {"person": person.pk, "year": YEAR, **SCORES_84, "level": ""})
    assert response.status_code == 302
    rating = Rating.objects.get(person=person, year=YEAR)
    assert (rating.status, rating.self_level, str(rating.score)) == (
        "self_assessed",
        "good",
        "84.0",
    )
    page = text(client.get(response["Location"]))
    assert "Hoàn thành tốt nhiệm vụ" in page
    assert person.full_name in page  # who, in the history: by name, never the username
    assert "dangvien1" not in page


def test_missing_points_are_shown_on_the_form(client, world):
    client.force_login(world.dangvien1)
    person = world.dangvien1.person
    response = client.post(SELF, {"person": person.pk, "year": YEAR, "score_task_results": "50"})
    assert response.status_code == 200
    assert "Chấm điểm cho mọi nhóm tiêu chí; còn thiếu" in text(response)
    assert not Rating.objects.exists()


def test_points_above_the_maximum_are_refused(client, world):
    client.force_login(world.dangvien1)
    data = {
        "person": world.dangvien1.person.pk,
        "year": YEAR,
        **SCORES_84,
        "score_general": "31",
    }
    response = client.post(SELF, data)
    assert response.status_code == 200
    assert 'class="errorlist' in text(response)
    assert not Rating.objects.exists()


def test_levels_only_scheme_before_2025(client, world):
    client.force_login(world.dangvien1)
    person = world.dangvien1.person
    page = text(client.get(SELF, {"person": person.pk, "year": 2024}))
    assert "Quy định 124-QĐ/TW" in page
    assert 'name="score_task_results"' not in page
    response = client.post(SELF, {"person": person.pk, "year": 2024, "level": ""})
    assert response.status_code == 200
    assert not Rating.objects.exists()
    client.post(SELF, {"person": person.pk, "year": 2024, "level": "good"})
    assert Rating.objects.get(person=person, year=2024).self_level == "good"


def test_member_cannot_self_assess_a_colleague(client, world):
    client.force_login(world.dangvien1)
    other = world.people_a1[2]
    assert client.get(SELF, {"person": other.pk, "year": YEAR}).status_code == 403
    assert client.post(SELF, {"person": other.pk, "year": YEAR, **SCORES_84}).status_code == 403
    assert not Rating.objects.exists()


def test_secretary_proposes(client, world):
    rating = _self_assess(world)
    client.force_login(world.bithu1)
    page = text(client.get(reverse("rating-detail", args=[rating.pk])))
    assert "Đề xuất mức xếp loại" in page
    assert (
        'action="' + reverse("rating-decide", args=[rating.pk]) not in page
    )  # not the deciding level
    response = client.post(reverse("rating-propose", args=[rating.pk]), {"level": "good"})
    assert response.status_code == 302
    rating.refresh_from_db()
    assert (rating.status, rating.proposed_level, rating.proposed_by) == (
        "proposed",
        "good",
        world.bithu1,
    )


def test_cell_secretary_cannot_decide_a_member_of_a_subordinate_cell(client, world):
    rating = _self_assess(world)
    client.force_login(world.bithu1)
    response = client.post(reverse("rating-decide", args=[rating.pk]), {"level": "good"})
    assert response.status_code == 403
    assert Rating.objects.get(pk=rating.pk).status == "self_assessed"


def test_level_above_the_score_is_refused(client, world):
    rating = _proposed(world)
    client.force_login(world.dangbo_a)
    response = client.post(reverse("rating-decide", args=[rating.pk]), {"level": "excellent"})
    assert response.status_code == 200
    assert "chỉ cho phép tối đa mức “Hoàn thành tốt nhiệm vụ”" in text(response)
    assert Rating.objects.get(pk=rating.pk).status == "proposed"


def test_decide_shows_the_cap_warning_and_locks(client, world):
    rating = _proposed(world)
    client.force_login(world.dangbo_a)
    response = client.post(
        reverse("rating-decide", args=[rating.pk]), {"level": "excellent", **SCORES_98}
    )
    assert response.status_code == 302
    rating.refresh_from_db()
    assert (rating.status, rating.level, rating.decided_by) == (
        "decided",
        "excellent",
        world.dangbo_a,
    )
    page = text(client.get(response["Location"]))
    assert "Đã quyết định xếp loại" in page
    assert "vượt mức trần 20% số “tốt”" in page
    assert "Mở lại xếp loại" in page
    assert reverse("rating-propose", args=[rating.pk]) not in page  # locked


def test_reopen_needs_a_reason(client, world):
    rating = _proposed(world)
    rating, _ = rating_services.decide(user=world.dangbo_a, rating=rating)
    client.force_login(world.dangbo_a)
    url = reverse("rating-reopen", args=[rating.pk])
    response = client.post(url, {"note": ""})
    assert response.status_code == 200
    assert Rating.objects.get(pk=rating.pk).status == "decided"
    response = client.post(url, {"note": "Có khiếu nại"})
    assert response.status_code == 302
    assert Rating.objects.get(pk=rating.pk).status == "reopened"
    page = text(client.get(reverse("rating-detail", args=[rating.pk])))
    for step in ["Tự đánh giá", "Quyết định", "Đã mở lại", "Có khiếu nại", "dangbo_a"]:
        assert step in page


def test_organization_self_assessment_by_its_secretary(client, world):
    client.force_login(world.bithu1)
    response = client.post(SELF, {"organization": world.cell_a1.pk, "year": YEAR, **SCORES_84})
    assert response.status_code == 302
    rating = Rating.objects.get(subject_organization=world.cell_a1, year=YEAR)
    assert rating.person is None and rating.self_level == "good"


def test_other_subtrees_get_404(client, world):
    rating = _self_assess(world)
    for user in (world.bithu2, world.outsider):
        client.force_login(user)
        assert client.get(reverse("rating-detail", args=[rating.pk])).status_code == 404
        assert (
            client.post(reverse("rating-propose", args=[rating.pk]), {"level": "good"}).status_code
            == 404
        )
        assert client.get(SELF, {"person": world.dangvien1.person.pk}).status_code == 404
        response = client.get(reverse("rating-list"), {"organization": world.cell_a1.pk})
        assert response.status_code == 404
    assert Rating.objects.get(pk=rating.pk).status == "self_assessed"


def test_the_form_asks_for_the_band_conditions_and_shows_the_sub_criteria(client, world):
    from ct05.ratings.models import CriteriaGroup, Criterion

    general = CriteriaGroup.objects.get(scheme__code="qd366", code="general")
    Criterion.objects.create(
        group=general, code="1.1", name="Học tập và làm theo Bác", max_points=5
    )
    Criterion.objects.create(
        group=general, code="1.9", name="Chỉ cho tập thể", max_points=5, subject_kind="collective"
    )
    client.force_login(world.dangvien1)
    page = text(client.get(SELF, {"person": world.dangvien1.person.pk, "year": YEAR}))
    assert "Điều kiện của các mức xếp loại" in page
    assert "ít nhất 30% nhiệm vụ vượt yêu cầu" in page
    assert "không quá 20% nhiệm vụ chậm tiến độ" in page
    assert 'name="tasks_on_time"' in page and 'name="disciplined"' not in page
    assert "1.1. Học tập và làm theo Bác" in page and "Chỉ cho tập thể" not in page
    client.force_login(world.bithu1)
    page = text(client.get(SELF, {"organization": world.cell_a1.pk, "year": YEAR}))
    assert 'name="disciplined"' in page and "Chỉ cho tập thể" in page


def test_deciding_excellent_with_a_task_behind_schedule_names_the_condition(client, world):
    rating = _proposed(world, {"general": "27", "task_results": "65"})  # 92, all on time
    client.force_login(world.dangbo_a)
    url = reverse("rating-decide", args=[rating.pk])
    behind = {**ON_TIME, "tasks_on_time": "4"}
    scores = {"score_general": "27", "score_task_results": "65"}
    response = client.post(url, {"level": "excellent", **scores, **behind})
    assert response.status_code == 200
    page = text(response)
    assert (
        "Đủ điểm “Hoàn thành xuất sắc nhiệm vụ” nhưng chưa đạt điều kiện: "
        "100% nhiệm vụ hoàn thành đúng hạn (thực tế: 80%)."
    ) in page
    assert Rating.objects.get(pk=rating.pk).status == "proposed"

    response = client.post(url, {"level": "", **SCORES_98, **behind})
    assert response.status_code == 302
    rating.refresh_from_db()
    assert (rating.level, rating.tasks_on_time) == ("complete", 4)
    page = text(client.get(response["Location"]))
    assert "Mức cao nhất được phép" in page
    assert "Đủ điểm “Hoàn thành tốt nhiệm vụ” nhưng chưa đạt điều kiện" in page


def test_a_self_assessment_without_its_conditions_says_what_is_missing(client, world):
    client.force_login(world.dangvien1)
    person = world.dangvien1.person
    scores = {"score_general": "27", "score_task_results": "65"}
    response = client.post(SELF, {"person": person.pk, "year": YEAR, **scores})
    assert response.status_code == 302
    rating = Rating.objects.get(person=person, year=YEAR)
    assert rating.self_level == "not_complete"
    page = text(client.get(response["Location"]))
    assert "100% nhiệm vụ hoàn thành đúng hạn (chưa ghi nhận)" in page
    assert "chưa ghi nhận" in page
