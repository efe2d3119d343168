"""Time every page and API list a national administrator opens (issue 17, item 4).

``python -m loadtest.natpages [--repeat 3] [--only SUBSTRING]`` finds the newest national root
(the central level ``ct05 synth --provinces P`` builds), gives a user ``natpages-<root id>``
(no password) the propaganda officer's role on it, and opens each page through Django's test
client after one warm-up: the median time of ``repeat`` runs, the queries, the size and the
status, as a Markdown table. The server's work only, not the network.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

PAGES = [
    "/",
    "/search/?q=nguyen",
    "/notifications/",
    "/organizations/",
    "/organizations/?under={province}",
    "/organizations/{root}/",
    "/organizations/{province}/",
    "/organizations/{committee}/",
    "/organizations/{province}/reorganize/",
    "/organizations/{province}/reorganize/split/",
    "/people/",
    "/people/?q=nguyen",
    "/people/pick/?person_q=nguyen",
    "/commitments/",
    "/ratings/",
    "/ratings/?organization={province}",
    "/study/",
    "/study/topic/",
    "/study/new/",
    "/meetings/",
    "/meetings/new/",
    "/meetings/norms/",
    "/meetings/absences/",
    "/plans/",
    "/plans/new/",
    "/plans/ethics-codes/",
    "/plans/ethics-codes/new/",
    "/tasks/",
    "/tasks/new/",
    "/inspections/",
    "/inspections/new/",
    "/activities/",
    "/activities/new/",
    "/models/",
    "/models/new/",
    "/models/awards/",
    "/models/awards/new/",
    "/models/awards/register/",
    "/dialogues/",
    "/dialogues/new/",
    "/dialogues/petitions/",
    "/dialogues/petitions/new/",
    "/indicators/",
    "/indicators/new/",
    "/indicators/rural-criteria/",
    "/indicators/rural-criteria/new/",
    "/imports/",
    "/documents/filed/",
    "/reports/directive05/?organization={province}",
    "/api/me/",
    "/api/organizations/",
    "/api/people/",
    "/api/commitments/",
    "/api/ratings/",
    "/api/topics/",
    "/api/study-sessions/",
    "/api/reflections/",
    "/api/meetings/",
    "/api/models/",
    "/api/awards/",
    "/api/activities/",
    "/api/dialogues/",
    "/api/petitions/",
    "/api/indicators/",
    "/api/rural-criteria/",
    "/api/reports/filed/",
    "/api/notifications/",
    "/api/plans/",
    "/api/ethics-codes/",
    "/api/terms/",
    "/api/tasks/",
    "/api/task-assessments/",
    "/api/inspections/",
    "/api/reorganizations/",
    "/api/reports/directive05/years/",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="the pages whose address holds this")
    parser.add_argument("--start", default="", help="begin at the page of this address")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ct05.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ct05.accounts.models import RoleAssignment, User
    from ct05.organizations.models import Organization, OrganizationKind

    root = Organization.objects.filter(depth=1, kind=OrganizationKind.CENTRAL_COMMITTEE).last()
    province = Organization.objects.filter(path__startswith=root.path, depth=2).first()
    committee = Organization.objects.filter(path__startswith=province.path, depth=3).first()
    username = f"natpages-{root.pk}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username)
        RoleAssignment.objects.create(user=user, organization=root, role="propaganda")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    print(f"Organizations: {Organization.objects.count():,}; root {root.pk}")
    print("| page | ms | queries | KB | status |\n| --- | --- | --- | --- | --- |")
    pages = PAGES[PAGES.index(args.start) :] if args.start else PAGES
    for page in pages:
        if args.only not in page:
            continue
        address = page.format(root=root.pk, province=province.pk, committee=committee.pk)
        started = time.perf_counter()
        client.get(address)  # warm-up
        # A page of more than 5 s is timed once more, not three times (marked "1 run").
        slow = time.perf_counter() - started > 5
        times = []
        for _ in range(1 if slow else args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(address)
                times.append((time.perf_counter() - started) * 1000)
        size = len(response.content) / 1024
        print(
            f"| `{address}` | {statistics.median(times):,.0f}{' (1 run)' if slow else ''} "
            f"| {len(queries)} | {size:,.0f} "
            f"| {response.status_code} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
