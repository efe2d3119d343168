"""Keeping the report's tallies equal to the records.

Each refresh recounts one organization's year from the records, after locking the
organization's row so that two saves in the same unit recount one after the other; the
services call it inside their own transaction, so a refused request changes no tally.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractYear

from ct05.commitments.models import Commitment
from ct05.core.models import active_on
from ct05.meetings.models import UNEXCUSED, Meeting, MeetingAttendance, MeetingKind
from ct05.meetings.selectors import ABSENCE_LIMIT
from ct05.organizations.models import Organization
from ct05.people.models import Membership
from ct05.ratings.models import Rating
from ct05.study.models import Reflection, SessionAttendance, StudySession

from .models import (
    CommitmentTally,
    MeetingTally,
    MembershipTally,
    RatingTally,
    StudiedTally,
    StudyTally,
)


def _commitment_rows(commitments):
    return (
        commitments.order_by()
        .values("organization_id", "year", "deed_count")
        .annotate(
            commitments=Count("pk"),
            deeds_evaluated=Sum("deeds_evaluated"),
            deeds_achieved=Sum("deeds_achieved"),
        )
    )


def _rating_rows(ratings):
    return (
        ratings.order_by()
        .values(
            "organization_id",
            "year",
            "period_kind",
            "quarter",
            "status",
            "level",
            of_members=ExpressionWrapper(Q(person__isnull=False), output_field=BooleanField()),
        )
        .annotate(ratings=Count("pk"))
    )


def _membership_rows(memberships) -> list[dict]:
    """Per organization and year: memberships that start, and stop, counting at the year's end.

    A membership counts on 31 December of every year from ``valid_from``'s to the last one
    ``valid_to`` covers: it stops counting in ``valid_to``'s year, or the next one when it ends
    on 31 December itself.
    """
    memberships = memberships.order_by()
    stop_year = ExtractYear("valid_to") + Case(
        When(valid_to__month=12, valid_to__day=31, then=Value(1)), default=Value(0)
    )
    rows: dict[tuple[int, int], dict] = defaultdict(lambda: {"starts": 0, "ends": 0})
    starts = (
        memberships.annotate(y=ExtractYear("valid_from"))
        .values("organization_id", "y")
        .annotate(n=Count("pk"))
    )
    for row in starts:
        rows[row["organization_id"], row["y"]]["starts"] = row["n"]
    ends = (
        memberships.filter(valid_to__isnull=False)
        .annotate(y=stop_year)
        .values("organization_id", "y")
        .annotate(n=Count("pk"))
    )
    for row in ends:
        rows[row["organization_id"], row["y"]]["ends"] = row["n"]
    return [
        {"organization_id": org, "year": year, **counts}
        for (org, year), counts in sorted(rows.items())
    ]


def _study_rows(sessions) -> list[dict]:
    """Per organization and year: sessions held, people present, essays received from people
    still recorded present."""
    sessions = sessions.order_by()
    rows: dict[tuple[int, int], dict] = defaultdict(
        lambda: {"sessions": 0, "attendances": 0, "reflections": 0}
    )
    per_session = sessions.values("organization_id", y=ExtractYear("date")).annotate(n=Count("pk"))
    for row in per_session:
        rows[row["organization_id"], row["y"]]["sessions"] = row["n"]
    by_session = {"org": F("session__organization_id"), "y": ExtractYear("session__date")}
    present = SessionAttendance.objects.filter(session__in=sessions.values("pk"), present=True)
    for row in present.order_by().values(**by_session).annotate(n=Count("pk")):
        rows[row["org"], row["y"]]["attendances"] = row["n"]
    received = Reflection.objects.filter(
        Exists(
            SessionAttendance.objects.filter(
                session=OuterRef("session"), person=OuterRef("person"), present=True
            )
        ),
        session__in=sessions.values("pk"),
        received=True,
    )
    for row in received.order_by().values(**by_session).annotate(n=Count("pk")):
        rows[row["org"], row["y"]]["reflections"] = row["n"]
    return [
        {"organization_id": org, "year": year, **counts}
        for (org, year), counts in sorted(rows.items())
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


def _studied_rows(memberships, years) -> list[dict]:
    """Per organization and year: its members on 31 December who were present at a session of
    a yearly topic held in the year, anywhere. One query per year; a person has one membership
    on a day, so memberships count people."""
    rows = []
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
            .annotate(members=Count("pk"))
        )
        rows += [{"year": year, **row} for row in counted]
    return sorted(rows, key=lambda row: (row["organization_id"], row["year"]))


def _meeting_rows(meetings) -> list[dict]:
    """Per cell and year: meetings held by kind, those with Directive 05 on the agenda, and the
    members absent without reason from ``ABSENCE_LIMIT`` or more of its regular meetings."""
    meetings = meetings.order_by()
    rows = {
        (row["organization_id"], row["year"]): {**row, "absent_unexcused": 0}
        for row in meetings.values("organization_id", year=ExtractYear("date")).annotate(
            regular=Count("pk", filter=Q(kind=MeetingKind.REGULAR)),
            thematic=Count("pk", filter=Q(kind=MeetingKind.THEMATIC)),
            with_directive05=Count("pk", filter=Q(directive05=True)),
        )
    }
    flagged = (
        MeetingAttendance.objects.filter(
            UNEXCUSED,
            meeting__in=meetings.filter(kind=MeetingKind.REGULAR).values("pk"),
        )
        .order_by()
        .values("person_id", "meeting__organization_id", y=ExtractYear("meeting__date"))
        .annotate(n=Count("pk"))
        .filter(n__gte=ABSENCE_LIMIT)
    )
    for row in flagged:
        rows[row["meeting__organization_id"], row["y"]]["absent_unexcused"] += 1
    return [rows[key] for key in sorted(rows)]


def _in_year(year: int) -> Q:
    return Q(date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31))


def _lock(organization_id: int) -> None:
    list(Organization.objects.select_for_update().filter(pk=organization_id).values("pk"))


@transaction.atomic
def refresh_commitments(organization_id: int, year: int) -> None:
    _lock(organization_id)
    CommitmentTally.objects.filter(organization_id=organization_id, year=year).delete()
    rows = _commitment_rows(Commitment.objects.filter(organization_id=organization_id, year=year))
    CommitmentTally.objects.bulk_create([CommitmentTally(**row) for row in rows])


@transaction.atomic
def refresh_ratings(organization_id: int, year: int) -> None:
    _lock(organization_id)
    RatingTally.objects.filter(organization_id=organization_id, year=year).delete()
    rows = _rating_rows(Rating.objects.filter(organization_id=organization_id, year=year))
    RatingTally.objects.bulk_create([RatingTally(**row) for row in rows])


@transaction.atomic
def refresh_memberships(organization_id: int) -> None:
    """Every year of one organization's membership tally (a person joined or left it)."""
    _lock(organization_id)
    MembershipTally.objects.filter(organization_id=organization_id).delete()
    rows = _membership_rows(Membership.objects.filter(organization_id=organization_id))
    MembershipTally.objects.bulk_create([MembershipTally(**row) for row in rows])


