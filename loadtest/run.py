"""``python -m loadtest.run``: the load test (``make load``; a short one in the suite).

Migrates the database of the environment (``DATABASE_URL``, ``CT05_DATA_DIR``), builds the
synthetic province (``ct05 synth``) and the load test's logins (``ct05 loadusers``), starts
``ct05 serve`` on 127.0.0.1 on a free port, checks ``/healthz`` and a login, drives it with
locust (headless, bounded in users and seconds), stops it, runs ``ct05 recount --check``, prints
requests per second, p50/p95/p99 per kind and the errors, and (``--write-docs``) puts them in
docs/performance.md between its load-test markers. Exits 1 on any error or tally drift.

The users come in at ``--spawn-rate`` a second (each logs in as it comes); ``--seconds`` is the
steady state after the last one came, which the main table reports (locust's ``--reset-stats``).
The ramp (the logins) has a table of its own, and its errors count. The province and the logins
are built once per database (``ct05 synth`` and ``ct05 loadusers`` find them again), so a second
run starts at once. The machine's load average (``os.getloadavg``) is sampled through the
steady state: the machine may be shared, and the figures mean little without it.

For the load only, the API's per-user rate limit is raised (``CT05_API_RATE_USER``): the API
clients would otherwise measure the limit, not the server.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import http.cookiejar
import json
import os
import pathlib
import re
import socket
import subprocess
import sys
import sysconfig
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
BIN = pathlib.Path(sys.executable).parent
BEGIN, END = "<!-- load:begin -->", "<!-- load:end -->"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ct05(*args: str, env: dict, capture: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "ct05"), *args], env=env, check=False, text=True, capture_output=capture
    )


def wait_healthy(base: str, server: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"ct05 serve stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise SystemExit("/healthz did not answer 200")


def check_login(base: str, username: str, password: str) -> None:
    jar = http.cookiejar.CookieJar()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    opener.open(base + "/login/", timeout=30).read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    try:
        answer = opener.open(base + "/login/", data=data, timeout=30)
        status = answer.status
    except urllib.error.HTTPError as redirect:
        status = redirect.code
    if status != 302:
        raise SystemExit(f"login of {username} answered {status}, not a redirect")


def read_stats(prefix: pathlib.Path) -> list[dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as file:
        return [
            {
                "name": row["Name"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
                "p99": float(row["99%"] or 0),
                "max": float(row["Max Response Time"] or 0),
            }
            for row in csv.DictReader(file)
        ]


def server_errors(access_log: pathlib.Path) -> int:
    count = 0
    for line in access_log.read_text(encoding="utf-8").splitlines():
        if line.startswith("{") and json.loads(line).get("status", 0) >= 500:
            count += 1
    return count


def reachable(url: str, seconds: float = 2) -> bool:
    """Whether a server answers at the address of ``url`` (redis://host:port/db)."""
    parts = urllib.parse.urlparse(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), seconds):
            return True
    except OSError:
        return False


def machine(env: dict) -> str:
    nproc = os.cpu_count()
    database = "SQLite"
    if env.get("DATABASE_URL", "").startswith("postgres"):
        done = ct05("shell", "--no-imports", "-c", _VERSION, env=env, capture=True)
        database = done.stdout.strip() or "PostgreSQL"
    day = datetime.datetime.now().astimezone().strftime("%d/%m/%Y %H:%M %Z")
    return f"{day}, nproc {nproc}, {database}, {interpreter()}"


def optimizations() -> list[str]:
    """How this Python was built: the profile-guided and link-time optimizations it has."""
    flags = sysconfig.get_config_var("CONFIG_ARGS") or ""
    return [f for f in ("--enable-optimizations", "--with-lto") if f in flags]


UNOPTIMIZED = (
    "Note: this Python ({python}) was built without --enable-optimizations (as pyenv builds by "
    "default). A production server runs an optimized one (docs/operations.md: the system's python3 "
    "on Ubuntu 24.04 or Debian 13, or one `make python` builds); this one spent about a "
    "quarter more CPU a request in the load test (docs/performance.md), so its figures are not "
    "a production server's."
)


def interpreter_note() -> str:
    """What to say before a run on an unoptimized Python (nothing on an optimized one)."""
    if "--enable-optimizations" in optimizations():
        return ""
    return UNOPTIMIZED.format(python=sys.executable)


def interpreter() -> str:
    """The Python serving the load, and how it was built: an optimized build (profile-guided,
    link-time) spends about a quarter less CPU on the same requests than pyenv's default one."""
    built = optimizations()
    how = " ".join(built) if built else "configured without --enable-optimizations"
    where = pathlib.Path(sys.executable).resolve()
    return f"Python {sys.version.split()[0]} ({where}, {how})"


_VERSION = (
    "from django.db import connection\n"
    "c = connection.cursor(); c.execute('show server_version'); print('PostgreSQL', c.fetchone()[0])"
)


