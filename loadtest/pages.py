"""``python -m loadtest.pages``: the CPU each request kind of the load test costs, one at a time.

``make load`` says how the server holds under 100 users; this says what each request of its mix
costs, so a change to a page can be measured in minutes on a shared machine. It reads the load
test's logins (``ct05 loadusers --out``; by default ``$CT05_DATA_DIR/load-users.json``), signs
each one in with Django's test client (``force_login``: the login's 0.34 s of password hashing is
the load test's business, not a page's), and sends every request kind of
``loadtest/locustfile.py`` ``--repeat`` times in turns, each time as the next user of its kind
(after one warm-up round). For each kind it prints the medians of:

- **CPU ms**: ``time.process_time`` of this process around the request: Django's whole work,
  middleware, view, templates, serializers (what the web workers spend); and its minimum, which
  moves less than the median when others share the machine (the figure to compare changes by);
- **DB CPU ms**: the CPU time of the PostgreSQL backend serving this connection (psutil), on
  PostgreSQL only; the kernel counts it in ticks of 10 ms, so this one is a mean;
- **wall ms**, the number of **queries**, and the answer's size;

and the mix's CPU per request: the kinds weighted as the locust file sends them (its users'
weights, their tasks' weights, the two requests of a secretary's review and meeting).

The writes (a progress note, a review, a meeting) run inside a transaction that is rolled back,
so every round, and every run, finds the same database: a before and an after compare like with
like (the commit itself is left out).

``--profile KIND`` runs that kind under pyinstrument and writes its text profile
(``--profile-out``, default ``var/profile-<kind>.txt``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pathlib
import statistics
import sys
import time

MIX = {
    # Per 100 actions of the locust file's users (members 50, secretaries 25, officers 10,
    # API 15; each waits 1-3 s between actions; a review and a meeting are two requests each).
    "member: my year": 50 * 3 / 4,
    "member: add progress note": 50 * 1 / 4,
    "secretary: commitments": 25 * 2 / 4,
    "secretary: open commitment": 25 * 1 / 4,
    "secretary: review commitment": 25 * 1 / 4,
    "secretary: meeting form": 25 * 1 / 4,
    "secretary: record meeting": 25 * 1 / 4,
    "officer: report": 10 * 2 / 3,
    "officer: workbook": 10 * 1 / 3,
    "api: people": 15,
}


def _requests(data: dict, i: int) -> dict:
    """Each kind's request as the i-th user of its kind sends it: (login, method, url, data)."""
    member = data["members"][i % len(data["members"])]
    secretary = data["secretaries"][i % len(data["secretaries"])]
    officer = data["officers"][i % len(data["officers"])]
    api = data["api"][i % len(data["api"])]
    root, year = data["root"], data["year"]
    days = secretary["free_days"] or [f"01/01/{year}"]
    deed = member["deeds"][0] if member["deeds"] else None
    review = secretary["review"][0] if secretary["review"] else None
    return {
        "member: my year": (member["username"], "get", "/commitments/mine/", None),
        "member: add progress note": (
            member["username"],
            "post",
            f"/commitments/{member['commitment']}/progress/",
            {"deed": deed, "date": "2026-06-15", "text": "Tiến độ: đã làm thêm một phần việc."},
        ),
        "secretary: commitments": (
            secretary["username"],
            "get",
            f"/commitments/?organization={secretary['cell']}",
            None,
        ),
        "secretary: open commitment": (
            secretary["username"],
            "get",
            f"/commitments/{review}/",
            None,
        ),
        "secretary: review commitment": (
            secretary["username"],
            "post",
            f"/commitments/{review}/review/",
            {"decision": "approve", "note": ""},
        ),
        "secretary: meeting form": (
            secretary["username"],
            "get",
            f"/meetings/new/?organization={secretary['cell']}",
            None,
        ),
        "secretary: record meeting": (
            secretary["username"],
            "post",
            "/meetings/new/",
            {
                "organization": secretary["cell"],
                # A day the cell has no thematic meeting on (else the form refuses it, which
                # the run reports as a problem).
                "date": days[i % len(days)],
                "kind": "thematic",
                "subject": f"Sinh hoạt chuyên đề {i}",
                "directive05": "on",
            },
        ),
        "officer: report": (
            officer,
            "get",
            f"/reports/directive05/?organization={root}&year={year}",
            None,
        ),
        "officer: workbook": (
            officer,
            "get",
            f"/reports/directive05.xlsx?organization={root}&year={year}",
            None,
        ),
        "api: people": (
            ("token", api["token"]),
            "get",
            f"/api/people/?organization={root}&page={1 + i % 20}",
            None,
        ),
    }


