from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ct05.core.backup import BackupError, restore_backup
from ct05.organizations.models import Organization
from ct05.people.models import Person
from ct05.reports import tallies


def in_use_tables() -> list[str]:
    """Rows here mean the database is in use (everything CT05 keeps hangs from them); the rows
    ``migrate`` puts in a new database (reference lists, rating schemes) do not."""
    return [model._meta.db_table for model in (Organization, Person, get_user_model())]


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files by those of a backup written by "
        "`ct05 backup`, then check the report's tallies. Refuses a database that holds data "
        "unless --force, and a backup newer than this code."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file (.tar.gz)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already holds data (its uploads are moved aside)",
        )

    def handle(self, file, force=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        try:
            done = restore_backup(path, in_use_tables=in_use_tables(), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = done["manifest"]
        self.stdout.write(
            f"Restored the {manifest['database']['vendor']} database and "
            f"{manifest['media']['count']} uploaded files from {path} "
            f"(made {manifest['created']} by CT05 {manifest['ct05_version']})."
        )
        if done["media_moved_aside"]:
            self.stdout.write(
                f"The uploads found before were moved to {done['media_moved_aside']}."
            )
        if done["migrations_applied"]:
            self.stdout.write(
                f"Applied {len(done['migrations_applied'])} migrations the backup predates."
            )
        for table, (expected, found) in done["differing_tables"].items():
            self.stderr.write(f"Table {table}: {expected} rows in the backup, {found} now.")
        differences = tallies.differences()
        for line in differences[:50]:
            self.stdout.write(line)
        if differences:
            self.stderr.write(
                f"The report's tallies differ from the records in {len(differences)} places; "
                "run `ct05 recount` to rebuild them."
            )
        else:
            self.stdout.write("Tallies agree with the records.")
        if differences or done["differing_tables"]:
            raise SystemExit(1)
