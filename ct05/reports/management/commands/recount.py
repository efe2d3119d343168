from django.core.management.base import BaseCommand

from ct05.reports import tallies


class Command(BaseCommand):
    help = (
        "Rebuild the report's tallies from the records (after a bulk import or a restore), "
        "or with --check only say whether they agree."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare, change nothing")

    def handle(self, check=False, **options):
        if not check:
            tallies.rebuild()
        found = tallies.differences()
        for line in found[:50]:
            self.stdout.write(line)
        self.stdout.write(
            "Tallies agree with the records." if not found else f"{len(found)} differences."
        )
        if check and found:
            raise SystemExit(1)
