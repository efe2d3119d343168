"""No query string and no form makes a 500: every page and every API address of the demo
province, with hostile values in every parameter the view reads, for every demo role.

Which parameters a view reads is found by asking it: a first request records every name looked
up in ``request.GET`` and ``request.POST`` (a bound form reads all its fields), and a fixed list
of the names the pages use covers the ones read only on some branch. Each name then gets each
hostile value alone (the roles taking turns), and once all together.
"""

from __future__ import annotations

import datetime
import re
import sys
from contextlib import contextmanager

import pytest
from django.core.files.base import ContentFile
from django.core.signals import got_request_exception
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.http import urlencode

from ct05.accounts.models import RoleAssignment, User
from ct05.activities.models import Activity
from ct05.commitments.models import Commitment
from ct05.dialogues.models import Dialogue, Petition
from ct05.documents.models import FiledReport
from ct05.imports.kinds.base import REGISTRY
from ct05.imports.models import ImportJob
from ct05.imports.writing import workbook_for
from ct05.indicators.models import RuralCriteriaResult, Target
from ct05.inspections.models import Inspection
from ct05.meetings.models import Meeting
from ct05.notifications.models import Notification
from ct05.organizations.models import Organization
from ct05.people.models import Person
from ct05.plans.models import CollectivePlan, EthicsCode
from ct05.ratings.models import Rating
from ct05.recognition.models import Award, Exemplar
from ct05.reorganizations.models import Reorganization
from ct05.study.models import Reflection, StudySession, Topic
from ct05.tasks.models import Task, TaskAssessment, Term

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "١٢", str(2**63), "-1", "", "x" * 10_000, "1\x00"]
ROLES = ["admin", "tuyengiao", "bithu1", "dangvien1", "lanhdao", None]  # None: anonymous
KNOWN = [
    "organization", "under", "person", "year", "quarter", "deed", "deed_id", "deed_title",
    "deed_description", "kind", "status", "q", "page", "session", "meeting", "topic", "date",
    "month", "next", "attendee", "present", "absence_reason", "level", "decision", "note",
    "text", "pledge", "minutes", "subject_organization", "dissolved", "ethnic_group",
    "exempt", "dues_collected", "dues_amount", "next_month_tasks",
    "category", "organizations", "term", "deadline", "period_kind", "period", "progress",
    "remediation", "issue", "inspecting_body", "overdue",
    "programme", "village", "cadre_turns", "resident_turns", "holder_kind", "recipient_kind",
    "form", "issuer", "type", "source", "dialogue", "assigned_organization",
    "direction", "target", "actual", "met", "response", "closed_on", "caption", "file",
    "output_road_repaired_km", "registered_on", "decision_date", "received_on",
    "action", "number", "issued_on", "signer_name", "accept_flagged", "text-commitments.0",
    "tree", "effective", "sources", "name", "new_name", "new_kind", "new_parent",
    "parts", "target-1", "name-1", "kind-1", "parent-1", "target-2", "name-2",
    "from_year", "to_year", "from", "to",
]  # fmt: skip
REFUSED = (401, 403, 404, 405)
SKIPPED = ("admin/", "i18n/", "static/")
# The word before a path's id names the kind of record it is.
RECORDS = {
    "history": Commitment,  # /history/<label>/<pk>/ with the label below
    "organizations": Organization,
    "people": Person,
    "commitments": Commitment,
    "ratings": Rating,
    "meetings": Meeting,
    "study": StudySession,
    "study-sessions": StudySession,
    "reflections": Reflection,
    "topics": Topic,
    "notifications": Notification,
    "plans": CollectivePlan,
    "ethics-codes": EthicsCode,
    "terms": Term,
    "tasks": Task,
    "task-assessments": TaskAssessment,
    "inspections": Inspection,
    "activities": Activity,
    "evidence": Activity,  # evidence/<register>/<id>/<kind>/: any id, the register is checked
    "models": Exemplar,
    "awards": Award,
    "dialogues": Dialogue,
    "petitions": Petition,
    "indicators": Target,
    "rural-criteria": RuralCriteriaResult,
    "imports": ImportJob,
    "filed": FiledReport,
    "reorganizations": Reorganization,
}
# Placeholders that name a kind of workbook rather than a record.
SLUGS = {"kind": "people", "label": "commitments.commitment"}


def walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if route.startswith(SKIPPED):
            continue
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "format" not in route:
            yield route


ROUTES = sorted(set(walk(get_resolver().url_patterns)))
ID = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def fill(route: str, pk) -> str:
    def value(match):
        return SLUGS.get(match.group(1) or match.group(2), str(pk))

    return "/" + ID.sub(value, route).replace("\\.", ".")


