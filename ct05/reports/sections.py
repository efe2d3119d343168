"""Report sections: each is one function from a :class:`ReportScope` to figures.

A section returns ``{"total": {...}, "<child path>": {...}, ...}`` so the renderers can show the
whole subtree and a row per child organization. No renderer computes a figure.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from functools import lru_cache

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear, Greatest, Least
from django.utils import timezone

from ct05.commitments.models import Commitment
from ct05.core.models import active_on
from ct05.inspections.models import Finding, Inspection, Remediation, RemediationStatus
from ct05.meetings.models import Meeting, MeetingKind
from ct05.meetings.selectors import ABSENCE_LIMIT, unexcused_regular_absences
from ct05.meetings.services import expected_between
from ct05.organizations.models import CELL_KINDS, Organization
from ct05.people.models import Membership
from ct05.plans.models import EthicsCode
from ct05.ratings.models import Level, PeriodKind, RatingStatus
from ct05.study.models import Reflection, SessionAttendance, StudySession
from ct05.study.services import topic_titles
from ct05.tasks.models import Category, Task, TaskStatus

from .community import COMMUNITY_SECTIONS
from .models import (
    CellMeetingTally,
    CommitmentTally,
    EthicsCodeTally,
    MeetingTally,
    MembershipTally,
    PlanTally,
    RatingTally,
    StudiedTally,
    StudyTally,
    TaskTally,
)
from .scope import NORMS, ReportScope, Totals


def percent(part: int, whole: int) -> float | None:
    return None if not whole else round(part * 100 / whole, 1)


def _people_by_bucket(scope: ReportScope) -> tuple[dict[str, int], int]:
    """People who are members on the report's day, per child and in all (computed once).

    A membership ends the day before the next one starts (``transfer_person``), so a person
    has one membership on a day and counting memberships counts each person once, in one place.
    The members at the end of each year come from the membership tallies (a few rows per
    organization and year); on an earlier day (the period's end within its last year, or today
    while it runs) the memberships that begin or end between that day and the year's end are
    put right, a handful read by their dates. Also kept: the member-years of the period
    (``_member_years``), from the same rows.
    """
    if "people" not in scope.cache:
        result: dict[str, int] = {}
        per_year: dict[str, dict[int, int]] = {}
        for row in scope.tally(MembershipTally, {"year__lte": scope.year}):
            row["n"] = row["starts"] - row["ends"]
            bucket = scope.bucket_of_path(row["bucket"])
            result[bucket] = result.get(bucket, 0) + (row["n"] or 0)
            years = per_year.setdefault(bucket, {})
            years[row["year"]] = years.get(row["year"], 0) + (row["n"] or 0)
        for row in _changing(scope):
            bucket = scope.bucket_of_path(row["bucket"])
            result[bucket] = result.get(bucket, 0) + (1 if row["on_day"] else -1)
        # Members at the end of each earlier year of the period, then those on the day.
        earlier = scope.years[:-1]
        member_years = dict(result)
        for bucket, years in per_year.items():
            running, counted = 0, 0
            for year in range(min(years), scope.year):
                running += years.get(year, 0)
                if year in earlier:
                    counted += running
            if counted:
                member_years[bucket] = member_years.get(bucket, 0) + counted
        scope.cache["member_years"] = member_years
        scope.cache["people"] = result, sum(result.values())
    return scope.cache["people"]


def _member_years(scope: ReportScope) -> dict[str, int]:
    """Members counted once for every year of the period: at the end of each earlier year and
    on the report's day for the last. The whole a yearly record's share is taken of (a member
    writes a commitment and is rated every year); for one year, the members on the day."""
    _people_by_bucket(scope)
    return scope.cache["member_years"]


def _changing_after(scope: ReportScope) -> tuple[Q, Q]:
    """Memberships that count on the report's day but not at its year's end, and the reverse
    (those that begin or end between the two days: a handful)."""
    day, end = scope.day, scope.year_end
    only_on_day = Q(valid_from__lte=day, valid_to__gte=day, valid_to__lt=end)
    only_at_end = Q(valid_from__gt=day, valid_from__lte=end) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=end)
    )
    return only_on_day, only_at_end


def _attended(scope: ReportScope) -> Exists:
    """Whether a membership's person was present at a session of a yearly topic held in the
    period, anywhere."""
    return Exists(
        SessionAttendance.objects.filter(
            person_id=OuterRef("person_id"),
            present=True,
            session__date__gte=scope.start,
            session__date__lte=scope.end,
            session__topic__isnull=False,
        )
    )


def _changing(scope: ReportScope) -> list[dict]:
    """On a day before the year's end (today, while the year runs), the memberships of the
    subtree that count on that day but not at the year's end (``on_day``) or the reverse: the
    yearly tallies count people where they belong at the year's end, and these put them right.
    Each with its person, its organization's path today, its ``bucket`` in the report's tree
    and whether its person studied in the period (``studied``). One query, read once for the
    members, their commitments and those who studied; none on a year's end."""
    if "changing" not in scope.cache:
        rows = []
        if scope.day < scope.year_end:
            only_on_day, only_at_end = _changing_after(scope)
            rows = list(
                Membership.objects.filter(scope.in_subtree())
                .filter(only_on_day | only_at_end)
                .annotate(
                    bucket=scope.bucket_expression(),
                    on_day=ExpressionWrapper(only_on_day, output_field=BooleanField()),
                    studied=_attended(scope),
                )
                .order_by()
                .values("person_id", "organization__path", "bucket", "on_day", "studied")
            )
        scope.cache["changing"] = rows
    return scope.cache["changing"]


