"""A reorganization as a kind of import: the template, the whole sheet checked before anything
changes (cells, scope, then the services' own refusals), the background job, and the same
workbook read by ``ct05 reorganize``."""

import datetime
import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from ct05.imports.importer import run_import
from ct05.imports.kinds.reorganizations import Reorganizations
from ct05.imports.models import ImportJob
from ct05.imports.services import execute
from ct05.organizations.models import Organization
from ct05.people.models import Membership

from .helpers import code_world

pytestmark = pytest.mark.django_db
HEADERS = [c.header for c in Reorganizations.columns]
REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def coded(world):
    code_world(world)
    return world


def write(path, rows: list[dict]):
    wb = Workbook()
    ws = wb.active
    ws.title = "Sắp xếp tổ chức"
    ws.append(HEADERS)
    for row in rows:
        ws.append([row.get(h) for h in HEADERS])
    wb.save(path)
    return path


def merge_and_rename() -> list[dict]:
    merge = {"Mã mới": "A12", "Loại thay đổi": "Sáp nhập", "Ngày hiệu lực": "01/07/2025"}
    new = {"Tên mới": "Chi bộ thôn A mới", "Loại hình mới": "Chi bộ trực thuộc", "Mã cấp trên": "A"}
    return [
        {"Mã cũ": "A1", **merge, **new},
        {"Mã cũ": "A2", **merge, **new},
        {
            "Mã cũ": "B1",
            "Loại thay đổi": "Đổi tên",
            "Ngày hiệu lực": REFORM,
            "Tên mới": "Chi bộ thôn B1 mới",
        },
    ]


def state() -> list:
    return list(Organization.objects.order_by("pk").values_list("name", "valid_to", "path"))


def test_the_template_has_the_columns_drop_downs_and_instructions(coded):
    response = coded.api(coded.tuyengiao).get("/api/imports/templates/reorganizations.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    data = wb.worksheets[0]
    assert data.title == "Sắp xếp tổ chức"
    assert [c.value for c in data[1]] == [
        "Mã cũ", "Mã mới", "Loại thay đổi", "Ngày hiệu lực", "Tên mới", "Loại hình mới",
        "Mã cấp trên",
    ]  # fmt: skip
    lists = {str(v.sqref).split(":")[0] for v in data.data_validations.dataValidation}
    assert {"C2", "F2"} <= lists  # the kind of change and the new kind
    listed = [c.value for c in wb["Danh mục"]["A"]]
    assert {"Sáp nhập", "Giải thể", "Đổi tên", "Chuyển"} <= set(listed)
    guide = " ".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "cấp trên" in guide


def test_an_upload_merges_and_renames_through_the_background_job(coded, tmp_path):
    client = coded.api(coded.tuyengiao)
    path = write(tmp_path / "r.xlsx", merge_and_rename())
    upload = SimpleUploadedFile("r.xlsx", path.read_bytes())
    response = client.post("/api/imports/", {"file": upload}, format="multipart")
    assert response.status_code == 202
    job = ImportJob.objects.get(pk=response.json()["id"])
    execute(job)
    status = client.get(f"/api/imports/{job.pk}/").json()
    assert (status["status"], status["kinds"], status["errors"]) == (
        "done",
        ["reorganizations"],
        [],
    )
    assert status["progress"]["rows"] == 3 and status["progress"]["checked"] == 3
    new = Organization.objects.get(code="A12")
    assert new.name == "Chi bộ thôn A mới" and Organization.objects.get_parent(new).code == "A"
    for code in ("A1", "A2"):
        old = Organization.objects.get(code=code)
        assert (old.valid_to, old.successor) == (REFORM - datetime.timedelta(days=1), new)
    people = {p.pk for p in coded.people_a1 + coded.people_a2}
    assert (
        set(
            Membership.objects.filter(organization=new, valid_to__isnull=False).values_list(
                "person_id", flat=True
            )
        )
        <= people
    )
    assert Membership.objects.filter(organization=new, valid_to__isnull=True).count() == len(people)
    assert Organization.objects.get(code="B1").name == "Chi bộ thôn B1 mới"


def test_every_bad_cell_is_named_at_once_and_nothing_changes(coded, tmp_path):
    before = state()
    rows = merge_and_rename()
    rows[0]["Ngày hiệu lực"] = "hôm qua"
    rows[2]["Mã cũ"] = "KHONG-CO"
    rows.append({"Mã cũ": "A", "Loại thay đổi": "tách", "Ngày hiệu lực": "01/07/2025"})
    result = run_import(write(tmp_path / "r.xlsx", rows), user=coded.tuyengiao)
    found = {(p.row, p.column, p.value) for p in result.problems}
    assert found == {
        (2, "Ngày hiệu lực", "hôm qua"),
        (4, "Mã cũ", "KHONG-CO"),
        (5, "Loại thay đổi", "tách"),
    }
    assert all(p.sheet == "Sắp xếp tổ chức" for p in result.problems)
    assert "dd/mm/yyyy" in result.problems[0].message
    assert state() == before


def test_a_refusal_of_the_services_is_the_rows_problem_and_nothing_changes(coded, tmp_path):
    before = state()
    rows = [
        *merge_and_rename(),
        # A commune under its own cell: a cycle, refused by the service on row 5.
        {"Mã cũ": "A", "Mã mới": "A12", "Loại thay đổi": "Chuyển", "Ngày hiệu lực": "02/07/2025"},
    ]
    result = run_import(write(tmp_path / "r.xlsx", rows), user=coded.tuyengiao)
    assert [(p.sheet, p.row, p.column, p.value) for p in result.problems] == [
        ("Sắp xếp tổ chức", 5, "Mã cũ", "A")
    ]
    assert "Không thể đặt" in result.problems[0].message
    assert state() == before  # the rows tried before it were taken back too


def test_only_the_level_above_may_reorganize_each_row(coded, tmp_path):
    rows = [
        {"Mã cũ": "A1", "Loại thay đổi": "Đổi tên", "Ngày hiệu lực": REFORM, "Tên mới": "X"},
        {"Mã cũ": "A", "Loại thay đổi": "Đổi tên", "Ngày hiệu lực": REFORM, "Tên mới": "Y"},
        {"Mã cũ": "B1", "Loại thay đổi": "Đổi tên", "Ngày hiệu lực": REFORM, "Tên mới": "Z"},
    ]
    result = run_import(write(tmp_path / "r.xlsx", rows), user=coded.dangbo_a)
    # Their cell is theirs to rename; their own commune and another commune's cell are not.
    assert [(p.row, p.value) for p in result.problems] == [(3, "A"), (4, "B1")]
    assert "cấp trên" in result.problems[0].message
    assert Organization.objects.get(code="A1").name == coded.cell_a1.name


def test_the_command_reads_the_same_workbook(coded, tmp_path):
    path = write(tmp_path / "r.xlsx", merge_and_rename())
    out = StringIO()
    call_command("reorganize", str(path), stdout=out)
    assert "2 changes applied" in out.getvalue()
    assert Organization.objects.get(code="A12").name == "Chi bộ thôn A mới"


def test_the_import_page_offers_the_template_but_no_export(coded, client):
    from django.urls import reverse

    client.force_login(coded.tuyengiao)
    page = client.get(reverse("import-page")).content.decode()
    assert reverse("api-import-template", args=["reorganizations"]) in page
    assert reverse("api-export", args=["people"]) in page
    assert reverse("api-export", args=["reorganizations"]) not in page
