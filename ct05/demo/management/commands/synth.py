"""``ct05 synth --members N [--seed S] [--provinces P]``: a synthetic province (or nation) of N
members, for load tests and the benchmark."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from ct05.demo.synth import build_synthetic


class Command(BaseCommand):
    help = (
        "Build a deterministic synthetic province of N members (or, with --provinces P, a "
        "nation: the central level over P provinces sharing them) beside any other data, with "
        "a progress bar. The same N, seed and P are built once; running it again changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, required=True, help="number of members (N)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--provinces",
            type=int,
            default=1,
            help="provinces under a central level (default 1: one province, no central level)",
        )

    def handle(self, *args, members: int, seed: int, provinces: int, **options):
        log = self.stdout.write if options["verbosity"] > 1 else None
        started = time.perf_counter()
        root, built = build_synthetic(
            members=members,
            seed=seed,
            provinces=provinces,
            log=log,
            progress=options["verbosity"] > 0,
        )
        if built:
            seconds = time.perf_counter() - started
            self.stdout.write(
                self.style.SUCCESS(
                    f"Built {root} in {seconds:.1f} s ({members / seconds:,.0f} members/s)."
                )
            )
        else:
            self.stdout.write(f"{root} already exists. Nothing changed.")