def _commitments_moving_after(scope: ReportScope, figures: Totals) -> None:
    """Put right, on a day before the year's end, the commitments of people who move later.

    A commitment follows its person on a transfer (``commitments.services.follow_transfer``),
    so the tallies hold it where the person belongs at the year's end. On an earlier day (today,
    while the year runs) a person with a transfer dated after it still belongs to the old cell:
    their commitment is taken from where the tally holds it and counted in the cell they belong
    to on the report's day. One query over the commitments of the few people whose membership
    changes between the two days (``_changing``), none if nobody's does.
    """
    moving = _changing(scope)
    if not moving:
        return
    on_day = {row["person_id"]: row["organization__path"] for row in moving if row["on_day"]}
    only_on_day, only_at_end = _changing_after(scope)
    people = Membership.objects.filter(scope.in_subtree()).filter(only_on_day | only_at_end)
    rows = (
        Commitment.objects.filter(
            year=scope.year, person_id__in=people.order_by().values("person_id")
        )
        .order_by()
        .values_list(
            "person_id", "organization__path", "deed_count", "deeds_evaluated", "deeds_achieved"
        )
    )
    minimum = scope.setting_resolver("min_deeds")
    for person_id, path, deed_count, evaluated, achieved in rows:
        counted_at = path if path.startswith(scope.root.path) else None
        belongs_at = on_day.get(person_id)
        if counted_at == belongs_at:
            continue
        for where, sign in ((counted_at, -1), (belongs_at, 1)):
            if where is None:
                continue
            bucket = scope.bucket_of_path(where)
            figures.add(bucket, "committed", sign)
            figures.add(bucket, "deeds_registered", sign * deed_count)
            figures.add(bucket, "deeds_evaluated", sign * evaluated)
            figures.add(bucket, "deeds_achieved", sign * achieved)
            figures.add(bucket, "meeting_minimum", sign * (deed_count >= minimum(where)))


COMMITMENT_FIGURES = [
    "people", "member_years", "committed", "committed_pct", "deeds_registered", "deeds_evaluated",
    "deeds_achieved", "meeting_minimum",
]  # fmt: skip