class Meter:
    """Counts the queries of a request and the CPU of this process and of its database backend."""

    def __init__(self):
        from django.db import connection

        self.connection = connection
        self.queries = 0
        self._backend = None

    def _count(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)

    def backend_cpu(self) -> float | None:
        if self.connection.vendor != "postgresql":
            return None
        import psutil

        self.connection.ensure_connection()
        with self.connection.cursor() as cursor:
            cursor.execute("select pg_backend_pid()")
            pid = cursor.fetchone()[0]
        if self._backend is None or self._backend.pid != pid:
            self._backend = psutil.Process(pid)
        times = self._backend.cpu_times()
        return times.user + times.system

    @contextlib.contextmanager
    def measure(self, into: dict):
        self.queries = 0
        db_before = self.backend_cpu()
        wall, cpu = time.perf_counter(), time.process_time()
        with self.connection.execute_wrapper(self._count):
            yield
        into["cpu"] = (time.process_time() - cpu) * 1000
        into["wall"] = (time.perf_counter() - wall) * 1000
        into["queries"] = self.queries
        db_after = self.backend_cpu()
        into["db"] = None if db_before is None else (db_after - db_before) * 1000


def _send(clients: dict, login, method: str, url: str, data):
    from django.db import transaction

    client = clients[login]
    if method == "get":
        return client.get(url)
    with transaction.atomic():
        response = client.post(url, data)
        transaction.set_rollback(True)
    return response


def _clients(data: dict, users: int) -> dict:
    from django.test import Client

    from ct05.accounts.models import User

    clients = {}
    for i in range(users):
        for login, *_ in _requests(data, i).values():
            if login in clients:
                continue
            if isinstance(login, tuple):
                clients[login] = Client(
                    HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Token {login[1]}"
                )
            else:
                client = Client(HTTP_HOST="localhost")
                client.force_login(User.objects.get(username=login))
                clients[login] = client
    # One request handler for all, as a server's worker has: each test client would otherwise
    # load the middleware on its first request (WhiteNoise reads every static file's headers
    # then, about 60 ms), inside a measured request.
    handler = next(iter(clients.values())).handler
    for client in clients.values():
        client.handler = handler
    return clients


def _check(kind: str, method: str, response) -> str:
    expected = 302 if method == "post" else 200
    if response.status_code != expected:
        return f"{kind}: {response.status_code}, not {expected}"
    return ""


def run(data: dict, *, repeat: int, kinds: list[str], users: int) -> dict:
    clients = _clients(data, users)
    meter = Meter()
    samples = {kind: [] for kind in kinds}
    problems = []
    for round_ in range(repeat + 1):  # round 0 warms up
        requests = _requests(data, round_ % users)
        for kind in kinds:
            login, method, url, body = requests[kind]
            sample = {}
            with meter.measure(sample):
                response = _send(clients, login, method, url, body)
            sample["size"] = len(response.content)
            if problem := _check(kind, method, response):
                problems.append(problem)
            if round_:
                samples[kind].append(sample)
    result = {}
    for kind, rows in samples.items():
        result[kind] = {
            key: statistics.median(r[key] for r in rows)
            for key in ("cpu", "wall", "queries", "size")
        }
        result[kind]["cpu_min"] = min(r["cpu"] for r in rows)
        # The backend's CPU is counted in clock ticks (10 ms): a mean, not a median, of them.
        result[kind]["db"] = (
            None if rows[0]["db"] is None else statistics.mean(r["db"] for r in rows)
        )
    return {"kinds": result, "problems": sorted(set(problems))}


