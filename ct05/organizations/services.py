"""Changes to the organization tree. Every change keeps history: nothing is deleted."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ct05.core import changes
from ct05.core.permissions import can_change_above, require_change
from ct05.core.versions import check_version

from . import paths
from .models import Organization, OrganizationLink, OrganizationName


@transaction.atomic
def create_organization(
    *,
    name: str,
    kind: str,
    parent: Organization | None = None,
    valid_from: datetime.date | None = None,
    **fields,
) -> Organization:
    valid_from = valid_from or timezone.localdate()
    values = {"name": name, "kind": kind, "valid_from": valid_from, **fields}
    if parent is None:
        organization = Organization.objects.add_root(values)
    else:
        organization = Organization.objects.add_child(parent, values)
    OrganizationLink.objects.create(child=organization, parent=parent, valid_from=valid_from)
    paths.add_path(organization, parent)
    changes.announce(changes.Records.ORGANIZATIONS, organization_id=organization.pk)
    return organization


def move_subtree(organization: Organization, new_parent: Organization) -> None:
    """Put ``organization`` and its subtree under ``new_parent`` in today's tree (the last
    child), and announce it to whoever keeps figures summed up the tree (in the caller's
    transaction)."""
    old_path = Organization.objects.values_list("path", flat=True).get(pk=organization.pk)
    Organization.objects.move(organization, new_parent, pos="last-child")
    new_path = Organization.objects.values_list("path", flat=True).get(pk=organization.pk)
    changes.announce_move(organization.pk, old_path, new_path)


@transaction.atomic
def move_organization(
    *, organization: Organization, new_parent: Organization, effective: datetime.date
) -> Organization:
    """Put ``organization`` (and its subtree) under ``new_parent`` from ``effective`` on."""
    organization.refresh_from_db()
    new_parent.refresh_from_db()
    if new_parent.path.startswith(organization.path):
        raise ValidationError(
            {"parent": _("An organization cannot be placed under itself or its own subtree.")}
        )
    current = organization.parent_links.filter(valid_to__isnull=True).first()
    if current:
        if effective <= current.valid_from:
            raise ValidationError(
                {"valid_from": _("The move must take effect after the current link began.")}
            )
        current.valid_to = effective - datetime.timedelta(days=1)
        current.save(update_fields=["valid_to"])
    move_subtree(organization, new_parent)
    OrganizationLink.objects.create(child=organization, parent=new_parent, valid_from=effective)
    paths.changed()
    organization.refresh_from_db()
    return organization


@transaction.atomic
def rename_organization(
    *, organization: Organization, name: str, effective: datetime.date
) -> Organization:
    """Give ``organization`` a new name from ``effective`` on; the old one stays for reports of
    earlier periods (:class:`OrganizationName`)."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the new name.")})
    if name == organization.name:
        raise ValidationError({"name": _("The organization already bears this name.")})
    OrganizationName.objects.create(
        organization=organization,
        name=organization.name,
        valid_to=effective - datetime.timedelta(days=1),
    )
    organization.name = name
    organization.full_clean()
    organization.save(update_fields=["name", "updated_at"])
    return organization


@transaction.atomic
def dissolve_organization(*, organization: Organization, effective: datetime.date) -> None:
    """End an organization (and its open parent link); its records stay for past reports."""
    if Organization.objects.get_children(organization).filter(valid_to__isnull=True).exists():
        raise ValidationError(_("Move or dissolve the organizations under it first."))
    organization.valid_to = effective
    organization.full_clean()
    organization.save(update_fields=["valid_to"])
    organization.parent_links.filter(valid_to__isnull=True).update(valid_to=effective)
    changes.announce(changes.Records.ORGANIZATIONS, organization_id=organization.pk)


SETTING_FIELDS = tuple(Organization.SETTING_DEFAULTS)


# How a setting may differ from the value inherited from above without the level above:
# stricter only. (name -> (is_looser(value, inherited), message))
_LOOSER = {
    "min_deeds": (
        lambda v, up: v < up,
        gettext_lazy("at least %(up)s deeds, as the level above sets"),
    ),
    "excellent_cap_pct": (
        lambda v, up: v > up,
        gettext_lazy("at most %(up)s%%, as the level above sets"),
    ),
    "cap_enforcement": (
        lambda v, up: v == "warn" and up == "block",
        gettext_lazy("“block”, as the level above sets"),
    ),
    "regular_meetings_norm": (
        lambda v, up: v < up,
        gettext_lazy("at least %(up)s meetings, as the level above sets"),
    ),
    "thematic_meetings_norm": (
        lambda v, up: v < up,
        gettext_lazy("at least %(up)s meetings, as the level above sets"),
    ),
}


@transaction.atomic
def update_settings(
    *, user, organization: Organization, version: int | None = None, **values
) -> Organization:
    """Change the settings an organization passes down its subtree (blank: as the parent says).

    An organization may make its own rules stricter than what a level above has set, not
    looser: a cell cannot lower the minimum of deeds or the meeting norms its committee set, nor
    raise the committee's cap on "excellent". Where no level above set a value, the
    organization chooses (a bloc committee may ask for 2 deeds). The level above may set
    anything.
    """
    require_change(user, organization)
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise ValidationError(
            _("These are not settings: %(names)s.") % {"names": ", ".join(unknown)}
        )
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    check_version(organization, version)
    if not can_change_above(user, organization):
        errors = {}
        for name, value in values.items():
            inherited = organization.set_above(name)
            if value in (None, "") or inherited is None:
                continue
            is_looser, message = _LOOSER[name]
            if is_looser(value, inherited):
                errors[name] = str(message) % {"up": inherited}
        if errors:
            raise ValidationError(errors)
    for name, value in values.items():
        setattr(organization, name, value)
    organization.full_clean()
    organization.save(update_fields=[*values, "updated_at"])
    return organization
