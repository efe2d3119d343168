"""Recording community activities with their outputs and evidence."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ct05.core import changes
from ct05.core.changes import Records
from ct05.core.holders import check_day
from ct05.core.permissions import require_change
from ct05.core.versions import check_version
from ct05.organizations.models import Locality, LocalityKind, Organization

from .models import (
    QUANTITY_DIGITS,
    QUANTITY_PLACES,
    Activity,
    ActivityEvidence,
    ActivityOutput,
    OutputUnit,
    Programme,
)

MAX_OUTPUTS = 20


def _unit(value) -> OutputUnit:
    if isinstance(value, OutputUnit):
        return value
    unit = OutputUnit.objects.filter(code=str(value)[:40]).first()
    if unit is None:
        raise ValidationError(
            {"outputs": _("Unknown unit “%(unit)s”: choose one of the list of units.")
             % {"unit": str(value)[:40]}}
        )  # fmt: skip
    return unit


def clean_outputs(
    outputs: list[dict], kept_units: frozenset[int] = frozenset()
) -> list[tuple[OutputUnit, Decimal]]:
    """``[{unit, quantity}]`` checked: a known unit in use (or one of ``kept_units``, those the
    activity already has outputs in, retired since), once each; a quantity not negative, with
    no more decimal places than its unit allows."""
    if len(outputs) > MAX_OUTPUTS:
        raise ValidationError({"outputs": _("Too many outputs for one activity.")})
    cleaned, seen = [], set()
    for row in outputs:
        unit = _unit(row.get("unit"))
        if not unit.active and unit.pk not in kept_units:
            raise ValidationError(
                {"outputs": _("The unit “%(unit)s” is no longer in use.") % {"unit": unit.name}}
            )
        if unit.pk in seen:
            raise ValidationError(
                {"outputs": _("The unit “%(unit)s” is given twice.") % {"unit": unit.name}}
            )
        seen.add(unit.pk)
        try:
            quantity = Decimal(str(row.get("quantity")))
        except (InvalidOperation, ValueError):
            raise ValidationError({"outputs": _("A quantity must be a number.")}) from None
        if not quantity.is_finite() or quantity < 0:
            raise ValidationError(
                {"outputs": _("A quantity cannot be negative (%(unit)s).") % {"unit": unit.name}}
            )
        places = max(-quantity.normalize().as_tuple().exponent, 0)
        if places > unit.decimals:
            raise ValidationError(
                {
                    "outputs": _("%(unit)s is counted with at most %(n)s decimal places.")
                    % {"unit": unit.name, "n": unit.decimals}
                }
            )
        if quantity >= Decimal(10) ** (QUANTITY_DIGITS - QUANTITY_PLACES):
            raise ValidationError({"outputs": _("The quantity is too large.")})
        cleaned.append((unit, quantity))
    return cleaned


def _check_village(organization: Organization, village: Locality | None) -> None:
    """A village of the organization's area: its own village, one of its commune's, or one
    under the commune or province it is based in."""
    if village is None:
        return
    if village.kind != LocalityKind.VILLAGE:
        raise ValidationError({"village": _("Choose a village (thôn, bản, tổ dân phố).")})
    area = organization.locality
    if area is None:
        return
    village_based = area.kind == LocalityKind.VILLAGE
    area_id = (area.parent_id or area.pk) if village_based else area.pk
    ancestors = {village.pk}
    if village.parent is not None:
        ancestors |= {village.parent.pk, village.parent.parent_id}
    if area_id not in ancestors:
        raise ValidationError(
            {
                "village": _("%(village)s is not in the area of %(organization)s.")
                % {"village": village.name, "organization": organization.name}
            }
        )


def _check(activity: Activity) -> None:
    check_day(activity.organization, activity.date)
    _check_village(activity.organization, activity.village)
    if not activity.programme.active and activity._state.adding:
        raise ValidationError({"programme": _("This programme is no longer in use.")})


def _save_outputs(activity: Activity, outputs: list[tuple[OutputUnit, Decimal]]) -> None:
    """Replace the outputs row by row: an unchanged one stays, a changed one is one entry."""
    kept = {row.unit_id: row for row in activity.outputs.all()}
    wanted = {unit.pk: quantity for unit, quantity in outputs}
    for unit_id, row in kept.items():
        if unit_id not in wanted:
            row.delete()
        elif row.quantity != wanted[unit_id]:
            row.quantity = wanted[unit_id]
            row.save()
    for unit, quantity in outputs:
        if unit.pk not in kept:
            ActivityOutput.objects.create(activity=activity, unit=unit, quantity=quantity)


@transaction.atomic
def record_activity(
    *,
    user,
    programme: Programme,
    organization: Organization,
    date: datetime.date,
    village: Locality | None = None,
    cadre_turns: int = 0,
    resident_turns: int = 0,
    description: str = "",
    outputs: list[dict] | None = None,
    evidence: list | None = None,
) -> Activity:
    require_change(user, organization)
    cleaned = clean_outputs(outputs or [])
    activity = Activity(
        programme=programme,
        organization=organization,
        date=date,
        village=village,
        cadre_turns=cadre_turns,
        resident_turns=resident_turns,
        description=description.strip(),
        created_by=user,
    )
    _check(activity)
    activity.full_clean()
    activity.save()
    _save_outputs(activity, cleaned)
    changes.announce(Records.ACTIVITIES, organization_id=organization.pk, year=date.year)
    for upload in evidence or []:
        add_evidence(user=user, activity=activity, upload=upload)
    return activity


@transaction.atomic
def update_activity(
    *,
    user,
    activity: Activity,
    outputs: list[dict] | None = None,
    version: int | None = None,
    **fields,
) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    require_change(user, activity.organization)
    check_version(activity, version)
    year_before = activity.date.year
    for name in ("programme", "date", "village", "cadre_turns", "resident_turns", "description"):
        if name in fields:
            setattr(activity, name, fields[name])
    if outputs is not None:
        kept = frozenset(activity.outputs.values_list("unit_id", flat=True))
        cleaned = clean_outputs(outputs, kept)
    else:
        cleaned = None
    _check(activity)
    activity.full_clean()
    activity.save()
    if cleaned is not None:
        _save_outputs(activity, cleaned)
    for year in {year_before, activity.date.year}:
        changes.announce(Records.ACTIVITIES, organization_id=activity.organization_id, year=year)
    return activity


@transaction.atomic
def add_evidence(*, user, activity: Activity, upload, caption: str = "") -> ActivityEvidence:
    require_change(user, activity.organization)
    evidence = ActivityEvidence(activity=activity, caption=caption.strip())
    evidence.attach(upload)
    evidence.full_clean(exclude=["file", "thumbnail"])
    evidence.save()
    return evidence
