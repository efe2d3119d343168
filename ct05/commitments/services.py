"""The yearly commitment cycle: register, review, follow up, evaluate.

Called alike by the pages, the API, the importer and the demo. Each function checks the caller
(``user``) against the scope rule, validates across rows and writes inside one transaction, so
a refused request leaves nothing half-written.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from ct05.core import changes
from ct05.core.changes import Records
from ct05.core.models import active_between, check_fields
from ct05.core.permissions import is_self, require_change, require_self_or_change, require_view
from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.versions import check_version
from ct05.core.years import check_year
from ct05.people.models import Person

from .models import Commitment, CommitmentStatus, Deed, Evaluation, ProgressNote


def check_member_in_year(person: Person, year: int) -> None:
    """A person commits (or is rated) only for a year in which they were a member somewhere."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if not person.memberships.filter(active_between(start, end)).exists():
        raise ValidationError(
            {
                "year": _("%(person)s was not a member of any organization in %(year)s.")
                % {"person": person, "year": year}
            }
        )


def _clean_deeds(deeds: list[dict], minimum: int) -> list[dict]:
    """The rows with a title; a title or description past its limit is refused, naming the
    row, never cut short."""
    cleaned, too_long = [], []
    title_limit = Deed._meta.get_field("title").max_length
    description_limit = Deed._meta.get_field("description").max_length
    for number, item in enumerate(deeds, start=1):
        title = (item.get("title") or "").strip()
        description = (item.get("description") or "").strip()
        if len(title) > title_limit or len(description) > description_limit:
            too_long.append(
                _(
                    "Deed %(number)s is too long: at most %(title)s characters for the deed "
                    "and %(description)s for how and by when."
                )
                % {
                    "number": number,
                    "title": number_format(title_limit, force_grouping=True),
                    "description": number_format(description_limit, force_grouping=True),
                }
            )
        elif title:
            cleaned.append({"title": title, "description": description})
    if too_long:
        raise ValidationError({"deeds": too_long})
    if len(cleaned) < minimum:
        raise ValidationError(
            {
                "deeds": ngettext(
                    "Register at least %(minimum)d deed (this commitment has %(count)d).",
                    "Register at least %(minimum)d deeds (this commitment has %(count)d).",
                    minimum,
                )
                % {"minimum": minimum, "count": len(cleaned)}
            }
        )
    return cleaned


@transaction.atomic
def create_commitment(
    *, user, person: Person, year: int, deeds: list[dict], pledge: str = ""
) -> Commitment:
    """A person's commitment for ``year`` with at least the organization's minimum of deeds."""
    check_year(year)
    membership = person.current_membership()
    if membership is None:
        raise ValidationError(
            {"person": _("This person is not a current member of any organization.")}
        )
    organization = membership.organization
    require_self_or_change(user, person, organization)
    check_member_in_year(person, year)
    if Commitment.objects.filter(person=person, year=year).exists():
        raise ValidationError(
            {
                "year": _("%(person)s already has a commitment for %(year)s.")
                % {"person": person, "year": year}
            }
        )
    cleaned = _clean_deeds(deeds, organization.setting("min_deeds"))
    commitment = Commitment(
        person=person,
        year=year,
        organization=organization,
        pledge=pledge.strip(),
        status=CommitmentStatus.SUBMITTED,
    )
    check_fields(commitment, "pledge")
    commitment.save(force_insert=True)
    bulk_create_with_history(
        [Deed(commitment=commitment, order=i, **d) for i, d in enumerate(cleaned, start=1)],
        Deed,
        default_user=user,
    )
    _recount(commitment)
    return commitment


def _recount(commitment: Commitment) -> None:
    """The commitment's deed counters, then its organization's year in the report's tallies."""
    Commitment.objects.filter(pk=commitment.pk).refresh_deed_counts()
    commitment.refresh_from_db(fields=["deed_count", "deeds_evaluated", "deeds_achieved"])
    changes.announce(
        Records.COMMITMENTS, organization_id=commitment.organization_id, year=commitment.year
    )


@transaction.atomic
def update_commitment(
    *,
    user,
    commitment: Commitment,
    deeds: list[dict] | None = None,
    pledge: str | None = None,
    self_assessment: str | None = None,
    version: int | None = None,
) -> Commitment:
    """Change the pledge and the deeds. Deeds keep their id (and their notes) when given one.

    A member changes their own commitment until it is approved; a secretary changes any in their
    subtree. Deeds already evaluated cannot be removed. With ``version`` (the one the caller
    read), a commitment saved by someone else since is refused (:class:`StaleVersion`).
    """
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    require_self_or_change(user, commitment.person, commitment.organization)
    check_version(commitment, version)
    own_only = is_self(user, commitment.person) and not _may_change(user, commitment)
    if own_only and commitment.status == CommitmentStatus.APPROVED and deeds is not None:
        raise ValidationError(
            _("This commitment is approved: ask your secretary to return it first.")
        )
    if pledge is not None:
        commitment.pledge = pledge.strip()
    if self_assessment is not None:
        commitment.self_assessment = self_assessment.strip()
    check_fields(commitment, "pledge", "self_assessment")
    if deeds is not None:
        # A row whose title is cleared removes that deed.
        cleaned_ids = {
            int(d["id"]) for d in deeds if d.get("id") and (d.get("title") or "").strip()
        }
        named_ids = {int(d["id"]) for d in deeds if d.get("id")}
        existing = {d.pk: d for d in commitment.deeds.all()}
        unknown = named_ids - existing.keys()
        if unknown:
            raise ValidationError(
                {"deeds": _("A deed named here does not belong to this commitment.")}
            )
        cleaned = _clean_deeds(deeds, commitment.organization.setting("min_deeds"))
        ids = [
            int(d["id"]) if d.get("id") else None for d in deeds if (d.get("title") or "").strip()
        ]
        removed = [d for pk, d in existing.items() if pk not in cleaned_ids]
        if any(d.evaluation for d in removed):
            raise ValidationError({"deeds": _("An evaluated deed cannot be removed.")})
        for d in removed:
            d.delete()
        for order, (pk, data) in enumerate(zip(ids, cleaned, strict=True), start=1):
            if pk:
                deed = existing[pk]
                deed.title, deed.description, deed.order = data["title"], data["description"], order
                deed.save(update_fields=["title", "description", "order", "updated_at"])
            else:
                Deed.objects.create(commitment=commitment, order=order, **data)
        if own_only and commitment.status == CommitmentStatus.RETURNED:
            commitment.status = CommitmentStatus.SUBMITTED
    commitment.save()
    if deeds is not None:
        _recount(commitment)
    return commitment


