"""``ct05 import FILE [--dry-run] [--user NAME]``: the same import as the page, on a terminal."""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ct05.imports.importer import run_import


class Command(BaseCommand):
    help = "Import an Excel workbook (organizations, people, commitments, ratings)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument(
            "--user",
            help="import as this user (their scope applies; the history names them); "
            "default: no user, the whole tree",
        )

    def handle(self, file, dry_run=False, user=None, **options):
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user {user!r}.")
        else:
            importer = _Everyone()
        bar = _Bar(self.stderr if sys.stderr.isatty() else None)
        result = run_import(file, user=importer, dry_run=dry_run, progress=bar.update)
        bar.done()
        for p in result.problems:
            value = "" if p.value is None else f" [{p.value}]"
            self.stdout.write(f"{p.sheet}!{p.row} {p.column}{value}: {p.message}")
        if result.problems:
            raise CommandError(
                f"{len(result.problems)} problem(s) in {result.rows} rows: nothing was written."
            )
        verb = "checked (dry run, nothing written)" if dry_run else "imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.rows} rows {verb}: {result.checked} checked, {result.written} written."
            )
        )


class _Everyone:
    """The command line without --user: an operator on the server, the whole tree."""

    pk = None
    is_authenticated = True
    is_superuser = True


class _Bar:
    """A progress bar on a terminal (rows checked and written against rows read)."""

    def __init__(self, stream):
        self.stream = stream

    def update(self, rows=0, checked=0, written=0):
        if self.stream is None or not rows:
            return
        done = (checked + written) / (2 * rows)
        filled = round(30 * done)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (30 - filled)}] {rows} read, {checked} checked, "
            f"{written} written"
        )
        self.stream.flush()

    def done(self):
        if self.stream is not None:
            self.stream.write("\n")
