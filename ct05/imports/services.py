"""Starting and running an import job (the upload page, the API and the task share these)."""

from __future__ import annotations

import datetime
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ct05.core.uploads import validate_upload

from .importer import run_import
from .models import ImportJob, ImportStatus, import_upload_to

logger = logging.getLogger(__name__)


def check_workbook(upload) -> None:
    """An .xlsx that is what it says (core.uploads' checks: size, signature, zip bomb)."""
    if upload is None:
        raise ValidationError(_("Choose an Excel file (.xlsx) to import."))
    if not upload.name.lower().endswith(".xlsx"):
        raise ValidationError(_("Only Excel workbooks (.xlsx) are imported."))
    validate_upload(
        upload,
        extensions=["xlsx"],
        max_bytes=settings.CT05_IMPORT_MAX_BYTES,
        max_unpacked_bytes=settings.CT05_IMPORT_MAX_UNPACKED_BYTES,
    )


def start_import(*, user, upload, dry_run: bool = False) -> ImportJob:
    """Keep the file, queue the task (after the commit, so the worker finds the job)."""
    from .tasks import run_import_job  # noqa: PLC0415 - the task module imports this one

    check_workbook(upload)
    job = ImportJob.objects.create(
        user=user, file=upload, filename=upload.name[:255], dry_run=bool(dry_run)
    )
    transaction.on_commit(lambda: run_import_job.enqueue(str(job.pk)))
    return job


def execute(job: ImportJob) -> ImportJob:
    """Run ``job`` now (what the worker does), recording progress as it goes."""
    _saved(lambda: ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING))

    def progress(**counts):
        # Outside the import's transaction (reading and checking) each update is seen at once;
        # one lost to a busy database is made good by the next.
        if not transaction.get_connection().in_atomic_block:
            _saved(lambda: ImportJob.objects.filter(pk=job.pk).update(**counts), tries=1)

    try:
        result = run_import(job.file.path, user=job.user, dry_run=job.dry_run, progress=progress)
    except Exception:
        logger.exception("import %s failed", job.pk)
        job.status = ImportStatus.FAILED
        job.errors = [
            {
                "sheet": "",
                "row": 0,
                "column": "",
                "value": None,
                "message": _("The file could not be read as an Excel workbook."),
            }
        ]
    else:
        job.rows, job.checked, job.written = result.rows, result.checked, result.written
        job.kinds = result.kinds
        job.errors = [p.as_dict() for p in result.problems]
        job.status = ImportStatus.DONE if result.ok else ImportStatus.FAILED
    job.finished_at = timezone.now()
    _saved(job.save)
    return job


def _saved(write, tries: int = 20) -> None:
    """``write()``, again after a moment while the database is busy (SQLite's lock); the
    import's progress is not worth failing the import for."""
    for attempt in range(tries):
        try:
            write()
            return
        except OperationalError:
            if attempt == tries - 1:
                if tries > 1:
                    raise
                return
            time.sleep(0.05 * (attempt + 1))


@dataclass
class Purged:
    files: int  # workbooks of import jobs deleted
    abandoned: int  # of which jobs that never finished (now failed)
    strays: int  # files of the uploads folder no job names


def purge_uploads(*, now: datetime.datetime | None = None, days: int | None = None) -> Purged:
    """Delete the uploaded workbooks of imports finished more than ``days`` days ago (default
    ``CT05_IMPORT_KEEP_DAYS``), keeping each job's record: who, when, the file's name, the
    counts and the problems. A job still queued or running after that long will never finish
    (its worker is gone): it is marked failed, saying so, and its file deleted too. Files in
    the uploads' folder that no job names (an upload whose job was never saved) go after the
    same time. Safe to run twice; ``ct05 purge_imports`` runs it daily."""
    now = now or timezone.now()
    # At least a day: a job queued a moment ago is not abandoned.
    days = max(1, settings.CT05_IMPORT_KEEP_DAYS if days is None else days)
    cutoff = now - datetime.timedelta(days=days)
    files = abandoned = 0
    due = ImportJob.objects.exclude(file="").filter(
        Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
    )
    for job in due.only("pk", "file", "status", "finished_at"):
        name = job.file.name
        changes = {"file": ""}
        if not job.finished:
            abandoned += 1
            changes.update(
                status=ImportStatus.FAILED,
                finished_at=now,
                errors=[
                    {
                        "sheet": "",
                        "row": 0,
                        "column": "",
                        "value": None,
                        "message": _(
                            "The import did not finish within %(days)s days; its file was "
                            "deleted. Upload the workbook again."
                        )
                        % {"days": days},
                    }
                ],
            )
        # The record forgets the file first: a file deleted while a row still named it would
        # be a broken link (and a backup's missing file).
        if ImportJob.objects.filter(pk=job.pk, file=name).update(**changes):
            default_storage.delete(name)
            files += 1
    return Purged(files, abandoned, _purge_strays(cutoff))


def _purge_strays(cutoff: datetime.datetime) -> int:
    folder = import_upload_to(None, "x").split("/", 1)[0]
    try:
        _folders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    named = set(
        ImportJob.objects.filter(file__startswith=f"{folder}/").values_list("file", flat=True)
    )
    strays = 0
    for name in names:
        path = f"{folder}/{name}"
        if path not in named and default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            strays += 1
    return strays
