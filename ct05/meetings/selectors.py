"""Reads shared by the pages, the reminders and the reports: meetings against the norms."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from ct05.core.models import active_on
from ct05.organizations.models import CELL_KINDS, Organization, setting_resolver

from .models import Meeting, MeetingKind
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
