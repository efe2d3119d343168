"""Reads shared by the pages, the reminders and the reports: meetings against the norms."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from ct05.core.models import active_on
from ct05.organizations.models import CELL_KINDS, Organization, setting_resolver
from ct05.people.models import Person

from .models import UNEXCUSED, Meeting, MeetingAttendance, MeetingKind
from .services import expected_between


@dataclass
class CellProgress:
    organization: Organization
    regular: int
    thematic: int
    regular_norm: int
    thematic_norm: int
    regular_expected: int
    thematic_expected: int

    @property
    def behind(self) -> bool:
        return self.regular < self.regular_expected or self.thematic < self.thematic_expected


# The most cells whose progress a page works out at once (a province has a few thousand; the
# nation 220,000): above it, the page asks for an organization to narrow to.
CELLS_AT_ONCE = 10_000


def too_many_cells(organizations, day: datetime.date) -> bool:
    """Whether ``organizations`` hold more cells existing on ``day`` than ``CELLS_AT_ONCE`` (at
    most that many ids read)."""
    cells = organizations.filter(kind__in=CELL_KINDS).filter(active_on(day))
    return len(cells.values_list("pk", flat=True)[: CELLS_AT_ONCE + 1]) > CELLS_AT_ONCE


def cell_progress(cells, day: datetime.date) -> list[CellProgress]:
    """Each cell's meetings in ``day``'s year so far, against its norms (constant queries)."""
    in_scope = cells.filter(kind__in=CELL_KINDS).filter(active_on(day))
    cells = list(in_scope.order_by("path"))
    if not cells:
        return []
    # The few organizations that set a norm (a province has thousands that do not).
    norms = {
        row["path"]: row
        for row in Organization.objects.filter(
            Q(regular_meetings_norm__isnull=False) | Q(thematic_meetings_norm__isnull=False)
        ).values("path", "regular_meetings_norm", "thematic_meetings_norm")
    }
    counts = {
        row["organization_id"]: row
        for row in Meeting.objects.filter(
            organization__in=in_scope.values("pk"), date__year=day.year, date__lte=day
        )
        .values("organization_id")
        .annotate(
            regular=Count("pk", filter=Q(kind=MeetingKind.REGULAR)),
            thematic=Count("pk", filter=Q(kind=MeetingKind.THEMATIC)),
        )
    }
    regular = setting_resolver(
        {p: r["regular_meetings_norm"] for p, r in norms.items()}, "regular_meetings_norm"
    )
    thematic = setting_resolver(
        {p: r["thematic_meetings_norm"] for p, r in norms.items()}, "thematic_meetings_norm"
    )
    result = []
    for cell in cells:
        regular_norm, thematic_norm = regular(cell.path), thematic(cell.path)
        regular_expected, thematic_expected = expected_between(
            max(cell.valid_from, datetime.date(day.year, 1, 1)),
            min(day, cell.valid_to) if cell.valid_to else day,
            regular_norm,
            thematic_norm,
        )
        row = counts.get(cell.pk, {})
        result.append(
            CellProgress(
                cell,
                row.get("regular", 0),
                row.get("thematic", 0),
                regular_norm,
                thematic_norm,
                regular_expected,
                thematic_expected,
            )
        )
    return result


def cells_behind(cells, day: datetime.date) -> list[CellProgress]:
    return [p for p in cell_progress(cells, day) if p.behind]


# Party Charter, art. 8: a member who misses meetings three times in a year without good reason
# is considered for removal; the cell's secretary and the committee above must see it coming.
ABSENCE_LIMIT = 3


def unexcused_regular_absences(year: int, last_year: int | None = None):
    """Attendance rows of the regular meetings of ``year`` (to ``last_year``) where the member
    was absent, not exempt, and gave no reason (the report narrows them to its subtree)."""
    return MeetingAttendance.objects.filter(
        UNEXCUSED,
        meeting__kind=MeetingKind.REGULAR,
        meeting__date__gte=datetime.date(year, 1, 1),
        meeting__date__lte=datetime.date(last_year or year, 12, 31),
    )


@dataclass
class UnexcusedAbsences:
    person: Person
    organization: Organization
    dates: list[datetime.date]

    @property
    def count(self) -> int:
        return len(self.dates)


def members_absent_unexcused(cells, year: int) -> list[UnexcusedAbsences]:
    """Members absent without reason from at least ``ABSENCE_LIMIT`` regular meetings of one of
    ``cells`` in ``year``, with the dates, in the tree's and the Vietnamese order (3 queries)."""
    rows = (
        unexcused_regular_absences(year)
        .filter(meeting__organization__in=cells.values("pk"))
        .order_by("meeting__date")
        .values_list("person_id", "meeting__organization_id", "meeting__date")
    )
    dates: dict[tuple[int, int], list[datetime.date]] = {}
    for person_id, organization_id, date in rows:
        dates.setdefault((person_id, organization_id), []).append(date)
    flagged = {key: days for key, days in dates.items() if len(days) >= ABSENCE_LIMIT}
    people = Person.objects.in_bulk({p for p, _o in flagged})
    organizations = Organization.objects.in_bulk({o for _p, o in flagged})
    result = [
        UnexcusedAbsences(people[p], organizations[o], days) for (p, o), days in flagged.items()
    ]
    result.sort(key=lambda a: (a.organization.path, a.person.sort_key, a.person.pk))
    return result
