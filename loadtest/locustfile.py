"""The load test's users (locust): members, secretaries, officers and API clients.

Each simulated user logs in once with its own account (``ct05 loadusers`` made them; the JSON
file is named by CT05_LOAD_USERS), keeps its session, and sends the CSRF token from the cookie.
Requests are named by kind, so the figures come out per kind.

The users are ramped in (locust's ``--spawn-rate``) and the run's own figures are reset once
they all run (``--reset-stats``): those are the steady state. What happened while they came in
(the logins above all) is kept apart in a second table, written as JSON to the file that
CT05_LOAD_RAMP names, so no request of the run goes unreported.
"""

from __future__ import annotations

import itertools
import json
import os
import pathlib
import random
import urllib.parse

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.stats import RequestStats

DATA = json.loads(pathlib.Path(os.environ["CT05_LOAD_USERS"]).read_text(encoding="utf-8"))
KINDS = ("members", "secretaries", "officers", "api")
_next = {kind: itertools.count() for kind in KINDS}
_day = itertools.count()

# The requests sent while the users are still coming in (their logins): reported apart.
ramp = RequestStats()
_ramping = [True]


@events.request.add_listener
def _during_ramp(request_type, name, response_time, response_length, exception=None, **_):
    if _ramping[0]:
        ramp.log_request(request_type, name, response_time, response_length)
        if exception:
            ramp.log_error(request_type, name, exception)


@events.spawning_complete.add_listener
def _ramp_done(user_count, **_):
    _ramping[0] = False


@events.quitting.add_listener
def _write_ramp(environment, **_):
    path = os.environ.get("CT05_LOAD_RAMP")
    if not path:
        return
    rows = []
    for entry in [*ramp.entries.values(), ramp.total]:
        if not entry.num_requests:
            continue
        rows.append(
            {
                "name": entry.name,
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "rps": entry.total_rps,
                "p50": entry.get_response_time_percentile(0.5) or 0,
                "p95": entry.get_response_time_percentile(0.95) or 0,
                "p99": entry.get_response_time_percentile(0.99) or 0,
                "max": entry.max_response_time or 0,
            }
        )
    rows.sort(key=lambda row: (row["name"] == "Aggregated", row["name"]))
    pathlib.Path(path).write_text(json.dumps(rows), encoding="utf-8")


_days: dict[str, object] = {}


def _free_days(secretary: dict):
    """The secretary's free days, shared by every simulated user who logs in as it."""
    return _days.setdefault(secretary["username"], iter(secretary["free_days"]))


def _pick(kind: str):
    rows = DATA[kind]
    return rows[next(_next[kind]) % len(rows)]


def _form(data: dict) -> dict:
    """A form's fields as the body of a POST, with its content type."""
    return {
        "data": urllib.parse.urlencode(data),
        "headers": {"Content-Type": "application/x-www-form-urlencoded"},
    }


class Browser(FastHttpUser):
    """A browser's session (locust's ``FastHttpUser``: geventhttpclient, a fraction of the CPU of
    ``requests`` per request, which the load generator takes from the server it measures on a
    machine of two cores)."""

    abstract = True
    wait_time = between(1, 3)

    def login(self, username: str) -> None:
        self.client.get("/login/", name="login form")
        form = _form(
            {
                "username": username,
                "password": DATA["password"],
                "csrfmiddlewaretoken": self.cookie("csrftoken"),
            }
        )
        with self.client.post(
            "/login/",
            data=form["data"],
            headers=form["headers"],
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {username}: {response.status_code}, not a redirect")

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.client.cookiejar if c.name == name), "")

    def post(self, url: str, data: dict, name: str):
        """A write: saved is a redirect; a page answered again (the form with its errors) is a
        failure, though HTTP calls it 200."""
        form = _form({"csrfmiddlewaretoken": self.cookie("csrftoken"), **data})
        with self.client.post(
            url,
            data=form["data"],
            name=name,
            headers={**form["headers"], "Referer": self.host + url},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{name}: {response.status_code}, not saved")


class Member(Browser):
    weight = 50

    def on_start(self):
        self.me = _pick("members")
        self.login(self.me["username"])

    @task(3)
    def my_year(self):
        self.client.get("/commitments/mine/", name="member: my year")

    @task(1)
    def progress_note(self):
        if not self.me["deeds"]:
            return
        deed = random.choice(self.me["deeds"])
        self.post(
            f"/commitments/{self.me['commitment']}/progress/",
            {"deed": deed, "date": "2026-06-15", "text": "Tiến độ: đã làm thêm một phần việc."},
            name="member: add progress note",
        )


class Secretary(Browser):
    weight = 25

    def on_start(self):
        self.me = _pick("secretaries")
        self.login(self.me["username"])

    @task(2)
    def commitments(self):
        self.client.get(
            f"/commitments/?organization={self.me['cell']}", name="secretary: commitments"
        )

    @task(1)
    def review(self):
        if not self.me["review"]:
            return
        pk = random.choice(self.me["review"])
        self.client.get(f"/commitments/{pk}/", name="secretary: open commitment")
        self.post(
            f"/commitments/{pk}/review/",
            {"decision": "approve", "note": ""},
            name="secretary: review commitment",
        )

    @task(1)
    def record_meeting(self):
        # A day on which the cell holds no thematic meeting yet (``ct05 loadusers`` found them).
        day = next(_free_days(self.me), None)
        if day is None:
            return
        self.client.get(
            f"/meetings/new/?organization={self.me['cell']}", name="secretary: meeting form"
        )
        n = next(_day)
        self.post(
            "/meetings/new/",
            {
                "organization": self.me["cell"],
                "date": day,
                "kind": "thematic",
                "subject": f"Sinh hoạt chuyên đề {n}",
                "directive05": "on",
            },
            name="secretary: record meeting",
        )


class Officer(Browser):
    weight = 10

    def on_start(self):
        self.login(_pick("officers"))

    @task(2)
    def report(self):
        self.client.get(
            f"/reports/directive05/?organization={DATA['root']}&year={DATA['year']}",
            name="officer: report",
        )

    @task(1)
    def workbook(self):
        self.client.get(
            f"/reports/directive05.xlsx?organization={DATA['root']}&year={DATA['year']}",
            name="officer: workbook",
        )


class ApiClient(FastHttpUser):
    weight = 15
    wait_time = between(1, 3)

    def on_start(self):
        self.key = {"Authorization": f"Token {_pick('api')['token']}"}
        # The pages there are: a page past the last one is DRF's 404 ("Invalid page"), which a
        # small province (CI's) reaches within 20 pages.
        first = self.client.get(
            f"/api/people/?organization={DATA['root']}", headers=self.key, name="api: people"
        ).json()
        size = max(1, len(first.get("results", [])))
        self.pages = max(1, min(20, -(-first.get("count", 0) // size)))

    @task
    def people(self):
        page = random.randint(1, self.pages)
        self.client.get(
            f"/api/people/?organization={DATA['root']}&page={page}",
            headers=self.key,
            name="api: people",
        )
