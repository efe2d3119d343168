"""``ct05 bench --members N``: time the Directive 05 report over a synthetic province."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ct05.demo.bench import format_result, run_bench


class Command(BaseCommand):
    help = (
        "Build the synthetic province of N members if needed (see `ct05 synth`), then time the "
        "Directive 05 report over it for last year against one sequential scan of the largest "
        "table."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, required=True, help="number of members (N)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--provinces",
            type=int,
            default=1,
            help="provinces of the synthetic tree (more than 1: a nation, see `ct05 synth`)",
        )
        parser.add_argument(
            "--repeat", type=int, default=5, help="timed runs after one warm-up (default 5)"
        )

    def handle(self, *args, members: int, seed: int, provinces: int, repeat: int, **options):
        log = self.stdout.write if options["verbosity"] > 1 else None
        if repeat < 1:
            repeat = 1
        result = run_bench(members=members, seed=seed, provinces=provinces, repeat=repeat, log=log)
        for line in format_result(result):
            self.stdout.write(line)
