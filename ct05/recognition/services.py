"""Registering models and exemplars through their lifecycle, and recording awards."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ct05.activities.models import Activity
from ct05.core import changes
from ct05.core.changes import Records
from ct05.core.holders import check_day, check_member
from ct05.core.permissions import require_change
from ct05.core.versions import check_version
from ct05.organizations.models import Organization
from ct05.people.models import Membership, Person

from .models import (
    Award,
    AwardForm,
    AwardIssuer,
    Exemplar,
    ExemplarEvidence,
    ExemplarStatus,
    ExemplarType,
    HolderKind,
)

# Where each status keeps its date.
STATUS_DATES = {
    ExemplarStatus.REGISTERED: "registered_on",
    ExemplarStatus.BUILDING: "building_since",
    ExemplarStatus.RECOGNIZED: "recognized_on",
    ExemplarStatus.DROPPED: "dropped_on",
}
# The way a model goes: registered → being built → recognized; dropped at any step.
NEXT = {
    ExemplarStatus.REGISTERED: {ExemplarStatus.BUILDING, ExemplarStatus.RECOGNIZED},
    ExemplarStatus.BUILDING: {ExemplarStatus.RECOGNIZED},
    ExemplarStatus.RECOGNIZED: set(),
    ExemplarStatus.DROPPED: set(),
}


def _holder(user, organization: Organization, kind: str, person, name_field: str) -> None:
    if kind not in HolderKind.values:
        raise ValidationError({"holder_kind": _("Choose a collective or an individual.")})
    if kind == HolderKind.INDIVIDUAL:
        if person is None:
            raise ValidationError({"person": _("Name the person.")})
        check_member(user, organization, person, Person, Membership)


def _years(exemplar: Exemplar) -> set[int]:
    """The years the report counts a model in: that of its registration and of its
    recognition."""
    days = (exemplar.registered_on, exemplar.recognized_on)
    return {day.year for day in days if day is not None}


def _announce(exemplar: Exemplar, years: set[int] = frozenset()) -> None:
    """The model changed: the report's tallies of its years (and of ``years``, those it was
    counted in before) follow."""
    changes.announce_years(
        Records.EXEMPLARS,
        organization_id=exemplar.organization_id,
        years=years | _years(exemplar),
    )


def _in_scope(user, model, row) -> None:
    if row is not None and not model.objects.visible_to(user).filter(pk=row.pk).exists():
        raise Http404


@transaction.atomic
def register_exemplar(
    *,
    user,
    type: ExemplarType,
    name: str,
    organization: Organization,
    holder_kind: str,
    registered_on: datetime.date,
    person: Person | None = None,
    holder_name: str = "",
    field: str = "",
    description: str = "",
) -> Exemplar:
    require_change(user, organization)
    _holder(user, organization, holder_kind, person, "holder_kind")
    if not type.active:
        raise ValidationError({"type": _("This type is no longer in use.")})
    if not name.strip():
        raise ValidationError({"name": _("Give the model's name.")})
    check_day(organization, registered_on, "registered_on")
    exemplar = Exemplar(
        type=type,
        name=name.strip(),
        organization=organization,
        holder_kind=holder_kind,
        person=person if holder_kind == HolderKind.INDIVIDUAL else None,
        holder_name=holder_name.strip() if holder_kind == HolderKind.COLLECTIVE else "",
        field=field.strip(),
        registered_on=registered_on,
        description=description.strip(),
        created_by=user,
    )
    exemplar.full_clean()
    exemplar.save()
    _announce(exemplar)
    return exemplar


@transaction.atomic
def update_exemplar(*, user, exemplar: Exemplar, version: int | None = None, **fields) -> Exemplar:
    """Change a model's particulars (not its status: :func:`set_exemplar_status`)."""
    exemplar = (
        Exemplar.objects.select_for_update().select_related("organization").get(pk=exemplar.pk)
    )
    require_change(user, exemplar.organization)
    check_version(exemplar, version)
    before = _years(exemplar)
    type_before = exemplar.type_id
    for name in (
        "type", "name", "holder_kind", "person", "holder_name", "field", "registered_on",
        "description",
    ):  # fmt: skip
        if name in fields:
            value = fields[name]
            setattr(exemplar, name, value.strip() if isinstance(value, str) else value)
    if exemplar.type_id != type_before and not exemplar.type.active:
        raise ValidationError({"type": _("This type is no longer in use.")})
    _holder(user, exemplar.organization, exemplar.holder_kind, exemplar.person, "holder_kind")
    if exemplar.holder_kind == HolderKind.COLLECTIVE:
        exemplar.person = None
    check_day(exemplar.organization, exemplar.registered_on, "registered_on")
    _check_dates(exemplar)
    exemplar.full_clean()
    exemplar.save()
    _announce(exemplar, before)
    return exemplar


def _check_dates(exemplar: Exemplar) -> None:
    for status, name in STATUS_DATES.items():
        day = getattr(exemplar, name)
        if status != ExemplarStatus.REGISTERED and day and day < exemplar.registered_on:
            raise ValidationError({"date": _("A step cannot come before the registration.")})