class Sampler(threading.Thread):
    """Through the steady state, every few seconds: the 1-minute load average, and the CPU time
    of the web server's processes and of the database's backends serving its database (psutil),
    so the figures can be read against what else the machine was doing."""

    def __init__(self, server_pid: int, database: str, start_after: float, every: float = 5):
        super().__init__(daemon=True)
        self.server_pid, self.database = server_pid, database
        self.start_after, self.every = start_after, every
        self.samples: list[float] = []
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}
        self.done = threading.Event()

    def _cpu(self) -> None:
        import psutil

        found: list[tuple[str, psutil.Process]] = []
        try:
            server = psutil.Process(self.server_pid)
            found += [("web", p) for p in [server, *server.children(recursive=True)]]
        except psutil.Error:
            pass
        if self.database:
            for p in psutil.process_iter(["name", "cmdline"]):
                line = " ".join(p.info["cmdline"] or [])
                if line.startswith("postgres: ") and f" {self.database} " in line:
                    found.append(("database", p))
        for kind, process in found:
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            key = (kind, process.pid)
            self.first.setdefault(key, 0.0 if self.samples else times.user + times.system)
            self.last[key] = times.user + times.system

    def run(self):
        if self.done.wait(self.start_after):
            return
        self._cpu()
        self.samples.append(os.getloadavg()[0])
        while not self.done.wait(self.every):
            self._cpu()
            self.samples.append(os.getloadavg()[0])

    def stop(self) -> None:
        self.done.set()
        self.join(timeout=10)
        if self.samples:
            self._cpu()

    def cpu_seconds(self, kind: str) -> float:
        return sum(self.last[k] - self.first[k] for k in self.last if k[0] == kind)

    def text(self) -> str:
        if not self.samples:
            return "not sampled"
        low, high = min(self.samples), max(self.samples)
        return f"{low:.1f}–{high:.1f} (1-minute, every {self.every:.0f} s)"