def commitments(scope: ReportScope) -> dict:
    """Commitments of the period's years (summed: "lượt"), their deeds, and those meeting the
    minimum in force now. Their share is of the member-years (``_member_years``).

    A commitment counts in the organization its person belongs to on the report's day (it
    follows them on a transfer), so no row shows more commitments than members. Read from the
    commitment tallies (one row per organization, year and number of deeds; see
    ``ct05.reports.tallies``), not from every commitment. The minimum is inherited down the
    tree: each row comes with the one in force where it was counted (``ReportScope.tally``).
    """
    people, _total = _people_by_bucket(scope)
    figures = Totals()
    for row in scope.tally(CommitmentTally, {"year__in": scope.years}, settings=["min_deeds"]):
        bucket = scope.bucket_of_path(row["bucket"])
        commitments = row["commitments"]
        figures.add(bucket, "committed", commitments)
        figures.add(bucket, "deeds_registered", commitments * row["deed_count"])
        figures.add(bucket, "deeds_evaluated", row["deeds_evaluated"])
        figures.add(bucket, "deeds_achieved", row["deeds_achieved"])
        if row["deed_count"] >= row["min_deeds"]:
            figures.add(bucket, "meeting_minimum", commitments)
    if scope.day < scope.year_end:
        _commitments_moving_after(scope, figures)

    for bucket, count in people.items():
        figures.add(bucket, "people", count)
    for bucket, count in _member_years(scope).items():
        figures.add(bucket, "member_years", count)

    def finish(values: dict) -> dict:
        values = {n: values.get(n, 0) for n in COMMITMENT_FIGURES}
        values["committed_pct"] = percent(values["committed"], values["member_years"])
        return values

    return by_bucket(scope, figures, COMMITMENT_FIGURES, finish)


LEVELS = [Level.EXCELLENT.value, Level.GOOD.value, Level.COMPLETE.value, Level.NOT_COMPLETE.value]
RATING_FIGURES = [*LEVELS, "unrated"]


def ratings(scope: ReportScope) -> dict:
    """Decided yearly ratings by level, of members and of party organizations, over the years
    of the period (summed); "unrated" is of the member-years and organization-years."""
    people = _member_years(scope)
    members, organizations, by_status = Totals(), Totals(), Totals()
    # One read of the tallies: the decided ratings by level, and the members' by step of the
    # flow, so that before any is decided the report says how far the year's rating has come
    # instead of zeros. Counted where the rating was made.
    rows = scope.tally(
        RatingTally, {"period_kind": PeriodKind.YEAR, "year__in": scope.years, "quarter": 0}
    )
    for row in rows:
        bucket = scope.bucket_of_path(row["bucket"])
        if row["status"] == RatingStatus.DECIDED:
            target = members if row["of_members"] else organizations
            target.add(bucket, row["level"], row["ratings"])
        if row["of_members"]:
            by_status.add(bucket, row["status"], row["ratings"])
    party = scope.party_by_bucket

    def finish(level_counts: dict, population: int) -> dict:
        values = {level: level_counts.get(level, 0) for level in LEVELS}
        values["unrated"] = max(population - sum(values.values()), 0)
        return values

    result = {}
    for bucket in scope.buckets():
        result[bucket] = {
            "members": finish(members.get(bucket, {}), people.get(bucket, 0)),
            "organizations": finish(organizations.get(bucket, {}), party.get(bucket, 0)),
        }
    # The total is the sum of the rows, "unrated" included: a child whose ratings outnumber its
    # members today (people rated there, then transferred out) cannot lower another's.
    result["total"] = {
        group: {
            name: sum(result[bucket][group][name] for bucket in scope.buckets())
            for name in RATING_FIGURES
        }
        for group in ("members", "organizations")
    }
    for bucket in scope.buckets():
        found = by_status.get(bucket, {})
        result[bucket]["members_by_status"] = {
            status: found.get(status, 0) for status in RatingStatus.values
        }
    result["total"]["members_by_status"] = {
        status: sum(result[b]["members_by_status"][status] for b in scope.buckets())
        for status in RatingStatus.values
    }
    return result


STUDY_FIGURES = ["sessions", "attendances", "reflections", "members_studied"]


def _members_studied(scope: ReportScope, figures: Totals) -> None:
    """Members on the report's day who were present at a session of a yearly topic held in the
    period, anywhere (a cell's member at the commune's conference studied: the cell counts them).

    Over one whole year, from the tallies of members who studied (one row per organization and
    year, counted where they belong at the year's end), put right on an earlier day (today, while
    the year runs) for the few whose membership changes between that day and the year's end.
    Over other periods, one query: the memberships on the day, each kept if its person attended
    such a session in the period.
    """

    def add(rows) -> None:
        for row in rows:
            figures.add(scope.bucket_of_path(row["bucket"]), "members_studied", row["n"] or 0)

    if not (scope.period.whole_years and len(scope.years) == 1):
        add(
            Membership.objects.filter(scope.in_subtree(), active_on(scope.day))
            .filter(_attended(scope))
            .annotate(bucket=scope.bucket_expression())
            .order_by()
            .values("bucket")
            .annotate(n=Count("pk"))
        )
        return
    add({**row, "n": row["members"]} for row in scope.tally(StudiedTally, {"year": scope.year}))
    add(
        {"bucket": row["bucket"], "n": 1 if row["on_day"] else -1}
        for row in _changing(scope)
        if row["studied"]
    )


