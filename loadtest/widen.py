"""Widen a synthetic nation to the size of the Party's tree in organizations, cheaply.

``python -m loadtest.widen --committees 60 --cells 100`` adds, under each provincial committee
of the newest national root, ``committees`` grassroots committees of ``cells`` empty cells each
(34 x 60 x 100 = 204,000 cells), with their links and paths over time: a tree as wide as the
nation's (a few thousand committees, about 220,000 cells) for timing the pages a national
administrator opens, without building millions of members. PostgreSQL only (COPY).
"""

from __future__ import annotations

import argparse
import datetime
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--committees", type=int, default=60, help="per province")
    parser.add_argument("--cells", type=int, default=100, help="per committee")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ct05.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from ct05.core.text import fold
    from ct05.organizations.models import Organization, OrganizationKind
    from ct05.organizations.paths import rebuild_paths

    started = time.perf_counter()
    root = Organization.objects.filter(depth=1, kind=OrganizationKind.CENTRAL_COMMITTEE).last()
    provinces = list(Organization.objects.filter(path__startswith=root.path, depth=2))
    alphabet, steplen = Organization.alphabet, Organization.steplen

    def step(number: int) -> str:
        digits = ""
        while number:
            number, rest = divmod(number, len(alphabet))
            digits = alphabet[rest] + digits
        return digits.rjust(steplen, alphabet[0])

    now = timezone.now()
    day = datetime.date(2020, 1, 1)
    with transaction.atomic(), connection.cursor() as cursor:
        count = len(provinces) * args.committees * (1 + args.cells)
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('organizations_organization', 'id')) "
            "FROM generate_series(1, %s)",
            [count],
        )
        ids = iter([row[0] for row in cursor.fetchall()])
        organizations, links = [], []
        for p, province in enumerate(provinces, start=1):
            for c in range(args.committees):
                committee_id = next(ids)
                committee_path = province.path + step(province.numchild + c + 1)
                organizations.append(
                    (
                        committee_id,
                        committee_path,
                        3,
                        args.cells,
                        f"Đảng bộ xã mở rộng {p}.{c + 1}",
                        OrganizationKind.GRASSROOTS_COMMITTEE,
                    )
                )
                links.append((committee_id, province.pk))
                for n in range(args.cells):
                    cell_id = next(ids)
                    organizations.append(
                        (
                            cell_id,
                            committee_path + step(n + 1),
                            4,
                            0,
                            f"Chi bộ thôn {p}.{c + 1}.{n + 1}",
                            OrganizationKind.CELL,
                        )
                    )
                    links.append((cell_id, committee_id))
            province.numchild += args.committees
        columns = (
            "id, created_at, updated_at, path, depth, numchild, name, kind, code, valid_from,"
            " cap_enforcement, version, search_name"
        )
        with cursor.copy(f"COPY organizations_organization ({columns}) FROM STDIN") as copy:
            for pk, path, depth, numchild, name, kind in organizations:
                copy.write_row(
                    (pk, now, now, path, depth, numchild, name, kind, "", day, "", 1, fold(name))
                )
        with cursor.copy(
            "COPY organizations_organizationlink (child_id, parent_id, valid_from) FROM STDIN"
        ) as copy:
            for child, parent in links:
                copy.write_row((child, parent, day))
        Organization.objects.bulk_update(provinces, ["numchild"])
        paths = rebuild_paths()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"{len(organizations):,} organizations added, {paths:,} paths, "
        f"{time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
