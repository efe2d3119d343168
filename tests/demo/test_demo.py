"""``ct05 demo``: the demo province a visitor logs into after ``make run``."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from ct05.accounts.models import RoleAssignment, User
from ct05.commitments.models import Commitment, CommitmentStatus, Deed, ProgressNote
from ct05.commitments.services import create_commitment
from ct05.organizations.models import (
    PARTY_KINDS,
    Locality,
    LocalityKind,
    Organization,
    OrganizationKind,
    OrganizationPath,
    path_on,
)
from ct05.people.models import Membership, Person
from ct05.ratings.models import Level, Rating, RatingChange, RatingStatus
from ct05.reports.selectors import directive05_report
from ct05.tasks.models import Task, TaskStatus

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
LAST_YEAR = THIS_YEAR - 1
COUNTED = [
    Organization, Locality, Person, Membership, Commitment, Deed, ProgressNote, Rating,
    RatingChange, User, RoleAssignment,
]  # fmt: skip


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def root() -> Organization:
    return Organization.objects.get(depth=1, name="Tỉnh ủy Lào Cai")


def role_of(username: str) -> RoleAssignment:
    return RoleAssignment.objects.select_related("organization", "user").get(
        user__username=username
    )


def members_of(organization: Organization) -> set[int]:
    return set(
        Membership.objects.filter(organization=organization, valid_to__isnull=True).values_list(
            "person_id", flat=True
        )
    )


def test_the_province_has_communes_villages_agencies_and_a_front(demo):
    province = root()
    assert province.kind == OrganizationKind.PROVINCIAL_COMMITTEE
    assert Organization.objects.find_problems(province) == ([], [], [], [], [])
    below = Organization.objects.filter(path__startswith=province.path).exclude(pk=province.pk)
    below_today = below.filter(valid_to__isnull=True)
    # After 2025 no district remains (the history's district was dissolved on 1/7/2025).
    assert not below_today.filter(kind=OrganizationKind.DISTRICT_COMMITTEE).exists()
    communes = below_today.filter(
        kind=OrganizationKind.GRASSROOTS_COMMITTEE, locality__kind=LocalityKind.COMMUNE
    )
    assert communes.count() >= 8
    assert all(Organization.objects.get_parent(c) == province for c in communes)
    village_cells = below.filter(kind=OrganizationKind.CELL, locality__kind=LocalityKind.VILLAGE)
    assert village_cells.count() >= 20
    for cell in village_cells:
        assert (
            cell.locality.parent == Organization.objects.get_parent(cell).locality
        )  # the cell's commune
    assert below.filter(kind=OrganizationKind.BLOC_COMMITTEE).exists()
    agencies = below.filter(kind=OrganizationKind.GRASSROOTS_COMMITTEE, locality__kind="province")
    assert agencies.count() >= 2
    assert below.filter(kind=OrganizationKind.FRONT).count() == 1
    assert below.filter(kind=OrganizationKind.MASS_ORGANIZATION).count() >= 2


def test_every_organization_has_a_head_from_its_own_subtree(demo):
    for organization in Organization.objects.filter(
        path__startswith=root().path, valid_to__isnull=True
    ):
        assert organization.head_id, organization
        subtree = Organization.objects.filter(path__startswith=organization.path)
        assert Membership.objects.filter(
            person_id=organization.head_id, organization__in=subtree
        ).exists(), organization


def test_hundreds_of_people_of_several_ethnic_groups(demo):
    people = Person.objects.select_related("ethnic_group")
    assert people.count() >= 400
    groups = set(people.values_list("ethnic_group__name", flat=True))
    assert {"Kinh", "Tày", "Thái", "Mông", "Dao", "Nùng", "Giáy"} <= groups
    assert set(people.values_list("gender", flat=True)) == {"male", "female"}
    assert not people.filter(birth_date__isnull=True).exists()
    assert not people.filter(position="").exists()
    members = people.filter(kinds__code="party_member")
    assert members.count() > 0.9 * people.count()
    assert not members.filter(party_admission_date__isnull=True).exists()
    assert people.filter(kinds__code="civil_servant").count() >= 30
    for person in members:
        age_at_admission = (person.party_admission_date - person.birth_date).days / 365.25
        assert age_at_admission >= 18, person
    # Names fit the group: a Mông woman is "<family> Thị <name>", a Mông man often "<family> A ...".
    mong = people.filter(ethnic_group__name="Mông")
    assert all(p.full_name.split()[1] == "Thị" for p in mong.filter(gender="female"))
    assert any(p.full_name.split()[1] in {"A", "Seo"} for p in mong.filter(gender="male"))
    mong_families = {"Giàng", "Sùng", "Vàng", "Thào", "Lý", "Hầu", "Hảng", "Mùa", "Lầu", "Ly"}
    assert {p.full_name.split()[0] for p in mong} & mong_families
    assert not mong.filter(full_name__startswith="Nguyễn").exists()


def test_memberships_began_before_last_year_ended(demo):
    assert not Membership.objects.filter(valid_from__gt=datetime.date(LAST_YEAR, 12, 31)).exists()
    # One membership each, but for those whose cell merged into another on 1/7/2025 (in the
    # communes of Tỉnh ủy Yên Bái, merged into the demo province).
    transferred = Membership.objects.filter(valid_from=datetime.date(2025, 7, 1))
    assert Membership.objects.count() == Person.objects.count() + transferred.count()


def test_a_second_run_changes_nothing(demo):
    before = counts()
    out = StringIO()
    call_command("demo", stdout=out)
    assert counts() == before
    assert "already built" in out.getvalue()
    call_command("demo", "--if-empty", stdout=StringIO())
    assert counts() == before


def test_the_logins_table(demo):
    out = StringIO()
    call_command("demo", "--logins", stdout=out)
    table = out.getvalue()
    for username in ["admin", "tuyengiao", "lanhdao", "dangbo1", "bithu1", "bithu2", "dangvien1"]:
        assert username in table
    assert "ct05-demo" in table
    assert "Tỉnh ủy Lào Cai" in table
    assert "admin" in demo  # the first run printed the logins too


@pytest.mark.parametrize(
    "username,role,kind",
    [
        ("admin", "admin", OrganizationKind.PROVINCIAL_COMMITTEE),
        ("tuyengiao", "propaganda", OrganizationKind.PROVINCIAL_COMMITTEE),
        ("lanhdao", "viewer", OrganizationKind.PROVINCIAL_COMMITTEE),
        ("dangbo1", "secretary", OrganizationKind.GRASSROOTS_COMMITTEE),
        ("bithu1", "secretary", OrganizationKind.CELL),
        ("bithu2", "secretary", OrganizationKind.CELL),
        ("dangvien1", "member", OrganizationKind.CELL),
    ],
)
def test_each_login_authenticates_with_its_role(demo, username, role, kind):
    user = authenticate(username=username, password="ct05-demo")
    assert user is not None
    assert authenticate(username=username, password="wrong") is None
    assignment = role_of(username)
    assert (assignment.role, assignment.organization.kind) == (role, kind)
    assert user.is_superuser == (username == "admin")


def test_the_admin_is_staff(demo):
    assert User.objects.get(username="admin").is_staff


def test_the_propaganda_officer_works_in_the_propaganda_department(demo):
    person = User.objects.get(username="tuyengiao").person
    organization = person.current_membership().organization
    assert "Tuyên giáo" in organization.name
    assert "Tuyên truyền" in person.position


def test_bithu1_and_bithu2_lead_village_cells_of_different_committees(demo):
    cells = {}
    for username in ["bithu1", "bithu2"]:
        assignment = role_of(username)
        cell = assignment.organization
        assert cell.locality.kind == LocalityKind.VILLAGE
        assert assignment.user.person_id in members_of(cell)
        assert cell.head_id == assignment.user.person_id
        cells[username] = cell
    committee1, committee2 = (
        Organization.objects.get_parent(cells[u]) for u in ["bithu1", "bithu2"]
    )
    assert committee1 != committee2
    assert {committee1.kind, committee2.kind} == {OrganizationKind.GRASSROOTS_COMMITTEE}
    dangbo1 = role_of("dangbo1")
    assert dangbo1.organization == committee1
    assert dangbo1.user.person_id == committee1.head_id
    dangvien1 = role_of("dangvien1")
    assert dangvien1.organization == cells["bithu1"]
    assert dangvien1.user.person_id in members_of(cells["bithu1"])
    assert dangvien1.user.person_id != cells["bithu1"].head_id


def test_dangvien1_can_still_register_this_years_commitment(demo):
    user = User.objects.get(username="dangvien1")
    assert not Commitment.objects.filter(person=user.person, year=THIS_YEAR).exists()
    assert Commitment.objects.filter(person=user.person, year=LAST_YEAR).exists()
    cell = role_of("bithu1").organization
    without = members_of(cell) - set(
        Commitment.objects.filter(year=THIS_YEAR).values_list("person_id", flat=True)
    )
    assert len(without - {user.person_id}) >= 1  # someone else the API can ask about
    deeds = [{"title": "Giúp đỡ 1 hộ nghèo"}, {"title": "Trồng quế"}, {"title": "Đọc sách"}]
    commitment = create_commitment(user=user, person=user.person, year=THIS_YEAR, deeds=deeds)
    assert commitment.organization == cell
    assert commitment.status == CommitmentStatus.SUBMITTED


def in_demo_province():
    """The demo province's people today, those of Tỉnh ủy Yên Bái (merged into it) included."""
    return Person.objects.filter(memberships__organization__path__startswith=root().path).distinct()


