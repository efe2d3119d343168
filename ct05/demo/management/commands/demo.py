"""``ct05 demo``: build the demo province (once) and print its logins."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ct05.demo.build import build_demo, logins
from ct05.organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Build the demo province (Tỉnh ủy Lào Cai after the 2025 reform) through the services "
        "and print the demo logins. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any organization exists (for `make run` on a used database).",
        )
        parser.add_argument(
            "--logins", action="store_true", help="Only print the demo logins table."
        )

    def handle(self, *args, if_empty=False, logins=False, **options):
        if logins:
            self.print_logins()
            return
        if if_empty and Organization.objects.exists():
            if options["verbosity"] > 1:
                self.stdout.write("Organizations exist: the demo is not built.")
            return
        log = self.stdout.write if options["verbosity"] > 0 else None
        root, built = build_demo(log=log)
        if built:
            self.stdout.write(self.style.SUCCESS(f"Demo province built: {root}."))
        else:
            self.stdout.write(f"Demo province already built: {root}. Nothing changed.")
        if not if_empty:
            self.print_logins()

    def print_logins(self) -> None:
        rows = logins()
        if not rows:
            self.stderr.write("The demo is not built: run `ct05 demo`.")
            return
        columns = ["username", "password", "role", "organization", "person"]
        widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in columns}
        self.stdout.write(f"Demo logins (every password: {rows[0]['password']})")
        for row in [dict(zip(columns, columns, strict=True)), None, *rows]:
            if row is None:
                self.stdout.write("  ".join("-" * widths[c] for c in columns))
            else:
                self.stdout.write("  ".join(row[c].ljust(widths[c]) for c in columns).rstrip())
