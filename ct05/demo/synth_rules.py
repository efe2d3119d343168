"""The synthetic province's share of the rules of issue 9: members absent without reason.

``ct05 synth`` leaves meeting attendance lists out (the report does not read them and they
would outgrow every other table); the Charter's art. 8 figure needs the absences, so about one
member in 250 gets three unexcused absence rows at last year's regular meetings of their cell.
Bulk-loaded, like the rest of the synthetic province; deterministic for a seed.
"""

from __future__ import annotations

import random

from ct05.meetings.models import Meeting, MeetingAttendance, MeetingKind
from ct05.organizations.models import Organization
from ct05.people.models import Membership

SHARE = 1 / 250


def add_unexcused_absences(root: Organization, *, seed: int, year: int, batch: int = 5000) -> int:
    """Three unexcused absences in ``year`` for a few members of the subtree; returns how many
    members were given them."""
    rng = random.Random(f"absences:{seed}:{year}")
    regular: dict[int, list] = {}
    for meeting in (
        Meeting.objects.filter(
            organization__path__startswith=root.path, kind=MeetingKind.REGULAR, date__year=year
        )
        .order_by("organization_id", "date")
        .only("pk", "organization_id", "date")
    ):
        regular.setdefault(meeting.organization_id, []).append(meeting)
    rows, flagged = [], 0
    memberships = (
        Membership.objects.filter(organization_id__in=list(regular))
        .order_by("organization_id", "person_id")
        .values_list("organization_id", "person_id", "valid_from", "valid_to")
    )
    for organization_id, person_id, valid_from, valid_to in memberships:
        if rng.random() >= SHARE:
            continue
        held = [
            m
            for m in regular[organization_id]
            if valid_from <= m.date and (valid_to is None or valid_to >= m.date)
        ]
        if len(held) < 3:
            continue
        for meeting in rng.sample(held, 3):
            rows.append(MeetingAttendance(meeting=meeting, person_id=person_id, present=False))
        flagged += 1
    MeetingAttendance.objects.bulk_create(rows, batch_size=batch)
    return flagged