def reference_loop(rounds: int = 5) -> float:
    """Milliseconds of CPU a fixed piece of plain Python takes (the least of ``rounds``): the
    host's speed just then. On a shared virtual machine it moves by a third from one minute to
    the next; two runs compare only beside it."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        counts: dict[str, int] = {}
        for i in range(200_000):
            key = f"k{i % 500}"
            counts[key] = counts.get(key, 0) + len(key.replace("k", "kk"))
        json.dumps([{"n": i, "s": str(i)} for i in range(20_000)])
        best = min(best, time.process_time() - start)
    return best * 1000


def uptime() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def table(stats: list[dict]) -> list[str]:
    lines = [
        "| kind | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in stats:
        lines.append(
            f"| {s['name']} | {s['requests']} | {s['failures']} | {s['rps']:.1f} | "
            f"{s['p50']:.0f} | {s['p95']:.0f} | {s['p99']:.0f} | {s['max']:.0f} |"
        )
    return lines


def write_docs(path: pathlib.Path, block: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    new = "\n".join([BEGIN, *block, END])
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: new, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + new + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--spawn-rate", type=float, default=1, help="users that come in each second (default 1)"
    )
    parser.add_argument("--workers", type=int, help="ct05 serve --workers (default its own)")
    parser.add_argument("--threads", type=int, help="ct05 serve --threads")
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("LOAD_CACHE_URL", ""),
        help="redis://host:port/db for the server's cache and sessions, as a busy province's "
        "server has them (docs/operations.md); unreachable or empty: the database's cache table",
    )
    parser.add_argument("--write-docs", type=pathlib.Path, help="docs/performance.md to update")
    parser.add_argument("--json", type=pathlib.Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    if note := interpreter_note():
        print(note, flush=True)

    env = dict(os.environ)
    data_dir = pathlib.Path(env.setdefault("CT05_DATA_DIR", "var/load")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    env.update(
        CT05_DATA_DIR=str(data_dir),
        CT05_ALLOWED_HOSTS="127.0.0.1,localhost",
        CT05_API_RATE_USER=env.get("CT05_LOAD_API_RATE", "100000/min"),
        CT05_HTTPS="",
        PYTHONUNBUFFERED="1",
    )
    cache = "the database's table"
    if args.cache_url and reachable(args.cache_url):
        env["CT05_CACHE_URL"] = args.cache_url
        cache = "Redis"
    elif args.cache_url:
        print(f"{args.cache_url} does not answer: the cache stays in the database.", flush=True)
    for step in (
        ["migrate", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["synth", "--members", str(args.members)],
    ):
        if ct05(*step, env=env).returncode:
            return 1
    users_file = data_dir / "load-users.json"
    count = max(args.users, 1)
    if ct05(
        "loadusers", "--members", str(args.members), "--count", str(count),
        "--out", str(users_file), env=env,
    ).returncode:  # fmt: skip
        return 1
    users = json.loads(users_file.read_text(encoding="utf-8"))

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    access_log = data_dir / "load-access.log"
    serve = ["serve", "--bind", f"127.0.0.1:{port}"]
    if args.workers:
        serve += ["--workers", str(args.workers)]
    if args.threads:
        serve += ["--threads", str(args.threads)]
    loop_before = reference_loop()
    with open(access_log, "w") as out, open(data_dir / "load-server.log", "w") as err:
        server = subprocess.Popen([str(BIN / "ct05"), *serve], env=env, stdout=out, stderr=err)
    try:
        wait_healthy(base, server)
        check_login(base, users["officers"][0], users["password"])
        print(f"ct05 serve on {base}: /healthz 200, login ok; locust {args.users} users "
              f"for {args.seconds} s", flush=True)  # fmt: skip
        prefix = data_dir / "locust"
        ramp_file = data_dir / "locust_ramp.json"
        ramp_file.unlink(missing_ok=True)
        ramp_seconds = -(-args.users // max(args.spawn_rate, 0.01))
        locust_env = {**env, "CT05_LOAD_USERS": str(users_file), "CT05_LOAD_RAMP": str(ramp_file)}
        database = ""
        if env.get("DATABASE_URL", "").startswith("postgres"):
            database = urllib.parse.urlparse(env["DATABASE_URL"]).path.lstrip("/")
        load = Sampler(server.pid, database, start_after=ramp_seconds)
        load.start()
        subprocess.run(
            [str(BIN / "locust"), "-f", str(HERE / "locustfile.py"), "--headless",
             "-u", str(args.users), "-r", str(args.spawn_rate),
             "-t", f"{int(ramp_seconds) + args.seconds}s", "--reset-stats",
             "--host", base, "--csv", str(prefix), "--only-summary", "--stop-timeout", "10",
             "--loglevel", "WARNING"],
            env=locust_env, check=False,
        )  # fmt: skip
        load.stop()
        load_after = uptime()
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    loop_after = reference_loop()
    stats = read_stats(prefix)
    ramp = json.loads(ramp_file.read_text(encoding="utf-8")) if ramp_file.exists() else []
    ramp_total = next((s for s in ramp if s["name"] == "Aggregated"), {"failures": 0})
    errors_5xx = server_errors(access_log)
    recount = ct05("recount", "--check", env=env, capture=True)
    total = next(s for s in stats if s["name"] == "Aggregated")
    summary = {
        "machine": machine(env),
        "members": args.members,
        "users": args.users,
        "seconds": args.seconds,
        "rps": total["rps"],
        "requests": total["requests"],
        "errors": total["failures"] + ramp_total["failures"],
        "server_5xx": errors_5xx,
        "spawn_rate": args.spawn_rate,
        "workers": args.workers,
        "threads": args.threads,
        "load_average": load.text(),
        "uptime_after": load_after,
        "cpu_web_s": load.cpu_seconds("web"),
        "cpu_database_s": load.cpu_seconds("database"),
        "recount_clean": recount.returncode == 0,
        "reference_loop_ms": [loop_before, loop_after],
        "stats": stats,
        "ramp": ramp,
    }
    cpu_ms = (summary["cpu_web_s"] + summary["cpu_database_s"]) * 1000
    per_request = f"{cpu_ms / total['requests']:.0f} ms" if total["requests"] else "–"
    summary["cpu_ms_per_request"] = cpu_ms / total["requests"] if total["requests"] else None
    workers = args.workers or int(env.get("CT05_WEB_WORKERS") or (os.cpu_count() or 1) + 1)
    threads = args.threads or int(env.get("CT05_WEB_THREADS") or 4)
    served = f"{workers} workers x {threads} threads, cache and sessions in {cache}"
    summary["cache"] = cache
    block = [
        f"`make load` ({summary['machine']}; `ct05 serve` {served}): {args.users} users over "
        f"{args.members:,} members, come in at {args.spawn_rate:g} a second, then "
        f"{args.seconds} s of steady state: {total['requests']} requests, "
        f"**{total['rps']:.1f} requests/s**, **{summary['errors']} errors** in all "
        f"({errors_5xx} answers 5xx in the access log); `ct05 recount --check` after: "
        f"**{'clean' if summary['recount_clean'] else 'DRIFT'}**. Load average through the "
        f"steady state {summary['load_average']}; `uptime` at its end: {load_after}. "
        f"CPU in the steady state: web server {summary['cpu_web_s']:.1f} s, database "
        f"{summary['cpu_database_s']:.1f} s, {per_request} per request. The host's speed: a "
        f"reference loop of plain Python took {loop_before:.0f} ms before the run and "
        f"{loop_after:.0f} ms after it (`loadtest.run.reference_loop`; lower is faster).",
        "",
        "Steady state (all users in, each logged in once):",
        "",
        *table(stats),
        "",
        f"While the users came in ({ramp_seconds:.0f} s; each logs in once):",
        "",
        *table(ramp),
    ]
    print("\n".join(block))
    if recount.returncode:
        print(recount.stdout, recount.stderr)
    if args.write_docs:
        write_docs(args.write_docs, block)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0 if total["failures"] == 0 and errors_5xx == 0 and summary["recount_clean"] else 1


if __name__ == "__main__":
    sys.exit(main())
