"""Socio-economic targets and the new-rural criteria met by communes."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ct05.core import changes
from ct05.core.changes import Records
from ct05.core.models import check_fields
from ct05.core.permissions import require_change
from ct05.core.versions import check_version
from ct05.core.years import check_year
from ct05.organizations.models import LocalityKind, Organization, OrganizationKind

from .models import Direction, RuralCriteriaResult, RuralCriterion, Target


def _check_target(target: Target) -> None:
    check_year(target.year)
    if not target.name.strip():
        raise ValidationError({"name": _("Name the target.")})
    if target.direction not in Direction.values:
        raise ValidationError(
            {"direction": _("Choose whether the figure must reach or stay below the target.")}
        )
    for name in ("target", "actual"):
        value = getattr(target, name)
        if value is not None and not Decimal(value).is_finite():
            raise ValidationError({name: _("Give a number.")})
    if (
        Target.objects.filter(organization=target.organization, year=target.year, name=target.name)
        .exclude(pk=target.pk)
        .exists()
    ):
        raise ValidationError(
            {"name": _("This organization already has a target of that name for the year.")}
        )


@transaction.atomic
def set_target(
    *,
    user,
    organization: Organization,
    year: int,
    name: str,
    target: Decimal,
    direction: str = Direction.AT_LEAST,
    unit: str = "",
    actual: Decimal | None = None,
) -> Target:
    require_change(user, organization)
    row = Target(
        organization=organization,
        year=year,
        name=name.strip(),
        unit=unit.strip(),
        direction=direction,
        target=target,
        actual=actual,
    )
    _check_target(row)
    row.full_clean()
    row.save()
    changes.announce(Records.INDICATORS, organization_id=row.organization_id, year=row.year)
    return row


@transaction.atomic
def update_target(*, user, target: Target, version: int | None = None, **fields) -> Target:
    target = Target.objects.select_for_update().select_related("organization").get(pk=target.pk)
    require_change(user, target.organization)
    check_version(target, version)
    year_before = target.year
    for name in ("name", "unit", "direction", "target", "actual", "year"):
        if name in fields:
            value = fields[name]
            setattr(target, name, value.strip() if isinstance(value, str) else value)
    _check_target(target)
    target.full_clean()
    target.save()
    changes.announce_years(
        Records.INDICATORS,
        organization_id=target.organization_id,
        years=(year_before, target.year),
    )
    return target


def is_commune(organization: Organization) -> bool:
    """A commune's party committee: grassroots and based in a commune (or any grassroots
    committee when localities are not kept)."""
    if organization.kind != OrganizationKind.GRASSROOTS_COMMITTEE:
        return False
    return organization.locality is None or organization.locality.kind == LocalityKind.COMMUNE


@transaction.atomic
def record_rural_criteria(
    *,
    user,
    organization: Organization,
    year: int,
    met: list[RuralCriterion],
    version: int | None = None,
) -> RuralCriteriaResult:
    """The criteria ``organization``'s commune met in ``year`` (replaces what was recorded)."""
    require_change(user, organization)
    check_year(year)
    if not is_commune(organization):
        raise ValidationError(
            {"organization": _("New-rural criteria are kept by a commune's party committee.")}
        )
    result, created = RuralCriteriaResult.objects.select_for_update().get_or_create(
        organization=organization, year=year
    )
    if not created:
        check_version(result, version)
    met = list({c.pk: c for c in met}.values())
    result.met_count = len(met)
    check_fields(result, "year")
    result.save()
    result.met.set(met)
    changes.announce(Records.INDICATORS, organization_id=organization.pk, year=year)
    return result
