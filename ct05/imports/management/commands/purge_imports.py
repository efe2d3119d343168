"""``ct05 purge_imports``: delete the uploaded workbooks of imports finished long ago (daily)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ct05.imports.services import purge_uploads


class Command(BaseCommand):
    help = (
        "Delete the uploaded workbooks of imports finished more than CT05_IMPORT_KEEP_DAYS "
        "days ago, keeping each import's record and problems (meant for the daily timer; safe "
        "to run twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"keep the files this many days (default {settings.CT05_IMPORT_KEEP_DAYS})",
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more")
        purged = purge_uploads(days=days)
        self.stdout.write(
            f"{purged.files} imported workbook(s) deleted ({purged.abandoned} of imports that "
            f"never finished), {purged.strays} stray upload(s)."
        )
