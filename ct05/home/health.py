"""``/healthz``: for the load balancer, systemd and the monitoring, no login.

200 "ok" when the database answers and every migration CT05 ships is applied; 503 otherwise.
The answer says nothing more (no versions, no error text): an attacker learns only up or down.
It is cheap: one ``SELECT 1``, and the migration plan is read once per process and remembered
once it is clean (a process started before a migration is restarted with it).
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("ct05.health")
_migrated = False


def _migrations_applied() -> bool:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        healthy = _migrations_applied()
    except DatabaseError:
        logger.exception("health check: the database does not answer")
        healthy = False
    if not healthy:
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
