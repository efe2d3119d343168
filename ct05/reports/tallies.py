"""Keeping the report's tallies equal to the records.

Each refresh recounts one organization's year from the records, after locking the
organization's row so that two saves in the same unit recount one after the other; the
services call it inside their own transaction, so a refused request changes no tally.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, ExtractYear, Round

from ct05.activities.models import Activity, ActivityOutput
from ct05.commitments.models import Commitment
from ct05.core.connections import each_on_a_connection, shareable
from ct05.core.models import active_on
from ct05.dialogues.models import Dialogue
from ct05.indicators.models import RuralCriteriaResult, Target, achieved_q
from ct05.meetings.models import UNEXCUSED, Meeting, MeetingAttendance, MeetingKind
from ct05.meetings.selectors import ABSENCE_LIMIT
from ct05.organizations.models import CELL_KINDS, PARTY_KINDS, Organization, ancestor_paths
from ct05.people.models import Membership
from ct05.plans.models import CollectivePlan, EthicsCode, IssueStatus, PressingIssue
from ct05.ratings.models import Rating
from ct05.recognition.models import Award, Exemplar
from ct05.study.models import Reflection, SessionAttendance, StudySession
from ct05.tasks.models import Task, TaskStatus, Term

from .models import (
    FOREVER,
    SUBTREE_SUMS,
    ActivityTally,
    AwardTally,
    CellMeetingTally,
    CommitmentTally,
    DialogueTally,
    EthicsCodeTally,
    ExemplarTally,
    IndicatorTally,
    MeetingTally,
    MembershipTally,
    OutputTally,
    PartyOrganizationTally,
    PlanTally,
    RatingTally,
    StudiedTally,
    StudyTally,
    TaskTally,
)

# Each tally is counted from its records by one SQL SELECT of its columns: the sum, per key,
# of one or more grouped queries of the ORM ("parts", each giving the key and some of the
# figures; the others count 0). The same SELECT recounts one organization's year (a save), fills
# every tally (``rebuild``) and is compared with what is stored (``differences``), in the
# database: nothing is read row by row into Python, whatever the size of the tree.


@dataclass
class Part:
    """A grouped query and, for each column of the tally, the SQL expression over its output
    columns that gives it (a missing figure counts 0)."""

    queryset: QuerySet
    columns: dict[str, str]

    def compiled(self) -> tuple[str, tuple]:
        sql, params = self.queryset.query.sql_with_params()
        return sql, tuple(params)


def _counted(model, parts: list[Part]) -> tuple[str, tuple]:
    """One SELECT of the tally's columns counted from ``parts``, keys first."""
    keys, figures = TALLY_COLUMNS[model]
    selects, params = [], []
    for part in parts:
        sql, part_params = part.compiled()
        cols = ", ".join(f"{part.columns.get(c, '0')} AS {c}" for c in (*keys, *figures))
        selects.append(f"SELECT {cols} FROM ({sql}) p")
        params += part_params
    sums = ", ".join(f"SUM({c}) AS {c}" for c in figures)
    key_list = ", ".join(keys)
    union = " UNION ALL ".join(selects)
    return f"SELECT {key_list}, {sums} FROM ({union}) u GROUP BY {key_list}", tuple(params)


def _commitment_parts(commitments) -> list[Part]:
    rows = (
        commitments.order_by()
        .values("organization_id", "year", "deed_count")
        .annotate(n=Count("pk"), evaluated=Sum("deeds_evaluated"), achieved=Sum("deeds_achieved"))
    )
    columns = {
        "organization_id": "organization_id",
        "year": "year",
        "deed_count": "deed_count",
        "commitments": "n",
        "deeds_evaluated": "evaluated",
        "deeds_achieved": "achieved",
    }
    return [Part(rows, columns)]


def _rating_parts(ratings) -> list[Part]:
    rows = (
        ratings.order_by()
        .values(
            "organization_id",
            "year",
            "period_kind",
            "quarter",
            "status",
            "level",
            members=ExpressionWrapper(Q(person__isnull=False), output_field=BooleanField()),
        )
        .annotate(n=Count("pk"))
    )
    columns = {c: c for c in TALLY_COLUMNS[RatingTally][0]} | {"of_members": "members"}
    return [Part(rows, columns | {"ratings": "n"})]


def _membership_parts(memberships) -> list[Part]:
    """Per organization and year: memberships that start, and stop, counting at the year's end.

    A membership counts on 31 December of every year from ``valid_from``'s to the last one
    ``valid_to`` covers: it stops counting in ``valid_to``'s year, or the next one when it ends
    on 31 December itself.
    """
    memberships = memberships.order_by()
    stop_year = ExtractYear("valid_to") + Case(
        When(valid_to__month=12, valid_to__day=31, then=Value(1)), default=Value(0)
    )
    starts = (
        memberships.annotate(y=ExtractYear("valid_from"))
        .values("organization_id", "y")
        .annotate(n=Count("pk"))
    )
    ends = (
        memberships.filter(valid_to__isnull=False)
        .annotate(y=stop_year)
        .values("organization_id", "y")
        .annotate(n=Count("pk"))
    )
    key = {"organization_id": "organization_id", "year": "y"}
    return [Part(starts, key | {"starts": "n"}), Part(ends, key | {"ends": "n"})]


