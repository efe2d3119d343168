"""Per-organization yearly tallies the report reads instead of every record it counts.

Commitments, ratings, memberships, study sessions (and the members who studied) and cell
meetings: a province has
hundreds of thousands of each, the tallies a few rows per organization and year. They are
computed from the records, never typed: the services recount an organization's year whenever
one of its records changes (``ct05.reports.tallies``), and
``ct05 recount`` rebuilds them all. A test compares them with a count from the records.
"""

from django.db import models


class CommitmentTally(models.Model):
    """Commitments of one organization and year that have ``deed_count`` deeds."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    deed_count = models.PositiveSmallIntegerField()
    commitments = models.PositiveIntegerField()
    deeds_evaluated = models.PositiveIntegerField()
    deeds_achieved = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "deed_count"], name="one_commitment_tally"
            )
        ]
        indexes = [models.Index(fields=["year", "organization"])]


class RatingTally(models.Model):
    """Ratings of one organization and period by step of the flow and level, of members or of
    organizations. The report counts the decided ones by level, and the members' by step
    (self-assessed, proposed, decided, reopened) to say how far the year's rating has come."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    period_kind = models.CharField(max_length=10)
    quarter = models.PositiveSmallIntegerField()
    of_members = models.BooleanField()
    status = models.CharField(max_length=15, default="decided")
    level = models.CharField(max_length=15)
    ratings = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "organization", "year", "period_kind", "quarter", "of_members", "status",
                    "level",
                ],
                name="one_rating_tally_by_status",
            )
        ]  # fmt: skip
        indexes = [models.Index(fields=["period_kind", "year", "organization"])]


class MembershipTally(models.Model):
    """Memberships of one organization that start or stop counting at the end of ``year``.

    A membership counts at a year's end (31 December) from the year it starts to the year it
    stops: ``starts`` of them begin counting at the end of ``year``, ``ends`` no longer count
    there. The members on 31 December of year Y are the sum of ``starts - ends`` over the years
    up to Y, read from a few rows per organization instead of every membership; the members on
    another day of Y differ only by the memberships that begin or end between that day and the
    year's end (see ``ct05.reports.sections``).
    """

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    starts = models.PositiveIntegerField()
    ends = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_membership_tally")
        ]
        indexes = [models.Index(fields=["year", "organization"])]


class StudyTally(models.Model):
    """Study sessions an organization held in one year, those present, essays received.

    ``attendances`` counts the people recorded present; ``reflections`` the essays received
    from people still recorded present (attendance can be corrected after the essay).
    """

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    sessions = models.PositiveIntegerField()
    attendances = models.PositiveIntegerField()
    reflections = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_study_tally")
        ]
        indexes = [models.Index(fields=["year", "organization"])]


class StudiedTally(models.Model):
    """Members of one organization on 31 December of ``year`` who were present at a session of
    a yearly topic held in that year, wherever it was held (a cell's member at the commune's
    conference studied: the cell counts them).

    Counted where the person belongs at the year's end, as the members are; on another day of
    the year the report puts right the few whose membership changes between that day and the
    year's end. Recounted when a session's attendance changes (for the organizations the
    attendees belong to at the year's end) and when an organization's memberships change (every
    year of it).
    """

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    members = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_studied_tally")
        ]
        indexes = [models.Index(fields=["year", "organization"])]


class MeetingTally(models.Model):
    """Meetings a cell held in one year, by kind, those with Directive 05 on the agenda, and
    the members absent without reason from three or more of its regular meetings that year
    (Party Charter, art. 8)."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    regular = models.PositiveIntegerField()
    thematic = models.PositiveIntegerField()
    with_directive05 = models.PositiveIntegerField()
    absent_unexcused = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_meeting_tally")
        ]
        indexes = [models.Index(fields=["year", "organization"])]