def _study_of_days(scope: ReportScope) -> list[dict]:
    """Rows like the study tallies' over the sessions dated in the period, per bucket."""
    sessions = StudySession.objects.filter(
        scope.in_subtree(), date__gte=scope.start, date__lte=scope.end
    )
    in_period = sessions.order_by().values("pk")
    by_session = scope.bucket_expression("session__organization__path")
    rows: dict[str, dict] = {}

    def add(query, name: str) -> None:
        for row in query.order_by().values("bucket").annotate(n=Count("pk")):
            target = rows.setdefault(
                row["bucket"],
                {"bucket": row["bucket"], "sessions": 0, "attendances": 0, "reflections": 0},
            )
            target[name] += row["n"]

    add(sessions.annotate(bucket=scope.bucket_expression()), "sessions")
    add(
        SessionAttendance.objects.filter(session__in=in_period, present=True).annotate(
            bucket=by_session
        ),
        "attendances",
    )
    present = SessionAttendance.objects.filter(
        session=OuterRef("session"), person=OuterRef("person"), present=True
    )
    add(
        Reflection.objects.filter(Exists(present), session__in=in_period, received=True).annotate(
            bucket=by_session
        ),
        "reflections",
    )
    return list(rows.values())


def study(scope: ReportScope) -> dict:
    """The topic of the period's last year, study sessions held in the period, attendance and
    reflection essays received.

    Over whole years, read from the study tallies (one row per organization that held a session
    in a year); over a quarter or any days, from the sessions dated in the period (three
    grouped queries, as the tallies count them).
    """
    figures = Totals()
    if scope.period.whole_years:
        rows = scope.tally(StudyTally, {"year__in": scope.years})
    else:
        rows = _study_of_days(scope)
    for row in rows:
        bucket = scope.bucket_of_path(row["bucket"])
        for name in ("sessions", "attendances", "reflections"):
            figures.add(bucket, name, row[name] or 0)
    _members_studied(scope, figures)
    people, _total = _people_by_bucket(scope)
    for bucket, count in people.items():
        figures.add(bucket, "people", count)
    topics = topic_titles(scope.root, scope.years)
    topic = topics.get(scope.year)

    def finish(values: dict) -> dict:
        members = values.get("people", 0)
        values = {n: values.get(n, 0) for n in STUDY_FIGURES}
        values["reflected_pct"] = percent(values["reflections"], values["attendances"])
        values["members_studied_pct"] = percent(values["members_studied"], members)
        return values

    result = by_bucket(scope, figures, [*STUDY_FIGURES, "people"], finish)
    # ``topic``: the period's last year's; ``topics``: every year's of the period that has one.
    result["total"] = {
        "topic": topic,
        "topics": [{"year": year, "title": title} for year, title in topics.items()],
        **result["total"],
    }
    return result


def by_bucket(scope: ReportScope, figures: Totals, names: list[str], finish) -> dict:
    """``finish`` applied to the total and to every child's figures (and the root's own)."""
    result = {"total": finish(figures.total(names))}
    for bucket in scope.buckets():
        result[bucket] = finish(figures.get(bucket, {}))
    return result


MEETING_FIGURES = [
    "cells",
    "regular",
    "thematic",
    "with_directive05",
    "cells_regular_norm",
    "cells_thematic_norm",
    "members_absent_unexcused",
]


