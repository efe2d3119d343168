"""``ct05 bench_import --rows N``: time the people import into an empty province (``make bench``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ct05.imports.bench import format_import_bench, run_import_bench


class Command(BaseCommand):
    help = "Import N people rows into a new empty province and time it against the raw read."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)

    def handle(self, *args, rows: int, **options):
        log = self.stdout.write if options["verbosity"] > 1 else (lambda message: None)
        result = run_import_bench(rows=max(rows, 1), log=log)
        for line in format_import_bench(result):
            self.stdout.write(line)
