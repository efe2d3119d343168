from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ct05.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write the whole database and the uploaded files to FILE (a .tar.gz with a manifest). "
        "FILE may be a directory: the backup is then named ct05-backup-YYYYMMDD-HHMMSS.tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file to write, or a directory")

    def handle(self, file, **options):
        path = Path(file)
        if path.is_dir():
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = path / f"ct05-backup-{stamp}.tar.gz"
        try:
            manifest = create_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        media = manifest["media"]
        self.stdout.write(
            f"Backed up the {manifest['database']['vendor']} database "
            f"({len(manifest['tables'])} tables, {rows} rows) and {media['count']} uploaded "
            f"files ({media['bytes']} bytes) to {path}"
        )
