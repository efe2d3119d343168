"""The sums over subtrees the report reads for a province or the nation: always the sum of the
tally rows below each organization, through every save and every move of the tree, and the
report read from them is the report read from every organization's rows."""

import datetime

import pytest
from django.utils import timezone

from ct05.commitments.services import create_commitment, update_commitment
from ct05.meetings.services import record_meeting
from ct05.organizations.models import Organization
from ct05.organizations.services import move_organization, update_settings
from ct05.plans.services import create_plan
from ct05.ratings.services import decide, propose, self_assess
from ct05.recognition.models import ExemplarType
from ct05.recognition.services import register_exemplar
from ct05.reports import tallies
from ct05.reports.models import CommitmentSubtree, MembershipSubtree
from ct05.reports.scope import ReportScope
from ct05.reports.selectors import directive05_report
from ct05.study.services import record_session
from tests.factories import ALL_ON_TIME, PersonFactory

YEAR = timezone.localdate().year
DEEDS = [{"title": "Việc 1"}, {"title": "Việc 2"}, {"title": "Việc 3"}]
SCORES = {"general": 25, "task_results": 55}


def add_records(world):
    for person, deeds in [
        (world.people_a1[1], DEEDS),
        (world.people_a1[2], [*DEEDS, {"title": "Việc 4"}]),
        (world.people_a2[0], DEEDS),
        (world.people_b1[1], [*DEEDS, {"title": "Việc 4"}, {"title": "Việc 5"}]),
    ]:
        create_commitment(user=world.admin, person=person, year=YEAR, deeds=deeds)
    rating = self_assess(
        user=world.bithu1,
        person=world.people_a1[3],
        year=YEAR - 1,
        scores=SCORES,
        conditions=ALL_ON_TIME,
    )
    propose(user=world.bithu1, rating=rating)
    decide(user=world.dangbo_a, rating=rating)
    day = datetime.date(YEAR - 1, 11, 3)
    record_session(
        user=world.admin,
        organization=world.cell_a2,
        date=day,
        kind="study",
        attendance=[{"person": p.pk} for p in world.people_a2],
    )
    record_meeting(user=world.admin, organization=world.cell_b1, date=day, kind="regular")
    create_plan(
        user=world.admin,
        organization=world.cell_a2,
        year=YEAR,
        title="Kế hoạch",
        issues=[{"title": "Rác thải", "status": "resolved"}, {"title": "Đường làng"}],
    )
    for organization, holder in ((world.cell_a1, "collective"), (world.cell_b1, "collective")):
        register_exemplar(
            user=world.admin,
            type=ExemplarType.objects.get(code="dan_van_kheo"),
            name="Mô hình",
            organization=organization,
            holder_kind=holder,
            registered_on=day,
        )


def reports(world) -> dict:
    result = {}
    for organization in Organization.objects.all():
        for year in (YEAR - 1, YEAR):
            report = directive05_report(organization=organization, year=year)
            report.pop("generated_at")
            result[organization.pk, year] = report
    return result


def reports_from_every_row(world, monkeypatch) -> dict:
    with monkeypatch.context() as patched:
        patched.setattr(ReportScope, "READ_SUMS", False)
        return reports(world)


@pytest.mark.django_db
def test_the_report_from_the_sums_is_the_report_from_every_organizations_rows(world, monkeypatch):
    add_records(world)
    from_sums = reports(world)

    assert from_sums == reports_from_every_row(world, monkeypatch)
    assert from_sums[world.province.pk, YEAR]["commitments"]["committed"] == 4
    assert from_sums[world.province.pk, YEAR]["plans"]["pressing_resolved"] == 1
    assert from_sums[world.province.pk, YEAR - 1]["models"]["registered"] == 2
    assert tallies.differences() == []


@pytest.mark.django_db
def test_a_moved_subtree_takes_its_sums_to_its_new_ancestors(world, monkeypatch):
    add_records(world)

    def committed(organization) -> int:
        rows = CommitmentSubtree.objects.filter(organization=organization, year=YEAR)
        return sum(row.commitments for row in rows)

    assert (committed(world.commune_a), committed(world.commune_b)) == (3, 1)

    move_organization(
        organization=world.cell_a2,
        new_parent=world.commune_b,
        effective=datetime.date(YEAR - 1, 7, 1),
    )

    assert (committed(world.commune_a), committed(world.commune_b)) == (2, 2)
    assert committed(world.province) == 4
    assert tallies.differences() == []
    assert reports(world) == reports_from_every_row(world, monkeypatch)


@pytest.mark.django_db
def test_a_changed_save_and_a_minimum_set_below_the_root_keep_the_report_right(world, monkeypatch):
    add_records(world)
    commitment = world.people_a1[2].commitments.get(year=YEAR)
    update_commitment(user=world.admin, commitment=commitment, deeds=DEEDS)
    # A minimum of 4 deeds set for commune A alone: the province's children no longer share
    # one minimum, and their rows are read organization by organization.
    update_settings(
        user=world.admin,
        organization=Organization.objects.get(pk=world.commune_a.pk),
        min_deeds=4,
    )

    report = directive05_report(organization=world.province, year=YEAR)["commitments"]
    # Commune A's three commitments have 3 deeds each now, under its 4; B1's 5 meet the 3.
    assert report["meeting_minimum"] == 1
    assert reports(world) == reports_from_every_row(world, monkeypatch)
    # A cell below commune A sets its own (stricter) minimum, and commune B a higher one.
    update_settings(user=world.admin, organization=world.cell_a1, min_deeds=5)
    update_settings(user=world.admin, organization=world.commune_b, min_deeds=6)
    report = directive05_report(organization=world.province, year=YEAR)["commitments"]
    assert report["meeting_minimum"] == 0
    assert reports(world) == reports_from_every_row(world, monkeypatch)
    assert tallies.differences() == []


@pytest.mark.django_db
def test_the_check_finds_a_sum_out_of_step(world):
    add_records(world)
    row = MembershipSubtree.objects.filter(organization=world.commune_a).first()
    row.starts += 1
    row.save()

    found = tallies.differences()

    assert found and all(line.startswith("MembershipSubtree") for line in found)


def sums_rows() -> dict:
    rows = {}
    for sums in tallies.SUBTREE_SUMS.values():
        columns = [f.attname for f in sums._meta.concrete_fields if not f.primary_key]
        rows[sums.__name__] = sorted(sums.objects.values_list(*columns), key=str)
    return rows


@pytest.mark.django_db
def test_the_recount_sums_from_the_deepest_level_up_what_the_saves_added(world):
    add_records(world)
    # A member of the commune's own committee: the commune's sums are its own rows and its
    # cells' sums.
    staff = PersonFactory(organization=world.commune_a)
    create_commitment(user=world.admin, person=staff, year=YEAR, deeds=DEEDS)
    saved = sums_rows()
    assert saved["CommitmentSubtree"]

    tallies.rebuild()

    assert sums_rows() == saved
    assert tallies.differences() == []


def test_every_tally_is_found_by_organization_through_its_unique_constraint():
    """The tallies' organization has no index of its own: the unique constraint leads with it."""
    for tally, sums in tallies.SUBTREE_SUMS.items():
        for model in (tally, sums):
            (unique,) = model._meta.constraints
            assert unique.fields[0] == "organization", model
            assert not model._meta.get_field("organization").db_index, model
