"""People workbooks: all rows in, nothing twice, one bad row writes nothing."""

import gc

import pytest
from django.db import connection
from django.utils import timezone

from ct05.imports.importer import run_import
from ct05.people.models import Membership, Person  # noqa: F401
from ct05.reports import tallies
from ct05.reports.selectors import directive05_report

from .helpers import code_world, person_row, write_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def coded(world):
    code_world(world)
    return world


def members(world) -> int:
    """The report's member count over the province this year."""
    year = timezone.localdate().year
    return directive05_report(organization=world.province, year=year)["commitments"]["people"]


def test_a_thousand_rows_import_once_and_count_in_the_report(coded, tmp_path):
    before, counted = Person.objects.count(), members(coded)
    path = write_people(tmp_path / "people.xlsx", [person_row(i) for i in range(1, 1001)])
    result = run_import(path, user=coded.tuyengiao)
    assert result.problems == []
    assert result.written == 1000
    assert Person.objects.count() == before + 1000
    assert tallies.differences() == []
    assert members(coded) == counted + 1000
    again = run_import(path, user=coded.tuyengiao)
    assert again.problems == [] and again.written == 0
    assert Person.objects.count() == before + 1000
    assert members(coded) == counted + 1000


def test_one_bad_date_in_row_731_writes_nothing_and_is_named(coded, tmp_path):
    rows = [person_row(i) for i in range(1, 1001)]
    rows[729]["Ngày sinh"] = "31/02/1980"  # the 730th person sits on row 731 (header on 1)
    path = write_people(tmp_path / "people.xlsx", rows)
    before = Person.objects.count()
    result = run_import(path, user=coded.tuyengiao)
    assert result.written == 0
    assert Person.objects.count() == before
    (problem,) = result.problems
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "Đảng viên",
        731,
        "Ngày sinh",
        "31/02/1980",
    )
    assert "dd/mm/yyyy" in problem.message


def test_every_problem_is_reported_at_once(coded, tmp_path):
    rows = [
        person_row(1, **{"Họ và tên": ""}),
        person_row(2, code="NOPE"),
        person_row(3, **{"Giới tính": "Khác"}),
        person_row(4, **{"Số thẻ đảng viên": "90000001"}),  # row 2's number again
        person_row(5, **{"Ngày vào Đảng": "01/01/1990", "Ngày sinh": "01/01/1980"}),
    ]
    path = write_people(tmp_path / "people.xlsx", rows, title_row=True)
    result = run_import(path, user=coded.tuyengiao)
    found = {(p.row, p.column) for p in result.problems}
    assert found == {
        (3, "Họ và tên"),
        (4, "Mã tổ chức"),
        (5, "Giới tính"),
        (6, "Số thẻ đảng viên"),
        (7, "Ngày vào Đảng"),
    }
    assert result.written == 0


def test_a_changed_row_updates_the_person_with_history(coded, tmp_path):
    path = write_people(tmp_path / "a.xlsx", [person_row(1), person_row(2)])
    run_import(path, user=coded.tuyengiao)
    person = Person.objects.get(party_card_number="90000001")
    path = write_people(
        tmp_path / "b.xlsx", [person_row(1, **{"Chức vụ": "Bí thư chi bộ"}), person_row(2)]
    )
    result = run_import(path, user=coded.tuyengiao)
    assert result.problems == [] and result.written == 1
    person.refresh_from_db()
    assert person.position == "Bí thư chi bộ"
    assert person.version == 2
    assert [h.history_type for h in person.history.order_by("history_date")] == ["+", "~"]
    assert person.history.latest().history_user == coded.tuyengiao


def test_a_new_cell_code_transfers_the_person(coded, tmp_path):
    run_import(write_people(tmp_path / "a.xlsx", [person_row(1)]), user=coded.tuyengiao)
    moved = person_row(1, code="A2", **{"Sinh hoạt từ ngày": "01/06/2024"})
    result = run_import(write_people(tmp_path / "b.xlsx", [moved]), user=coded.tuyengiao)
    assert result.problems == []
    person = Person.objects.get(party_card_number="90000001")
    spans = list(
        person.memberships.order_by("valid_from").values_list("organization__code", "valid_to")
    )
    assert spans[0][0] == "A1" and str(spans[0][1]) == "2024-05-31"
    assert spans[1] == ("A2", None)
    assert tallies.differences() == []


def test_bithu1_importing_into_bithu2s_cell_gets_a_row_error(coded, tmp_path):
    before = Person.objects.count()
    path = write_people(tmp_path / "p.xlsx", [person_row(1), person_row(2, code="B1")])
    result = run_import(path, user=coded.bithu1)
    assert [(p.row, p.column, p.value) for p in result.problems] == [(3, "Mã tổ chức", "B1")]
    assert result.written == 0
    assert Person.objects.count() == before


