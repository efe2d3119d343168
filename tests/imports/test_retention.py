"""Uploaded workbooks are deleted CT05_IMPORT_KEEP_DAYS after their import finished; the
import's record (who, when, counts, problems) stays. ``ct05 purge_imports`` runs it daily."""

import datetime
import os
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ct05.imports.models import ImportJob, ImportStatus
from ct05.imports.services import execute, purge_uploads

from .helpers import code_world, person_row, write_people

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CT05_IMPORT_KEEP_DAYS = 30
    return settings.MEDIA_ROOT


@pytest.fixture
def coded(world, media):
    code_world(world)
    return world


def job_of(world, tmp_path, rows, *, finished_days_ago: int | None) -> ImportJob:
    """An import of ``rows`` by the propaganda officer, run by the worker and dated back."""
    path = write_people(tmp_path / f"{len(rows)}-{finished_days_ago}.xlsx", rows)
    job = ImportJob.objects.create(
        user=world.tuyengiao, file=ContentFile(path.read_bytes(), "p.xlsx"), filename="ds.xlsx"
    )
    if finished_days_ago is None:
        ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - 40 * DAY)
    else:
        execute(job)
        ImportJob.objects.filter(pk=job.pk).update(
            finished_at=timezone.now() - finished_days_ago * DAY
        )
    job.refresh_from_db()
    return job


def stored(job: ImportJob) -> bool:
    return job.file.storage.exists(job.file.name)


def test_a_workbook_is_deleted_after_the_days_kept_and_the_record_stays(coded, tmp_path):
    bad = [person_row(1, **{"Ngày sinh": "hôm qua"})]
    old = job_of(coded, tmp_path, bad, finished_days_ago=31)
    recent = job_of(coded, tmp_path, bad, finished_days_ago=29)
    old_name = old.file.name
    assert stored(old) and stored(recent)

    purged = purge_uploads()

    assert (purged.files, purged.abandoned) == (1, 0)
    assert not old.file.storage.exists(old_name)
    old.refresh_from_db()
    assert not old.file
    assert old.status == ImportStatus.FAILED and old.filename == "ds.xlsx"
    assert [(e["row"], e["column"], e["value"]) for e in old.errors] == [
        (2, "Ngày sinh", "hôm qua")
    ]
    recent.refresh_from_db()
    assert stored(recent)
    # Run again: nothing more to delete.
    assert purge_uploads().files == 0


def test_the_page_says_the_file_is_gone_and_the_marked_workbook_is_404(coded, tmp_path):
    job = job_of(coded, tmp_path, [person_row(1, **{"Ngày sinh": "x"})], finished_days_ago=31)
    client = Client()
    client.force_login(coded.tuyengiao)
    page = client.get(reverse("import-detail", args=[job.pk])).content.decode()
    assert 'id="marked"' in page and 'id="file-gone"' not in page

    purge_uploads()

    page = client.get(reverse("import-detail", args=[job.pk])).content.decode()
    assert 'id="marked"' not in page and 'id="file-gone"' in page
    assert "Ngày sinh" in page  # the problems are still listed
    api = coded.api(coded.tuyengiao)
    assert api.get(f"/api/imports/{job.pk}/marked.xlsx").status_code == 404
    assert api.get(f"/api/imports/{job.pk}/").json()["status"] == "failed"


def test_an_import_that_never_finished_is_failed_and_its_file_deleted(coded, tmp_path):
    job = job_of(coded, tmp_path, [person_row(1)], finished_days_ago=None)
    name = job.file.name
    assert job.status == ImportStatus.QUEUED

    purged = purge_uploads()

    assert (purged.files, purged.abandoned) == (1, 1)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.finished_at is not None
    assert "30" in job.errors[0]["message"]
    assert not job.file and not job.file.storage.exists(name)


def test_a_stray_upload_no_job_names_goes_after_the_same_days(coded, media):
    folder = media / "imports"
    folder.mkdir(parents=True)
    stale, fresh = folder / "stale.xlsx", folder / "fresh.xlsx"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"x")
    month_ago = (timezone.now() - 31 * DAY).timestamp()
    os.utime(stale, (month_ago, month_ago))

    assert purge_uploads().strays == 1
    assert not stale.exists() and fresh.exists()


def test_the_command_purges_and_refuses_less_than_a_day(coded, tmp_path):
    job = job_of(coded, tmp_path, [person_row(1)], finished_days_ago=3)
    out = StringIO()
    call_command("purge_imports", stdout=out)
    assert out.getvalue().startswith("0 imported workbook(s) deleted")
    call_command("purge_imports", "--days", "2", stdout=out)
    assert "1 imported workbook(s) deleted" in out.getvalue()
    job.refresh_from_db()
    assert not job.file and job.status == ImportStatus.DONE
    with pytest.raises(CommandError):
        call_command("purge_imports", "--days", "0")