def _study_parts(sessions) -> list[Part]:
    """Per organization and year: sessions held, people present, essays received from people
    still recorded present."""
    sessions = sessions.order_by()
    held = sessions.values(org=F("organization_id"), y=ExtractYear("date")).annotate(n=Count("pk"))
    by_session = {"org": F("session__organization_id"), "y": ExtractYear("session__date")}
    present = SessionAttendance.objects.filter(session__in=sessions.values("pk"), present=True)
    received = Reflection.objects.filter(
        Exists(
            SessionAttendance.objects.filter(
                session=OuterRef("session"), person=OuterRef("person"), present=True
            )
        ),
        session__in=sessions.values("pk"),
        received=True,
    )
    key = {"organization_id": "org", "year": "y"}
    return [
        Part(held, key | {"sessions": "n"}),
        Part(
            present.order_by().values(**by_session).annotate(n=Count("pk")),
            key | {"attendances": "n"},
        ),
        Part(
            received.order_by().values(**by_session).annotate(n=Count("pk")),
            key | {"reflections": "n"},
        ),
    ]


def _topic_years() -> list[int]:
    """The years in which a session of a yearly topic was held (a few).

    Read through the index on the sessions' dates (the first and last such session, then one
    probe a year), never by scanning every session: a member's transfer asks for them, and the
    nation holds millions of sessions."""
    sessions = StudySession.objects.filter(topic__isnull=False).order_by()
    first = sessions.order_by("date").values_list("date", flat=True).first()
    if first is None:
        return []
    last = sessions.order_by("-date").values_list("date", flat=True).first()
    return [
        year
        for year in range(first.year, last.year + 1)
        if sessions.filter(_in_year(year)).exists()
    ]


def _studied_parts(memberships, years) -> list[Part]:
    """Per organization and year: its members on 31 December who were present at a session of
    a yearly topic held in the year, anywhere. One part a year; a person has one membership on
    a day, so memberships count people."""
    parts = []
    for year in years:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        attended = SessionAttendance.objects.filter(
            person_id=OuterRef("person_id"),
            present=True,
            session__topic__isnull=False,
            session__date__gte=start,
            session__date__lte=end,
        )
        counted = (
            memberships.filter(active_on(end))
            .filter(Exists(attended))
            .order_by()
            .values("organization_id")
            .annotate(n=Count("pk"))
        )
        parts.append(
            Part(
                counted,
                {"organization_id": "organization_id", "year": str(int(year)), "members": "n"},
            )
        )
    return parts


def _meeting_parts(meetings) -> list[Part]:
    """Per cell and year: meetings held by kind, those with Directive 05 on the agenda, and the
    members absent without reason from ``ABSENCE_LIMIT`` or more of its regular meetings."""
    meetings = meetings.order_by()
    held = meetings.values(org=F("organization_id"), y=ExtractYear("date")).annotate(
        regular=Count("pk", filter=Q(kind=MeetingKind.REGULAR)),
        thematic=Count("pk", filter=Q(kind=MeetingKind.THEMATIC)),
        directive05=Count("pk", filter=Q(directive05=True)),
    )
    flagged = (
        MeetingAttendance.objects.filter(
            UNEXCUSED,
            meeting__in=meetings.filter(kind=MeetingKind.REGULAR).values("pk"),
        )
        .order_by()
        .values("person_id", org=F("meeting__organization_id"), y=ExtractYear("meeting__date"))
        .annotate(n=Count("pk"))
        .filter(n__gte=ABSENCE_LIMIT)
    )
    key = {"organization_id": "org", "year": "y"}
    return [
        Part(
            held,
            key | {"regular": "regular", "thematic": "thematic", "with_directive05": "directive05"},
        ),
        Part(flagged, key | {"absent_unexcused": "1"}),
    ]


def _activity_parts(activities) -> list[Part]:
    """Per organization and year: activities held, cadre-turns, resident-turns."""
    rows = (
        activities.order_by()
        .values(org=F("organization_id"), y=ExtractYear("date"))
        .annotate(n=Count("pk"), cadre=Sum("cadre_turns"), resident=Sum("resident_turns"))
    )
    columns = {
        "organization_id": "org",
        "year": "y",
        "activities": "n",
        "cadre_turns": "cadre",
        "resident_turns": "resident",
    }
    return [Part(rows, columns)]


def _output_parts(activities) -> list[Part]:
    """Per organization, year and unit: the activities' outputs in thousandths of the unit
    (each quantity rounded to its three places first, so a float on SQLite adds up exactly)."""
    rows = (
        ActivityOutput.objects.filter(activity__in=activities.values("pk"))
        .order_by()
        .values(
            org=F("activity__organization_id"),
            y=ExtractYear("activity__date"),
            unit_ref=F("unit_id"),
        )
        .annotate(q=Cast(Sum(Round(F("quantity") * 1000)), BigIntegerField()))
    )
    columns = {"organization_id": "org", "year": "y", "unit_id": "unit_ref", "thousandths": "q"}
    return [Part(rows, columns)]


def _cell_meeting_parts(meetings) -> list[Part]:
    """Per cell and year it met: the cell (1) under the number of regular and thematic
    meetings it held, counted as ``_meeting_parts`` counts them."""
    held = (
        meetings.order_by()
        .values(org=F("organization_id"), y=ExtractYear("date"))
        .annotate(
            regular=Count("pk", filter=Q(kind=MeetingKind.REGULAR)),
            thematic=Count("pk", filter=Q(kind=MeetingKind.THEMATIC)),
        )
    )
    columns = {
        "organization_id": "org",
        "year": "y",
        "regular": "regular",
        "thematic": "thematic",
        "cells": "1",
    }
    return [Part(held, columns)]


