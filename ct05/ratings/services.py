"""The rating flow: self-assessment -> proposal -> decision (locked) -> reopen.

Who may do what:
- self-assessment: the person themself (a member rating) or whoever may change the organization
  (an organization's own rating);
- proposal: whoever may change the rating's organization (the cell's secretary, and above);
- decision and reopening: the competent level. For an organization's rating that is a level
  strictly above it. For a member it is the grassroots level: the member's own organization
  when it is a grassroots committee or grassroots cell, otherwise a level above the cell.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ct05.accounts.models import RoleAssignment
from ct05.commitments.services import check_member_in_year
from ct05.core import changes
from ct05.core.changes import Records
from ct05.core.models import active_on, check_fields
from ct05.core.permissions import (
    can_change_above,
    is_self,
    require_change,
    require_self_or_change,
    require_view,
)
from ct05.core.roles import Action, Role
from ct05.core.scope import can, user_scopes
from ct05.core.versions import check_version
from ct05.core.years import check_year
from ct05.organizations.models import Organization, OrganizationKind
from ct05.people.models import Membership, Person

from . import schemes
from .models import (
    LEVEL_RANK,
    Criterion,
    Level,
    PeriodKind,
    Rating,
    RatingChange,
    RatingScheme,
    RatingStatus,
    SubjectKind,
    TaskRecord,
)

GRASSROOTS_KINDS = {OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.GRASSROOTS_CELL}
TERM_YEARS = 5


def default_scheme(year: int, period_kind: str = PeriodKind.YEAR) -> RatingScheme:
    """The scheme in force for ``year`` (``from_year``..``to_year`` of the schemes, as data):
    Quy định 132 for 2018–2022, 124 for 2023–2024, 366 from 2025. A term is rated at its end,
    under the scheme of its last year; a quarter under its year's. A year before every scheme
    takes the earliest. The schemes are those the process keeps (:mod:`.schemes`): the instance
    returned is shared, read it and do not change it."""
    if period_kind == PeriodKind.TERM:
        year += TERM_YEARS
    kept = schemes.current().by_year  # ordered by the first year in force
    in_force = [s for s in kept if s.from_year <= year and (s.to_year is None or s.to_year >= year)]
    if in_force:
        return max(in_force, key=lambda s: s.from_year)
    return kept[0] if kept else None


def subject_kind_of(
    *, person: Person | None = None, organization: Organization | None = None, user=None
):
    """Which annex applies: an organization is a collective; a person who heads an organization
    in force (``Organization.head``) or holds a current secretary's role is a leader; anyone
    else a member. ``user``, when it is the person's own account, answers the role from the
    roles the request has already read (``user_scopes``) instead of asking again."""
    if organization is not None:
        return SubjectKind.COLLECTIVE
    today = timezone.localdate()
    if user is not None and person is not None and user.person_id == person.pk:
        secretary = _is_secretary(user)
    else:
        secretary = (
            RoleAssignment.objects.current()
            .filter(user__person=person, role=Role.SECRETARY)
            .exists()
        )
    if secretary:
        return SubjectKind.LEADER
    heads = _headed(person, today).exists()
    return SubjectKind.LEADER if heads else SubjectKind.MEMBER


def _is_secretary(user) -> bool:
    """Whether the user holds a secretary's role now (from the roles the request read)."""
    return any(s.role == Role.SECRETARY for s in user_scopes(user))


def _headed(person, day):
    """The organizations in force on ``day`` that ``person`` (or an ``OuterRef``) heads."""
    return Organization.objects.filter(active_on(day), head=person)


def own_standing(user) -> tuple[bool, str]:
    """For the user's own person: whether they are a member of an organization today, and
    which annex applies to them (:func:`subject_kind_of`), in one query: the member's year asks
    both on every view."""
    today = timezone.localdate()
    member, heads = (
        Person.objects.filter(pk=user.person_id)
        .annotate(
            member=Exists(Membership.objects.filter(active_on(today), person=OuterRef("pk"))),
            heads=Exists(_headed(OuterRef("pk"), today)),
        )
        .values_list("member", "heads")
        .first()
    ) or (False, False)
    return member, SubjectKind.LEADER if _is_secretary(user) or heads else SubjectKind.MEMBER


def may_decide(user, rating: Rating) -> bool:
    organization = rating.organization
    if rating.person_id and organization.kind in GRASSROOTS_KINDS:
        return can(user, Action.CHANGE, organization)
    return can_change_above(user, organization)