def names_records(route: str) -> bool:
    return any((a or b) not in SLUGS for a, b in ID.findall(route))


def record_for(route: str):
    """A record of the route's kind that the province's roles may see, bithu1's if any."""
    before = ID.split(route)[0].rstrip("/").rsplit("/", 1)[-1]
    model = RECORDS[before]
    bithu1 = User.objects.get(username="bithu1")
    if model is Notification:
        return Notification.objects.create(user=bithu1, key="hostile", title="Thông báo thử")
    if model is Term:  # a reference list, the same for everyone
        return Term.objects.order_by("pk").first()
    if model is ImportJob:
        return ImportJob.objects.create(user=bithu1, file=hostile_workbook(), filename="p.xlsx")
    if model is Reorganization and not Reorganization.objects.visible_to(bithu1).exists():
        # The demo's reorganizations (Yên Bái's, merged into the province) are above bithu1.
        cell = RoleAssignment.objects.filter(user=bithu1).first().organization
        return Reorganization.objects.create(
            kind="rename", effective=datetime.date(2025, 7, 1), organization=cell
        )
    visible = model.objects.visible_to(User.objects.get(username="tuyengiao")).order_by("pk")
    return model.objects.visible_to(bithu1).order_by("pk").first() or visible.first()


def hostile_workbook() -> ContentFile:
    return ContentFile(workbook_for(REGISTRY["people"]), name="p.xlsx")


def is_login(response) -> bool:
    return response.status_code == 302 and response.url.startswith("/login/")


@contextmanager
def names_read():
    """Every name a view looks up in a ``QueryDict`` (``request.GET``, ``request.POST``)."""
    seen: set[str] = set()
    originals = {
        m: getattr(QueryDict, m) for m in ("__getitem__", "get", "getlist", "__contains__")
    }

    def recording(method):
        def wrapper(self, key, *args, **kwargs):
            seen.add(key)
            return originals[method](self, key, *args, **kwargs)

        return wrapper

    for method in originals:
        setattr(QueryDict, method, recording(method))
    try:
        yield seen
    finally:
        for method, original in originals.items():
            setattr(QueryDict, method, original)


@pytest.fixture(scope="module")
def clients(demo, django_db_blocker):
    with django_db_blocker.unblock():
        result = {}
        for role in ROLES:
            client = Client(raise_request_exception=False)
            if role:
                client.force_login(User.objects.get(username=role))
            result[role] = client
        return result


@pytest.mark.parametrize("route", ROUTES)
def test_hostile_parameters_are_never_a_500(demo, clients, route):
    failures = []

    def remember(sender, request, **kwargs):
        failures.append(f"{request.method} {request.get_full_path()[:80]}: {sys.exc_info()[1]!r}")

    def check(response, what):
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {what}")

    got_request_exception.connect(remember)
    try:
        urls = [fill(route, "")]
        if names_records(route):
            record = record_for(route)
            assert record is not None, f"the demo has no record for {route}"
            urls = [fill(route, record.pk), fill(route, 0), fill(route, 2**63)]
        url = urls[0]
        # The roles the page serves take turns with each name; the others get every name at once.
        # A name read while answering a GET is sent by GET; one read while answering a POST
        # (from the form or the query string) is sent by POST, in both.
        served = []
        read = {"GET": set(), "POST": set()}
        with names_read() as seen:
            for role, client in clients.items():
                answers = []
                for method in read:
                    answers.append(getattr(client, method.lower())(url, {"probe": "1"}))
                    read[method] |= seen - {"probe", "csrfmiddlewaretoken"}
                    seen.clear()
                if any(r.status_code not in REFUSED and not is_login(r) for r in answers):
                    served.append(role)
        names = sorted(read["GET"] | read["POST"])
        served = served or ROLES
        turn = 0
        for value in HOSTILE:
            for name in names:
                role = served[turn % len(served)]
                turn += 1
                if name in read["GET"]:
                    what = f"GET {role} {name}={value[:20]!r}"
                    check(clients[role].get(url, {name: value}), what)
                if name in read["POST"]:
                    query = urlencode({name: value[:100]})
                    what = f"POST {role} {name}={value[:20]!r}"
                    check(clients[role].post(f"{url}?{query}", {name: value}), what)
            # Every name at once, and the names only some branches read.
            everything = dict.fromkeys({*names, *KNOWN}, value)
            role = ROLES[HOSTILE.index(value) % len(ROLES)]
            for other in urls:
                check(
                    clients[role].get(other, everything), f"GET {role} {other} all={value[:20]!r}"
                )
                check(
                    clients[role].post(other, everything), f"POST {role} {other} all={value[:20]!r}"
                )
    finally:
        got_request_exception.disconnect(remember)
    assert not failures, "\n".join(failures[:20])
