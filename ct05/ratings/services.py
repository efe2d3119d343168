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
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ct05.commitments.services import check_member_in_year
from ct05.core import changes
from ct05.core.changes import Records
from ct05.core.models import check_fields
from ct05.core.permissions import (
    can_change_above,
    is_self,
    require_change,
    require_self_or_change,
    require_view,
)
from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.versions import check_version
from ct05.core.years import check_year
from ct05.organizations.models import Organization, OrganizationKind
from ct05.people.models import Person

from .models import (
    LEVEL_RANK,
    Level,
    PeriodKind,
    Rating,
    RatingChange,
    RatingScheme,
    RatingStatus,
)

GRASSROOTS_KINDS = {OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.GRASSROOTS_CELL}


def default_scheme(year: int) -> RatingScheme:
    scheme = RatingScheme.objects.filter(from_year__lte=year).order_by("-from_year").first()
    return scheme or RatingScheme.objects.order_by("from_year").first()


def may_decide(user, rating: Rating) -> bool:
    organization = rating.organization
    if rating.person_id and organization.kind in GRASSROOTS_KINDS:
        return can(user, Action.CHANGE, organization)
    return can_change_above(user, organization)


def _score(
    scheme: RatingScheme, scores: dict | None, level: str | None
) -> tuple[str, dict, Decimal | None]:
    """Check scores against the scheme; return (level, scores, total).

    Under a scored scheme the total's threshold is the highest level allowed (the competent level
    may rate lower when an extra condition is not met); under a levels-only scheme a level is
    required and points are refused.
    """
    if level and level not in Level.values:
        raise ValidationError({"level": _("Unknown level: %(level)s.") % {"level": level}})
    if not scheme.uses_score:
        if scores:
            raise ValidationError({"scores": _("This scheme rates by level only, without points.")})
        if not level:
            raise ValidationError({"level": _("Choose a level.")})
        return level, {}, None
    groups = {g.code: g for g in scheme.groups.all()}
    scores = scores or {}
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
        try:
            points = Decimal(str(value)).quantize(Decimal("0.1"))
        except (InvalidOperation, ValueError):
            raise ValidationError({"scores": _("Points must be numbers.")}) from None
        if not 0 <= points <= groups[code].max_points:
            raise ValidationError(
                {
                    "scores": _("%(group)s: points must be between 0 and %(max)s.")
                    % {"group": groups[code].name, "max": groups[code].max_points}
                }
            )
        cleaned[code] = str(points)
        total += points
    allowed = scheme.level_for_score(total)
    if level and LEVEL_RANK[level] > LEVEL_RANK[allowed]:
        raise ValidationError(
            {
                "level": _("A score of %(score)s allows at most “%(allowed)s”.")
                % {"score": number_format(total, 1), "allowed": Level(allowed).label}
            }
        )
    return level or allowed, cleaned, total


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
) -> Rating:
    """Start (or redo, before a proposal) the rating of a person or of an organization; with
    ``version`` (the one read when the form opened), a redo is refused if someone else saved the
    rating since."""
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
    scheme = scheme or default_scheme(year)
    level, scores, total = _score(scheme, scores, level)
    rating = (
        Rating.objects.select_for_update(of=("self",))
        .filter(**lookup, period_kind=period_kind, year=year, quarter=quarter)
        .first()
    )
    if rating is not None:
        check_version(rating, version)
    if rating and rating.status not in (RatingStatus.SELF_ASSESSED, RatingStatus.REOPENED):
        raise ValidationError(
            _("This rating is already proposed or decided; the self-assessment is closed.")
        )
    if rating is None:
        rating = Rating(
            **lookup, organization=home, period_kind=period_kind, year=year, quarter=quarter
        )
    rating.scheme = scheme
    rating.self_level, rating.scores, rating.score = level, scores, total
    rating.status = RatingStatus.SELF_ASSESSED
    rating.note = note.strip()
    rating.save()
    _record(rating, user, "self_assess", level, note)
    return rating


@transaction.atomic
def propose(
    *, user, rating: Rating, level: str | None = None, scores: dict | None = None, note: str = ""
) -> Rating:
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
    level, scores, total = _score(
        rating.scheme, scores if scores is not None else rating.scores or None, level
    )
    rating.proposed_level, rating.scores, rating.score = level, scores, total
    rating.status = RatingStatus.PROPOSED
    rating.proposed_by, rating.proposed_at = user, timezone.now()
    rating.save()
    _record(rating, user, "propose", level, note)
    return rating


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
    *, user, rating: Rating, level: str | None = None, scores: dict | None = None, note: str = ""
) -> tuple[Rating, list[str]]:
    """The competent level decides; returns the rating and any warnings (the cap)."""
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
    level = level or rating.proposed_level or rating.self_level
    level, scores, total = _score(
        rating.scheme, scores if scores is not None else rating.scores or None, level
    )
    enforcement, message = cap_check(rating, level)
    warnings = []
    if message:
        if enforcement == "block":
            raise ValidationError({"level": message})
        warnings.append(message)
    rating.level, rating.scores, rating.score = level, scores, total
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