def _points(value, field: str = "scores") -> Decimal:
    try:
        return Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Points must be numbers.")}) from None


def _group_scores(
    scheme: RatingScheme, scores: dict, criterion_scores: dict, subject_kind: str
) -> tuple[dict, dict]:
    """Points per group, a group given by its sub-criteria taking their sum; returns (group
    scores, sub-criteria scores), cleaned."""
    groups = {g.code: g for g in scheme.groups.all()}
    criteria = {}
    if criterion_scores:
        criteria = {c.code: c for c in Criterion.applicable(scheme, subject_kind)}
        unknown = criterion_scores.keys() - criteria.keys()
        if unknown:
            raise ValidationError(
                {
                    "criterion_scores": _("Unknown sub-criteria: %(codes)s.")
                    % {"codes": ", ".join(sorted(unknown))}
                }
            )
    cleaned_criteria, summed = {}, {}
    for code, value in criterion_scores.items():
        criterion = criteria[code]
        points = _points(value, "criterion_scores")
        if not 0 <= points <= criterion.max_points:
            raise ValidationError(
                {
                    "criterion_scores": _("%(criterion)s: points must be between 0 and %(max)s.")
                    % {"criterion": criterion, "max": criterion.max_points}
                }
            )
        cleaned_criteria[code] = str(points)
        group_code = criterion.group.code
        summed[group_code] = summed.get(group_code, Decimal(0)) + points
    scores = dict(scores)
    for code, points in summed.items():
        if code in scores and _points(scores[code]) != points:
            raise ValidationError(
                {
                    "scores": _(
                        "%(group)s: the group's points (%(given)s) differ from the sum of its "
                        "sub-criteria (%(sum)s)."
                    )
                    % {"group": groups[code].name, "given": scores[code], "sum": points}
                }
            )
        scores[code] = points
    return scores, cleaned_criteria


def _score(
    scheme: RatingScheme,
    scores: dict | None,
    level: str | None,
    *,
    record: TaskRecord,
    subject_kind: str,
    criterion_scores: dict | None = None,
) -> tuple[str, dict, dict, Decimal | None]:
    """Check the scoring against the scheme; return (level, scores, criterion scores, total).

    Under a scored scheme the highest level allowed is the highest band whose score *and*
    conditions (``record``) hold; a level above it is refused, naming the unmet condition, and no
    level means that one. Under a levels-only scheme a level is required, and points and
    conditions are refused.
    """
    if level and level not in Level.values:
        raise ValidationError({"level": _("Unknown level: %(level)s.") % {"level": level}})
    if not scheme.uses_score:
        if scores or criterion_scores:
            raise ValidationError({"scores": _("This scheme rates by level only, without points.")})
        if not record.is_empty():
            raise ValidationError(
                {"tasks_total": _("This scheme rates by level only, without band conditions.")}
            )
        if not level:
            raise ValidationError({"level": _("Choose a level.")})
        return level, {}, {}, None
    errors = record.errors()
    if errors:
        raise ValidationError(errors)
    groups = {g.code: g for g in scheme.groups.all()}
    scores, criterion_scores = _group_scores(
        scheme, scores or {}, criterion_scores or {}, subject_kind
    )
    missing = groups.keys() - scores.keys()
    unknown = scores.keys() - groups.keys()
    if missing or unknown:
        names = (
            ", ".join(groups[c].name for c in sorted(missing))
            if missing
            else ", ".join(sorted(unknown))
        )
        message = (
            _("Give points for every criteria group; missing: %(names)s.")
            if missing
            else _("Unknown criteria groups: %(names)s.")
        )
        raise ValidationError({"scores": message % {"names": names}})
    cleaned, total = {}, Decimal(0)
    for code, value in scores.items():
        points = _points(value)
        if not 0 <= points <= groups[code].max_points:
            raise ValidationError(
                {
                    "scores": _("%(group)s: points must be between 0 and %(max)s.")
                    % {"group": groups[code].name, "max": groups[code].max_points}
                }
            )
        cleaned[code] = str(points)
        total += points
    check = scheme.level_for(total, record, subject_kind == SubjectKind.COLLECTIVE)
    if level and LEVEL_RANK[level] > LEVEL_RANK[check.by_score]:
        raise ValidationError(
            {
                "level": _("A score of %(score)s allows at most “%(allowed)s”.")
                % {"score": number_format(total, 1), "allowed": Level(check.by_score).label}
            }
        )
    if level and LEVEL_RANK[level] > LEVEL_RANK[check.allowed]:
        # The bands from the one asked for down to the one allowed, each with what it lacks.
        lacking = [m for lvl, m in check.held_back if LEVEL_RANK[lvl] <= LEVEL_RANK[level]]
        raise ValidationError(
            {
                "level": [
                    *lacking,
                    _("At most “%(allowed)s” can be given.")
                    % {"allowed": Level(check.allowed).label},
                ]
            }
        )
    return level or check.allowed, cleaned, criterion_scores, total