def _plan_parts(plans) -> list[Part]:
    """Per organization and year: its collective plan (one a year) and the plan's pressing
    issues, those resolved apart."""
    held = plans.order_by().values("organization_id", "year").annotate(n=Count("pk"))
    issues = (
        PressingIssue.objects.filter(plan__in=plans.values("pk"))
        .order_by()
        .values(org=F("plan__organization_id"), y=F("plan__year"))
        .annotate(n=Count("pk"), resolved=Count("pk", filter=Q(status=IssueStatus.RESOLVED)))
    )
    return [
        Part(held, {"organization_id": "organization_id", "year": "year", "plans": "n"}),
        Part(
            issues,
            {"organization_id": "org", "year": "y", "issues": "n", "resolved": "resolved"},
        ),
    ]


def _ethics_code_parts(codes) -> list[Part]:
    """Per organization with a code: 1 in the year its first code was adopted."""
    first = codes.order_by().values("organization_id").annotate(y=ExtractYear(Min("adopted_on")))
    return [Part(first, {"organization_id": "organization_id", "year": "y", "adopted": "1"})]


def _task_parts(tasks, years) -> list[Part]:
    """Per organization, year of ``years``, category and whether completed by the year's end
    and overdue then: the tasks that count in the year (``Task.objects.in_years``). One part a
    year, its last day a constant."""
    parts = []
    for year in years:
        end = datetime.date(year, 12, 31)
        completed = Q(status=TaskStatus.COMPLETED, completed_on__lte=end)
        rows = (
            tasks.in_years(year, year)
            .order_by()
            .values(
                "organization_id",
                "category",
                done=ExpressionWrapper(completed, output_field=BooleanField()),
                late=ExpressionWrapper(
                    Q(deadline__lt=end) & ~completed, output_field=BooleanField()
                ),
            )
            .annotate(n=Count("pk"))
        )
        columns = {
            "organization_id": "organization_id",
            "year": str(int(year)),
            "category": "category",
            "completed": "done",
            "overdue": "late",
            "tasks": "n",
        }
        parts.append(Part(rows, columns))
    return parts


def _task_years() -> list[int]:
    """Every year some task counts in: the years of the year's tasks and of the terms'."""
    years = set(Task.objects.filter(year__isnull=False).values_list("year", flat=True).distinct())
    for first, last in (
        Term.objects.filter(task__isnull=False).distinct().values_list("start_year", "end_year")
    ):
        years.update(range(first, last + 1))
    return sorted(years)


def _award_parts(awards) -> list[Part]:
    """Per organization, year of the decision, form, issuer and recipient: the awards."""
    rows = (
        awards.order_by()
        .values(
            "form_id",
            "issuer_id",
            "recipient_kind",
            org=F("organization_id"),
            y=ExtractYear("decision_date"),
        )
        .annotate(n=Count("pk"))
    )
    columns = {
        "organization_id": "org",
        "year": "y",
        "form_id": "form_id",
        "issuer_id": "issuer_id",
        "recipient_kind": "recipient_kind",
        "awards": "n",
    }
    return [Part(rows, columns)]


def _dialogue_parts(dialogues) -> list[Part]:
    """Per organization and year: its dialogue conferences and their participants."""
    rows = (
        dialogues.order_by()
        .values(org=F("organization_id"), y=ExtractYear("date"))
        .annotate(n=Count("pk"), people=Sum("participants"))
    )
    key = {"organization_id": "org", "year": "y"}
    return [Part(rows, key | {"dialogues": "n", "participants": "people"})]


def _indicator_parts(targets, results) -> list[Part]:
    """Per organization and year: its targets and those achieved; its commune's new-rural
    criteria recorded and met."""
    set_ = (
        targets.order_by()
        .values("organization_id", "year")
        .annotate(n=Count("pk"), achieved=Count("pk", filter=achieved_q()))
    )
    rural = (
        results.order_by()
        .values("organization_id", "year")
        .annotate(n=Count("pk"), met=Sum("met_count"))
    )
    key = {"organization_id": "organization_id", "year": "year"}
    return [
        Part(set_, key | {"targets": "n", "achieved": "achieved"}),
        Part(rural, key | {"communes": "n", "criteria_met": "met"}),
    ]


def _exemplar_parts(exemplars, year: int | None = None) -> list[Part]:
    """Per organization, year, type and holder: models registered in the year, and models
    recognized in the year (each counted in the year of its step; only ``year``'s if given)."""
    parts = []
    for day, figure in (("registered_on", "registered"), ("recognized_on", "recognized")):
        rows = exemplars.filter(**{f"{day}__isnull": False})
        if year is not None:
            rows = rows.filter(
                **{
                    f"{day}__gte": datetime.date(year, 1, 1),
                    f"{day}__lte": datetime.date(year, 12, 31),
                }
            )
        rows = (
            rows.order_by()
            .values("holder_kind", org=F("organization_id"), y=ExtractYear(day), kind=F("type_id"))
            .annotate(n=Count("pk"))
        )
        key = {
            "organization_id": "org",
            "year": "y",
            "type_id": "kind",
            "holder_kind": "holder_kind",
        }
        parts.append(Part(rows, key | {figure: "n"}))
    return parts


