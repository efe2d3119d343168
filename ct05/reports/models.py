"""Per-organization yearly tallies the report reads instead of every record it counts.

Commitments, ratings, memberships, study sessions (and the members who studied), cell
meetings (and how many cells held each number of them), community activities (and their
outputs), collective plans (and their pressing issues), codes of ethical standards, tasks,
dialogue conferences, indicators, awards and models and exemplars: a province
has hundreds of thousands of most of them, the tallies a few rows per organization and year,
and each tally's sums over subtrees (``SUBTREE_SUMS``) a few rows per organization and year for
its whole subtree. They are computed from the records, never typed: the services recount an
organization's year whenever one of its records changes (``ct05.reports.tallies``), and
``ct05 recount`` rebuilds them all. A test compares them with a count from the records.
"""

from django.db import models


def _key(to, *, db_index: bool = True) -> models.ForeignKey:
    """A tally's foreign key (its organization, or a key such as an output's unit), without a
    constraint in the database: the rows are derived from records that name existing rows,
    and Django still deletes them with what they name. Checked by PostgreSQL, each of the
    nation's tally rows cost a check at the recount's commit (75 s of about five minutes) and
    each save's a few more."""
    return models.ForeignKey(
        to, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=db_index
    )


def _organization() -> models.ForeignKey:
    """A tally's organization: its unique constraint begins with it, and that index serves
    every look-up by organization, so it has no index of its own (one index fewer to write for
    each of the nation's eight million tally and sum rows at a recount, and at every save)."""
    return _key("organizations.Organization", db_index=False)


class CommitmentTally(models.Model):
    """Commitments of one organization and year that have ``deed_count`` deeds."""

    organization = _organization()
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

    organization = _organization()
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

    organization = _organization()
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

    organization = _organization()
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

    organization = _organization()
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

    organization = _organization()
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


class CellMeetingTally(models.Model):
    """One cell's meetings of one year as a key: the cell held ``regular`` regular and
    ``thematic`` thematic meetings (``cells`` is 1). Summed over a subtree it says how many
    cells held each number of meetings, which is what the report holds against the norms: what
    is due depends on the report's day and on the norms in force, so the report compares, not
    the tally (``ct05.reports.sections.meetings``). A cell that held no meeting has no row."""

    organization = _organization()
    year = models.PositiveSmallIntegerField()
    regular = models.PositiveIntegerField()
    thematic = models.PositiveIntegerField()
    cells = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "regular", "thematic"],
                name="one_cell_meeting_tally",
            )
        ]
        indexes = [models.Index(fields=["year", "organization"])]


class ActivityTally(models.Model):
    """Community activities one organization held in one year, and their cadre- and
    resident-turns."""

    organization = _organization()
    year = models.PositiveSmallIntegerField()
    activities = models.PositiveIntegerField()
    cadre_turns = models.PositiveBigIntegerField()
    resident_turns = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_activity_tally")
        ]
        indexes = [models.Index(fields=["year", "organization"])]


class OutputTally(models.Model):
    """What one organization's activities of one year produced in one unit, in thousandths of
    the unit (quantities have three decimal places: whole numbers add up exactly on every
    database)."""

    organization = _organization()
    year = models.PositiveSmallIntegerField()
    unit = _key("activities.OutputUnit")
    thousandths = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "unit"], name="one_output_tally"
            )
        ]
        indexes = [models.Index(fields=["year", "organization"])]


class PlanTally(models.Model):
    """One organization's collective plan of one year (0 or 1) and its pressing issues, those
    resolved apart."""

    organization = _organization()
    year = models.PositiveSmallIntegerField()
    plans = models.PositiveIntegerField()
    issues = models.PositiveIntegerField()
    resolved = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_plan_tally")
        ]
        indexes = [models.Index(fields=["year", "organization"])]


