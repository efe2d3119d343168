"""Per-organization yearly tallies the report reads instead of every commitment and rating.

They are computed from the records, never typed: the services recount an organization's year
whenever one of its commitments or decided ratings changes (``ct05.reports.tallies``), and
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
    """Decided ratings of one organization and period by level, of members or organizations."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    period_kind = models.CharField(max_length=10)
    quarter = models.PositiveSmallIntegerField()
    of_members = models.BooleanField()
    level = models.CharField(max_length=15)
    ratings = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "period_kind", "quarter", "of_members", "level"],
                name="one_rating_tally",
            )
        ]
        indexes = [models.Index(fields=["period_kind", "year", "organization"])]
