"""Starting and running an import job (the upload page, the API and the task share these)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ct05.core.uploads import validate_upload

from .importer import run_import
from .models import ImportJob, ImportStatus

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
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)

    def progress(**counts):
        ImportJob.objects.filter(pk=job.pk).update(**counts)

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
    job.save()
    return job