class TaskTally(models.Model):
    """Tasks assigned to one organization that count in one year (a year's tasks in their year,
    a term's in every year of the term), by category, by whether each was completed by the
    year's end and whether it was overdue then (past its deadline and not completed by that
    day): what a past year's report says of them. Fixed by the tasks' own dates, whatever day
    it is; the year under way's report, judged on today, counts the tasks themselves."""

    organization = _organization()
    year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=20)
    completed = models.BooleanField()
    overdue = models.BooleanField()
    tasks = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "category", "completed", "overdue"],
                name="one_task_tally",
            )
        ]
        indexes = [models.Index(fields=["year", "organization"])]


class DialogueTally(models.Model):
    """Dialogue conferences one organization held in one year, and their participants."""

    organization = _organization()
    year = models.PositiveSmallIntegerField()
    dialogues = models.PositiveIntegerField()
    participants = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_dialogue_tally")
        ]
        indexes = [models.Index(fields=["year", "organization"])]


class IndicatorTally(models.Model):
    """One organization's targets of one year and those achieved in their direction, and its
    commune's new-rural criteria recorded for the year (``communes``, 0 or 1) and met."""

    organization = _organization()
    year = models.PositiveSmallIntegerField()
    targets = models.PositiveIntegerField()
    achieved = models.PositiveIntegerField()
    communes = models.PositiveIntegerField()
    criteria_met = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_indicator_tally")
        ]
        indexes = [models.Index(fields=["year", "organization"])]


class AwardTally(models.Model):
    """Awards decided in one year to one organization or its people, by form, issuer and
    recipient (a collective or a person). The issuer is kept, not its level: an administrator
    may correct an issuer's level, and the report reads it when it reads the issuers."""

    organization = _organization()
    year = models.PositiveSmallIntegerField()
    form = _key("recognition.AwardForm")
    issuer = _key("recognition.AwardIssuer")
    recipient_kind = models.CharField(max_length=12)
    awards = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "form", "issuer", "recipient_kind"],
                name="one_award_tally",
            )
        ]
        indexes = [models.Index(fields=["year", "organization"])]


class EthicsCodeTally(models.Model):
    """An organization with a code of ethical standards counts from the year its first code was
    adopted (``adopted`` is 1 that year): the organizations with a code at the end of year Y are
    the sum of ``adopted`` over the years up to Y, read from one row an organization."""

    organization = _organization()
    year = models.PositiveSmallIntegerField()
    adopted = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_ethics_code_tally")
        ]
        indexes = [models.Index(fields=["year", "organization"])]


# The last whole year of a party organization that has not ended (``PartyOrganizationTally``).
FOREVER = 9999


class PartyOrganizationTally(models.Model):
    """A party organization, by the whole years it existed: every day of each year from ``year``
    to ``last_year`` (``FOREVER`` while it goes on), a cell or not (``organizations`` is 1; one that
    never existed a whole year has no row). Summed over a subtree it says how many party
    organizations, and how many cells, existed through each span of years: a report over whole
    years within a span counts them from the sums (a few rows a child), and reads one by one
    only those that began or ended within its years (``ReportScope.party_organizations``)."""

    organization = _organization()
    year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()
    cell = models.BooleanField()
    organizations = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "last_year", "cell"],
                name="one_party_organization_tally",
            )
        ]
        indexes = [models.Index(fields=["year", "organization"])]


class ExemplarTally(models.Model):
    """Models and exemplars of one organization and year, by type and holder (a collective or a
    person): registered that year, and recognized that year (counted in the year of each)."""

    organization = _organization()
    year = models.PositiveSmallIntegerField()
    type = _key("recognition.ExemplarType")
    holder_kind = models.CharField(max_length=12)
    registered = models.PositiveIntegerField()
    recognized = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "type", "holder_kind"], name="one_exemplar_tally"
            )
        ]
        indexes = [models.Index(fields=["year", "organization"])]