def _members_absent_unexcused(scope: ReportScope, figures: Totals) -> None:
    """Members absent without reason from ``ABSENCE_LIMIT`` regular meetings of a cell within
    one year (Party Charter, art. 8), of the meetings dated in the period, counted in that
    cell's row once however many years of the period they were. One query, grouped by member,
    cell and year; a member flagged in two cells (moved during the year) counts in each."""
    rows = (
        unexcused_regular_absences(scope.years[0], scope.years[-1])
        .filter(
            scope.in_subtree("meeting__organization__"),
            meeting__date__gte=scope.start,
            meeting__date__lte=scope.end,
        )
        .annotate(
            bucket=scope.bucket_expression("meeting__organization__path"),
            y=ExtractYear("meeting__date"),
        )
        .order_by()
        .values("person_id", "meeting__organization_id", "bucket", "y")
        .annotate(n=Count("pk"))
        .filter(n__gte=ABSENCE_LIMIT)
    )
    flagged = {(r["person_id"], r["meeting__organization_id"]): r["bucket"] for r in rows}
    for bucket in flagged.values():
        figures.add(scope.bucket_of_path(bucket), "members_absent_unexcused", 1)


@lru_cache(maxsize=1024)
def _due(start, end, regular_norm: int, thematic_norm: int) -> tuple[int, int]:
    """``expected_between``, remembered: most cells share their window and their norms."""
    return expected_between(start, end, regular_norm, thematic_norm)


def meetings(scope: ReportScope) -> dict:
    """Cell meetings held in the period and the cells that met the norms due in it.

    Over whole years, read from the meeting tallies (one row per cell and year it met); over a
    quarter or any days, from the meetings dated in the period. The cells per child grouped by
    what decides their norm (the days they existed in the period, the norms in force, the
    meetings they held): over one year, from how many cells held each number of meetings
    (``_cells_by_norm_of_year``, no query of its own); over several years or days, in one
    grouped query (``_cells_by_norm``: a cell's meetings over several years are held against
    the sum of each year's due). No rows grow with the number of cells.
    """
    figures = Totals()
    # One year's members absent without reason are in its tallies; over several years or days
    # they are counted from the attendance (a member flagged in two years counts once).
    absences_tallied = scope.period.whole_years and len(scope.years) == 1
    if scope.period.whole_years:
        held = MeetingTally.objects.filter(scope.in_subtree(), year__in=scope.years)
        sums = {
            "regular": Sum("regular"),
            "thematic": Sum("thematic"),
            "with_directive05": Sum("with_directive05"),
            "absent": Sum("absent_unexcused"),
        }
    else:
        held = Meeting.objects.filter(
            scope.in_subtree(), date__gte=scope.start, date__lte=scope.end
        )
        sums = {
            "regular": Count("pk", filter=Q(kind=MeetingKind.REGULAR)),
            "thematic": Count("pk", filter=Q(kind=MeetingKind.THEMATIC)),
            "with_directive05": Count("pk", filter=Q(directive05=True)),
            "absent": Value(0),
        }
    if scope.period.whole_years:
        rows = [
            {**row, "absent": row["absent_unexcused"]}
            for row in scope.tally(MeetingTally, {"year__in": scope.years})
        ]
    else:
        rows = held.annotate(bucket=scope.bucket_expression()).order_by().values("bucket")
        rows = rows.annotate(**sums)
    for row in rows:
        bucket = scope.bucket_of_path(row["bucket"])
        figures.add(bucket, "regular", row["regular"] or 0)
        figures.add(bucket, "thematic", row["thematic"] or 0)
        figures.add(bucket, "with_directive05", row["with_directive05"] or 0)
        if absences_tallied:
            figures.add(bucket, "members_absent_unexcused", row["absent"] or 0)
    # Due over the part of the period each cell existed, and only up to today.
    today = timezone.localdate()
    parts = [(first, min(last, today)) for first, last in map(scope.period.years_of, scope.years)]
    begun = scope.begun
    counts: dict[str, list[int]] = {}
    if absences_tallied:  # one year: from the sums of the cells' meeting tallies
        cells_by_norm = _cells_by_norm_of_year(scope)
    else:
        cells_by_norm = _cells_by_norm(
            scope, held.order_by().values("organization_id").annotate(**sums)
        )
    for (
        bucket,
        began,
        ended,
        regular_norm,
        thematic_norm,
        regular,
        thematic,
        cells,
    ) in cells_by_norm:
        regular_due = thematic_due = 0
        for first_day, last_day in parts:
            start = began if began > first_day else first_day
            end = last_day if ended > last_day else ended
            due = _due(start, end, regular_norm, thematic_norm)
            regular_due += due[0]
            thematic_due += due[1]
        tally = counts.get(bucket := scope.bucket_of_path(bucket))
        if tally is None:
            tally = counts[bucket] = [0, 0, 0]
        tally[0] += cells
        # A year not begun has nothing due: no cell has met its norm yet (and none failed).
        if begun and regular >= regular_due:
            tally[1] += cells
        if begun and thematic >= thematic_due:
            tally[2] += cells
    for bucket, (cells, regular_ok, thematic_ok) in counts.items():
        figures.add(bucket, "cells", cells)
        figures.add(bucket, "cells_regular_norm", regular_ok)
        figures.add(bucket, "cells_thematic_norm", thematic_ok)

    if not absences_tallied:
        _members_absent_unexcused(scope, figures)

    def finish(values: dict) -> dict:
        values = {n: values.get(n, 0) for n in MEETING_FIGURES}
        cells = values["cells"] if begun else 0  # no share of a year not begun
        values["regular_norm_pct"] = percent(values["cells_regular_norm"], cells)
        values["thematic_norm_pct"] = percent(values["cells_thematic_norm"], cells)
        return values

    return by_bucket(scope, figures, MEETING_FIGURES, finish)