def _record_of(rating: Rating | None, conditions: dict | None) -> TaskRecord:
    """The rating's recorded conditions with ``conditions`` (field: value) laid over them."""
    fields = TaskRecord.of(rating).as_fields() if rating is not None else TaskRecord().as_fields()
    for field, value in (conditions or {}).items():
        if field not in fields:
            raise ValidationError({field: _("Unknown condition.")})
        fields[field] = value
    return TaskRecord(**{TaskRecord.FIELDS[f]: v for f, v in fields.items()})


def _apply(rating: Rating, scores: dict, criterion_scores: dict, total, record: TaskRecord):
    rating.scores, rating.criterion_scores, rating.score = scores, criterion_scores, total
    for field, value in record.as_fields().items():
        setattr(rating, field, value)


def _scoring_of(rating: Rating, scores: dict | None, criterion_scores: dict | None):
    """A step without points keeps the stored ones; with points, what it gives replaces them."""
    if scores is None and criterion_scores is None:
        return rating.scores or None, rating.criterion_scores or None
    return scores, criterion_scores


def _check_note(note: str) -> None:
    """A step's note is kept as the rating's note and in its history: refuse one past the
    rating note's limit, on the note."""
    check_fields(Rating(note=note.strip()), "note")


def _record(rating: Rating, user, action: str, level: str, note: str = "") -> None:
    RatingChange.objects.create(
        rating=rating,
        by=user,
        action=action,
        status=rating.status,
        level=level,
        score=rating.score,
        scores=rating.scores,
        note=note,
    )


def _check_period(period_kind: str, year: int, quarter: int) -> None:
    check_year(year)
    if period_kind not in PeriodKind.values:
        raise ValidationError({"period_kind": _("Unknown period: %(p)s.") % {"p": period_kind}})
    if period_kind == PeriodKind.QUARTER and not 1 <= quarter <= 4:
        raise ValidationError({"quarter": _("The quarter must be 1, 2, 3 or 4.")})
    if period_kind != PeriodKind.QUARTER and quarter:
        raise ValidationError({"quarter": _("A quarter is given only for a quarterly rating.")})


