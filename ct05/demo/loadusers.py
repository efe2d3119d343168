"""Logins for the load test over a synthetic province (``ct05 loadusers``).

The synthetic province has no logins. This makes, idempotently, ``load-officer-<i>``
(propaganda officers of the province), ``load-secretary-<i>`` (secretaries of one cell each),
``load-member-<i>`` (members with this year's commitment, linked to their person) and
``load-api-<i>`` (API clients with a key; province-wide viewers), all with one password meant for
the load test only, and returns what the locust file needs to know.

A cell holds one thematic meeting a day, and the load test's secretaries record thematic
meetings: each secretary gets the days of this year, up to today and since its cell began, on
which its cell has none yet, so a run's meetings are real writes and not answers that the
meeting was recorded before (which a second run on the same database would otherwise get).
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from ct05.accounts.models import RoleAssignment, User
from ct05.commitments.models import Commitment
from ct05.core.years import this_year
from ct05.meetings.models import Meeting, MeetingKind
from ct05.organizations.models import Organization, OrganizationKind
from ct05.people.models import Membership

CELLS = (OrganizationKind.CELL, OrganizationKind.GRASSROOTS_CELL)
FREE_DAYS = 60  # free days handed to each secretary: more than a run of minutes records


def _free_days(cell: Organization, year: int, seed: int) -> list[str]:
    """Up to FREE_DAYS days (dd/mm/yyyy, shuffled) this year on which the cell holds no
    thematic meeting yet, between the day it began and today."""
    today = timezone.localdate()
    first = max(datetime.date(year, 1, 1), cell.valid_from)
    taken = set(
        Meeting.objects.filter(
            organization=cell, kind=MeetingKind.THEMATIC, date__year=year
        ).values_list("date", flat=True)
    )
    days = [
        day
        for day in (first + datetime.timedelta(n) for n in range((today - first).days + 1))
        if day not in taken
    ]
    random.Random(seed).shuffle(days)
    return [day.strftime("%d/%m/%Y") for day in days[:FREE_DAYS]]


def _user(username: str, password_hash: str, role: str, organization, person=None) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"password": password_hash, "person": person}
    )
    if not created:
        User.objects.filter(pk=user.pk).update(password=password_hash)
    RoleAssignment.objects.get_or_create(user=user, organization=organization, role=role)
    return user


@transaction.atomic
def make_load_users(root: Organization, *, count: int, password: str) -> dict:
    password_hash = make_password(password)  # once: hashing is slow on purpose
    year = this_year()
    cells = list(
        Organization.objects.filter(path__startswith=root.path, kind__in=CELLS)
        .order_by("path")
        .only("pk", "valid_from")[: count * 7 : 7]
    )
    members = []
    taken = set(User.objects.exclude(person=None).values_list("person_id", flat=True))
    commitments = (
        Commitment.objects.filter(organization__path__startswith=root.path, year=year)
        .exclude(
            person_id__in=taken
            - set(
                User.objects.filter(username__startswith="load-member-").values_list(
                    "person_id", flat=True
                )
            )
        )
        .order_by("pk")
        .select_related("person")
    )
    for i, commitment in enumerate(commitments[: count * 13 : 13][:count]):
        username = f"load-member-{i}"
        existing = User.objects.filter(username=username).first()
        if existing is not None and existing.person_id != commitment.person_id:
            existing.person = None
            existing.save(update_fields=["person"])
        user = _user(username, password_hash, "member", commitment.organization, commitment.person)
        if user.person_id != commitment.person_id:
            user.person = commitment.person
            user.save(update_fields=["person"])
        members.append(
            {
                "username": username,
                "commitment": commitment.pk,
                "deeds": list(commitment.deeds.order_by("pk").values_list("pk", flat=True)),
            }
        )
    secretaries = []
    for i, cell in enumerate(cells):
        _user(f"load-secretary-{i}", password_hash, "secretary", cell)
        member_of = Membership.objects.filter(organization=cell).values_list("person_id", flat=True)
        to_review = list(
            Commitment.objects.filter(organization=cell, year=year, person_id__in=member_of)
            .order_by("pk")
            .values_list("pk", flat=True)[:5]
        )
        secretaries.append(
            {
                "username": f"load-secretary-{i}",
                "cell": cell.pk,
                "review": to_review,
                "free_days": _free_days(cell, year, seed=i),
            }
        )
    officers = []
    for i in range(count):
        officers.append(_user(f"load-officer-{i}", password_hash, "propaganda", root).username)
    api = []
    for i in range(count):
        user = _user(f"load-api-{i}", password_hash, "viewer", root)
        api.append(
            {"username": user.username, "token": Token.objects.get_or_create(user=user)[0].key}
        )
    return {
        "root": root.pk,
        "year": year,
        "password": password,
        "members": members,
        "secretaries": secretaries,
        "officers": officers,
        "api": api,
    }
