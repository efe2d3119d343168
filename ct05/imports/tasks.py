"""The import as a background task (django.tasks, run by ``ct05 db_worker``)."""

from __future__ import annotations

from django.tasks import task

from .models import ImportJob
from .services import execute


@task
def run_import_job(job_id: str) -> str:
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    return execute(job).status
