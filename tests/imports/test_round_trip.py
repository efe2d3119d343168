"""Organizations, commitments and ratings; and the subtree exported, then imported back into an
empty database, gives the same report."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import Workbook

from ct05.accounts.models import RoleAssignment
from ct05.commitments.models import Commitment, Deed
from ct05.imports.exporting import export_workbook, kind_named
from ct05.imports.importer import run_import
from ct05.organizations.models import Organization, OrganizationLink
from ct05.people.models import Membership, Person
from ct05.ratings.models import Rating, RatingChange
from ct05.reports import tallies
from ct05.reports.models import CommitmentTally, MembershipTally, RatingTally
from ct05.reports.selectors import directive05_report

from .helpers import code_world, person_row, write_people

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year
LAST_YEAR = THIS_YEAR - 1


def write_sheet(path, title, headers, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    wb.save(path)
    return path


@pytest.fixture
def coded(world):
    code_world(world)
    # The named world's people get party card numbers: the import finds people by them.
    for i, person in enumerate(Person.objects.order_by("pk"), start=1):
        Person.objects.filter(pk=person.pk).update(party_card_number=f"7000{i:04d}")
    return world


COMMITMENT_HEADERS = ["Năm", "Số thẻ đảng viên", "Nội dung cam kết"] + [
    h for i in range(1, 5) for h in (f"Việc làm {i}", f"Kết quả {i}")
]


def commitment_row(card, year=LAST_YEAR, deeds=3, result="Đạt"):
    row = {"Năm": year, "Số thẻ đảng viên": card, "Nội dung cam kết": "Rèn luyện"}
    for i in range(1, deeds + 1):
        row[f"Việc làm {i}"] = f"Việc làm số {i}"
        row[f"Kết quả {i}"] = result if year < THIS_YEAR else None
    return row


def test_organizations_by_code_under_a_parent_in_scope(coded, tmp_path):
    headers = ["Mã tổ chức", "Tên tổ chức", "Loại tổ chức", "Mã tổ chức cấp trên"]
    rows = [
        {
            "Mã tổ chức": "A3",
            "Tên tổ chức": "Chi bộ thôn A3",
            "Loại tổ chức": "Chi bộ trực thuộc",
            "Mã tổ chức cấp trên": "A",
        },
        {
            "Mã tổ chức": "A3-1",
            "Tên tổ chức": "Tổ 1",
            "Loại tổ chức": "cell",
            "Mã tổ chức cấp trên": "A3",
        },
    ]
    path = write_sheet(tmp_path / "o.xlsx", "Tổ chức", headers, rows)
    assert run_import(path, user=coded.bithu2).problems[0].column == "Mã tổ chức cấp trên"
    result = run_import(path, user=coded.dangbo_a)
    assert result.problems == [] and result.written == 2
    a3 = Organization.objects.get(code="A3")
    assert Organization.objects.get_parent(a3) == coded.commune_a
    assert Organization.objects.get_parent(Organization.objects.get(code="A3-1")) == a3
    assert (
        Organization.objects.get_children_count(Organization.objects.get(pk=coded.commune_a.pk))
        == 3
    )
    assert OrganizationLink.objects.filter(child=a3, parent=coded.commune_a).exists()
    assert run_import(path, user=coded.dangbo_a).written == 0  # the same file again
    rows[0]["Tên tổ chức"] = "Chi bộ thôn A3 mới"
    path = write_sheet(tmp_path / "o2.xlsx", "Tổ chức", headers, rows)
    assert run_import(path, user=coded.dangbo_a).written == 1
    a3.refresh_from_db()
    assert a3.name == "Chi bộ thôn A3 mới" and a3.history.count() == 2


def test_commitments_need_the_minimum_of_deeds_and_count_in_the_tallies(coded, tmp_path):
    card = (
        coded.people_a1[2].party_card_number
        if False
        else Person.objects.get(pk=coded.people_a1[2].pk).party_card_number
    )
    path = write_sheet(
        tmp_path / "c.xlsx", "Cam kết", COMMITMENT_HEADERS, [commitment_row(card, deeds=2)]
    )
    (problem,) = run_import(path, user=coded.bithu1).problems
    assert problem.column == "Việc làm 3" and "3" in problem.message
    path = write_sheet(tmp_path / "c.xlsx", "Cam kết", COMMITMENT_HEADERS, [commitment_row(card)])
    result = run_import(path, user=coded.bithu1)
    assert result.problems == [] and result.written == 1
    commitment = Commitment.objects.get(person=coded.people_a1[2], year=LAST_YEAR)
    assert (commitment.deed_count, commitment.deeds_achieved) == (3, 3)
    assert commitment.organization == coded.cell_a1
    assert tallies.differences() == []
    assert run_import(path, user=coded.bithu1).written == 0
    # Outside bithu2's cell: a row error, nothing written.
    assert run_import(path, user=coded.bithu2).problems[0].column == "Số thẻ đảng viên"


def test_decided_ratings_of_past_years_by_the_competent_level(coded, tmp_path):
    card = Person.objects.get(pk=coded.people_a1[2].pk).party_card_number
    headers = ["Năm", "Số thẻ đảng viên", "Mã tổ chức", "Mức xếp loại"]
    rows = [
        {"Năm": LAST_YEAR, "Số thẻ đảng viên": card, "Mức xếp loại": "Hoàn thành tốt nhiệm vụ"},
        {"Năm": LAST_YEAR, "Mã tổ chức": "A1", "Mức xếp loại": "good"},
    ]
    path = write_sheet(tmp_path / "r.xlsx", "Xếp loại", headers, rows)
    # bithu1's cell is a subordinate cell: its members' ratings and its own are decided above.
    problems = run_import(path, user=coded.bithu1).problems
    assert [(p.row, p.column) for p in problems] == [(2, "Số thẻ đảng viên"), (3, "Mã tổ chức")]
    result = run_import(path, user=coded.dangbo_a)
    assert result.problems == [] and result.written == 2
    assert Rating.objects.filter(year=LAST_YEAR, status="decided", level="good").count() == 2
    assert tallies.differences() == []
    assert run_import(path, user=coded.dangbo_a).written == 0


def strip_ids(value):
    if isinstance(value, dict):
        return {k: strip_ids(v) for k, v in value.items() if k not in ("id", "generated_at")}
    if isinstance(value, list):
        return [strip_ids(v) for v in value]
    return value


def test_the_subtree_exported_and_imported_into_an_empty_database_gives_the_same_report(
    coded, tmp_path
):
    cards = list(Person.objects.order_by("pk").values_list("party_card_number", flat=True))
    new_people = [person_row(i, code=["A1", "A2", "B1"][i % 3]) for i in range(1, 31)]
    assert run_import(write_people(tmp_path / "p.xlsx", new_people), user=coded.admin).ok
    commitments = [commitment_row(c) for c in cards[:6]] + [
        commitment_row(c, year=THIS_YEAR, deeds=4) for c in cards[3:8]
    ]
    path = write_sheet(tmp_path / "c.xlsx", "Cam kết", COMMITMENT_HEADERS, commitments)
    assert run_import(path, user=coded.admin).ok
    ratings = [
        {"Năm": LAST_YEAR, "Số thẻ đảng viên": c, "Mức xếp loại": "Hoàn thành nhiệm vụ"}
        for c in cards[:5]
    ]
    path = write_sheet(
        tmp_path / "r.xlsx", "Xếp loại", ["Năm", "Số thẻ đảng viên", "Mức xếp loại"], ratings
    )
    assert run_import(path, user=coded.admin).ok
    before = {
        y: strip_ids(directive05_report(organization=coded.province, year=y))
        for y in (LAST_YEAR, THIS_YEAR)
    }
    files = []
    for kind in ("organizations", "people", "commitments", "ratings"):
        path = tmp_path / f"export-{kind}.xlsx"
        path.write_bytes(export_workbook(kind_named(kind), coded.province, coded.admin))
        files.append(path)

    # An empty database: nothing of the tree, its people or their records is left.
    get_user_model().objects.update(person=None)
    RoleAssignment.objects.all().delete()
    for model in (
        RatingChange,
        Rating,
        Deed,
        Commitment,
        CommitmentTally,
        RatingTally,
        MembershipTally,
        Membership,
        Person,
        OrganizationLink,
    ):
        model.objects.all().delete()
    Organization.objects.update(head=None)
    Organization.objects.all().delete()
    operator = get_user_model().objects.create_superuser("operator", password="x")
    for path in files:
        result = run_import(path, user=operator)
        assert result.problems == [], result.problems[:3]
    province = Organization.objects.get(code="P")
    after = {
        y: strip_ids(directive05_report(organization=province, year=y))
        for y in (LAST_YEAR, THIS_YEAR)
    }
    assert after == before
    assert tallies.differences() == []
    # Exported again, the workbooks are the same: the format round-trips.
    for kind, path in zip(
        ("organizations", "people", "commitments", "ratings"), files, strict=True
    ):
        again = export_workbook(kind_named(kind), province, operator)
        from python_calamine import CalamineWorkbook

        old = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        new = CalamineWorkbook.from_filelike(io.BytesIO(again)).get_sheet_by_index(0).to_python()
        assert new == old, kind


def test_organizations_imported_or_renamed_are_found_by_their_names(coded, tmp_path, client):
    headers = ["Mã tổ chức", "Tên tổ chức", "Loại tổ chức", "Mã tổ chức cấp trên"]
    row = {
        "Mã tổ chức": "A3",
        "Tên tổ chức": "Chi bộ bản Pắc Ngòa",
        "Loại tổ chức": "Chi bộ trực thuộc",
        "Mã tổ chức cấp trên": "A",
    }
    client.force_login(coded.dangbo_a)

    def pick(query):
        return client.get(
            "/organizations/pick/", {"name": "organization", "organization_q": query}
        ).content.decode()

    run_import(write_sheet(tmp_path / "o.xlsx", "Tổ chức", headers, [row]), user=coded.dangbo_a)
    assert "Chi bộ bản Pắc Ngòa" in pick("pac ngoa")
    row["Tên tổ chức"] = "Chi bộ bản Nà Lầu"
    run_import(write_sheet(tmp_path / "o2.xlsx", "Tổ chức", headers, [row]), user=coded.dangbo_a)
    assert "Chi bộ bản Nà Lầu" in pick("na lau")
    assert "Pắc Ngòa" not in pick("pac ngoa")