def from_yen_bai():
    """The people of the cells Tỉnh ủy Yên Bái brought in on 1/7/2025 (under it in 2024)."""
    day = datetime.date(2024, 12, 31)
    then = OrganizationPath.objects.get(path_on(day), organization__code="YB-2016").path
    cells = OrganizationPath.objects.filter(path_on(day), path__startswith=then)
    return Person.objects.filter(memberships__organization__in=cells.values("organization"))


def test_last_year_ran_the_whole_cycle(demo):
    people = in_demo_province().count()
    commitments = Commitment.objects.filter(
        year=LAST_YEAR, organization__path__startswith=root().path
    )
    assert commitments.count() == people
    assert set(commitments.values_list("status", flat=True)) == {CommitmentStatus.APPROVED}
    deeds = Deed.objects.filter(commitment__in=commitments)
    assert not deeds.filter(evaluation="").exists()
    assert deeds.filter(evaluation="achieved").count() > 0.8 * deeds.count()
    assert deeds.filter(evaluation="partly").exists()
    assert deeds.filter(evaluation="not_achieved").exists()
    per_commitment = commitments.annotate(n=Count("deeds")).values_list("n", flat=True)
    assert set(per_commitment) <= {3, 4, 5}
    ratings = Rating.objects.filter(year=LAST_YEAR, period_kind="year")
    assert not ratings.exclude(status=RatingStatus.DECIDED).exists()
    assert ratings.filter(person__isnull=False).count() == people
    # Every party organization standing at the year's end is rated (not those merged or
    # dissolved on 1/7/2025).
    party = Organization.objects.filter(kind__in=PARTY_KINDS, path__startswith=root().path)
    standing = party.exclude(valid_to__lt=datetime.date(LAST_YEAR, 12, 31))
    assert standing.count() < party.count()
    assert ratings.filter(subject_organization__isnull=False).count() == standing.count()


