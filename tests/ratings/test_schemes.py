"""The schemes as the regulations are written (docs/ratings.md): the year's scheme, 366's two
criteria groups and sub-criteria, and the bands' conditions of Art. 11 deciding the level."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from ct05.people.models import Membership
from ct05.ratings import services
from ct05.ratings.models import (
    CriteriaGroup,
    Criterion,
    Level,
    PeriodKind,
    Rating,
    RatingChange,
    RatingScheme,
    SubjectKind,
)
from tests.factories import ALL_ON_TIME, PersonFactory, make_user

YEAR = 2025  # a 366 year: its year-end reviews were held under it
SCORES_92 = {"general": "27", "task_results": "65"}
ONE_BEHIND = {"tasks_total": 5, "tasks_done": 5, "tasks_on_time": 4, "tasks_exceeding": 2}
FORTY_PCT_EXCEEDING = {"tasks_total": 5, "tasks_done": 5, "tasks_on_time": 5, "tasks_exceeding": 2}

migration = importlib.import_module("ct05.ratings.migrations.0006_schemes_as_written")


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def _assess(world, person=None, **kwargs):
    person = person or world.dangvien1.person
    return services.self_assess(user=world.admin, person=person, year=YEAR, **kwargs)


def _decide(world, rating, **kwargs):
    level = None if rating.scheme.uses_score else rating.self_level
    rating = services.propose(user=world.bithu1, rating=rating, level=level)
    return services.decide(user=world.dangbo_a, rating=rating, **kwargs)[0]


# --- the year's scheme -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "year,code",
    [(2018, "qd132"), (2020, "qd132"), (2022, "qd132"), (2023, "qd124"), (2024, "qd124")]
    + [(2025, "qd366"), (2026, "qd366"), (2030, "qd366")],
)
def test_each_year_is_rated_under_the_regulation_in_force(db, year, code):
    assert services.default_scheme(year).code == code


def test_a_term_is_rated_under_the_scheme_of_its_last_year_and_a_quarter_under_its_year(db):
    assert services.default_scheme(2020, PeriodKind.TERM).code == "qd366"  # 2020–2025
    assert services.default_scheme(2015, PeriodKind.TERM).code == "qd132"  # 2015–2020
    assert services.default_scheme(2025, PeriodKind.QUARTER).code == "qd366"


def test_the_years_are_data(db):
    RatingScheme.objects.filter(code="qd124").update(to_year=2025)
    RatingScheme.objects.filter(code="qd366").update(from_year=2026)
    assert services.default_scheme(2025).code == "qd124"


def test_ratings_of_2020_2024_and_2026_are_under_132_124_and_366(world):
    person = world.dangvien1.person
    old = services.self_assess(user=world.admin, person=person, year=2020, level=Level.GOOD)
    before = services.self_assess(user=world.admin, person=person, year=2024, level=Level.GOOD)
    now = services.self_assess(
        user=world.admin, person=person, year=2026, scores=SCORES_92, conditions=ALL_ON_TIME
    )
    assert (old.scheme.code, before.scheme.code, now.scheme.code) == ("qd132", "qd124", "qd366")
    assert old.scheme.name.startswith("Quy định 132-QĐ/TW")
    assert now.self_level == Level.EXCELLENT


def test_132_rates_by_level_only_and_keeps_the_cap(world):
    person = world.dangvien1.person
    with pytest.raises(ValidationError):
        services.self_assess(user=world.admin, person=person, year=2020, scores=SCORES_92)
    with pytest.raises(ValidationError) as refused:
        services.self_assess(
            user=world.admin, person=person, year=2020, level=Level.GOOD, conditions=ALL_ON_TIME
        )
    assert "tasks_total" in refused.value.message_dict
    world.province.cap_enforcement = "block"
    world.province.save()
    good = services.self_assess(
        user=world.admin, person=world.people_a1[2], year=2020, level=Level.GOOD
    )
    _decide(world, good)
    excellent = services.self_assess(
        user=world.admin, person=world.people_a1[3], year=2020, level=Level.EXCELLENT
    )
    excellent = services.propose(user=world.bithu1, rating=excellent, level=Level.EXCELLENT)
    with pytest.raises(ValidationError) as capped:
        services.decide(user=world.dangbo_a, rating=excellent)
    assert "20%" in str(capped.value)


# --- 366: two groups, bands with conditions ----------------------------------------------------


def test_366_has_the_frameworks_two_groups(db):
    scheme = RatingScheme.objects.get(code="qd366")
    groups = [(g.code, g.max_points) for g in scheme.groups.all()]
    assert groups == [("general", Decimal(30)), ("task_results", Decimal(70))]
    excellent = scheme.thresholds.get(level=Level.EXCELLENT)
    assert (excellent.min_score, excellent.min_on_time_pct, excellent.min_exceeding_pct) == (
        90,
        100,
        30,
    )
    assert excellent.no_discipline
    complete = scheme.thresholds.get(level=Level.COMPLETE)
    assert (complete.min_done_pct, complete.max_behind_pct) == (100, 20)


def test_92_points_with_a_task_behind_schedule_is_refused_excellent_naming_the_condition(world):
    """Art. 11 asks 100% of tasks on time for "good" as for "excellent": with one task of five
    behind schedule, 92 points reach "complete" (all done, at most 20% behind)."""
    rating = _assess(world, scores=SCORES_92, conditions=ONE_BEHIND)
    assert rating.self_level == Level.COMPLETE
    check = rating.level_check()
    assert (check.allowed, check.by_score) == (Level.COMPLETE, Level.EXCELLENT)
    assert check.reasons == [
        "Đủ điểm “Hoàn thành xuất sắc nhiệm vụ” nhưng chưa đạt điều kiện: "
        "100% nhiệm vụ hoàn thành đúng hạn (thực tế: 80%).",
        "Đủ điểm “Hoàn thành tốt nhiệm vụ” nhưng chưa đạt điều kiện: "
        "100% nhiệm vụ hoàn thành đúng hạn (thực tế: 80%).",
    ]
    rating = services.propose(user=world.bithu1, rating=rating)
    with pytest.raises(ValidationError) as refused:
        services.decide(user=world.dangbo_a, rating=rating, level=Level.EXCELLENT)
    messages = refused.value.message_dict["level"]
    assert messages[0].startswith("Đủ điểm “Hoàn thành xuất sắc nhiệm vụ” nhưng chưa đạt")
    assert "100% nhiệm vụ hoàn thành đúng hạn (thực tế: 80%)" in messages[0]
    assert messages[-1] == "Chỉ có thể xếp tối đa mức “Hoàn thành nhiệm vụ”."
    with pytest.raises(ValidationError) as not_good:
        services.decide(user=world.dangbo_a, rating=rating, level=Level.GOOD)
    assert not_good.value.message_dict["level"][0].startswith("Đủ điểm “Hoàn thành tốt nhiệm vụ”")
    decided, _ = services.decide(user=world.dangbo_a, rating=rating)
    assert decided.level == Level.COMPLETE


def test_92_points_with_every_task_on_time_but_few_exceeding_is_good(world):
    rating = _decide(
        world,
        _assess(
            world,
            scores=SCORES_92,
            conditions={**ONE_BEHIND, "tasks_on_time": 5, "tasks_exceeding": 0},
        ),
    )
    assert rating.level == Level.GOOD


def test_92_points_all_on_time_and_40_pct_exceeding_is_excellent(world):
    rating = _decide(world, _assess(world, scores=SCORES_92, conditions=FORTY_PCT_EXCEEDING))
    assert rating.level == Level.EXCELLENT
    assert rating.level_check().reasons == []


def test_too_few_exceeding_is_named(world):
    conditions = {**FORTY_PCT_EXCEEDING, "tasks_exceeding": 1}
    rating = _assess(world, scores=SCORES_92, conditions=conditions)
    assert rating.self_level == Level.GOOD
    assert rating.level_check().reasons == [
        "Đủ điểm “Hoàn thành xuất sắc nhiệm vụ” nhưng chưa đạt điều kiện: "
        "ít nhất 30% nhiệm vụ vượt yêu cầu (thực tế: 20%)."
    ]


def test_conditions_not_recorded_are_not_met(world):
    rating = _assess(world, scores=SCORES_92)
    assert rating.self_level == Level.NOT_COMPLETE
    reasons = rating.level_check().reasons
    assert len(reasons) == 3  # excellent, good and complete each held back
    assert "100% nhiệm vụ hoàn thành đúng hạn (chưa ghi nhận)" in reasons[0]
    # Recorded at the proposal, the level follows.
    rating = services.propose(user=world.bithu1, rating=rating, conditions=FORTY_PCT_EXCEEDING)
    assert rating.proposed_level == Level.EXCELLENT


def test_complete_needs_every_task_done_and_at_most_20_pct_behind(world):
    scores = {"general": "20", "task_results": "40"}  # 60
    ten = {"tasks_total": 10, "tasks_done": 10, "tasks_exceeding": 0}
    late = _assess(world, scores=scores, conditions={**ten, "tasks_on_time": 7})
    assert late.self_level == Level.NOT_COMPLETE
    assert "không quá 20% nhiệm vụ chậm tiến độ (thực tế: 30%)" in late.level_check().reasons[0]
    ok = _assess(world, scores=scores, conditions={**ten, "tasks_on_time": 8}, version=late.version)
    assert ok.self_level == Level.COMPLETE
    undone = _assess(world, scores=scores, conditions={**ten, "tasks_done": 9, "tasks_on_time": 9})
    assert undone.self_level == Level.NOT_COMPLETE


def test_a_collective_with_a_disciplined_member_is_not_excellent(world):
    rating = services.self_assess(
        user=world.bithu1,
        organization=world.cell_a1,
        year=YEAR,
        scores=SCORES_92,
        conditions={**ALL_ON_TIME, "disciplined": True},
    )
    assert rating.subject_kind == SubjectKind.COLLECTIVE
    assert rating.self_level == Level.GOOD
    assert (
        "không có tổ chức, cá nhân trực thuộc bị kỷ luật trong kỳ (thực tế: có kỷ luật)"
        in (rating.level_check().reasons[0])
    )
    # A member's discipline is not the collective's condition.
    member = _assess(world, scores=SCORES_92, conditions={**ALL_ON_TIME, "disciplined": True})
    assert member.self_level == Level.EXCELLENT


def test_contradictory_counts_are_refused(world):
    for conditions, field in [
        ({"tasks_total": 5, "tasks_done": 6}, "tasks_done"),
        ({"tasks_total": 5, "tasks_done": 3, "tasks_on_time": 4}, "tasks_on_time"),
        ({"tasks_done": 3}, "tasks_total"),
        ({"tasks_total": 0}, "tasks_total"),
    ]:
        with pytest.raises(ValidationError) as refused:
            _assess(world, scores=SCORES_92, conditions=conditions)
        assert field in refused.value.message_dict
    assert not Rating.objects.exists()


def test_a_step_without_conditions_keeps_those_recorded(world):
    rating = _assess(world, scores=SCORES_92, conditions=FORTY_PCT_EXCEEDING)
    rating = services.propose(user=world.bithu1, rating=rating, level=Level.GOOD)
    assert (rating.tasks_total, rating.tasks_exceeding) == (5, 2)
    rating, _ = services.decide(user=world.dangbo_a, rating=rating, level=Level.EXCELLENT)
    assert rating.level == Level.EXCELLENT


# --- kinds of subject and sub-criteria ---------------------------------------------------------


def test_kind_of_subject(world):
    assert services.subject_kind_of(organization=world.cell_a1) == SubjectKind.COLLECTIVE
    assert services.subject_kind_of(person=world.bithu1.person) == SubjectKind.LEADER  # secretary
    assert services.subject_kind_of(person=world.dangvien1.person) == SubjectKind.MEMBER
    world.cell_a2.head = world.people_a2[0]
    world.cell_a2.save()
    assert services.subject_kind_of(person=world.people_a2[0]) == SubjectKind.LEADER
    assert _assess(
        world, person=world.bithu1.person, level=None, scores=SCORES_92
    ).subject_kind == (SubjectKind.LEADER)


def test_the_members_year_reads_its_own_standing_as_the_rule_says(client, world, sub_criteria):
    """The member's year asks "a member today, and of which annex" in one query
    (``own_standing``): the same answers as ``subject_kind_of``, and the form shows them."""
    member = world.dangvien1
    assert services.own_standing(member) == (True, SubjectKind.MEMBER)
    assert services.own_standing(world.bithu1) == (True, SubjectKind.LEADER)  # a secretary
    client.force_login(member)
    page = client.get(reverse("my-commitment")).content.decode()
    assert "Tiêu chí 2.1" in page and "Tiêu chí 2.1L" not in page  # the member's annex
    # Heading an organization in force makes the person a leader: the leader's sub-criteria.
    world.cell_a1.head = member.person
    world.cell_a1.save()
    assert services.subject_kind_of(person=member.person) == SubjectKind.LEADER
    assert services.own_standing(member) == (True, SubjectKind.LEADER)
    page = client.get(reverse("my-commitment")).content.decode()
    assert "Tiêu chí 2.1L" in page
    # A person whose membership has ended gets no self-assessment form.
    left = PersonFactory(organization=world.cell_a1)
    Membership.objects.filter(person=left).update(valid_to=datetime.date(2024, 12, 31))
    outsider = make_user("da-chuyen-di", person=left)
    assert services.own_standing(outsider) == (False, SubjectKind.MEMBER)
    client.force_login(outsider)
    assert 'id="rating"' not in client.get(reverse("my-commitment")).content.decode()


@pytest.fixture
def sub_criteria(db):
    general = CriteriaGroup.objects.get(scheme__code="qd366", code="general")
    tasks = CriteriaGroup.objects.get(scheme__code="qd366", code="task_results")
    made = {}
    for code, group, kind, points in [
        ("1.1", general, "all", 20),
        ("1.2", general, "all", 10),
        ("2.1", tasks, "member", 70),
        ("2.1L", tasks, "leader", 40),
        ("2.2L", tasks, "leader", 30),
    ]:
        made[code] = Criterion.objects.create(
            group=group, subject_kind=kind, code=code, name=f"Tiêu chí {code}", max_points=points
        )
    return made


def test_points_per_sub_criterion_are_summed_into_their_group(world, sub_criteria):
    rating = _assess(
        world,
        scores={"task_results": "65"},
        criterion_scores={"1.1": "18", "1.2": "9.5"},
        conditions=FORTY_PCT_EXCEEDING,
    )
    assert rating.scores == {"general": "27.5", "task_results": "65.0"}
    assert rating.criterion_scores == {"1.1": "18.0", "1.2": "9.5"}
    assert rating.score == Decimal("92.5")


def test_a_sub_criterion_above_its_maximum_or_of_another_kind_is_refused(world, sub_criteria):
    for criteria in [{"1.1": "21", "1.2": "9"}, {"1.1": "18", "1.2": "9", "2.1L": "30"}]:
        with pytest.raises(ValidationError) as refused:
            _assess(world, scores={"task_results": "60"}, criterion_scores=criteria)
        assert "criterion_scores" in refused.value.message_dict
    with pytest.raises(ValidationError) as differs:
        _assess(world, scores=SCORES_92, criterion_scores={"1.1": "18", "1.2": "8"})
    assert "scores" in differs.value.message_dict
    leader = _assess(
        world,
        person=world.bithu1.person,
        scores={"general": "27"},
        criterion_scores={"2.1L": "35", "2.2L": "28"},
    )
    assert leader.scores["task_results"] == "63.0"


def test_a_code_names_one_sub_criterion_for_a_subject(world, sub_criteria):
    clash = Criterion(
        group=sub_criteria["1.1"].group,
        subject_kind="member",
        code="1.1",
        name="x",
        max_points=5,
    )
    with pytest.raises(ValidationError):
        clash.full_clean()


# --- the migration of the ratings made under the first 366 -----------------------------------


def test_old_scores_map_to_the_two_groups_with_the_same_total_and_back():
    old = {"politics_ethics": "27.0", "tasks": "56.0", "directive05": "9.0"}
    new = migration.new_scores(old)
    assert new == {"general": "27.0", "task_results": "65.0"}
    # Back: the total kept, tasks up to its old maximum of 60, Directive 05 the rest.
    assert migration.old_scores(new) == {
        "politics_ethics": "27.0",
        "tasks": "60.0",
        "directive05": "5.0",
    }
    assert migration.new_scores(new) == new  # already migrated: unchanged
    assert migration.old_scores({"general": "30", "task_results": "70"}) == {
        "politics_ethics": "30.0",
        "tasks": "60.0",
        "directive05": "10.0",
    }


def test_the_migration_rewrites_ratings_their_steps_and_history(world):
    rating = _decide(world, _assess(world, scores=SCORES_92, conditions=ALL_ON_TIME))
    old = {"politics_ethics": "27.0", "tasks": "56.0", "directive05": "9.0"}
    Rating.objects.filter(pk=rating.pk).update(scores=old)
    RatingChange.objects.filter(rating=rating).update(scores=old)
    rating.history.update(scores=old)

    migration.forward(django_apps, None)

    new = {"general": "27.0", "task_results": "65.0"}
    assert Rating.objects.get(pk=rating.pk).scores == new
    assert {tuple(c.scores.items()) for c in RatingChange.objects.filter(rating=rating)} == {
        tuple(new.items())
    }
    assert all(h.scores == new for h in rating.history.all())
    assert Rating.objects.get(pk=rating.pk).score == Decimal(92)

    migration.backward(django_apps, None)
    back = Rating.objects.get(pk=rating.pk).scores
    assert set(back) == set(old)
    assert sum(Decimal(v) for v in back.values()) == 92
    assert RatingScheme.objects.get(code="qd366").groups.count() == 3
    migration.forward(django_apps, None)
    assert RatingScheme.objects.get(code="qd366").groups.count() == 2