@transaction.atomic
def set_exemplar_status(
    *,
    user,
    exemplar: Exemplar,
    status: str,
    date: datetime.date | None = None,
    version: int | None = None,
) -> Exemplar:
    """Move a model on: registered → being built → recognized, or dropped at any step."""
    exemplar = (
        Exemplar.objects.select_for_update().select_related("organization").get(pk=exemplar.pk)
    )
    require_change(user, exemplar.organization)
    check_version(exemplar, version)
    if status not in ExemplarStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    current = ExemplarStatus(exemplar.status)
    allowed = NEXT[current] | (
        {ExemplarStatus.DROPPED} if current != ExemplarStatus.DROPPED else set()
    )
    if status not in allowed:
        raise ValidationError(
            {
                "status": _("A model %(current)s cannot become %(new)s.")
                % {
                    "current": current.label.lower(),
                    "new": ExemplarStatus(status).label.lower(),
                }
            }
        )
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    before = _years(exemplar)
    setattr(exemplar, STATUS_DATES[ExemplarStatus(status)], date)
    exemplar.status = status
    _check_dates(exemplar)
    exemplar.full_clean()
    exemplar.save()
    _announce(exemplar, before)
    return exemplar


@transaction.atomic
def add_exemplar_evidence(
    *, user, exemplar: Exemplar, upload, caption: str = ""
) -> ExemplarEvidence:
    require_change(user, exemplar.organization)
    evidence = ExemplarEvidence(exemplar=exemplar, caption=caption.strip())
    evidence.attach(upload)
    evidence.full_clean(exclude=["file", "thumbnail"])
    evidence.save()
    return evidence


def _check_award(user, award: Award, before: Award | None = None) -> None:
    """``before``: the award as it was (a form or issuer retired since may stay)."""
    for name in ("form", "issuer"):
        entry = getattr(award, name)
        kept = before is not None and getattr(before, f"{name}_id") == entry.pk
        if not entry.active and not kept:
            raise ValidationError({name: _("This entry is no longer in use.")})
    _holder(user, award.organization, award.recipient_kind, award.person, "recipient_kind")
    check_day(award.organization, award.decision_date, "decision_date")
    _in_scope(user, Exemplar, award.exemplar)
    _in_scope(user, Activity, award.activity)
    for linked in (award.exemplar, award.activity):
        if (
            linked is not None
            and not linked.organization.path.startswith(award.organization.path)
            and not award.organization.path.startswith(linked.organization.path)
        ):
            raise ValidationError(
                {"exemplar": _("The model or activity belongs to another branch of the tree.")}
            )
    if not award.decision_number.strip():
        raise ValidationError({"decision_number": _("Give the decision's number.")})
    if not award.reason.strip():
        raise ValidationError({"reason": _("Give the reason for the award.")})


@transaction.atomic
def record_award(
    *,
    user,
    form: AwardForm,
    issuer: AwardIssuer,
    decision_number: str,
    decision_date: datetime.date,
    organization: Organization,
    recipient_kind: str,
    reason: str,
    person: Person | None = None,
    recipient_name: str = "",
    exemplar: Exemplar | None = None,
    activity: Activity | None = None,
) -> Award:
    require_change(user, organization)
    individual = recipient_kind == HolderKind.INDIVIDUAL
    award = Award(
        form=form,
        issuer=issuer,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        organization=organization,
        recipient_kind=recipient_kind,
        person=person if individual else None,
        recipient_name="" if individual else recipient_name.strip(),
        reason=reason.strip(),
        exemplar=exemplar,
        activity=activity,
        created_by=user,
    )
    if individual and person is None:
        raise ValidationError({"person": _("Name the person.")})
    _check_award(user, award)
    award.full_clean()
    award.save()
    changes.announce(
        Records.AWARDS, organization_id=award.organization_id, year=award.decision_date.year
    )
    return award


@transaction.atomic
def update_award(*, user, award: Award, version: int | None = None, **fields) -> Award:
    award = Award.objects.select_for_update().select_related("organization").get(pk=award.pk)
    require_change(user, award.organization)
    check_version(award, version)
    before = Award(form_id=award.form_id, issuer_id=award.issuer_id)
    year_before = award.decision_date.year
    for name in (
        "form", "issuer", "decision_number", "decision_date", "recipient_kind", "person",
        "recipient_name", "reason", "exemplar", "activity",
    ):  # fmt: skip
        if name in fields:
            value = fields[name]
            setattr(award, name, value.strip() if isinstance(value, str) else value)
    if award.recipient_kind == HolderKind.COLLECTIVE:
        award.person = None
    elif award.person is None:
        raise ValidationError({"person": _("Name the person.")})
    _check_award(user, award, before)
    award.full_clean()
    award.save()
    changes.announce_years(
        Records.AWARDS,
        organization_id=award.organization_id,
        years=(year_before, award.decision_date.year),
    )
    return award