def test_last_years_levels_keep_within_the_cap_and_match_the_scores(demo):
    ratings = Rating.objects.filter(year=LAST_YEAR, status=RatingStatus.DECIDED)
    levels = list(ratings.values_list("level", flat=True))
    assert levels.count(Level.GOOD) > len(levels) / 2
    assert 0 < levels.count(Level.EXCELLENT) <= 0.2 * levels.count(Level.GOOD)
    assert levels.count(Level.COMPLETE) > 0
    assert 0 < levels.count(Level.NOT_COMPLETE) < 0.05 * len(levels)
    for organization_id in set(ratings.values_list("organization_id", flat=True)):
        group = list(
            ratings.filter(person__isnull=False, organization_id=organization_id).values_list(
                "level", flat=True
            )
        )
        assert group.count(Level.EXCELLENT) * 100 <= 20 * group.count(Level.GOOD)
    for rating in ratings.select_related("scheme")[:100]:
        if rating.scheme.uses_score:
            assert rating.scheme.level_for_score(rating.score) == rating.level
            assert len(rating.scores) == rating.scheme.groups.count()
            # The band's conditions hold too (Quy định 366 Art. 11).
            assert rating.level_check().allowed == rating.level, rating.level_check()
    # Every step is in the history, with who decided.
    decided = RatingChange.objects.filter(rating__in=ratings, action="decide")
    assert decided.count() == ratings.count()
    assert not decided.filter(by__isnull=True).exists()