@transaction.atomic
def refresh_study(organization_id: int, year: int) -> None:
    """The year's study tally of the organization that held a session."""
    _lock(organization_id)
    StudyTally.objects.filter(organization_id=organization_id, year=year).delete()
    sessions = StudySession.objects.filter(_in_year(year), organization_id=organization_id)
    StudyTally.objects.bulk_create([StudyTally(**row) for row in _study_rows(sessions)])


@transaction.atomic
def refresh_studied(organization_id: int, year: int) -> None:
    """The members of the organization at the year's end who studied in the year (an
    attendance at a session of a yearly topic changed)."""
    _lock(organization_id)
    StudiedTally.objects.filter(organization_id=organization_id, year=year).delete()
    rows = _studied_rows(Membership.objects.filter(organization_id=organization_id), [year])
    StudiedTally.objects.bulk_create([StudiedTally(**row) for row in rows])


@transaction.atomic
def refresh_studied_years(organization_id: int) -> None:
    """Every year's members who studied of an organization whose memberships changed (a person
    joined, left or moved: where they belong at a year's end may have changed)."""
    _lock(organization_id)
    StudiedTally.objects.filter(organization_id=organization_id).delete()
    rows = _studied_rows(Membership.objects.filter(organization_id=organization_id), _topic_years())
    StudiedTally.objects.bulk_create([StudiedTally(**row) for row in rows])


@transaction.atomic
def refresh_meetings(organization_id: int, year: int) -> None:
    """The year's meeting tally of a cell."""
    _lock(organization_id)
    MeetingTally.objects.filter(organization_id=organization_id, year=year).delete()
    meetings = Meeting.objects.filter(_in_year(year), organization_id=organization_id)
    MeetingTally.objects.bulk_create([MeetingTally(**row) for row in _meeting_rows(meetings)])