def test_a_person_outside_the_importers_scope_is_not_changed(coded, tmp_path):
    run_import(write_people(tmp_path / "a.xlsx", [person_row(1, code="B1")]), user=coded.admin)
    # bithu1 names bithu2's member by card number, asking to move them into cell A1.
    result = run_import(write_people(tmp_path / "b.xlsx", [person_row(1)]), user=coded.bithu1)
    assert [p.column for p in result.problems] == ["Số thẻ đảng viên"]
    person = Person.objects.get(party_card_number="90000001")
    assert person.current_membership().organization == coded.cell_b1


def test_dry_run_checks_and_writes_nothing(coded, tmp_path):
    path = write_people(tmp_path / "p.xlsx", [person_row(1)])
    result = run_import(path, user=coded.tuyengiao, dry_run=True)
    assert result.problems == [] and result.checked == 1 and result.written == 0
    assert not Person.objects.filter(party_card_number="90000001").exists()


def test_citizen_ids_typed_as_numbers_keep_their_leading_zero(coded, tmp_path):
    row = person_row(1, **{"Số định danh cá nhân": 12345678901, "Số thẻ đảng viên": None})
    result = run_import(write_people(tmp_path / "p.xlsx", [row]), user=coded.tuyengiao)
    assert result.problems == []
    assert Person.objects.filter(citizen_id="012345678901").exists()


def test_each_person_and_membership_written_has_its_creation_in_the_history(coded, tmp_path):
    path = write_people(tmp_path / "people.xlsx", [person_row(i) for i in range(1, 51)])
    result = run_import(path, user=coded.tuyengiao)
    assert result.problems == [] and result.written == 50
    people = Person.objects.filter(party_card_number__startswith="900000")
    assert people.count() == 50
    fields = ["id", "full_name", "birth_date", "gender", "ethnic_group_id", "citizen_id"]
    fields += ["party_admission_date", "party_official_date", "search_name", "sort_key"]
    history = Person.history.filter(id__in=people.values("pk"))
    assert {h.history_type for h in history} == {"+"}
    assert {h.history_user for h in history} == {coded.tuyengiao}
    assert sorted(history.values_list(*fields)) == sorted(people.values_list(*fields))
    memberships = Membership.objects.filter(person__in=people)
    membership_history = Membership.history.filter(id__in=memberships.values("pk"))
    columns = ["id", "person_id", "organization_id", "valid_from", "valid_to"]
    assert sorted(membership_history.values_list(*columns)) == sorted(
        memberships.values_list(*columns)
    )
    assert {h.history_type for h in membership_history} == {"+"}


def test_ids_taken_with_gaps_still_give_each_person_their_own_cell(coded, tmp_path):
    """The ids of the written rows come from the tables' sequences: another session taking
    some in between leaves gaps, and each person must still get their own membership."""
    if connection.vendor != "postgresql":
        pytest.skip("the ids come from PostgreSQL's sequences")
    with connection.cursor() as cursor:
        for table in ("people_person", "people_membership"):
            cursor.execute(
                f"ALTER SEQUENCE {connection.ops.quote_name(table + '_id_seq')} INCREMENT BY 3"
            )
    rows = [person_row(i, code="A1" if i % 3 else "A2") for i in range(1, 31)]
    result = run_import(write_people(tmp_path / "people.xlsx", rows), user=coded.tuyengiao)
    assert result.problems == [] and result.written == 30
    placed = dict(
        Membership.objects.filter(person__party_card_number__startswith="900000").values_list(
            "person__party_card_number", "organization__code"
        )
    )
    assert placed == {f"{90000000 + i}": "A1" if i % 3 else "A2" for i in range(1, 31)}
    people = Person.objects.filter(party_card_number__startswith="900000")
    ids = sorted(people.values_list("pk", flat=True))
    assert ids == list(range(ids[0], ids[0] + 3 * 30, 3))  # the gaps were there
    assert sorted(Person.history.filter(id__in=ids).values_list("id", "full_name")) == sorted(
        people.values_list("pk", "full_name")
    )


def test_the_cycle_collector_is_off_during_an_import_and_on_after(coded, tmp_path):
    """Off while the rows are read, checked and written (it walked the millions of cells
    again and again); on again afterwards, whatever the import's end, so the worker that runs
    imports does not keep garbage."""
    seen = []
    path = write_people(tmp_path / "people.xlsx", [person_row(i) for i in range(1, 2001)])
    result = run_import(
        path, user=coded.tuyengiao, progress=lambda **c: seen.append(gc.isenabled())
    )
    assert result.written == 2000
    assert seen and not any(seen)
    assert gc.isenabled()
    with pytest.raises(OSError):
        run_import(tmp_path / "missing.xlsx", user=coded.tuyengiao)
    assert gc.isenabled()