def test_last_years_report_is_complete(demo):
    report = directive05_report(organization=root(), year=LAST_YEAR)
    assert report["commitments"]["committed_pct"] == 100.0
    assert report["commitments"]["deeds_evaluated"] == report["commitments"]["deeds_registered"]
    assert report["ratings"]["members"]["unrated"] == 0
    assert report["ratings"]["organizations"]["unrated"] == 0


def test_this_year_is_under_way(demo):
    people = in_demo_province().count()
    commitments = Commitment.objects.filter(
        year=THIS_YEAR, organization__path__startswith=root().path
    )
    assert 0.7 * people <= commitments.count() <= 0.9 * people
    statuses = set(commitments.values_list("status", flat=True))
    assert {CommitmentStatus.APPROVED, CommitmentStatus.SUBMITTED} <= statuses
    assert not Deed.objects.filter(commitment__year=THIS_YEAR).exclude(evaluation="").exists()
    notes = ProgressNote.objects.filter(deed__commitment__year=THIS_YEAR)
    assert notes.exists()
    assert not notes.filter(date__gt=timezone.localdate()).exists()
    assert not notes.filter(date__lt=datetime.date(THIS_YEAR, 1, 1)).exists()
    this_year = Rating.objects.filter(year=THIS_YEAR)
    assert not this_year.filter(status=RatingStatus.DECIDED).exists()
    # bithu1 has commitments to review live, and approved ones to follow.
    cell = role_of("bithu1").organization
    in_cell = set(commitments.filter(organization=cell).values_list("status", flat=True))
    assert {CommitmentStatus.SUBMITTED, CommitmentStatus.APPROVED} <= in_cell


def test_last_year_most_cells_met_the_meeting_norms_and_some_did_not(demo):
    meetings = directive05_report(organization=root(), year=LAST_YEAR)["meetings"]
    assert meetings["cells"] > 20
    for norm in ("cells_regular_norm", "cells_thematic_norm"):
        assert 0.6 * meetings["cells"] <= meetings[norm] < meetings["cells"]
    study = directive05_report(organization=root(), year=LAST_YEAR)["study"]
    assert study["topic"]
    assert study["sessions"] > 0
    assert 80 <= study["reflected_pct"] < 100


def test_the_year_before_last_is_empty_for_a_user_to_fill(demo):
    report = directive05_report(organization=root(), year=LAST_YEAR - 1)
    assert report["meetings"]["regular"] == 0
    assert report["commitments"]["committed"] == 0
    # As it was: Yên Bái's people were not the province's yet.
    yen_bai = from_yen_bai().distinct().count()
    assert yen_bai > 0
    assert report["commitments"]["people"] == in_demo_province().count() - yen_bai


def test_this_years_meetings_run_up_to_today_and_bithu1_is_reminded(demo):
    today = timezone.localdate()
    cell = role_of("bithu1").organization
    assert cell.meetings.filter(date__year=THIS_YEAR).exists()
    assert not cell.meetings.filter(date__gt=today).exists()
    out = StringIO()
    call_command("remind", date=today.replace(day=max(today.day, 25)).isoformat(), stdout=out)
    notifications = User.objects.get(username="bithu1").notifications
    assert notifications.filter(key__startswith="meeting-regular:").count() == 1
    # And of the member of the cell absent without reason from three regular meetings this year.
    assert notifications.filter(key__startswith="absent-unexcused:").count() == 1
    # The demo's supervision of bithu1's cell left an item past its deadline.
    assert notifications.filter(key__startswith="remediation-overdue:").count() == 1


