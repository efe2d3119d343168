from decimal import Decimal

from django.db import migrations

# Thresholds and criteria groups are data: an administrator can correct them in the admin
# when the implementing guidance is published, without a code change.
SCHEMES = [
    {
        "code": "qd124",
        "name": "Quy định 124-QĐ/TW (2023)",
        "uses_score": False,
        "from_year": 2023,
        "groups": [],
        "thresholds": [],
    },
    {
        "code": "qd366",
        "name": "Quy định 366-QĐ/TW (30/8/2025)",
        "uses_score": True,
        "from_year": 2025,
        "groups": [
            ("politics_ethics", "Chính trị tư tưởng, đạo đức, lối sống, ý thức tổ chức kỷ luật", 30),
            ("tasks", "Kết quả thực hiện chức trách, nhiệm vụ được giao", 60),
            ("directive05", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", 10),
        ],
        "thresholds": [("excellent", 90), ("good", 70), ("complete", 50), ("not_complete", 0)],
    },
]


def load(apps, schema_editor):
    RatingScheme = apps.get_model("ratings", "RatingScheme")
    CriteriaGroup = apps.get_model("ratings", "CriteriaGroup")
    ScoreThreshold = apps.get_model("ratings", "ScoreThreshold")
    for data in SCHEMES:
        scheme, _ = RatingScheme.objects.update_or_create(
            code=data["code"],
            defaults={k: data[k] for k in ("name", "uses_score", "from_year")},
        )
        for order, (code, name, points) in enumerate(data["groups"], start=1):
            CriteriaGroup.objects.update_or_create(
                scheme=scheme,
                code=code,
                defaults={"name": name, "max_points": Decimal(points), "order": order},
            )
        for level, score in data["thresholds"]:
            ScoreThreshold.objects.update_or_create(
                scheme=scheme, level=level, defaults={"min_score": Decimal(score)}
            )


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
