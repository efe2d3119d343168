"""``ct05 loadusers --members N``: logins for the load test over the synthetic province."""

from __future__ import annotations

import json
import os

from django.core.management.base import BaseCommand, CommandError

from ct05.demo.loadusers import make_load_users
from ct05.demo.synth import synth_root


class Command(BaseCommand):
    help = (
        "Make (idempotently) the load test's logins over the synthetic province of N members and "
        "write what the locust file needs as JSON. For a load-test database only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--count", type=int, default=100, help="logins of each kind")
        parser.add_argument("--out", required=True, help="the JSON file to write")

    def handle(self, *args, members, seed, count, out, **options):
        root = synth_root(members, seed)
        if root is None:
            raise CommandError(f"No synthetic province of {members} members: ct05 synth first.")
        password = os.environ.get("CT05_LOAD_PASSWORD", "ct05-load-test-only")
        found = make_load_users(root, count=count, password=password)
        with open(out, "w", encoding="utf-8") as file:
            json.dump(found, file)
        self.stdout.write(
            f"{len(found['members'])} members, {len(found['secretaries'])} secretaries, "
            f"{len(found['officers'])} officers, {len(found['api'])} API clients -> {out}"
        )