def test_the_demo_has_the_monthly_record_absences_and_who_studied(demo):
    report = directive05_report(organization=root(), year=LAST_YEAR)
    assert report["meetings"]["members_absent_unexcused"] > 0
    assert report["study"]["members_studied"] > 0
    assert 50 < report["study"]["members_studied_pct"] <= 100
    cell = role_of("bithu1").organization
    cell_report = directive05_report(organization=cell, year=LAST_YEAR)
    assert cell_report["meetings"]["members_absent_unexcused"] == 1
    meeting = cell.meetings.filter(kind="regular").with_roll().first()
    assert meeting.dues_collected and meeting.dues_amount > 0 and meeting.next_month_tasks
    assert meeting.roll_members > 0


def test_the_demos_report_tallies_agree_with_its_records(demo):
    from ct05.reports import tallies

    assert tallies.differences() == []


def test_every_demo_person_has_dates_a_person_can_have(demo):
    for person in Person.objects.all():
        person.clean()  # born from 1900, admitted at 18 or older, not in the future


def test_last_years_report_closes_like_the_published_ones(demo):
    """Models, awards, activities, dialogues, petitions and indicators all have figures, and the
    province's last year reads like the reports the demo is modelled on."""
    province = Organization.objects.get(depth=1, name="Tỉnh ủy Lào Cai")
    last = directive05_report(organization=province, year=LAST_YEAR)
    this = directive05_report(organization=province, year=THIS_YEAR)

    assert (last["activities"]["cadre_turns"], last["activities"]["resident_turns"]) == (
        5250,
        17700,
    )
    assert float(last["activities"]["outputs"]["road_repaired_km"]) == 165.2
    assert (last["indicators"]["achieved"], last["indicators"]["targets"]) == (26, 33)
    for report in (last, this):
        assert report["models"]["registered"] > 0
        assert report["awards"]["total"] > 0
        assert report["activities"]["count"] > 0
        assert report["dialogues"]["count"] > 0
        assert report["petitions"]["received"] > 0
        assert report["indicators"]["targets"] > 0 and report["indicators"]["communes"] > 0
    assert last["models"]["recognized"] > 0 and last["petitions"]["resolved"] > 0
    # bithu1's cell has a petition past its deadline: the reminder's case.
    assert this["petitions"]["overdue"] + last["petitions"]["overdue"] > 0


def test_every_organization_has_its_own_code_for_the_import(demo):
    root = Organization.objects.get(depth=1, code="DEMO-LAOCAI")
    codes = list(
        Organization.objects.filter(path__startswith=root.path).values_list("code", flat=True)
    )
    assert all(codes) and len(set(codes)) == len(codes)