def _cells_by_norm(scope: ReportScope, per_cell) -> list[tuple]:
    """(bucket, began, ended, regular norm, thematic norm, regular held, thematic held, cells):
    the cells of the period grouped by what decides whether they met their norms, ``began``
    and ``ended`` clipped to the period. One query: the cells joined to ``per_cell`` (their
    meetings, one row per cell that met), both compiled by the ORM."""
    start, end = scope.start, scope.end
    cells = (
        scope.organizations_in_period(CELL_KINDS)
        .annotate(
            regular_norm=scope.setting_case("regular_meetings_norm"),
            thematic_norm=scope.setting_case("thematic_meetings_norm"),
            began_in=Greatest("began", Value(start)),
            ended_in=Least(Coalesce("ended", Value(end)), Value(end)),
        )
        .values("org_id", "bucket", "regular_norm", "thematic_norm", "began_in", "ended_in")
    )
    cells_sql, cells_params = cells.query.sql_with_params()
    held_sql, held_params = per_cell.query.sql_with_params()
    sql = (
        "SELECT c.bucket, c.began_in, c.ended_in, c.regular_norm, c.thematic_norm,"
        " COALESCE(h.regular, 0), COALESCE(h.thematic, 0), COUNT(*)"
        f" FROM ({cells_sql}) c LEFT JOIN ({held_sql}) h ON h.organization_id = c.org_id"
        " GROUP BY c.bucket, c.began_in, c.ended_in, c.regular_norm, c.thematic_norm,"
        " COALESCE(h.regular, 0), COALESCE(h.thematic, 0)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*cells_params, *held_params))
        rows = cursor.fetchall()
    as_date = _as_date
    return [
        (bucket, as_date(began), as_date(ended), int(rn), int(tn), int(r), int(t), n)
        for bucket, began, ended, rn, tn, r, t, n in rows
    ]


def _cells_by_norm_of_year(scope: ReportScope) -> list[tuple]:
    """``_cells_by_norm`` over one whole year, without a row a cell: the cells grouped by their
    days in the year and their norms, those that existed for only part of the year each with
    its meetings (``ReportScope.party_organizations``, read with the party organizations); the
    meetings of the cells that existed all year from the sums over subtrees of
    ``CellMeetingTally``, how many cells held each number of meetings (read with every other
    tally), less the part-year cells among them."""
    first, last = scope.start, scope.end
    result = []
    all_year: dict[tuple, int] = defaultdict(int)  # (bucket, norms): cells there all year
    part_year_held: dict[tuple, int] = defaultdict(int)  # (bucket, norms, held): such cells
    for row in scope.party_organizations:
        if not row["cell"]:
            continue
        bucket = scope.bucket_of_path(row["bucket"])
        began, ended = _as_date(row["began_in"]), _as_date(row["ended_in"])
        regular_norm, thematic_norm = row["regular_norm"], row["thematic_norm"]
        regular, thematic, n = row["regular"], row["thematic"], row["n"]
        norms = (int(regular_norm), int(thematic_norm))
        if began == first and ended == last:
            all_year[(bucket, *norms)] += n
            continue
        if regular is not None:
            part_year_held[(bucket, *norms, regular, thematic)] += n
        result.append((bucket, began, ended, *norms, regular or 0, thematic or 0, n))
    # The cells that met, by child, norms and meetings held, the part-year ones taken off.
    met: dict[tuple, dict[tuple, int]] = defaultdict(lambda: defaultdict(int))
    for row in scope.tally(CellMeetingTally, {"year": scope.year}, settings=NORMS):
        key = (scope.bucket_of_path(row["bucket"]), row[NORMS[0]], row[NORMS[1]])
        met[key][(row["regular"], row["thematic"])] += row["cells"]
    for (bucket, *norms, regular, thematic), n in part_year_held.items():
        met[(bucket, *norms)][(regular, thematic)] -= n
    for key, n in all_year.items():
        bucket, *norms = key
        for (regular, thematic), cells in met.get(key, {}).items():
            cells = min(cells, n)
            if cells > 0:
                result.append((bucket, first, last, *norms, regular, thematic, cells))
                n -= cells
        if n > 0:  # those that held no meeting
            result.append((bucket, first, last, *norms, 0, 0, n))
    return result


def _as_date(value) -> datetime.date:
    """A date from a raw query (SQLite hands back its ISO text)."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _followed_up_on(scope: ReportScope):
    """The day deadlines are judged on: the period's end, or today while it runs."""
    return min(scope.end, timezone.localdate())


PLAN_FIGURES = [
    "organizations", "with_plan", "with_ethics_code", "pressing_issues", "pressing_resolved",
]  # fmt: skip


def plans(scope: ReportScope) -> dict:
    """Party organizations, those with a collective plan of the year and with a code of ethical
    standards adopted by the period's end, and the plans' pressing issues (resolved ones apart).

    The plans and their issues from the plan tallies, the codes from theirs (read with every
    other tally).
    """
    figures = Totals()
    for bucket, count in scope.party_by_bucket.items():
        figures.add(bucket, "organizations", count)
    for row in scope.tally(PlanTally, {"year__in": scope.years}):
        bucket = scope.bucket_of_path(row["bucket"])
        figures.add(bucket, "with_plan", row["plans"])
        figures.add(bucket, "pressing_issues", row["issues"])
        figures.add(bucket, "pressing_resolved", row["resolved"])
    # The organizations with a code by the period's end (each counted once, whatever its
    # revisions): to a year's end, from the tally of the year each adopted its first (read with
    # every other tally); to another day, in one grouped query.
    if scope.period.whole_years:
        rows = (
            {"bucket": row["bucket"], "n": row["adopted"]}
            for row in scope.tally(EthicsCodeTally, {"year__lte": scope.year})
        )
    else:
        rows = (
            Organization.objects.filter(
                scope.in_subtree(""),
                Exists(
                    EthicsCode.objects.filter(
                        organization=OuterRef("pk"), adopted_on__lte=scope.end
                    )
                ),
            )
            .annotate(bucket=scope.bucket_expression("path"))
            .order_by()
            .values("bucket")
            .annotate(n=Count("pk"))
        )
    for row in rows:
        figures.add(scope.bucket_of_path(row["bucket"]), "with_ethics_code", row["n"])

    def finish(values: dict) -> dict:
        return {n: values.get(n, 0) for n in PLAN_FIGURES}

    return by_bucket(scope, figures, PLAN_FIGURES, finish)


CATEGORIES = [c.value for c in Category]
TASK_FIGURES = ["total", "completed", "overdue"]


def tasks(scope: ReportScope) -> dict:
    """Per category, the tasks of the year (and of the term it belongs to) assigned in the
    subtree: how many, completed by the period's end, and overdue on the day deadlines are
    judged (past the deadline and not completed by then). A past year from the task tallies;
    the year under way (judged on today) and several years in one grouped query.
    """
    day = _followed_up_on(scope)
    if scope.period.whole_years and len(scope.years) == 1 and day == scope.end:
        # A past year, judged on its last day: from the tally (read with every other tally).
        rows = [
            {
                "bucket": row["bucket"],
                "category": row["category"],
                "total": row["tasks"],
                "completed": row["tasks"] if row["completed"] else 0,
                "overdue": row["tasks"] if row["overdue"] else 0,
            }
            for row in scope.tally(TaskTally, {"year": scope.year})
        ]
    else:  # judged on today, or over several years (a term's task counts once)
        completed_by_end = Q(status=TaskStatus.COMPLETED, completed_on__lte=scope.end)
        completed_by_day = Q(status=TaskStatus.COMPLETED, completed_on__lte=day)
        rows = (
            Task.objects.in_years(scope.years[0], scope.years[-1])
            .filter(scope.in_subtree())
            .annotate(bucket=scope.bucket_expression())
            .order_by()
            .values("bucket", "category")
            .annotate(
                total=Count("pk"),
                completed=Count("pk", filter=completed_by_end),
                overdue=Count("pk", filter=Q(deadline__lt=day) & ~completed_by_day),
            )
        )
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for row in rows:
        bucket = scope.bucket_of_path(row["bucket"])
        target = counts.setdefault(bucket, {}).setdefault(
            row["category"], dict.fromkeys(TASK_FIGURES, 0)
        )
        for name in TASK_FIGURES:
            target[name] += row[name]

    def figures_of(bucket_counts: dict) -> dict:
        return {
            c: {n: bucket_counts.get(c, {}).get(n, 0) for n in TASK_FIGURES} for c in CATEGORIES
        }

    result = {bucket: figures_of(counts.get(bucket, {})) for bucket in scope.buckets()}
    result["total"] = {
        c: {n: sum(result[b][c][n] for b in scope.buckets()) for n in TASK_FIGURES}
        for c in CATEGORIES
    }
    return result


INSPECTION_FIGURES = [
    "count", "organizations_inspected", "findings", "remediations", "remediated", "overdue",
]  # fmt: skip


def inspections(scope: ReportScope) -> dict:
    """Inspections begun in the year of organizations of the subtree, their findings and their
    remediation items: remediated by the period's end, and overdue on the day deadlines are
    judged. One grouped query.
    """
    day = _followed_up_on(scope)
    figures = Totals()
    bucket, bucket_params, subtree, subtree_params = scope.sql_rows()
    done = RemediationStatus.DONE.value
    # One row per inspection, finding and remediation item joined (a few of each): every
    # figure counts distinct ids. Written out: for a cell, the ORM's building of the statement
    # cost more than running it.
    sql = (
        f"SELECT {bucket}, COUNT(DISTINCT i.id), COUNT(DISTINCT i.organization_id), "
        "COUNT(DISTINCT f.id), COUNT(DISTINCT r.id), "
        "COUNT(DISTINCT CASE WHEN r.status = %s AND r.done_on <= %s THEN r.id END), "
        "COUNT(DISTINCT CASE WHEN r.deadline < %s "
        "AND NOT (r.status = %s AND r.done_on IS NOT NULL AND r.done_on <= %s) THEN r.id END) "
        f"FROM {Inspection._meta.db_table} i "
        f"JOIN {Organization._meta.db_table} o ON o.id = i.organization_id "
        f"LEFT JOIN {Finding._meta.db_table} f ON f.inspection_id = i.id "
        f"LEFT JOIN {Remediation._meta.db_table} r ON r.inspection_id = i.id "
        f"WHERE {subtree} AND i.start_date >= %s AND i.start_date <= %s GROUP BY 1"
    )
    params = [
        *bucket_params, done, scope.end, day, done, day, *subtree_params, scope.start, scope.end,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [
            dict(zip(["bucket", *INSPECTION_FIGURES], row, strict=True))
            for row in cursor.fetchall()
        ]
    for row in rows:
        bucket = scope.bucket_of_path(row["bucket"])
        for name in INSPECTION_FIGURES:
            figures.add(bucket, name, row[name])

    def finish(values: dict) -> dict:
        return {n: values.get(n, 0) for n in INSPECTION_FIGURES}

    return by_bucket(scope, figures, INSPECTION_FIGURES, finish)


SECTIONS = {
    "commitments": commitments,
    "ratings": ratings,
    "study": study,
    "meetings": meetings,
    "plans": plans,
    "tasks": tasks,
    "inspections": inspections,
    **COMMUNITY_SECTIONS,
}