@transaction.atomic
def self_assess(
    *,
    user,
    year: int,
    person: Person | None = None,
    organization: Organization | None = None,
    level: str | None = None,
    scores: dict | None = None,
    note: str = "",
    period_kind: str = PeriodKind.YEAR,
    quarter: int = 0,
    scheme: RatingScheme | None = None,
    version: int | None = None,
    criterion_scores: dict | None = None,
    conditions: dict | None = None,
) -> Rating:
    """Start (or redo, before a proposal) the rating of a person or of an organization; with
    ``version`` (the one read when the form opened), a redo is refused if someone else saved the
    rating since.

    ``scores`` gives points per criteria group, ``criterion_scores`` per sub-criterion (summed
    into its group); ``conditions`` records the band conditions (``tasks_total``,
    ``tasks_done``, ``tasks_on_time``, ``tasks_exceeding``, ``disciplined``), laid over those
    recorded before."""
    _check_note(note)
    if (person is None) == (organization is None):
        raise ValidationError(_("Rate either a person or an organization."))
    _check_period(period_kind, year, quarter)
    if person is not None:
        membership = person.current_membership()
        if membership is None:
            raise ValidationError(
                {"person": _("This person is not a current member of any organization.")}
            )
        home = membership.organization
        require_self_or_change(user, person, home)
        check_member_in_year(person, year)
        lookup = {"person": person}
    else:
        home = organization
        require_change(user, organization)
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if organization.valid_from > end or (
            organization.valid_to and organization.valid_to < start
        ):
            raise ValidationError(
                {
                    "year": _("%(organization)s did not exist in %(year)s.")
                    % {"organization": organization, "year": year}
                }
            )
        lookup = {"subject_organization": organization}
    scheme = scheme or default_scheme(year, period_kind)
    subject_kind = subject_kind_of(person=person, organization=organization)
    rating = (
        Rating.objects.select_for_update(of=("self",))
        .filter(**lookup, period_kind=period_kind, year=year, quarter=quarter)
        .first()
    )
    if rating is not None:
        check_version(rating, version)
    record = _record_of(rating if rating and rating.scheme_id == scheme.pk else None, conditions)
    level, scores, criterion_scores, total = _score(
        scheme,
        scores,
        level,
        record=record,
        subject_kind=subject_kind,
        criterion_scores=criterion_scores,
    )
    if rating and rating.status not in (RatingStatus.SELF_ASSESSED, RatingStatus.REOPENED):
        raise ValidationError(
            _("This rating is already proposed or decided; the self-assessment is closed.")
        )
    if rating is None:
        rating = Rating(
            **lookup, organization=home, period_kind=period_kind, year=year, quarter=quarter
        )
    rating.scheme, rating.subject_kind = scheme, subject_kind
    rating.self_level = level
    _apply(rating, scores, criterion_scores, total, record)
    rating.status = RatingStatus.SELF_ASSESSED
    rating.note = note.strip()
    rating.save()
    _record(rating, user, "self_assess", level, note)
    # The report says how far the year's rating has come (its tallies count every step).
    changes.announce(Records.RATINGS, organization_id=rating.organization_id, year=rating.year)
    return rating


@transaction.atomic
def propose(
    *,
    user,
    rating: Rating,
    level: str | None = None,
    scores: dict | None = None,
    note: str = "",
    criterion_scores: dict | None = None,
    conditions: dict | None = None,
) -> Rating:
    """Propose a level; without points the latest scoring stands, and ``conditions`` are laid
    over those recorded."""
    _check_note(note)
    rating = (
        Rating.objects.select_for_update(of=("self",))
        .select_related("organization", "scheme")
        .get(pk=rating.pk)
    )
    require_change(user, rating.organization)
    if is_self(user, rating.person):
        raise PermissionDenied(_("You cannot propose your own rating."))
    if rating.is_locked:
        raise ValidationError(
            _("This rating is decided and locked; the deciding level must reopen it.")
        )
    level = _rescore(rating, level, scores, criterion_scores, conditions)
    rating.proposed_level = level
    rating.status = RatingStatus.PROPOSED
    rating.proposed_by, rating.proposed_at = user, timezone.now()
    rating.save()
    _record(rating, user, "propose", level, note)
    changes.announce(Records.RATINGS, organization_id=rating.organization_id, year=rating.year)
    return rating


def _rescore(rating, level, scores, criterion_scores, conditions, fallback=None) -> str:
    """Check a step's scoring (the stored one when it gives no points) and set it on
    ``rating``; returns the level: the one given, else ``fallback`` (the proposal's) as far as
    the score and the conditions allow, else the highest they allow."""
    scores, criterion_scores = _scoring_of(rating, scores, criterion_scores)
    record = _record_of(rating, conditions)
    given = level or (None if rating.scheme.uses_score else fallback)
    level, scores, criterion_scores, total = _score(
        rating.scheme,
        scores,
        given,
        record=record,
        subject_kind=rating.subject_kind
        or subject_kind_of(person=rating.person, organization=rating.subject_organization),
        criterion_scores=criterion_scores,
    )
    _apply(rating, scores, criterion_scores, total, record)
    if given is None and fallback and LEVEL_RANK[fallback] < LEVEL_RANK[level]:
        level = fallback
    return level