def _party_organization_parts(organizations) -> list[Part]:
    """Per party organization that existed a whole year: the first and the last whole years
    it existed (a day is its own: it existed from ``valid_from`` to ``valid_to``, both
    included), and whether it is a cell."""
    began, ended = ExtractYear("valid_from"), ExtractYear("valid_to")
    rows = (
        organizations.filter(kind__in=PARTY_KINDS)
        .order_by()
        .annotate(
            first_year=Case(
                When(Q(valid_from__month=1, valid_from__day=1), then=began),
                default=began + 1,
            ),
            last_year=Case(
                When(valid_to__isnull=True, then=Value(FOREVER)),
                When(Q(valid_to__month=12, valid_to__day=31), then=ended),
                default=ended - 1,
            ),
            is_cell=Case(When(kind__in=CELL_KINDS, then=Value(1)), default=Value(0)),
        )
        .filter(first_year__lte=F("last_year"))
        .values("id", "first_year", "last_year", "is_cell")
    )
    columns = {
        "organization_id": "id",
        "year": "first_year",
        "last_year": "last_year",
        "cell": "is_cell = 1",
        "organizations": "1",
    }
    return [Part(rows, columns)]


def _columns(model) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A tally's columns: its keys, those of its unique constraint (the organization first, a
    reference by its id column), and its figures, every other column."""
    (unique,) = model._meta.constraints
    keys = tuple(model._meta.get_field(name).column for name in unique.fields)
    figures = tuple(
        f.column for f in model._meta.concrete_fields if not f.primary_key and f.column not in keys
    )
    return keys, figures


# Each tally's (keys, figures), derived from its model as ``scope.tally_columns`` and the sums
# over subtrees (``models._subtree_sums``) are.
TALLY_COLUMNS = {model: _columns(model) for model in SUBTREE_SUMS}


def _all_parts() -> dict:
    """Every tally's parts over all the records."""
    return {
        CommitmentTally: _commitment_parts(Commitment.objects.all()),
        RatingTally: _rating_parts(Rating.objects.all()),
        MembershipTally: _membership_parts(Membership.objects.all()),
        StudyTally: _study_parts(StudySession.objects.all()),
        StudiedTally: _studied_parts(Membership.objects.all(), _topic_years()),
        MeetingTally: _meeting_parts(Meeting.objects.all()),
        CellMeetingTally: _cell_meeting_parts(Meeting.objects.all()),
        ActivityTally: _activity_parts(Activity.objects.all()),
        OutputTally: _output_parts(Activity.objects.all()),
        PlanTally: _plan_parts(CollectivePlan.objects.all()),
        EthicsCodeTally: _ethics_code_parts(EthicsCode.objects.all()),
        TaskTally: _task_parts(Task.objects.all(), _task_years()),
        DialogueTally: _dialogue_parts(Dialogue.objects.all()),
        AwardTally: _award_parts(Award.objects.all()),
        IndicatorTally: _indicator_parts(Target.objects.all(), RuralCriteriaResult.objects.all()),
        ExemplarTally: _exemplar_parts(Exemplar.objects.all()),
        PartyOrganizationTally: _party_organization_parts(Organization.objects.all()),
    }


def _write(model, parts: list[Part]) -> None:
    """Insert the tally's rows counted from ``parts`` (in the database, one statement)."""
    if not parts:
        return
    keys, figures = TALLY_COLUMNS[model]
    columns = (*keys, *figures)
    sql, params = _counted(model, parts)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
            f"SELECT {', '.join(columns)} FROM ({sql}) c",
            params,
        )


def _in_year(year: int) -> Q:
    return Q(date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31))


def _lock(organization_id: int) -> str:
    """Lock the organization's row (two saves in one unit recount one after the other); its
    path, or "" if it is gone."""
    paths = Organization.objects.select_for_update().filter(pk=organization_id)
    return next(iter(paths.values_list("path", flat=True)), "")


def _recount(model, organization_id: int, stored: QuerySet, parts: list[Part]) -> None:
    """Replace the tally rows ``stored`` (one organization's) with those counted from ``parts``,
    and add the difference to the sums over the subtrees the organization is in."""
    path = _lock(organization_id)
    counted, params = _counted(model, parts) if parts else ("", ())
    _add_to_subtrees(model, _difference(model, counted, params, stored), ancestor_paths(path))
    stored.delete()
    _write(model, parts)


@transaction.atomic
def refresh_commitments(organization_id: int, year: int) -> None:
    commitments = Commitment.objects.filter(organization_id=organization_id, year=year)
    stored = CommitmentTally.objects.filter(organization_id=organization_id, year=year)
    _recount(CommitmentTally, organization_id, stored, _commitment_parts(commitments))


@transaction.atomic
def refresh_ratings(organization_id: int, year: int) -> None:
    ratings = Rating.objects.filter(organization_id=organization_id, year=year)
    stored = RatingTally.objects.filter(organization_id=organization_id, year=year)
    _recount(RatingTally, organization_id, stored, _rating_parts(ratings))


@transaction.atomic
def refresh_memberships(organization_id: int) -> None:
    """Every year of one organization's membership tally (a person joined or left it)."""
    memberships = Membership.objects.filter(organization_id=organization_id)
    stored = MembershipTally.objects.filter(organization_id=organization_id)
    _recount(MembershipTally, organization_id, stored, _membership_parts(memberships))