def _may_change(user, commitment: Commitment) -> bool:
    return can(user, Action.CHANGE, commitment.organization)


@transaction.atomic
def review_commitment(*, user, commitment: Commitment, approve: bool, note: str = "") -> Commitment:
    """The secretary approves the commitment, or returns it with a note saying what to change."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    require_change(user, commitment.organization)
    if is_self(user, commitment.person):
        raise PermissionDenied(_("You cannot approve your own commitment."))
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say what to change when returning a commitment.")})
    commitment.status = CommitmentStatus.APPROVED if approve else CommitmentStatus.RETURNED
    commitment.review_note = note.strip()
    try:
        check_fields(commitment, "review_note")
    except ValidationError as error:
        raise ValidationError({"note": error.message_dict["review_note"]}) from None
    commitment.reviewed_by = user
    commitment.reviewed_at = timezone.now()
    commitment.save(
        update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"]
    )
    return commitment


@transaction.atomic
def evaluate_deeds(*, user, commitment: Commitment, evaluations: dict[int, str]) -> Commitment:
    """Year-end evaluation by the cell: {deed id: achieved | partly | not_achieved}."""
    require_change(user, commitment.organization)
    if is_self(user, commitment.person):
        raise PermissionDenied(_("You cannot evaluate your own deeds: the cell does."))
    _set_evaluations(commitment, evaluations, "evaluation", user)
    return commitment


@transaction.atomic
def self_evaluate_deeds(*, user, commitment: Commitment, evaluations: dict[int, str]) -> Commitment:
    require_self_or_change(user, commitment.person, commitment.organization)
    _set_evaluations(commitment, evaluations, "self_evaluation", None)
    return commitment


def _set_evaluations(commitment, evaluations, field, user) -> None:
    deeds = {d.pk: d for d in commitment.deeds.all()}
    for pk, value in evaluations.items():
        if int(pk) not in deeds:
            raise ValidationError(
                {"deeds": _("A deed named here does not belong to this commitment.")}
            )
        if value not in Evaluation.values and value != "":
            raise ValidationError(
                {"evaluation": _("Unknown evaluation: %(value)s.") % {"value": value}}
            )
    now = timezone.now()
    for pk, value in evaluations.items():
        deed = deeds[int(pk)]
        setattr(deed, field, value)
        if field == "evaluation":
            deed.evaluated_by, deed.evaluated_at = (user, now) if value else (None, None)
        deed.save()
    commitment.save(update_fields=["updated_at"])  # one more version: its deeds changed
    if field == "evaluation":
        _recount(commitment)


@transaction.atomic
def add_progress_note(
    *, user, deed: Deed, date: datetime.date | None = None, text: str, meeting=None
) -> ProgressNote:
    """A progress note; at a cell meeting (``meeting``) it takes the meeting's date."""
    commitment = deed.commitment
    if meeting is not None:
        if meeting.organization_id != commitment.organization_id:
            raise ValidationError({"meeting": _("The meeting is not of this commitment's cell.")})
        date = date or meeting.date
    if date is None:
        raise ValidationError({"date": _("Give the date.")})
    require_view(user, commitment.organization)
    require_self_or_change(user, commitment.person, commitment.organization)
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    if date.year != commitment.year:
        raise ValidationError({"date": _("The note must be dated within the commitment's year.")})
    if not text.strip():
        raise ValidationError({"text": _("Write what was done.")})
    note = ProgressNote(deed=deed, date=date, text=text.strip(), author=user, meeting=meeting)
    check_fields(note, "text")
    note.save(force_insert=True)
    return note


def follow_transfer(transfer: changes.Transfer) -> None:
    """A transferred person's commitments of the transfer's year and later move with them.

    The new cell's secretary then sees and evaluates the year's commitment, and the report
    counts it where the person belongs; the commitment's history keeps the move (its
    organization before and after, who and when). Earlier years stay where they were: the
    person belonged to the old cell at their end. Subscribed in ``CommitmentsConfig.ready``.
    """
    moving = (
        Commitment.objects.select_for_update()
        .filter(person_id=transfer.person_id, year__gte=transfer.day.year)
        .exclude(organization_id=transfer.to_organization_id)
    )
    for commitment in moving:
        before = commitment.organization_id
        commitment.organization_id = transfer.to_organization_id
        commitment.save(update_fields=["organization", "updated_at"])
        for organization_id in (before, commitment.organization_id):
            changes.announce(
                Records.COMMITMENTS, organization_id=organization_id, year=commitment.year
            )
