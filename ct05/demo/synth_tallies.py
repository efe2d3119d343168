"""The report's tallies after a synthetic load: ``tallies.rebuild()``'s rows, written by COPY.

``tallies.rebuild()`` counts each tally from the records in one grouped query and inserts the
result through the ORM; at a nation's size (a million members: 630,000 tally rows) the inserts
took two thirds of its time. Here the same rows, from the same counting functions, go through
the synthetic load's writer. ``tallies.differences()`` stays the judge: the synth's tests
compare the two after every build, so a tally added to ``tallies.rebuild`` and not here fails
them.
"""

from __future__ import annotations

import itertools
from operator import itemgetter

from django.db import connection, transaction

from ct05.commitments.models import Commitment
from ct05.meetings.models import Meeting
from ct05.people.models import Membership
from ct05.ratings.models import Rating
from ct05.reports import tallies
from ct05.reports.models import (
    CommitmentTally,
    MeetingTally,
    MembershipTally,
    RatingTally,
    StudiedTally,
    StudyTally,
)
from ct05.study.models import StudySession

from .loader import Loader


def _sources():
    """Each tally and its rows, as ``tallies.rebuild()`` counts them."""
    yield CommitmentTally, tallies._commitment_rows(Commitment.objects.all())
    yield RatingTally, tallies._rating_rows(Rating.objects.all())
    yield MembershipTally, tallies._membership_rows(Membership.objects.all())
    yield StudyTally, tallies._study_rows(StudySession.objects.all())
    yield StudiedTally, tallies._studied_rows(Membership.objects.all(), tallies._topic_years())
    yield MeetingTally, tallies._meeting_rows(Meeting.objects.all())


@transaction.atomic
def rebuild_tallies(loader: Loader | None = None) -> int:
    """Every tally from the records; returns the number of tally rows written."""
    loader = loader or Loader()
    written = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the grouped counts sorted and hashed in memory
            cursor.execute("SET LOCAL work_mem = '256MB'")
    for model, rows in _sources():
        model.objects.all().delete()
        rows = iter(rows)  # streamed: a nation's tallies are millions of dicts
        first = next(rows, None)
        if first is None:
            continue
        columns = tuple(first)
        get = itemgetter(*columns)
        written += loader.write(
            model,
            columns,
            (
                get(row) if len(columns) > 1 else (get(row),)
                for row in itertools.chain([first], rows)
            ),
        )
    return written
