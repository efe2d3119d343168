"""``ct05 serve``: the production web server (gunicorn), in front of nothing but the proxy.

Pre-forked worker processes, each with threads (gunicorn's ``gthread`` worker); by default
cores + 1 workers of 4 threads. Static files are served by WhiteNoise from
``CT05_DATA_DIR/static`` (run ``ct05 collectstatic`` first). One JSON line per request goes to
stdout (``ct05.access``: route, status, ms, user id); gunicorn's own messages to stderr.
"""

from __future__ import annotations

import gc
import logging
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connections


def default_workers() -> int:
    """One process per core and one more: a worker's Python runs on one core at a time, and its
    threads already overlap the waits on the database, which shares the machine. gunicorn's
    "2 x cores + 1" is for workers that block on every wait. Measured in turns under load on
    2 cores (docs/performance.md): 3 workers served as much as 5 at less CPU a request, 2 far
    less (four threads of one process take turns on its interpreter lock)."""
    return (os.cpu_count() or 1) + 1


# Young objects are collected after this many allocations (Python's default: 700). A request
# builds thousands of short-lived objects (rows, model instances, template nodes): at 700 the
# collector ran several times a request, and each run of the older generations walked every
# object of the loaded application. Measured over the load test's mix (docs/performance.md):
# the time in the collector halved, about 3% of a request's CPU.
GC_THRESHOLD = (10_000, 10, 10)


def _after_worker_init(worker) -> None:
    """Once a worker has loaded CT05: what was loaded stays for the worker's life, so the
    collector stops walking it (``gc.freeze``), and it collects young objects less often."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    try:
        return int(raw) if raw else default
    except ValueError:
        raise CommandError(f"{name} must be a whole number, not {raw!r}") from None


class Command(BaseCommand):
    help = (
        "Serve CT05 in production with gunicorn: workers and threads from the machine's cores "
        "(settable), static files by WhiteNoise, a JSON access log on stdout."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=os.environ.get("CT05_BIND", "127.0.0.1:8000"),
            help="address:port or unix:/path (default CT05_BIND or 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=_env_int("CT05_WEB_WORKERS", default_workers()),
            help="worker processes (default CT05_WEB_WORKERS or cores + 1)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=_env_int("CT05_WEB_THREADS", 4),
            help="threads per worker (default CT05_WEB_THREADS or 4)",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=_env_int("CT05_WEB_TIMEOUT", 120),
            help="seconds before a stuck worker is restarted (default 120)",
        )
        parser.add_argument(
            "--no-access-log", action="store_true", help="leave out the JSON access log"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="print the gunicorn settings and exit (for checks)",
        )

    def handle(self, *args, **options):
        from gunicorn.app.base import BaseApplication

        if options["workers"] < 1 or options["threads"] < 1:
            raise CommandError("--workers and --threads must be at least 1")
        config = {
            "bind": options["bind"],
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread",
            "timeout": options["timeout"],
            "graceful_timeout": 30,
            "keepalive": 5,
            # A worker is replaced after this many requests: memory a leak holds comes back.
            "max_requests": 5000,
            "max_requests_jitter": 500,
            # The access log is ours (JSON, core.middleware.AccessLogMiddleware), not gunicorn's.
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "info",
            "proc_name": "ct05",
            # The proxy sets X-Forwarded-*; CT05 reads them by its own rules (CT05_PROXY_COUNT).
            "forwarded_allow_ips": "127.0.0.1,::1",
            "control_socket_disable": True,
            "post_worker_init": _after_worker_init,
        }
        if options["dry_run"]:
            for key, value in config.items():
                self.stdout.write(f"{key} = {value!r}")
            return
        access_log = not options["no_access_log"]
        # Nothing opened here may be shared by the forked workers.
        connections.close_all()

        class Application(BaseApplication):
            def load_config(self):
                for key, value in config.items():
                    if key in self.cfg.settings:
                        self.cfg.set(key, value)

            def load(self):
                from django.core.wsgi import get_wsgi_application

                application = get_wsgi_application()  # configures logging from settings
                if access_log:
                    logging.getLogger("ct05.access").setLevel(logging.INFO)
                return application

        Application().run()
