"""The 2025 reform applied to a district with 2021 records: its 2021 reports stay as they were,
and a merged commune's 2021 figures regrouped by today's tree are its predecessors' sums."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ct05.commitments.services import create_commitment
from ct05.dialogues.models import Petition, PetitionSource, PetitionStatus
from ct05.inspections.models import Inspection, Remediation
from ct05.meetings.services import record_meeting
from ct05.organizations.models import Organization, OrganizationLink
from ct05.organizations.models import OrganizationKind as K
from ct05.people.models import Membership
from ct05.reorganizations import services
from ct05.reorganizations.services import NewOrganization
from ct05.reports.selectors import directive05_report
from ct05.study.services import record_session
from tests.factories import OrganizationFactory, PersonFactory

REFORM = datetime.date(2025, 7, 1)
DEEDS = [{"title": "Việc 1"}, {"title": "Việc 2"}, {"title": "Việc 3"}]


def figures(report: dict) -> dict:
    """The report without the moment it was generated."""
    return {k: v for k, v in report.items() if k != "generated_at"}


def build_district(world, communes: int = 6):
    district = OrganizationFactory(
        name="Huyện ủy Mù Cang Chải", kind=K.DISTRICT_COMMITTEE, parent=world.province
    )
    made = []
    for i in range(communes):
        commune = OrganizationFactory(
            name=f"Đảng ủy xã {i}", kind=K.GRASSROOTS_COMMITTEE, parent=district
        )
        # One of the commune's own members (filed with the commune itself).
        own = PersonFactory(organization=commune)
        create_commitment(user=world.admin, person=own, year=2021, deeds=DEEDS + DEEDS[: i % 3])
        for j in range(2):
            cell = OrganizationFactory(name=f"Chi bộ {i}.{j}", parent=commune)
            people = [PersonFactory(organization=cell) for _ in range(1 + (i + j) % 3)]
            for person in people:
                create_commitment(user=world.admin, person=person, year=2021, deeds=DEEDS)
            record_meeting(
                user=world.admin,
                organization=cell,
                date=datetime.date(2021, 3, 10),
                kind="regular",
                attendance=[{"person": p.pk} for p in people],
            )
            record_session(
                user=world.admin,
                organization=cell,
                date=datetime.date(2021, 4, 10),
                kind="study",
                attendance=[{"person": p.pk} for p in people],
            )
            # A petition (overdue at the year's end unless the cell is the second) and an
            # inspection with one remediation item, counted by the cell's row as it was.
            Petition.objects.create(
                organization=cell,
                assigned_organization=cell,
                source=PetitionSource.RECEPTION,
                received_on=datetime.date(2021, 5, 1),
                content="Đường liên thôn xuống cấp",
                deadline=datetime.date(2021, 6, 1),
                status=PetitionStatus.RESOLVED if j else PetitionStatus.RECEIVED,
                closed_on=datetime.date(2021, 5, 20) if j else None,
            )
            inspection = Inspection.objects.create(
                inspecting_body=commune,
                organization=cell,
                start_date=datetime.date(2021, 9, 1),
                subject="Kiểm tra việc thực hiện Chỉ thị 05",
            )
            Remediation.objects.create(
                inspection=inspection,
                action="Sinh hoạt đủ 12 kỳ",
                deadline=datetime.date(2021, 10, 1),
            )
        made.append(commune)
    return district, made


def apply_reform(world, district, communes):
    services.dissolve(user=None, source=district, effective=REFORM)
    merged = []
    for n in range(0, len(communes), 3):
        group = communes[n : n + 3]
        record = services.merge(
            user=None,
            sources=group,
            target=NewOrganization(
                name=f"Đảng ủy xã mới {n // 3}",
                kind=K.GRASSROOTS_COMMITTEE,
                parent=world.province,
            ),
            effective=REFORM,
        )
        merged.append(record.targets.get())
    return merged


def test_the_2021_reports_are_equal_after_the_reform(world):
    district, communes = build_district(world)
    watched = [world.province, district, *communes]
    before = {o.pk: figures(directive05_report(organization=o, year=2021)) for o in watched}
    assert before[district.pk]["commitments"]["committed"] > 0
    assert len(before[district.pk]["children"]) == 7  # its own row and 6 communes
    assert before[district.pk]["petitions"] == {"received": 12, "resolved": 6, "overdue": 6}
    assert before[district.pk]["inspections"]["count"] == 12
    assert before[district.pk]["inspections"]["overdue"] == 12
    rows = {row["organization"]["name"]: row for row in before[communes[0].pk]["children"]}
    assert rows["Chi bộ 0.0"]["inspections"]["count"] == 1
    assert rows["Chi bộ 0.0"]["petitions"]["overdue"] == 1

    merged = apply_reform(world, district, communes)

    for organization in watched:
        organization.refresh_from_db()
        after = figures(directive05_report(organization=organization, year=2021))
        assert after == before[organization.pk], organization.name
    # Today's tree: the district is dissolved, the old communes sit under the new ones.
    district.refresh_from_db()
    assert district.valid_to == REFORM - datetime.timedelta(days=1)
    assert not Organization.objects.get_children(district).exists()
    for commune in communes:
        commune.refresh_from_db()
        assert commune.valid_to == datetime.date(2025, 6, 30)
        assert commune.successor in merged
    # The commune's own members moved to the new commune on the reform's day.
    own = Membership.objects.filter(organization=communes[0]).get()
    assert own.valid_to == datetime.date(2025, 6, 30)
    assert Membership.objects.get(person=own.person, valid_from=REFORM).organization == merged[0]


def test_the_merged_commune_regrouped_is_the_sum_of_its_predecessors(world):
    district, communes = build_district(world)
    before = [directive05_report(organization=c, year=2021) for c in communes[:3]]
    merged = apply_reform(world, district, communes)

    regrouped = directive05_report(organization=merged[0], year=2021, tree="today")
    for section, names in [
        ("commitments", ["people", "committed", "deeds_registered"]),
        ("study", ["sessions", "attendances"]),
        ("meetings", ["cells", "regular"]),
    ]:
        for name in names:
            expected = sum(report[section][name] for report in before)
            assert regrouped[section][name] == expected, (section, name)
    assert regrouped["commitments"]["committed"] > 0
    # The same report as the tree was: the new commune did not exist in 2021.
    as_was = directive05_report(organization=merged[0], year=2021)
    assert as_was["commitments"]["committed"] == 0


def test_the_province_report_of_2021_names_the_district_and_2026_the_new_communes(world):
    district, communes = build_district(world)
    merged = apply_reform(world, district, communes)
    rows_2021 = {
        c["organization"]["name"]
        for c in directive05_report(organization=world.province, year=2021)["children"]
    }
    assert "Huyện ủy Mù Cang Chải" in rows_2021
    assert not {m.name for m in merged} & rows_2021
    rows_2026 = {
        c["organization"]["name"]
        for c in directive05_report(organization=world.province, year=2026)["children"]
    }
    assert {m.name for m in merged} <= rows_2026
    assert "Huyện ủy Mù Cang Chải" not in rows_2026


def test_a_rename_keeps_the_old_name_for_earlier_reports(world):
    services.rename(
        user=None, organization=world.commune_a, name="Đảng ủy phường A", effective=REFORM
    )
    names_2021 = [
        c["organization"]["name"]
        for c in directive05_report(organization=world.province, year=2021)["children"]
    ]
    names_2026 = [
        c["organization"]["name"]
        for c in directive05_report(organization=world.province, year=2026)["children"]
    ]
    assert world.commune_a.name in names_2021
    assert "Đảng ủy phường A" in names_2026
    report = directive05_report(organization=world.commune_a, year=2021)
    assert report["organization"]["name"] == world.commune_a.name


def test_moving_under_its_own_descendant_is_refused_and_changes_nothing(world):
    links = list(OrganizationLink.objects.values_list("child", "parent", "valid_from", "valid_to"))
    with pytest.raises(ValidationError):
        services.move(user=None, sources=[world.commune_a], parent=world.cell_a1, effective=REFORM)
    assert (
        list(OrganizationLink.objects.values_list("child", "parent", "valid_from", "valid_to"))
        == links
    )


def test_a_change_dated_before_the_last_change_is_refused(world):
    services.move(user=None, sources=[world.cell_a2], parent=world.commune_b, effective=REFORM)
    with pytest.raises(ValidationError, match="01/07/2025"):
        services.move(
            user=None,
            sources=[world.cell_a2],
            parent=world.commune_a,
            effective=datetime.date(2025, 1, 1),
        )
    assert Organization.objects.get_parent(Organization.objects.get(pk=world.cell_a2.pk)) == (
        world.commune_b
    )


def test_dissolving_an_organization_with_members_needs_a_receiver(world):
    with pytest.raises(ValidationError, match="không còn nơi sinh hoạt"):
        services.dissolve(user=None, source=world.cell_a1, effective=REFORM)
    assert Organization.objects.get(pk=world.cell_a1.pk).valid_to is None
    services.dissolve(user=None, source=world.cell_a1, effective=REFORM, target=world.cell_a2)
    assert not Membership.objects.filter(organization=world.cell_a1, valid_to__isnull=True).exists()


def test_an_organization_merged_during_the_year_is_not_one_to_rate_that_year(world):
    services.merge(
        user=None, sources=[world.cell_a2, world.cell_a1], target=world.cell_a1, effective=REFORM
    )
    report = directive05_report(organization=world.commune_a, year=2025)
    # The commune and its cell stand at the year's end; the merged cell stood half the year.
    assert report["ratings"]["organizations"]["unrated"] == 2
    assert report["meetings"]["cells"] == 2  # both cells had meetings to hold that year
    earlier = directive05_report(organization=world.commune_a, year=2024)
    assert earlier["ratings"]["organizations"]["unrated"] == 3
