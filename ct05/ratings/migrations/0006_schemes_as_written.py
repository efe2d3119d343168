"""The schemes as the regulations are written (docs/ratings.md).

- Quy định 366-QĐ/TW: the framework's two groups, 30 points of general criteria and 70 of task
  results (it has no separate "Directive 05" group: how a province weighs the study and following
  of Hồ Chí Minh's example inside the general criteria is its own guidance, entered as
  sub-criteria); the bands' conditions of Art. 11. Existing 366 scores keep their total:
  general = politics_ethics, task_results = tasks + directive05 (each within its maximum), in the
  ratings, their steps (RatingChange) and their history rows.
- Quy định 132-QĐ/TW (2018–2022), levels only; 124-QĐ/TW ends with 2024.
- Every rating records its kind of subject (collective, leader, member).

Reversible: task_results goes back to tasks (up to 60) and directive05 (the rest, up to 10).
"""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

SOURCES = {
    "qd132": (
        "Quy định 132-QĐ/TW ngày 08/3/2018 của Bộ Chính trị về việc kiểm điểm và đánh giá, xếp "
        "loại chất lượng hằng năm đối với tập thể, cá nhân trong hệ thống chính trị; Hướng dẫn "
        "16-HD/BTCTW ngày 24/9/2018 của Ban Tổ chức Trung ương."
    ),
    "qd124": (
        "Quy định 124-QĐ/TW ngày 04/10/2023 của Bộ Chính trị về kiểm điểm và đánh giá, xếp loại "
        "chất lượng hằng năm đối với tập thể, cá nhân trong hệ thống chính trị."
    ),
    "qd366": (
        "Quy định 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị về việc kiểm điểm và đánh giá, xếp "
        "loại chất lượng đối với tập thể, cá nhân trong hệ thống chính trị (khung tiêu chí 100 "
        "điểm: 30 điểm tiêu chí chung, 70 điểm kết quả thực hiện nhiệm vụ; Điều 11: điều kiện "
        "của từng mức xếp loại)."
    ),
}
OLD_GROUPS = [
    ("politics_ethics", "Chính trị tư tưởng, đạo đức, lối sống, ý thức tổ chức kỷ luật", 30),
    ("tasks", "Kết quả thực hiện chức trách, nhiệm vụ được giao", 60),
    ("directive05", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", 10),
]
NEW_GROUPS = [
    ("general", "Tiêu chí chung", 30),
    ("task_results", "Kết quả thực hiện nhiệm vụ", 70),
]
CONDITIONS = {
    "excellent": {"min_on_time_pct": 100, "min_exceeding_pct": 30, "no_discipline": True},
    "good": {"min_on_time_pct": 100},
    "complete": {"min_done_pct": 100, "max_behind_pct": 20},
}
NO_CONDITIONS = {
    "min_on_time_pct": None,
    "min_exceeding_pct": None,
    "min_done_pct": None,
    "max_behind_pct": None,
    "no_discipline": False,
}
OLD_KEYS = {"politics_ethics", "tasks", "directive05"}
NEW_KEYS = {"general", "task_results"}


def _points(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"))


def new_scores(scores: dict) -> dict:
    """{politics_ethics, tasks, directive05} -> {general, task_results}, the total unchanged.
    Scores of any other shape are returned as they are."""
    if not scores or not set(scores) <= OLD_KEYS:
        return scores
    result = {}
    if "politics_ethics" in scores:
        result["general"] = str(_points(scores["politics_ethics"]))
    if "tasks" in scores or "directive05" in scores:
        total = sum((_points(scores[k]) for k in ("tasks", "directive05") if k in scores), 0)
        result["task_results"] = str(_points(total))
    return result


def old_scores(scores: dict) -> dict:
    if not scores or not set(scores) <= NEW_KEYS:
        return scores
    result = {}
    if "general" in scores:
        result["politics_ethics"] = str(_points(scores["general"]))
    if "task_results" in scores:
        points = _points(scores["task_results"])
        tasks = min(points, Decimal(60))
        result["tasks"] = str(_points(tasks))
        result["directive05"] = str(_points(points - tasks))
    return result


def _rewrite(apps, scheme, convert) -> None:
    Rating = apps.get_model("ratings", "Rating")
    RatingChange = apps.get_model("ratings", "RatingChange")
    HistoricalRating = apps.get_model("ratings", "HistoricalRating")
    for model, rows in [
        (Rating, Rating.objects.filter(scheme=scheme)),
        (RatingChange, RatingChange.objects.filter(rating__scheme=scheme)),
        (HistoricalRating, HistoricalRating.objects.filter(scheme_id=scheme.pk)),
    ]:
        changed = []
        for row in rows.only("pk", "scores").iterator(chunk_size=2000):
            scores = convert(row.scores)
            if scores != row.scores:
                row.scores = scores
                changed.append(row)
        model.objects.bulk_update(changed, ["scores"], batch_size=1000)


def _set_groups(apps, scheme, groups) -> None:
    CriteriaGroup = apps.get_model("ratings", "CriteriaGroup")
    for order, (code, name, points) in enumerate(groups, start=1):
        CriteriaGroup.objects.update_or_create(
            scheme=scheme,
            code=code,
            defaults={"name": name, "max_points": Decimal(points), "order": order},
        )
    CriteriaGroup.objects.filter(scheme=scheme).exclude(code__in=[c for c, _, _ in groups]).delete()


def _subject_kinds(apps) -> None:
    Rating = apps.get_model("ratings", "Rating")
    Organization = apps.get_model("organizations", "Organization")
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    today = timezone.localdate()
    leaders = set(Organization.objects.filter(head__isnull=False).values_list("head", flat=True))
    leaders |= set(
        RoleAssignment.objects.filter(role="secretary", user__person__isnull=False)
        .filter(valid_from__lte=today)
        .exclude(valid_to__lt=today)
        .values_list("user__person", flat=True)
    )
    Rating.objects.filter(subject_organization__isnull=False).update(subject_kind="collective")
    people = Rating.objects.filter(person__isnull=False)
    people.filter(person__in=leaders).update(subject_kind="leader")
    people.exclude(person__in=leaders).update(subject_kind="member")


def forward(apps, schema_editor):
    RatingScheme = apps.get_model("ratings", "RatingScheme")
    ScoreThreshold = apps.get_model("ratings", "ScoreThreshold")
    RatingScheme.objects.update_or_create(
        code="qd132",
        defaults={
            "name": "Quy định 132-QĐ/TW (8/3/2018)",
            "uses_score": False,
            "from_year": 2018,
            "to_year": 2022,
            "source": SOURCES["qd132"],
        },
    )
    RatingScheme.objects.filter(code="qd124").update(to_year=2024, source=SOURCES["qd124"])
    scheme = RatingScheme.objects.filter(code="qd366").first()
    if scheme is not None:
        scheme.source = SOURCES["qd366"]
        scheme.save(update_fields=["source"])
        _rewrite(apps, scheme, new_scores)
        _set_groups(apps, scheme, NEW_GROUPS)
        for level, conditions in CONDITIONS.items():
            ScoreThreshold.objects.filter(scheme=scheme, level=level).update(**conditions)
    _subject_kinds(apps)


def backward(apps, schema_editor):
    RatingScheme = apps.get_model("ratings", "RatingScheme")
    ScoreThreshold = apps.get_model("ratings", "ScoreThreshold")
    RatingScheme.objects.filter(code="qd132").delete()  # refused while a rating uses it
    RatingScheme.objects.filter(code="qd124").update(to_year=None)
    scheme = RatingScheme.objects.filter(code="qd366").first()
    if scheme is not None:
        _rewrite(apps, scheme, old_scores)
        _set_groups(apps, scheme, OLD_GROUPS)
        ScoreThreshold.objects.filter(scheme=scheme).update(**NO_CONDITIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_historicalroleassignment"),
        ("organizations", "0005_versions_history"),
        ("ratings", "0005_scheme_years_criteria_conditions"),
    ]
    operations = [migrations.RunPython(forward, backward)]
