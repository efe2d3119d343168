"""An import as the user follows it: the uploaded file, its progress and its problems."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ct05.core.uploads import _random_name


def import_upload_to(instance, filename: str) -> str:
    return _random_name("imports", filename)


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One upload. ``failed`` means nothing was written (problems in the rows, or a crash)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("file"), upload_to=import_upload_to)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    dry_run = models.BooleanField(_("check only"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows = models.PositiveIntegerField(default=0)
    checked = models.PositiveIntegerField(default=0)
    written = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    kinds = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename or str(self.pk)

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def percent(self) -> int:
        """How far along: reading, checking and writing each a third."""
        if self.status == ImportStatus.DONE:
            return 100
        if not self.rows:
            return 5 if self.status == ImportStatus.RUNNING else 0
        share = (self.checked + self.written) / (2 * self.rows)
        return max(5, min(99, round(100 * share)))

    def as_dict(self) -> dict:
        return {
            "id": str(self.pk),
            "status": self.status,
            "dry_run": self.dry_run,
            "kinds": self.kinds,
            "progress": {"rows": self.rows, "checked": self.checked, "written": self.written},
            "errors": self.errors,
        }