@transaction.atomic
def refresh_study(organization_id: int, year: int) -> None:
    """The year's study tally of the organization that held a session."""
    sessions = StudySession.objects.filter(_in_year(year), organization_id=organization_id)
    stored = StudyTally.objects.filter(organization_id=organization_id, year=year)
    _recount(StudyTally, organization_id, stored, _study_parts(sessions))


@transaction.atomic
def refresh_studied(organization_id: int, year: int) -> None:
    """The members of the organization at the year's end who studied in the year (an
    attendance at a session of a yearly topic changed)."""
    memberships = Membership.objects.filter(organization_id=organization_id)
    stored = StudiedTally.objects.filter(organization_id=organization_id, year=year)
    _recount(StudiedTally, organization_id, stored, _studied_parts(memberships, [year]))


@transaction.atomic
def refresh_studied_years(organization_id: int) -> None:
    """Every year's members who studied of an organization whose memberships changed (a person
    joined, left or moved: where they belong at a year's end may have changed)."""
    memberships = Membership.objects.filter(organization_id=organization_id)
    stored = StudiedTally.objects.filter(organization_id=organization_id)
    parts = _studied_parts(memberships, _topic_years())
    _recount(StudiedTally, organization_id, stored, parts)


@transaction.atomic
def refresh_meetings(organization_id: int, year: int) -> None:
    """The year's meeting tallies of a cell."""
    meetings = Meeting.objects.filter(_in_year(year), organization_id=organization_id)
    stored = MeetingTally.objects.filter(organization_id=organization_id, year=year)
    _recount(MeetingTally, organization_id, stored, _meeting_parts(meetings))
    stored = CellMeetingTally.objects.filter(organization_id=organization_id, year=year)
    _recount(CellMeetingTally, organization_id, stored, _cell_meeting_parts(meetings))


@transaction.atomic
def refresh_activities(organization_id: int, year: int) -> None:
    """The year's community activities of an organization, and their outputs."""
    activities = Activity.objects.filter(_in_year(year), organization_id=organization_id)
    stored = ActivityTally.objects.filter(organization_id=organization_id, year=year)
    _recount(ActivityTally, organization_id, stored, _activity_parts(activities))
    stored = OutputTally.objects.filter(organization_id=organization_id, year=year)
    _recount(OutputTally, organization_id, stored, _output_parts(activities))


@transaction.atomic
def refresh_plans(organization_id: int, year: int) -> None:
    """An organization's collective plan of the year and its pressing issues."""
    plans = CollectivePlan.objects.filter(organization_id=organization_id, year=year)
    stored = PlanTally.objects.filter(organization_id=organization_id, year=year)
    _recount(PlanTally, organization_id, stored, _plan_parts(plans))


@transaction.atomic
def refresh_ethics_codes(organization_id: int) -> None:
    """Since when an organization has a code of ethical standards (every year of it)."""
    codes = EthicsCode.objects.filter(organization_id=organization_id)
    stored = EthicsCodeTally.objects.filter(organization_id=organization_id)
    _recount(EthicsCodeTally, organization_id, stored, _ethics_code_parts(codes))


@transaction.atomic
def refresh_organizations(organization_id: int) -> None:
    """An organization began, ended or changed its kind: the whole years it existed."""
    organizations = Organization.objects.filter(pk=organization_id)
    stored = PartyOrganizationTally.objects.filter(organization_id=organization_id)
    parts = _party_organization_parts(organizations)
    _recount(PartyOrganizationTally, organization_id, stored, parts)


@transaction.atomic
def refresh_tasks(organization_id: int, year: int) -> None:
    """The tasks an organization was assigned that count in the year."""
    tasks = Task.objects.filter(organization_id=organization_id)
    stored = TaskTally.objects.filter(organization_id=organization_id, year=year)
    _recount(TaskTally, organization_id, stored, _task_parts(tasks, [year]))


@transaction.atomic
def refresh_awards(organization_id: int, year: int) -> None:
    """The awards decided in the year to an organization or its people."""
    awards = Award.objects.filter(
        organization_id=organization_id,
        decision_date__gte=datetime.date(year, 1, 1),
        decision_date__lte=datetime.date(year, 12, 31),
    )
    stored = AwardTally.objects.filter(organization_id=organization_id, year=year)
    _recount(AwardTally, organization_id, stored, _award_parts(awards))


@transaction.atomic
def refresh_dialogues(organization_id: int, year: int) -> None:
    """The year's dialogue conferences of an organization."""
    dialogues = Dialogue.objects.filter(_in_year(year), organization_id=organization_id)
    stored = DialogueTally.objects.filter(organization_id=organization_id, year=year)
    _recount(DialogueTally, organization_id, stored, _dialogue_parts(dialogues))


@transaction.atomic
def refresh_indicators(organization_id: int, year: int) -> None:
    """An organization's targets of the year and its commune's new-rural criteria."""
    targets = Target.objects.filter(organization_id=organization_id, year=year)
    results = RuralCriteriaResult.objects.filter(organization_id=organization_id, year=year)
    stored = IndicatorTally.objects.filter(organization_id=organization_id, year=year)
    _recount(IndicatorTally, organization_id, stored, _indicator_parts(targets, results))


@transaction.atomic
def refresh_exemplars(organization_id: int, year: int) -> None:
    """An organization's models registered or recognized in the year."""
    exemplars = Exemplar.objects.filter(organization_id=organization_id)
    stored = ExemplarTally.objects.filter(organization_id=organization_id, year=year)
    _recount(ExemplarTally, organization_id, stored, _exemplar_parts(exemplars, year))


