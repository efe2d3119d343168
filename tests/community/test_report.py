"""The report's community sections: what the page and the workbook print, the targets that must
stay below, and the number of queries (which does not grow with the tree)."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from ct05.activities.models import Activity, ActivityOutput, OutputUnit, Programme
from ct05.dialogues.models import Dialogue, Petition
from ct05.dialogues.services import record_dialogue, update_dialogue
from ct05.indicators.models import Direction, RuralCriteriaResult, RuralCriterion, Target
from ct05.indicators.services import record_rural_criteria, set_target, update_target
from ct05.recognition.models import (
    Award,
    AwardForm,
    AwardIssuer,
    Exemplar,
    ExemplarType,
    IssuerLevel,
)
from ct05.recognition.services import (
    record_award,
    register_exemplar,
    set_exemplar_status,
    update_award,
    update_exemplar,
)
from ct05.reports import tallies
from ct05.reports.selectors import directive05_report
from tests.factories import OrganizationFactory, PersonFactory

TODAY = timezone.localdate()
YEAR = TODAY.year - 1  # a whole year: every figure is final
DAY = datetime.date(YEAR, 6, 15)


def seed_figures(world):
    """Records that add up to the figures of the published reports."""
    weekend = Programme.objects.get(code="weekend_with_people")
    road = OutputUnit.objects.get(code="road_repaired_km")
    terrace = OutputUnit.objects.get(code="terrace_ha")
    cells = [world.cell_a1, world.cell_a2, world.cell_b1]
    activities = Activity.objects.bulk_create(
        Activity(
            programme=weekend,
            organization=cells[i % 3],
            date=DAY,
            cadre_turns=1750,
            resident_turns=5900,
        )
        for i in range(3)
    )
    ActivityOutput.objects.bulk_create(
        [
            ActivityOutput(activity=activities[0], unit=road, quantity=Decimal("100.05")),
            ActivityOutput(activity=activities[1], unit=road, quantity=Decimal("65.15")),
            ActivityOutput(activity=activities[2], unit=terrace, quantity=Decimal("52")),
        ]
    )
    kind = ExemplarType.objects.get(code="dan_van_kheo")
    Exemplar.objects.bulk_create(
        Exemplar(
            type=kind,
            name=f"Mô hình {i}",
            organization=cells[i % 3],
            holder_kind="collective" if i < 144 else "individual",
            person=None if i < 144 else world.people_a1[0],
            registered_on=DAY,
            recognized_on=DAY if i % 2 else None,
        )
        for i in range(144 + 77)
    )
    form = AwardForm.objects.get(code="certificate_of_merit")
    issuer = AwardIssuer.objects.get(code="provincial_standing_committee")
    Award.objects.bulk_create(
        Award(
            form=form,
            issuer=issuer,
            decision_number=f"{i}-QĐ/TU",
            decision_date=DAY,
            organization=world.cell_a1,
            recipient_kind="collective" if i < 23 else "individual",
            person=None if i < 23 else world.people_a1[1],
            reason="Có thành tích xuất sắc",
        )
        for i in range(23 + 50)
    )
    Target.objects.bulk_create(
        Target(
            organization=world.commune_a,
            year=YEAR,
            name=f"Chỉ tiêu {i}",
            target=Decimal(10),
            actual=Decimal(12 if i < 26 else 8),
        )
        for i in range(33)
    )
    result = RuralCriteriaResult.objects.create(
        organization=world.commune_a, year=YEAR, met_count=16
    )
    result.met.set(RuralCriterion.objects.filter(number__lte=16))
    dialogue = Dialogue.objects.create(
        organization=world.commune_a, date=DAY, chair="Bí thư Đảng ủy", participants=120
    )
    Petition.objects.create(
        organization=world.commune_a,
        source="dialogue",
        dialogue=dialogue,
        received_on=DAY,
        content="Sửa đường liên thôn",
        assigned_organization=world.cell_a1,
        deadline=DAY + datetime.timedelta(days=30),
    )
    tallies.rebuild()  # written in bulk, past the services: counted as after a bulk load


def test_the_page_prints_the_figures_as_the_published_reports_do(world, client):
    seed_figures(world)
    client.force_login(world.tuyengiao)
    page = client.get(f"/reports/directive05/?organization={world.province.pk}&year={YEAR}")
    text = page.content.decode()
    assert page.status_code == 200
    for seen in (
        "5.250 lượt cán bộ, 17.700 lượt người dân",
        "165,2 km",
        "52 ha",
        "144 tập thể, 77 cá nhân",
        "23 tập thể, 50 cá nhân",
        "26/33 chỉ tiêu",
        "16/19 tiêu chí",
    ):
        assert seen in text, seen


def test_the_report_counts_the_registers_of_the_year_over_the_subtree(world):
    seed_figures(world)
    report = directive05_report(organization=world.province, year=YEAR)
    assert report["models"]["registered"] == 221
    assert report["models"]["by_type"]["dan_van_kheo"] == {"registered": 221, "recognized": 110}
    assert report["awards"]["by_form"]["certificate_of_merit"] == 73
    assert report["awards"]["by_issuer_level"] == {"district": 0, "province": 73, "central": 0}
    assert report["activities"]["outputs"]["road_repaired_km"] == Decimal("165.2")
    assert report["activities"]["outputs"]["terrace_ha"] == Decimal("52")
    assert report["dialogues"] == {"count": 1, "participants": 120}
    # Received in the year, due in July, never closed: overdue on 31 December.
    assert report["petitions"] == {"received": 1, "resolved": 0, "overdue": 1}
    assert report["indicators"] == {
        "targets": 33,
        "achieved": 26,
        "communes": 1,
        "criteria_met_avg": 16.0,
        "criteria": 19,
    }
    # The province holds none of it itself (the size of the criteria list goes with the total
    # only: it is no figure of a row).
    own = report["children"][0]
    assert own["organization"]["own"]
    assert own["indicators"] == {
        "targets": 0,
        "achieved": 0,
        "communes": 0,
        "criteria_met_avg": None,
    }
    assert own["activities"]["count"] == 0 and own["models"]["registered"] == 0
    commune_b = next(c for c in report["children"] if c["organization"]["id"] == world.commune_b.pk)
    assert commune_b["activities"]["cadre_turns"] == 1750
    assert commune_b["models"]["registered"] == 73
    # Another year has none of it.
    other = directive05_report(organization=world.province, year=YEAR - 1)
    assert other["activities"]["count"] == 0 and other["models"]["registered"] == 0


def test_the_workbook_has_the_community_figures(world, client):
    seed_figures(world)
    client.force_login(world.tuyengiao)
    response = client.get(f"/reports/directive05.xlsx?organization={world.province.pk}&year={YEAR}")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    sheet = book["Mô hình, khen thưởng, nhân dân"[:31]]
    values = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert values["Lượt cán bộ"][0] == 5250
    assert values["Đường giao thông tu sửa"][:2] == (165.2, "km")
    assert values["Chỉ tiêu đạt"][0] == 26


@pytest.mark.parametrize(
    ("direction", "actual", "achieved"),
    [
        (Direction.AT_MOST, Decimal(18), True),
        (Direction.AT_MOST, Decimal(20), True),
        (Direction.AT_MOST, Decimal(22), False),
        (Direction.AT_LEAST, Decimal(22), True),
        (Direction.AT_LEAST, Decimal(18), False),
        (Direction.AT_MOST, None, False),
    ],
)
def test_a_poverty_rate_of_at_most_20_percent_is_achieved_below_it(
    world, direction, actual, achieved
):
    target = set_target(
        user=world.dangbo_a,
        organization=world.commune_a,
        year=YEAR,
        name="Tỷ lệ hộ nghèo",
        unit="%",
        direction=direction,
        target=Decimal(20),
        actual=actual,
    )
    report = directive05_report(organization=world.province, year=YEAR)
    assert target.achieved is achieved
    assert report["indicators"]["achieved"] == int(achieved)
    assert report["indicators"]["targets"] == 1


def _grow(world, communes: int):
    weekend = Programme.objects.get(code="weekend_with_people")
    for i in range(communes):
        commune = OrganizationFactory(
            name=f"Đảng ủy xã {i}", kind="grassroots_committee", parent=world.province
        )
        cell = OrganizationFactory(name=f"Chi bộ {i}", parent=commune)
        PersonFactory(organization=cell)
        Activity.objects.create(programme=weekend, organization=cell, date=DAY, cadre_turns=1)
        Dialogue.objects.create(organization=commune, date=DAY, chair="X", participants=1)
        Target.objects.create(organization=commune, year=YEAR, name="T", target=1, actual=1)
    tallies.rebuild()


def test_the_community_sections_take_as_many_queries_for_a_bigger_tree(world):
    seed_figures(world)
    with CaptureQueriesContext(connection) as small:
        directive05_report(organization=world.province, year=YEAR)
    _grow(world, communes=5)
    with CaptureQueriesContext(connection) as large:
        report = directive05_report(organization=world.province, year=YEAR)
    assert report["activities"]["count"] == 8
    assert report["dialogues"]["count"] == 6
    assert len(large.captured_queries) == len(small.captured_queries)
    community = [
        q["sql"]
        for q in large.captured_queries
        if any(t in q["sql"] for t in ("activities_", "recognition_", "dialogues_", "indicators_"))
    ]
    assert len(community) <= 12


def test_the_sections_follow_the_reference_lists_an_administrator_extends(world):
    # An administrator adds a type of model and a form of award, and retires a unit of output:
    # the new ones show with zeros, the retired one is no longer a column of the report.
    ExemplarType.objects.create(code="chuyen_doi_so", name="Chuyển đổi số", order=1000)
    AwardForm.objects.create(code="ky_niem_chuong", name="Kỷ niệm chương", order=99)
    OutputUnit.objects.filter(code="lighting_km").update(active=False)
    RuralCriterion.objects.filter(number=19).update(active=False)

    report = directive05_report(organization=world.province, year=YEAR)

    assert report["models"]["by_type"]["chuyen_doi_so"] == {"registered": 0, "recognized": 0}
    assert list(report["models"]["by_type"])[-1] == "chuyen_doi_so"  # in the list's order
    assert report["awards"]["by_form"]["ky_niem_chuong"] == 0
    assert "lighting_km" not in report["activities"]["outputs"]
    assert "road_repaired_km" in report["activities"]["outputs"]
    assert report["indicators"]["criteria"] == 18


def test_the_models_figures_follow_each_step_of_a_model(world):
    """Registered in one year, moved to another, recognized in a third: each year's report
    counts it in the year of each step, through the tallies the services keep."""

    def models(year):
        figures = directive05_report(organization=world.province, year=year)["models"]
        return figures["registered"], figures["recognized"], figures["collectives"]

    kind = ExemplarType.objects.get(code="dan_van_kheo")
    exemplar = register_exemplar(
        user=world.bithu1,
        type=kind,
        name="Mô hình dân vận khéo",
        organization=world.cell_a1,
        holder_kind="collective",
        registered_on=datetime.date(YEAR - 1, 5, 1),
    )
    assert models(YEAR - 1) == (1, 0, 1)
    update_exemplar(user=world.bithu1, exemplar=exemplar, registered_on=DAY)
    assert models(YEAR - 1) == (0, 0, 0)
    assert models(YEAR) == (1, 0, 1)
    set_exemplar_status(user=world.bithu1, exemplar=exemplar, status="recognized", date=TODAY)
    assert models(TODAY.year) == (0, 1, 0)
    by_type = directive05_report(organization=world.province, year=TODAY.year)["models"]
    assert by_type["by_type"]["dan_van_kheo"] == {"registered": 0, "recognized": 1}
    assert tallies.differences() == []


def test_dialogues_and_indicators_follow_every_change_through_their_tallies(world):
    """A conference moved to another year, a target's actual reached, a target moved to the year
    before, the commune's criteria recorded again: each year's report follows at once."""

    def figures(year):
        report = directive05_report(organization=world.province, year=year)
        dialogues, indicators = report["dialogues"], report["indicators"]
        return (
            dialogues["count"],
            dialogues["participants"],
            indicators["targets"],
            indicators["achieved"],
            indicators["communes"],
            indicators["criteria_met_avg"],
        )

    dialogue = record_dialogue(
        user=world.dangbo_a, organization=world.commune_a, date=DAY, chair="Bí thư", participants=80
    )
    target = set_target(
        user=world.dangbo_a,
        organization=world.commune_a,
        year=YEAR,
        name="Thu nhập bình quân",
        target=Decimal(50),
        actual=Decimal(40),
    )
    criteria = list(RuralCriterion.objects.order_by("number"))
    record_rural_criteria(
        user=world.dangbo_a, organization=world.commune_a, year=YEAR, met=criteria[:12]
    )
    assert figures(YEAR) == (1, 80, 1, 0, 1, 12.0)
    update_dialogue(
        user=world.dangbo_a,
        dialogue=dialogue,
        date=datetime.date(YEAR - 1, 9, 1),
        participants=95,
    )
    update_target(user=world.dangbo_a, target=target, actual=Decimal(55))
    record_rural_criteria(
        user=world.dangbo_a, organization=world.commune_a, year=YEAR, met=criteria[:15]
    )
    assert figures(YEAR) == (0, 0, 1, 1, 1, 15.0)
    assert figures(YEAR - 1) == (1, 95, 0, 0, 0, None)
    update_target(user=world.dangbo_a, target=target, year=YEAR - 1)
    assert figures(YEAR)[2:4] == (0, 0)
    assert figures(YEAR - 1)[2:4] == (1, 1)
    assert tallies.differences() == []


def test_awards_follow_their_decisions_and_their_issuers_level_through_the_tallies(world):
    """An award counts in the year of its decision, under the level its issuer has when the
    report is read: moved to the year before, or its issuer's level corrected, the reports
    follow."""
    issuer = AwardIssuer.objects.get(code="provincial_standing_committee")
    award = record_award(
        user=world.admin,
        form=AwardForm.objects.get(code="certificate_of_merit"),
        issuer=issuer,
        decision_number="12-QĐ/TU",
        decision_date=DAY,
        organization=world.cell_a1,
        recipient_kind="individual",
        person=world.people_a1[1],
        reason="Gương điển hình làm theo Bác",
    )

    def awards(year):
        return directive05_report(organization=world.province, year=year)["awards"]

    assert (awards(YEAR)["total"], awards(YEAR)["individuals"]) == (1, 1)
    assert awards(YEAR)["by_issuer_level"][issuer.level] == 1
    update_award(user=world.admin, award=award, decision_date=datetime.date(YEAR - 1, 12, 1))
    assert (awards(YEAR)["total"], awards(YEAR - 1)["total"]) == (0, 1)
    other = next(level for level in IssuerLevel.values if level != issuer.level)
    AwardIssuer.objects.filter(pk=issuer.pk).update(level=other)
    assert awards(YEAR - 1)["by_issuer_level"][other] == 1
    assert tallies.differences() == []
