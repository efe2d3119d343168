"""The community registers of the synthetic province, bulk-loaded (no history, like the rest of
``ct05 synth``): per cell and year a few activities with outputs and a model now and then; per
grassroots committee and year a dialogue conference with its petitions, awards, targets and
(for communes) the new-rural criteria met. Deterministic for a seed."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from ct05.activities.models import Activity, ActivityOutput, OutputUnit, Programme
from ct05.dialogues.models import Dialogue, Petition
from ct05.indicators.models import Direction, RuralCriteriaResult, RuralCriterion, Target
from ct05.organizations.models import CELL_KINDS, Organization, OrganizationKind
from ct05.recognition.models import Award, AwardForm, AwardIssuer, Exemplar, ExemplarType


def synth_community(
    root: Organization, *, seed: int, years: list[int], today: datetime.date, loader
) -> None:
    rng = random.Random(seed + 15)
    rows = list(
        Organization.objects.filter(path__startswith=root.path)
        .order_by("path")
        .values_list("pk", "kind")
    )
    cells = [pk for pk, kind in rows if kind in CELL_KINDS]
    committees = [pk for pk, kind in rows if kind == OrganizationKind.GRASSROOTS_COMMITTEE]
    programmes = list(Programme.objects.values_list("pk", flat=True))
    units = dict(OutputUnit.objects.values_list("code", "pk"))
    types = list(ExemplarType.objects.values_list("pk", flat=True))
    forms = list(AwardForm.objects.values_list("pk", flat=True))
    issuers = list(AwardIssuer.objects.values_list("pk", flat=True))
    criteria = list(RuralCriterion.objects.values_list("pk", flat=True))

    def day(year: int) -> datetime.date:
        last = min(datetime.date(year, 12, 31), today)
        return datetime.date(year, 1, 1) + datetime.timedelta(
            days=rng.randint(0, (last - datetime.date(year, 1, 1)).days)
        )

    activities, exemplars, awards, dialogues, targets, results = [], [], [], [], [], []
    for year in years:
        for cell in cells:
            for _ in range(rng.randint(0, 3)):
                activities.append(
                    Activity(
                        programme_id=rng.choice(programmes),
                        organization_id=cell,
                        date=day(year),
                        cadre_turns=rng.randint(5, 40),
                        resident_turns=rng.randint(20, 150),
                    )
                )
            if rng.random() < 0.3:
                exemplars.append(
                    Exemplar(
                        type_id=rng.choice(types),
                        name="Mô hình tự quản",
                        organization_id=cell,
                        holder_kind="collective",
                        registered_on=(registered := day(year)),
                        status="recognized" if rng.random() < 0.3 else "registered",
                    )
                )
                if exemplars[-1].status == "recognized":
                    exemplars[-1].recognized_on = min(
                        registered + datetime.timedelta(days=90), today
                    )
            if rng.random() < 0.1:
                awards.append(
                    Award(
                        form_id=rng.choice(forms),
                        issuer_id=rng.choice(issuers),
                        decision_number=f"{rng.randint(1, 999)}-QĐ",
                        decision_date=day(year),
                        organization_id=cell,
                        recipient_kind="collective",
                        reason="Có thành tích xuất sắc",
                    )
                )
        for committee in committees:
            dialogues.append(
                Dialogue(
                    organization_id=committee,
                    date=day(year),
                    chair="Bí thư Đảng ủy",
                    participants=rng.randint(50, 200),
                )
            )
            for i in range(5):
                targets.append(
                    Target(
                        organization_id=committee,
                        year=year,
                        name=f"Chỉ tiêu {i + 1}",
                        direction=Direction.AT_MOST if i == 0 else Direction.AT_LEAST,
                        target=Decimal(20),
                        actual=Decimal(rng.randint(15, 25)),
                    )
                )
            results.append(
                RuralCriteriaResult(
                    organization_id=committee, year=year, met_count=rng.randint(10, 19)
                )
            )
    loader.save(activities)
    outputs = []
    for activity in activities:
        outputs.append(
            ActivityOutput(
                activity_id=activity.pk,
                unit_id=units["road_repaired_km"],
                quantity=Decimal(rng.randint(1, 30)) / 10,
            )
        )
        if rng.random() < 0.3:
            outputs.append(
                ActivityOutput(
                    activity_id=activity.pk,
                    unit_id=units["workdays"],
                    quantity=rng.randint(20, 200),
                )
            )
    loader.save(outputs)
    loader.save(exemplars)
    loader.save(awards)
    loader.save(dialogues)
    petitions = []
    for d in dialogues:
        closed = min(d.date + datetime.timedelta(days=rng.randint(5, 40)), today)
        resolved = rng.random() < 0.7
        petitions.append(
            Petition(
                organization_id=d.organization_id,
                source="dialogue",
                dialogue_id=d.pk,
                received_on=d.date,
                content="Đề nghị sửa đường liên thôn",
                assigned_organization_id=d.organization_id,
                deadline=d.date + datetime.timedelta(days=30),
                status="resolved" if resolved else "received",
                response="Đã giải quyết" if resolved else "",
                closed_on=closed if resolved else None,
            )
        )
    loader.save(petitions)
    loader.save(targets)
    loader.save(results)
    through = RuralCriteriaResult.met.through
    loader.save(
        [
            through(ruralcriteriaresult_id=r.pk, ruralcriterion_id=c)
            for r in results
            for c in criteria[: r.met_count]
        ]
    )