def _subtree_sums(tally: type[models.Model], name: str) -> type[models.Model]:
    """The model of ``tally`` summed over subtrees: for every organization, one row per key of
    the tally summed over the organization and every organization below it in today's tree.

    A report's rows are the root's children: it reads their sums (a few rows each) instead of
    the tally rows of every organization beneath them, so a province's or the nation's report
    reads as many rows as a commune's. Kept by the same refreshes as the tallies, by adding
    each change to the organization's sums and its ancestors' (``ct05.reports.tallies``); the
    figures are plain integers because a change is added as a difference.
    """
    (unique,) = tally._meta.constraints
    keys = [f for f in unique.fields if f != "organization"]
    attrs = {
        "__module__": __name__,
        "__doc__": f"{tally.__name__} summed over each organization's subtree.",
        "organization": _organization(),
    }
    for field in tally._meta.concrete_fields:
        if field.primary_key or field.name == "organization":
            continue
        if field.is_relation:  # a key (the unit of an output, the type of a model)
            attrs[field.name] = _key(field.remote_field.model)
        elif field.name in keys:
            attrs[field.name] = field.clone()
        else:
            attrs[field.name] = models.BigIntegerField(default=0)
    attrs["Meta"] = type(
        "Meta",
        (),
        {
            "constraints": [
                models.UniqueConstraint(fields=["organization", *keys], name=f"one_{name.lower()}")
            ]
        },
    )
    return type(name, (models.Model,), attrs)


CommitmentSubtree = _subtree_sums(CommitmentTally, "CommitmentSubtree")
RatingSubtree = _subtree_sums(RatingTally, "RatingSubtree")
MembershipSubtree = _subtree_sums(MembershipTally, "MembershipSubtree")
StudySubtree = _subtree_sums(StudyTally, "StudySubtree")
StudiedSubtree = _subtree_sums(StudiedTally, "StudiedSubtree")
MeetingSubtree = _subtree_sums(MeetingTally, "MeetingSubtree")
CellMeetingSubtree = _subtree_sums(CellMeetingTally, "CellMeetingSubtree")
ActivitySubtree = _subtree_sums(ActivityTally, "ActivitySubtree")
OutputSubtree = _subtree_sums(OutputTally, "OutputSubtree")
PlanSubtree = _subtree_sums(PlanTally, "PlanSubtree")
EthicsCodeSubtree = _subtree_sums(EthicsCodeTally, "EthicsCodeSubtree")
TaskSubtree = _subtree_sums(TaskTally, "TaskSubtree")
DialogueSubtree = _subtree_sums(DialogueTally, "DialogueSubtree")
IndicatorSubtree = _subtree_sums(IndicatorTally, "IndicatorSubtree")
AwardSubtree = _subtree_sums(AwardTally, "AwardSubtree")
ExemplarSubtree = _subtree_sums(ExemplarTally, "ExemplarSubtree")
PartyOrganizationSubtree = _subtree_sums(PartyOrganizationTally, "PartyOrganizationSubtree")

# Each tally and its sums over subtrees.
SUBTREE_SUMS = {
    CommitmentTally: CommitmentSubtree,
    RatingTally: RatingSubtree,
    MembershipTally: MembershipSubtree,
    StudyTally: StudySubtree,
    StudiedTally: StudiedSubtree,
    MeetingTally: MeetingSubtree,
    CellMeetingTally: CellMeetingSubtree,
    ActivityTally: ActivitySubtree,
    OutputTally: OutputSubtree,
    PlanTally: PlanSubtree,
    EthicsCodeTally: EthicsCodeSubtree,
    TaskTally: TaskSubtree,
    DialogueTally: DialogueSubtree,
    IndicatorTally: IndicatorSubtree,
    AwardTally: AwardSubtree,
    ExemplarTally: ExemplarSubtree,
    PartyOrganizationTally: PartyOrganizationSubtree,
}

# Tallies read as running counts, over every year up to the report's (a membership or a code
# counts from its year on, an organization from its first whole year), not only over the
# period's years.
RUNNING = frozenset({MembershipTally, EthicsCodeTally, PartyOrganizationTally})
