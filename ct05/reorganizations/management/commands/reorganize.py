"""``ct05 reorganize FILE [--dry-run]``: apply a reorganization workbook, all or nothing."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ct05.reorganizations import workbook


class Command(BaseCommand):
    help = (
        "Apply a reorganization workbook (old code, new code, kind, effective date, …): checked "
        "whole, applied in one transaction; --dry-run says what would change and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, file, dry_run, **options):
        try:
            with open(file, "rb") as handle:
                rows = workbook.read(handle)
            done = workbook.apply(rows, dry_run=dry_run)
        except OSError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for line in done:
            self.stdout.write(line)
        verb = "would apply" if dry_run else "applied"
        self.stdout.write(self.style.SUCCESS(f"{len(done)} changes {verb}."))
