"""``ct05 docx_template PATH``: write CT05's Word template for the report, to start a province's
own from (edit it in Word, keep the placeholders of docs/documents.md, put it in place)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from ct05.documents.docx import build_default_template


class Command(BaseCommand):
    help = "Write the default Word template of the Directive 05 report to PATH."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        build_default_template(path)
        self.stdout.write(str(path))
