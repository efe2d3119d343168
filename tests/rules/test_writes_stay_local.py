"""A save recounts one organization's year, never a subtree (issue 17: writes stay cheap).

The same save takes the same number of queries in a small tree and in one grown with more
communes, cells, members and records: nothing a cell secretary saves reads the rest of the
province (or the nation).
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ct05.commitments.services import create_commitment
from ct05.meetings.services import record_meeting
from ct05.organizations.models import OrganizationKind as K
from ct05.people.services import transfer_person
from ct05.study.services import record_session
from tests.factories import OrganizationFactory, PersonFactory

YEAR = timezone.localdate().year
DAY = datetime.date(YEAR, 1, 10)
DEEDS = [{"title": "Việc 1"}, {"title": "Việc 2"}, {"title": "Việc 3"}]


def _grow(world, communes: int):
    """More of the province, with the records every save recounts from."""
    for i in range(communes):
        commune = OrganizationFactory(
            name=f"Xã {i}", kind=K.GRASSROOTS_COMMITTEE, parent=world.province
        )
        for _ in range(2):
            cell = OrganizationFactory(parent=commune)
            people = [PersonFactory(organization=cell) for _ in range(3)]
            for person in people:
                create_commitment(user=world.admin, person=person, year=YEAR, deeds=DEEDS)
            attendance = [{"person": p.pk} for p in people]
            record_meeting(
                user=world.admin, organization=cell, date=DAY, kind="regular", attendance=attendance
            )
            record_session(
                user=world.admin, organization=cell, date=DAY, kind="study", attendance=attendance
            )


def _saves(world, round_: int) -> dict[str, int]:
    """The queries of each save a secretary makes, on a new person and a new day each round."""
    person = PersonFactory(organization=world.cell_a1)
    day = DAY + datetime.timedelta(days=round_ * 7)
    people = [{"person": p.pk} for p in world.people_a1]
    saves = {
        "commitment": lambda: create_commitment(
            user=world.bithu1, person=person, year=YEAR, deeds=DEEDS
        ),
        "meeting": lambda: record_meeting(
            user=world.bithu1,
            organization=world.cell_a1,
            date=day,
            kind="regular",
            attendance=people,
        ),
        "study session": lambda: record_session(
            user=world.bithu1,
            organization=world.cell_a1,
            date=day,
            kind="study",
            attendance=people,
        ),
        "transfer": lambda: transfer_person(
            person=person, to=world.cell_a2, day=day + datetime.timedelta(days=1)
        ),
    }
    counts = {}
    for name, save in saves.items():
        with CaptureQueriesContext(connection) as queries:
            save()
        counts[name] = len(queries.captured_queries)
    return counts


def test_a_save_takes_as_many_queries_in_a_grown_province(world):
    _saves(world, 0)  # the secretary's roles, read once and remembered
    small = _saves(world, 1)
    _grow(world, communes=4)
    large = _saves(world, 2)
    assert large == small