def cap_check(rating: Rating, level: str) -> tuple[str, str | None]:
    """Whether deciding ``level`` keeps 'excellent' within the cap; returns (enforcement, message).

    The cap counts decided ratings of the same period in the same group: the members of one
    organization, or the organizations under one parent (Quy định 124: "within each group with
    similar roles").
    """
    if level != Level.EXCELLENT:
        return "", None
    if rating.person_id:
        group = Rating.objects.filter(person__isnull=False, organization_id=rating.organization_id)
        settings_from = rating.organization
    else:
        parent = Organization.objects.get_parent(rating.subject_organization)
        if parent is None:
            return "", None
        group = Rating.objects.filter(
            subject_organization__in=Organization.objects.get_children(parent).values("pk")
        )
        settings_from = parent
    group = group.filter(
        period_kind=rating.period_kind,
        year=rating.year,
        quarter=rating.quarter,
        status=RatingStatus.DECIDED,
    ).exclude(pk=rating.pk)
    excellent = group.filter(level=Level.EXCELLENT).count() + 1
    good = group.filter(level=Level.GOOD).count()
    cap = settings_from.setting("excellent_cap_pct")
    if excellent * 100 <= cap * good:
        return "", None
    enforcement = settings_from.setting("cap_enforcement")
    message = _(
        "“Excellent” would be %(excellent)d against %(good)d rated “good”: above the cap of "
        "%(cap)d%% of “good”."
    ) % {"excellent": excellent, "good": good, "cap": cap}
    return enforcement, message


@transaction.atomic
def decide(
    *,
    user,
    rating: Rating,
    level: str | None = None,
    scores: dict | None = None,
    note: str = "",
    criterion_scores: dict | None = None,
    conditions: dict | None = None,
) -> tuple[Rating, list[str]]:
    """The competent level decides; returns the rating and any warnings (the cap). A level above
    what the score and the band conditions allow is refused, naming the unmet condition; without
    a level, the proposal's stands, lowered to what they allow."""
    _check_note(note)
    rating = (
        Rating.objects.select_for_update(of=("self",))
        .select_related("organization", "scheme", "subject_organization")
        .get(pk=rating.pk)
    )
    require_view(user, rating.organization)
    if not may_decide(user, rating):
        raise PermissionDenied(_("Only the competent level above may decide this rating."))
    if is_self(user, rating.person):
        raise PermissionDenied(_("You cannot decide your own rating."))
    if rating.is_locked:
        raise ValidationError(
            _("This rating is already decided and locked; reopen it to change it.")
        )
    if rating.status != RatingStatus.PROPOSED:
        raise ValidationError(
            _("Decide after the proposal: this rating has not been proposed yet.")
        )
    level = _rescore(
        rating,
        level,
        scores,
        criterion_scores,
        conditions,
        fallback=rating.proposed_level or rating.self_level,
    )
    enforcement, message = cap_check(rating, level)
    warnings = []
    if message:
        if enforcement == "block":
            raise ValidationError({"level": message})
        warnings.append(message)
    rating.level = level
    rating.status = RatingStatus.DECIDED
    rating.decided_by, rating.decided_at = user, timezone.now()
    rating.save()
    changes.announce(Records.RATINGS, organization_id=rating.organization_id, year=rating.year)
    _record(rating, user, "decide", level, "\n".join(filter(None, [note, *warnings])))
    return rating, warnings


@transaction.atomic
def reopen(*, user, rating: Rating, note: str) -> Rating:
    _check_note(note)
    rating = (
        Rating.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=rating.pk)
    )
    require_view(user, rating.organization)
    if not may_decide(user, rating):
        raise PermissionDenied(_("Only the level that decided this rating may reopen it."))
    if is_self(user, rating.person):
        raise PermissionDenied(_("You cannot reopen your own rating."))
    if not rating.is_locked:
        raise ValidationError(_("Only a decided rating can be reopened."))
    if not note.strip():
        raise ValidationError({"note": _("Say why the rating is reopened.")})
    rating.status = RatingStatus.REOPENED
    rating.save()
    changes.announce(Records.RATINGS, organization_id=rating.organization_id, year=rating.year)
    _record(rating, user, "reopen", rating.level, note.strip())
    return rating


def follow_transfer(transfer: changes.Transfer) -> None:
    """A transferred person's undecided ratings of the transfer's year and later move with
    them (the new cell proposes, its competent level decides); a decided rating stays where it
    was decided. Subscribed in ``RatingsConfig.ready``."""
    moving = (
        Rating.objects.select_for_update()
        .filter(person_id=transfer.person_id, year__gte=transfer.day.year)
        .exclude(status=RatingStatus.DECIDED)
        .exclude(organization_id=transfer.to_organization_id)
    )
    for rating in moving:
        before = rating.organization_id
        rating.organization_id = transfer.to_organization_id
        rating.save(update_fields=["organization", "updated_at"])
        for organization_id in (before, rating.organization_id):
            changes.announce(Records.RATINGS, organization_id=organization_id, year=rating.year)