def mix_cpu(kinds: dict) -> tuple[float, float | None]:
    """The CPU per request of the mix (web, and database), weighted as locust sends them."""
    weights = {k: MIX[k] for k in kinds}
    total = sum(weights.values())
    web = sum(kinds[k]["cpu"] * w for k, w in weights.items()) / total
    if any(kinds[k]["db"] is None for k in kinds):
        return web, None
    return web, sum(kinds[k]["db"] * w for k, w in weights.items()) / total


def table(result: dict) -> list[str]:
    kinds = result["kinds"]
    lines = [
        "| kind | share of the mix | CPU ms | min | DB CPU ms | wall ms | queries | KB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    total = sum(MIX[k] for k in kinds)
    for kind, row in kinds.items():
        db = "–" if row["db"] is None else f"{row['db']:.1f}"
        lines.append(
            f"| {kind} | {MIX[kind] / total:.0%} | {row['cpu']:.1f} | {row['cpu_min']:.1f} | {db} | {row['wall']:.1f} | "
            f"{row['queries']:.0f} | {row['size'] / 1024:.0f} |"
        )
    web, db = mix_cpu(kinds)
    both = "" if db is None else f" + {db:.1f} database = {web + db:.1f}"
    lines.append(f"| **mix, per request** | 100% | **{web:.1f}**{both} | | | | | |")
    return lines


def profile(data: dict, kind: str, repeat: int, out: pathlib.Path) -> None:
    from pyinstrument import Profiler

    clients = _clients(data, repeat + 1)
    _send(clients, *_requests(data, repeat)[kind])  # warm-up
    profiler = Profiler(interval=0.0005)
    with profiler:
        for i in range(repeat):
            _send(clients, *_requests(data, i)[kind])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        profiler.output_text(unicode=True, show_all=os.environ.get("PROFILE_ALL") == "1"),
        encoding="utf-8",
    )
    print(f"{kind}: {repeat} requests profiled -> {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_users = pathlib.Path(os.environ.get("CT05_DATA_DIR", "var/load")) / "load-users.json"
    parser.add_argument("--users-file", type=pathlib.Path, default=default_users)
    parser.add_argument("--repeat", type=int, default=9, help="timed rounds (default 9)")
    parser.add_argument(
        "--users", type=int, default=7, help="users of each kind taken in turns (default 7)"
    )
    parser.add_argument("--kind", action="append", help="only this kind (repeatable)")
    parser.add_argument("--json", type=pathlib.Path, help="also write the figures here")
    parser.add_argument("--profile", help="run this kind under pyinstrument instead")
    parser.add_argument("--profile-out", type=pathlib.Path)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ct05.settings")
    # The API's per-user limit would answer 429 to a client that sends as fast as this.
    os.environ.setdefault("CT05_API_RATE_USER", "100000/min")
    import django

    django.setup()
    from django.conf import settings

    if settings.DEBUG:
        raise SystemExit("CT05_DEBUG is on: the figures would not be production's")
    data = json.loads(args.users_file.read_text(encoding="utf-8"))
    if args.profile:
        slug = args.profile.replace(": ", "-").replace(" ", "-")
        out = args.profile_out or pathlib.Path("var") / f"profile-{slug}.txt"
        profile(data, args.profile, args.repeat, out)
        return 0
    kinds = args.kind or list(MIX)
    unknown = [k for k in kinds if k not in MIX]
    if unknown:
        raise SystemExit(f"unknown kinds: {unknown}; known: {list(MIX)}")
    result = run(data, repeat=args.repeat, kinds=kinds, users=max(1, args.users))
    one, five, fifteen = os.getloadavg()
    print(
        f"{args.repeat} rounds after a warm-up, {args.users} users of each kind in turns; "
        f"load average after: {one:.2f}, {five:.2f}, {fifteen:.2f}"
    )
    print("\n".join(table(result)))
    for problem in result["problems"]:
        print("PROBLEM:", problem)
    if args.json:
        args.json.write_text(
            json.dumps({**result, "load_average": [one, five, fifteen]}, indent=1),
            encoding="utf-8",
        )
    return 1 if result["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