def test_the_demo_province_has_its_history(demo):
    """Tỉnh ủy Yên Bái merged into the demo province on 1/7/2025: as it was, the 2021 report
    of Lào Cai holds none of its records and Yên Bái's shows Huyện ủy Mù Cang Chải; regrouped
    by today's tree, Lào Cai's 2021 is Yên Bái's, and a new commune's 2021 baseline is its
    predecessors' sum; from 2025 the new communes are Lào Cai's own rows."""
    province = root()
    yen_bai = Organization.objects.get(code="YB-2016")
    assert (yen_bai.successor, yen_bai.valid_to) == (province, datetime.date(2025, 6, 30))
    assert Organization.objects.get_parent(yen_bai) == province  # kept under its successor
    district = Organization.objects.get(name="Huyện ủy Mù Cang Chải")
    assert (district.valid_to, district.successor) == (datetime.date(2025, 6, 30), None)

    def rows(organization, year, **kwargs):
        report = directive05_report(organization=organization, year=year, **kwargs)
        return report, {row["organization"]["name"]: row for row in report["children"]}

    for year in (2021, 2024):
        as_was, children = rows(province, year)
        assert as_was["commitments"]["committed"] == 0
        assert "Tỉnh ủy Yên Bái" not in children and "Đảng bộ xã Khao Mang" not in children
        of_yen_bai, yb_children = rows(yen_bai, year)
        assert [n for n in yb_children if n != "Tỉnh ủy Yên Bái"] == ["Huyện ủy Mù Cang Chải"]
        committed = yb_children["Huyện ủy Mù Cang Chải"]["commitments"]["committed"]
        assert committed == of_yen_bai["commitments"]["committed"] > 0
        assert of_yen_bai["meetings"]["regular"] > 0
        regrouped, today_children = rows(province, year, tree="today")
        assert regrouped["commitments"]["committed"] == committed
        assert regrouped["meetings"]["regular"] == of_yen_bai["meetings"]["regular"]
        new_communes = {"Đảng bộ xã Khao Mang", "Đảng bộ xã Lao Chải"}
        assert sum(today_children[n]["commitments"]["committed"] for n in new_communes) == (
            committed
        )

    for year in (LAST_YEAR, THIS_YEAR):
        report, children = rows(province, year)
        assert "Huyện ủy Mù Cang Chải" not in children
        # Yên Bái stood until 30/6/2025, merged into Lào Cai: a row of that year only.
        assert ("Tỉnh ủy Yên Bái" in children) == (year == 2025)
        assert children["Đảng bộ xã Khao Mang"]["commitments"]["committed"] > 0
        assert children["Đảng bộ xã Lao Chải"]["commitments"]["committed"] > 0
        regrouped, _ = rows(province, year, tree="today")
        assert regrouped["commitments"] == report["commitments"]

    new = Organization.objects.get(name="Đảng bộ xã Khao Mang", valid_to__isnull=True)
    predecessors = Organization.objects.filter(successor=new)
    assert predecessors.count() == 3
    regrouped = directive05_report(organization=new, year=2021, tree="today")
    assert regrouped["commitments"]["committed"] == sum(
        directive05_report(organization=p, year=2021)["commitments"]["committed"]
        for p in predecessors
    )
    assert regrouped["commitments"]["committed"] > 0


def test_the_pickers_show_the_old_tree_marked(demo):
    """The 2021 picker of the propaganda officer lists Yên Bái, its district and communes where
    they stood, each marked; today's lists none of them."""
    from ct05.organizations.forms import option_depth, option_label, organization_options

    tuyengiao = User.objects.get(username="tuyengiao")
    options = list(organization_options(tuyengiao, year=2021))
    labels = [option_label(o) for o in options]
    yen_bai = labels.index("Tỉnh ủy Yên Bái (sáp nhập vào Tỉnh ủy Lào Cai)")
    district = labels.index("Huyện ủy Mù Cang Chải (giải thể từ 01/07/2025)")
    commune = labels.index("Đảng bộ xã Mồ Dề (sáp nhập vào Đảng bộ xã Khao Mang)")
    assert yen_bai < district < commune
    depth = [option_depth(options[i]) for i in (yen_bai, district, commune)]
    assert depth == [depth[0], depth[0] + 1, depth[0] + 2]
    assert "Tỉnh ủy Lào Cai" in labels and "Đảng bộ xã Khao Mang" not in labels
    today = [option_label(o) for o in organization_options(tuyengiao)]
    assert "Đảng bộ xã Khao Mang" in today
    # (Đảng bộ xã Mù Cang Chải of today is the demo province's own commune.)
    assert not [label for label in today if "Yên Bái" in label or "Huyện ủy" in label]


def test_this_years_urgent_tasks_are_in_every_state_and_every_category_has_figures(demo):
    urgent = Task.objects.filter(
        category="urgent", year=THIS_YEAR, organization__path__startswith=root().path
    )
    assert set(urgent.values_list("status", flat=True)) == set(TaskStatus.values)
    tasks = directive05_report(organization=root(), year=THIS_YEAR)["tasks"]
    assert all(figures["total"] for figures in tasks.values()), tasks
    assert tasks["urgent"]["overdue"] > 0