# The sums over subtrees (``SUBTREE_SUMS``): an organization's row for a key is the sum of the
# tally's rows for that key over the organization and every organization below it in today's
# tree. A recount adds its difference (new rows minus old) to the organization's sums and its
# ancestors', in one statement that locks their rows in one order (organization, then key), so
# two recounts under one ancestor wait for each other instead of deadlocking; a move of a
# subtree takes its sums from the old ancestors and adds them to the new. Rows whose figures
# all come to zero are dropped, so the sums stay exactly those counted from the tallies.


def _difference(
    model, counted: str, params: tuple, stored: QuerySet, *, organizations: bool = False
) -> tuple[str, tuple]:
    """The SELECT of the keys and figures by which the counted rows differ from ``stored``
    (the stored ones with their figures negated), with the organization if ``organizations``."""
    keys, figures = TALLY_COLUMNS[model] if organizations else _without_organization(model)
    names = [*keys, *figures]
    old_sql, old_params = stored.order_by().values_list(*names).query.sql_with_params()
    old = ", ".join(f"{'-' if name in figures else ''}o.{name} AS {name}" for name in names)
    parts, all_params = [f"SELECT {old} FROM ({old_sql}) o"], [*old_params]
    if counted:
        parts.insert(0, f"SELECT {', '.join(names)} FROM ({counted}) n")
        all_params = [*params, *old_params]
    return " UNION ALL ".join(parts), tuple(all_params)


def _without_organization(model) -> tuple[tuple[str, ...], tuple[str, ...]]:
    keys, figures = TALLY_COLUMNS[model]
    return tuple(k for k in keys if k != "organization_id"), figures


def _upsert(model, select: str, params: tuple) -> None:
    """Add the rows of ``select`` (the organization, the keys and the figures, one row per
    organization and key, in that order) to the sums over subtrees."""
    keys, figures = _without_organization(model)
    table = SUBTREE_SUMS[model]._meta.db_table
    columns = ", ".join(["organization_id", *keys])
    update = ", ".join(f"{f} = {table}.{f} + excluded.{f}" for f in figures)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}, {', '.join(figures)}) "
            f"SELECT * FROM ({select}) u WHERE 1 = 1 ORDER BY {columns} "
            f"ON CONFLICT ({columns}) DO UPDATE SET {update}",
            params,
        )


def _drop_zeros(model, paths: list[str]) -> None:
    """Drop the sums of the organizations at ``paths`` whose figures all came to zero."""
    _keys, figures = _without_organization(model)
    table = SUBTREE_SUMS[model]._meta.db_table
    zero = " AND ".join(f"{f} = 0" for f in figures)
    if connection.vendor == "postgresql":  # one array parameter (see _among)
        among, params = "= ANY(%s)", (list(paths),)
    else:
        among, params = f"IN ({', '.join(['%s'] * len(paths))})", tuple(paths)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE {zero} AND organization_id IN "
            f"(SELECT id FROM {Organization._meta.db_table} WHERE path {among})",
            params,
        )


def _add_to_subtrees(model, rows: tuple[str, tuple], paths: list[str]) -> None:
    """Add ``rows`` (a SELECT of the tally's keys but the organization, and its figures) to the
    sums of the organizations at ``paths``."""
    if not paths:
        return
    sql, params = rows
    keys, figures = _without_organization(model)
    key_list = ", ".join(f"d.{k}" for k in keys)
    named = ", ".join(f"d.{k} AS {k}" for k in keys)
    sums = ", ".join(f"SUM(d.{f}) AS {f}" for f in figures)
    marks = ", ".join(["%s"] * len(paths))
    select = (
        f"SELECT a.id AS organization_id, {named}, {sums} FROM ({sql}) d, {Organization._meta.db_table} a "
        f"WHERE a.path IN ({marks}) GROUP BY a.id, {key_list}"
    )
    _upsert(model, select, (*params, *paths))
    _drop_zeros(model, paths)


def _summed_over_subtrees(
    model, rows: str, params: tuple = (), *, counted_once: bool = False
) -> tuple[str, tuple]:
    """The SELECT of the sums over subtrees of ``rows`` (a SELECT of the tally's columns,
    organization first): for each level of the tree, the rows grouped by their organization's
    ancestor at that level (an equality on its path), one grouped join a level.

    ``counted_once``: ``rows`` is a count (not a stored table), computed once for every level:
    PostgreSQL computes a WITH query read more than once a single time (an import's recount
    counted the memberships of thousands of organizations again for each level)."""
    keys, figures = _without_organization(model)
    organizations = Organization._meta.db_table
    step = Organization.steplen
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(depth) FROM {organizations}")
        depth = cursor.fetchone()[0] or 0
    key_list = ", ".join(f"t.{k}" for k in keys)
    sums = ", ".join(f"SUM(t.{f}) AS {f}" for f in figures)
    source = "counted" if counted_once else f"({rows})"
    levels = [
        f"SELECT a.id AS organization_id, {key_list}, {sums} FROM {source} t "
        f"JOIN {organizations} o ON o.id = t.organization_id AND o.depth >= {level} "
        f"JOIN {organizations} a ON a.path = SUBSTR(o.path, 1, {level * step}) "
        f"GROUP BY a.id, {key_list}"
        for level in range(1, depth + 1)
    ]
    if not levels:
        columns = ", ".join(["organization_id", *keys, *figures])
        return f"SELECT {columns} FROM {SUBTREE_SUMS[model]._meta.db_table} WHERE 1 = 0", ()
    if counted_once:
        return f"WITH counted AS ({rows}) " + " UNION ALL ".join(levels), tuple(params)
    return " UNION ALL ".join(levels), tuple(params) * len(levels)


