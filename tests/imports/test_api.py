"""The API as the issue spells it: templates, an upload answered 202, its status, exports."""

import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from ct05.imports.models import ImportJob
from ct05.imports.services import execute
from ct05.people.models import Person

from .helpers import code_world, person_row, write_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def coded(world):
    code_world(world)
    return world


def upload(path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


@pytest.mark.parametrize("kind", ["organizations", "people"])
def test_a_template_has_the_headers_drop_downs_and_instructions(coded, kind):
    response = coded.api(coded.tuyengiao).get(f"/api/imports/templates/{kind}.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    data = wb.worksheets[0]
    assert "Hướng dẫn" in wb.sheetnames
    assert data.data_validations.dataValidation, "drop-down lists"
    headers = [c.value for c in data[1]]
    if kind == "people":
        for header in [
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Dân tộc",
            "Số thẻ đảng viên",
            "Số định danh cá nhân",
            "Mã tổ chức",
            "Ngày vào Đảng",
            "Ngày chính thức",
        ]:
            assert header in headers


def test_an_unknown_kind_is_404(coded):
    assert coded.api(coded.tuyengiao).get("/api/imports/templates/nope.xlsx").status_code == 404


def test_an_upload_answers_202_and_the_worker_imports_it(coded, tmp_path):
    client = coded.api(coded.tuyengiao)
    path = write_people(tmp_path / "p.xlsx", [person_row(1), person_row(2)])
    with pytest.MonkeyPatch.context():
        response = client.post("/api/imports/", {"file": upload(path)}, format="multipart")
    assert response.status_code == 202
    job_id = response.json()["id"]
    assert response.json()["url"].endswith(f"/api/imports/{job_id}/")
    status = client.get(f"/api/imports/{job_id}/").json()
    assert status["status"] == "queued"
    execute(ImportJob.objects.get(pk=job_id))  # what the worker runs
    status = client.get(f"/api/imports/{job_id}/").json()
    assert status == {
        "id": job_id,
        "status": "done",
        "dry_run": False,
        "kinds": ["people"],
        "progress": {"rows": 2, "checked": 2, "written": 2},
        "errors": [],
    }
    assert Person.objects.filter(party_card_number__in=["90000001", "90000002"]).count() == 2


def test_a_bad_upload_is_failed_with_its_errors_and_a_marked_workbook(coded, tmp_path):
    client = coded.api(coded.tuyengiao)
    path = write_people(tmp_path / "p.xlsx", [person_row(1, **{"Ngày sinh": "hôm qua"})])
    job_id = client.post("/api/imports/", {"file": upload(path)}, format="multipart").json()["id"]
    execute(ImportJob.objects.get(pk=job_id))
    status = client.get(f"/api/imports/{job_id}/").json()
    assert status["status"] == "failed"
    assert status["errors"] == [
        {
            "sheet": "Đảng viên",
            "row": 2,
            "column": "Ngày sinh",
            "value": "hôm qua",
            "message": status["errors"][0]["message"],
        }
    ]
    marked = client.get(f"/api/imports/{job_id}/marked.xlsx")
    assert marked.status_code == 200
    ws = load_workbook(io.BytesIO(marked.content))["Đảng viên"]
    assert ws["C2"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "dd/mm/yyyy" in ws.cell(row=2, column=ws.max_column).value


def test_someone_elses_import_is_404(coded, tmp_path):
    path = write_people(tmp_path / "p.xlsx", [person_row(1)])
    job_id = (
        coded.api(coded.tuyengiao)
        .post("/api/imports/", {"file": upload(path)}, format="multipart")
        .json()["id"]
    )
    assert coded.api(coded.bithu2).get(f"/api/imports/{job_id}/").status_code == 404
    assert coded.api(coded.bithu2).get(f"/api/imports/{job_id}/marked.xlsx").status_code == 404


@pytest.mark.parametrize(
    "name,content",
    [("p.xlsx", b"not a workbook"), ("p.csv", b"a,b"), ("p.xlsx", b"PK\x03\x04broken")],
)
def test_a_file_that_is_no_workbook_is_400_in_vietnamese(coded, name, content):
    response = coded.api(coded.tuyengiao).post(
        "/api/imports/",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_no_file_is_400(coded):
    response = coded.api(coded.tuyengiao).post("/api/imports/", {}, format="multipart")
    assert response.status_code == 400


def test_the_upload_queues_a_task_for_the_worker(
    coded, tmp_path, django_capture_on_commit_callbacks
):
    path = write_people(tmp_path / "p.xlsx", [person_row(1)])
    with django_capture_on_commit_callbacks(execute=True):
        coded.api(coded.tuyengiao).post("/api/imports/", {"file": upload(path)}, format="multipart")
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "ct05.imports.tasks.run_import_job"


def test_the_export_of_a_subtree_is_the_imports_format(coded):
    response = coded.api(coded.bithu1).get(
        f"/api/exports/people.xlsx?organization={coded.cell_a1.pk}"
    )
    assert response.status_code == 200
    wb = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = wb.get_sheet_by_name("Đảng viên").to_python()
    assert len(rows) == 1 + len(coded.people_a1)
    assert {r[7] for r in rows[1:]} == {"A1"}


def test_the_export_is_scoped(coded):
    client = coded.api(coded.bithu1)
    assert (
        client.get(f"/api/exports/people.xlsx?organization={coded.cell_b1.pk}").status_code == 404
    )
    assert client.get("/api/exports/people.xlsx?organization=abc").status_code == 400
    assert client.get("/api/exports/people.xlsx").status_code == 400


def test_the_command_line_imports_and_dry_runs(coded, tmp_path):
    path = write_people(tmp_path / "p.xlsx", [person_row(1)])
    out = StringIO()
    call_command("import", str(path), "--dry-run", stdout=out)
    assert "dry run" in out.getvalue()
    assert not Person.objects.filter(party_card_number="90000001").exists()
    call_command("import", str(path), stdout=out)
    assert Person.objects.filter(party_card_number="90000001").exists()
    bad = write_people(tmp_path / "b.xlsx", [person_row(2, code="ZZ")])
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(bad), stdout=out)
    assert "Đảng viên!2 Mã tổ chức [ZZ]" in out.getvalue()
