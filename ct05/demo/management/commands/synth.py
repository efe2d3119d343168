"""``ct05 synth --members N --seed S``: a synthetic province of N members, for load tests."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from ct05.demo.synth import build_synthetic


class Command(BaseCommand):
    help = (
        "Build a deterministic synthetic province of N members (bulk inserts) beside any other "
        "data. The same N and seed are built once; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, required=True, help="number of members (N)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")

    def handle(self, *args, members: int, seed: int, **options):
        log = self.stdout.write if options["verbosity"] > 1 else None
        started = time.perf_counter()
        root, built = build_synthetic(members=members, seed=seed, log=log)
        if built:
            seconds = time.perf_counter() - started
            self.stdout.write(self.style.SUCCESS(f"Built {root} in {seconds:.1f} s."))
        else:
            self.stdout.write(f"{root} already exists. Nothing changed.")