def _stored(model) -> str:
    keys, figures = TALLY_COLUMNS[model]
    return f"SELECT {', '.join((*keys, *figures))} FROM {model._meta.db_table}"


def _rebuild_subtree_sums(model) -> None:
    """Every sum over a subtree from the stored tally (``ct05 recount``), from the deepest
    level up: an organization's sums are its own rows and its children's sums, added. Each
    level reads the level below it once, where summing every row into each of its ancestors
    read the whole tally once a level (a fifth slower at the nation); the result is the same,
    which ``differences`` checks against the sums taken the other way. Inserted as they are
    summed, without ``_upsert``'s sort and conflict handling (a level's rows are those of the
    organizations at that depth, so no two rows of a statement share a key)."""
    sums = SUBTREE_SUMS[model]
    sums.objects.all().delete()
    keys, figures = _without_organization(model)
    organizations = Organization._meta.db_table
    columns = ", ".join(["organization_id", *keys, *figures])
    grouped = ", ".join(["organization_id", *keys])
    totals = ", ".join(f"SUM({f})" for f in figures)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(depth) FROM {organizations}")
        depth = cursor.fetchone()[0] or 0
        for level in range(depth, 0, -1):
            own = (
                f"SELECT t.organization_id, {_prefixed('t', (*keys, *figures))} "
                f"FROM {model._meta.db_table} t "
                f"JOIN {organizations} o ON o.id = t.organization_id AND o.depth = {level}"
            )
            children = (
                f"SELECT p.id, {_prefixed('s', (*keys, *figures))} "
                f"FROM {sums._meta.db_table} s "
                f"JOIN {organizations} c ON c.id = s.organization_id AND c.depth = {level + 1} "
                f"JOIN {organizations} p "
                f"ON p.path = SUBSTR(c.path, 1, {level * Organization.steplen})"
            )
            cursor.execute(
                f"INSERT INTO {sums._meta.db_table} ({columns}) "
                f"SELECT {grouped}, {totals} FROM ({own} UNION ALL {children}) u "
                f"GROUP BY {grouped}"
            )


def _prefixed(alias: str, columns) -> str:
    return ", ".join(f"{alias}.{column}" for column in columns)


def subtree_moved(organization_id: int, old_path: str, new_path: str) -> None:
    """An organization and its subtree moved from ``old_path`` to ``new_path``: its sums leave
    the organizations that were above it and join those above it now (its own, and those of the
    organizations below it, hold the same subtrees)."""
    old_above, new_above = ancestor_paths(old_path)[:-1], ancestor_paths(new_path)[:-1]
    for model, sums in SUBTREE_SUMS.items():
        keys, figures = _without_organization(model)
        own = sums.objects.filter(organization_id=organization_id).order_by()
        sql, params = own.values_list(*keys, *figures).query.sql_with_params()
        negated = ", ".join(
            [*(f"s.{k} AS {k}" for k in keys), *(f"-s.{f} AS {f}" for f in figures)]
        )
        _add_to_subtrees(model, (f"SELECT {negated} FROM ({sql}) s", tuple(params)), old_above)
        _add_to_subtrees(model, (sql, tuple(params)), new_above)


def rebuild(jobs: int = 1) -> None:
    """Every tally from the records (after bulk loads; ``ct05 recount``): each emptied and
    filled by one INSERT … SELECT in the database, all in one transaction.

    ``jobs`` > 1 is for a database nobody else is writing to (``ct05 synth``'s new one,
    ``ct05 recount --jobs`` after a restore): the tallies are rebuilt by that many connections
    at once, each tally in a transaction of its own. PostgreSQL plans no INSERT … SELECT in
    parallel, so one connection keeps one core busy while the others wait. Where the work
    cannot be shared out (``shareable``: SQLite, or inside a transaction) it is one
    connection."""
    tallies = list(_all_parts().items())
    if jobs > 1 and shareable():
        each_on_a_connection(_rebuild_alone, tallies, jobs)
        return
    with transaction.atomic():
        _roomy()
        for model, parts in tallies:
            _rebuild_tally(model, parts)


def _rebuild_tally(model, parts: list[Part]) -> None:
    model.objects.all().delete()
    _write(model, parts)
    _rebuild_subtree_sums(model)


@transaction.atomic
def _rebuild_alone(tally: tuple) -> None:
    """One tally in a transaction of its own (whole or not written)."""
    _roomy()
    _rebuild_tally(*tally)