@transaction.atomic
def rebuild(batch_size: int = 5000) -> None:
    """Every tally from the records (after bulk loads; ``ct05 recount``)."""
    CommitmentTally.objects.all().delete()
    RatingTally.objects.all().delete()
    MembershipTally.objects.all().delete()
    StudyTally.objects.all().delete()
    StudiedTally.objects.all().delete()
    MeetingTally.objects.all().delete()
    CommitmentTally.objects.bulk_create(
        [CommitmentTally(**row) for row in _commitment_rows(Commitment.objects.all())],
        batch_size=batch_size,
    )
    RatingTally.objects.bulk_create(
        [RatingTally(**row) for row in _rating_rows(Rating.objects.all())], batch_size=batch_size
    )
    MembershipTally.objects.bulk_create(
        [MembershipTally(**row) for row in _membership_rows(Membership.objects.all())],
        batch_size=batch_size,
    )
    StudyTally.objects.bulk_create(
        [StudyTally(**row) for row in _study_rows(StudySession.objects.all())],
        batch_size=batch_size,
    )
    StudiedTally.objects.bulk_create(
        [StudiedTally(**row) for row in _studied_rows(Membership.objects.all(), _topic_years())],
        batch_size=batch_size,
    )
    MeetingTally.objects.bulk_create(
        [MeetingTally(**row) for row in _meeting_rows(Meeting.objects.all())],
        batch_size=batch_size,
    )


def differences() -> list[str]:
    """What the stored tallies say that the records do not (empty when they agree)."""
    found = []
    pairs = [
        (
            CommitmentTally,
            _commitment_rows(Commitment.objects.all()),
            [
                "organization_id",
                "year",
                "deed_count",
                "commitments",
                "deeds_evaluated",
                "deeds_achieved",
            ],
        ),
        (
            RatingTally,
            _rating_rows(Rating.objects.all()),
            [
                "organization_id",
                "year",
                "period_kind",
                "quarter",
                "of_members",
                "status",
                "level",
                "ratings",
            ],  # fmt: skip
        ),
        (
            MembershipTally,
            _membership_rows(Membership.objects.all()),
            ["organization_id", "year", "starts", "ends"],
        ),
        (
            StudyTally,
            _study_rows(StudySession.objects.all()),
            ["organization_id", "year", "sessions", "attendances", "reflections"],
        ),
        (
            StudiedTally,
            _studied_rows(Membership.objects.all(), _topic_years()),
            ["organization_id", "year", "members"],
        ),
        (
            MeetingTally,
            _meeting_rows(Meeting.objects.all()),
            [
                "organization_id",
                "year",
                "regular",
                "thematic",
                "with_directive05",
                "absent_unexcused",
            ],  # fmt: skip
        ),
    ]
    for model, rows, fields in pairs:
        stored = {tuple(r) for r in model.objects.values_list(*fields)}
        counted = {tuple(row[f] for f in fields) for row in rows}
        found += [f"{model.__name__} stored only: {r}" for r in sorted(stored - counted, key=str)]
        found += [f"{model.__name__} missing: {r}" for r in sorted(counted - stored, key=str)]
    return found


@transaction.atomic
def refresh_many(
    *,
    memberships: set[int] = frozenset(),
    commitments: dict[int, set[int]] | None = None,
    ratings: dict[int, set[int]] | None = None,
) -> None:
    """Recount many organizations at once, set-based (an import): the membership tallies of
    ``memberships`` (organization ids) and their members who studied, the commitment and rating
    tallies of ``{year: ids}``."""
    ids = sorted(memberships)
    years = _topic_years() if ids else []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        list(Organization.objects.select_for_update().filter(pk__in=chunk).values("pk"))
        MembershipTally.objects.filter(organization_id__in=chunk).delete()
        rows = _membership_rows(Membership.objects.filter(organization_id__in=chunk))
        MembershipTally.objects.bulk_create([MembershipTally(**row) for row in rows])
        StudiedTally.objects.filter(organization_id__in=chunk).delete()
        rows = _studied_rows(Membership.objects.filter(organization_id__in=chunk), years)
        StudiedTally.objects.bulk_create([StudiedTally(**row) for row in rows])
    for model, source, rows_of, by_year in (
        (CommitmentTally, Commitment, _commitment_rows, commitments or {}),
        (RatingTally, Rating, _rating_rows, ratings or {}),
    ):
        for year, organizations in by_year.items():
            ids = sorted(organizations)
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                model.objects.filter(organization_id__in=chunk, year=year).delete()
                rows = rows_of(source.objects.filter(organization_id__in=chunk, year=year))
                model.objects.bulk_create([model(**row) for row in rows])