def _roomy() -> None:
    """Room for a whole nation's counts to be grouped in memory, for this transaction only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '256MB'")


@transaction.atomic
def differences(limit: int = 1000) -> list[str]:
    """What the stored tallies say that the records do not (empty when they agree): the rows
    stored but not counted from the records, and those counted but missing, compared in the
    database (at most ``limit`` of each kind per tally, among the first ``2 * limit`` rows
    that differ).

    Each comparison is one grouped pass over the stored rows (+1) and the counted ones (-1):
    a row whose sides do not cancel is stored only or missing. Counting from the records is
    what costs (the nation's attendance, deeds and memberships), and two ``EXCEPT`` would
    count twice."""
    found = []
    _roomy()
    for model, parts in _all_parts().items():
        keys, figures = TALLY_COLUMNS[model]
        columns = ", ".join((*keys, *figures))
        stored = f"SELECT {columns}, 1 AS side FROM {model._meta.db_table}"
        if parts:
            counted, params = _counted(model, parts)
            both = f"{stored} UNION ALL SELECT {columns}, -1 AS side FROM ({counted}) c"
        else:  # nothing to count from: every stored row is one too many
            both, params = stored, ()
        # The sums over subtrees, against those summed from the stored tally.
        summed, summed_params = _summed_over_subtrees(model, _stored(model))
        sums = (
            f"SELECT {columns}, 1 AS side FROM {SUBTREE_SUMS[model]._meta.db_table} "
            f"UNION ALL SELECT {columns}, -1 AS side FROM ({summed}) s"
        )
        for name, sql, query_params in [
            (model.__name__, both, params),
            (SUBTREE_SUMS[model].__name__, sums, summed_params),
        ]:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {columns}, SUM(side) FROM ({sql}) d GROUP BY {columns} "
                    f"HAVING SUM(side) <> 0 LIMIT {2 * int(limit)}",
                    query_params,
                )
                rows = cursor.fetchall()
            for label, sign in (("stored only", 1), ("missing", -1)):
                kept = [_plain_row(model, row[:-1]) for row in rows if row[-1] * sign > 0]
                found += [f"{name} {label}: {row}" for row in sorted(kept, key=str)[:limit]]
    return found


def _plain_row(model, row: tuple) -> tuple:
    """A row as the ORM would give it (booleans as booleans, numbers as ints)."""
    keys, figures = TALLY_COLUMNS[model]
    return tuple(
        bool(value) if name == "of_members" else int(value) if isinstance(value, Decimal) else value
        for name, value in zip((*keys, *figures), row, strict=True)
    )


def _among(field: str, ids: list[int]) -> Q:
    """``field`` is one of ``ids``, on PostgreSQL as one array parameter. An ``IN`` list of
    thousands of placeholders is repeated in every part of a recount's statement, and psycopg
    spent longer parsing those placeholders than the server spent running the statement."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__in": RawSQL("SELECT unnest(%s::bigint[])", (list(ids),))})
    return Q(**{f"{field}__in": ids})


@transaction.atomic
def refresh_many(
    *,
    memberships: set[int] = frozenset(),
    commitments: dict[int, set[int]] | None = None,
    ratings: dict[int, set[int]] | None = None,
    organizations: set[int] = frozenset(),
) -> None:
    """Recount many organizations at once, set-based (an import): the membership tallies of
    ``memberships`` (organization ids) and their members who studied, the commitment and rating
    tallies of ``{year: ids}``, the whole years of ``organizations`` (created, or their kind or
    first day changed)."""
    # Organizations a statement: each statement adds to the sums of every organization above
    # its own, so fewer and larger ones on PostgreSQL; SQLite's parameters are fewer.
    size = 5000 if connection.vendor == "postgresql" else 500
    ids = sorted(organizations)
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        locked = Organization.objects.select_for_update().filter(_among("pk", chunk))
        _recount_many(
            PartyOrganizationTally,
            PartyOrganizationTally.objects.filter(_among("organization_id", chunk)),
            _party_organization_parts(Organization.objects.filter(_among("pk", chunk))),
            _above(locked.values_list("path", flat=True)),
        )
    ids = sorted(memberships)
    years = _topic_years() if ids else []
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        locked = Organization.objects.select_for_update().filter(_among("pk", chunk))
        above = _above(locked.values_list("path", flat=True))
        members = Membership.objects.filter(_among("organization_id", chunk))
        _recount_many(
            MembershipTally,
            MembershipTally.objects.filter(_among("organization_id", chunk)),
            _membership_parts(members),
            above,
        )
        _recount_many(
            StudiedTally,
            StudiedTally.objects.filter(_among("organization_id", chunk)),
            _studied_parts(members, years),
            above,
        )
    for model, source, parts_of, by_year in (
        (CommitmentTally, Commitment, _commitment_parts, commitments or {}),
        (RatingTally, Rating, _rating_parts, ratings or {}),
    ):
        for year, organizations in by_year.items():
            ids = sorted(organizations)
            for start in range(0, len(ids), size):
                chunk = ids[start : start + size]
                paths = Organization.objects.filter(_among("pk", chunk)).values_list(
                    "path", flat=True
                )
                _recount_many(
                    model,
                    model.objects.filter(_among("organization_id", chunk), year=year),
                    parts_of(source.objects.filter(_among("organization_id", chunk), year=year)),
                    _above(paths),
                )


def _above(paths) -> list[str]:
    """The paths of the organizations at ``paths`` and of every organization above them."""
    return sorted({ancestor for path in paths for ancestor in ancestor_paths(path)})


def _recount_many(model, stored: QuerySet, parts: list[Part], above: list[str]) -> None:
    """Replace the tally rows ``stored`` (of many organizations) with those counted from
    ``parts``, adding the difference to the sums over the subtrees each is in (``above``: the
    paths of those organizations and of every one above them)."""
    counted, params = _counted(model, parts) if parts else ("", ())
    rows, rows_params = _difference(model, counted, params, stored, organizations=True)
    _upsert(model, *_summed_over_subtrees(model, rows, rows_params, counted_once=True))
    _drop_zeros(model, above)
    stored.delete()
    _write(model, parts)
