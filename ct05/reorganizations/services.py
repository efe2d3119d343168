"""Reorganizations of the tree: rename, move, merge, split, dissolve, each from an effective day.

Every operation is one transaction: it checks everything it can before writing, and a rule
broken half-way (a cycle, a day before an organization's last change, members who would be left
without an organization) takes the whole change back. Nothing is deleted: an organization that
ends keeps its records, its links and its former names, and a report of a period it existed in
finds it where it stood (``ct05.organizations.paths``). A merged or split organization names its
successor, under which the current tree keeps it, so a report regrouped by today's tree adds its
records to its successor's.

``user=None`` is the demo, the tests and the ``reorganize`` command (trusted callers).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ct05.core import changes
from ct05.core.permissions import can_change_above, require_change
from ct05.organizations import paths
from ct05.organizations import services as organization_services
from ct05.organizations.models import Organization, OrganizationKind, OrganizationLink
from ct05.people import services as people_services
from ct05.people.models import Membership, Person

from .models import Reorganization, ReorganizationKind

ONE_DAY = datetime.timedelta(days=1)


@dataclass
class NewOrganization:
    """A target created by the change: ``{name, kind, parent}`` in the API."""

    name: str
    kind: str
    parent: Organization | None


@dataclass
class SplitPart:
    """One organization a split gives: which children and which own members go there."""

    target: Organization | NewOrganization
    organizations: list[Organization] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)


def _day(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _fresh(organization: Organization) -> Organization:
    return Organization.objects.select_for_update().get(pk=organization.pk)


def last_change(organization: Organization) -> datetime.date:
    """The day of the organization's latest change: established, moved or renamed."""
    link = organization.parent_links.aggregate(last=Max("valid_from"))["last"]
    renamed = organization.former_names.aggregate(last=Max("valid_to"))["last"]
    days = [organization.valid_from, link, renamed + ONE_DAY if renamed else None]
    return max(d for d in days if d is not None)


def _check_day(organization: Organization, effective: datetime.date, *, ends: bool = False):
    """Refuse a change dated before the organization's last change (or, for one that ends,
    not after the day it was established), and one on an organization already ended."""
    last = last_change(organization)
    if effective < last or (ends and effective <= organization.valid_from):
        raise ValidationError(
            _(
                "The change must take effect after the last change of “%(name)s” (%(date)s); "
                "choose a later effective date."
            )
            % {"name": organization.name, "date": _day(last)}
        )
    if organization.valid_to is not None and organization.valid_to < effective:
        raise ValidationError(
            _("“%(name)s” no longer exists on %(date)s (dissolved from %(end)s).")
            % {
                "name": organization.name,
                "date": _day(effective),
                "end": _day(organization.valid_to + ONE_DAY),
            }
        )


def _check_above(user, organization: Organization) -> None:
    """The administrator of the level above decides a reorganization."""
    if user is not None and not can_change_above(user, organization):
        raise PermissionDenied(
            _("Only the level above “%(name)s” may reorganize it.") % {"name": organization.name}
        )


def _check_not_under(organization: Organization, parent: Organization) -> None:
    if parent.path.startswith(organization.path):
        raise ValidationError(
            _(
                "“%(name)s” cannot be placed under itself or an organization under it (“%(parent)s”)."
            )
            % {"name": organization.name, "parent": parent.name}
        )


def _resolve_target(user, target, effective: datetime.date) -> Organization:
    """An existing target (checked) or a new one (created from ``effective``)."""
    if isinstance(target, NewOrganization):
        name = (target.name or "").strip()
        if not name:
            raise ValidationError({"target": _("Name the new organization.")})
        if target.kind not in OrganizationKind.values:
            raise ValidationError({"target": _("Choose a kind for the new organization.")})
        if target.parent is None:
            raise ValidationError({"target": _("Choose the organization the new one sits under.")})
        parent = _fresh(target.parent)
        if user is not None:
            require_change(user, parent)
        _check_exists(parent, effective)
        return organization_services.create_organization(
            name=name, kind=target.kind, parent=parent, valid_from=effective
        )
    target = _fresh(target)
    if user is not None:
        require_change(user, target)
    _check_exists(target, effective)
    return target


def _check_exists(organization: Organization, day: datetime.date) -> None:
    if organization.valid_from > day or (
        organization.valid_to is not None and organization.valid_to < day
    ):
        raise ValidationError(
            _("“%(name)s” does not exist on %(date)s.")
            % {"name": organization.name, "date": _day(day)}
        )


def _move(organization: Organization, new_parent: Organization, effective: datetime.date):
    """Put ``organization`` under ``new_parent`` from ``effective`` on (a link made the same day
    is corrected in place rather than ended before it began)."""
    organization = _fresh(organization)
    new_parent = Organization.objects.get(pk=new_parent.pk)
    _check_not_under(organization, new_parent)
    current = organization.parent_links.filter(valid_to__isnull=True).first()
    if current is not None and current.valid_from == effective:
        current.parent = new_parent
        current.save(update_fields=["parent"])
    else:
        if current is not None:
            current.valid_to = effective - ONE_DAY
            current.save(update_fields=["valid_to"])
        OrganizationLink.objects.create(child=organization, parent=new_parent, valid_from=effective)
    organization_services.move_subtree(organization, new_parent)


def _members_on(organization: Organization, effective: datetime.date):
    """Memberships directly in the organization from ``effective`` on (current or later)."""
    return Membership.objects.filter(organization=organization).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=effective)
    )


def _children_on(organization: Organization, effective: datetime.date):
    """Organizations under it from ``effective`` on (in the current tree, not ended before)."""
    return (
        Organization.objects.get_children(organization)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=effective))
        .order_by("path")
    )


def split_candidates(organization: Organization, day: datetime.date):
    """(organizations under it, its own members) on ``day``: what a split must place."""
    people = Person.objects.filter(
        pk__in=_members_on(organization, day).values("person_id")
    ).order_by("full_name", "pk")
    return _children_on(organization, day), people


def _transfer(membership: Membership, to: Organization, effective: datetime.date) -> None:
    if membership.valid_from >= effective:
        raise ValidationError(
            _(
                "%(person)s joins “%(name)s” on %(date)s, on or after the change; "
                "record the membership in the new organization instead."
            )
            % {
                "person": membership.person.full_name,
                "name": membership.organization.name,
                "date": _day(membership.valid_from),
            }
        )
    people_services.transfer_person(person=membership.person, to=to, day=effective)


def _end(
    organization: Organization, effective: datetime.date, successor: Organization | None
) -> None:
    """The organization's last day is the day before ``effective``; merged or split, it sits
    under its successor in the current tree (its records follow it when regrouped)."""
    organization = _fresh(organization)
    last = effective - ONE_DAY
    for link in organization.parent_links.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=last)):
        if link.valid_from > last:  # a link that would never hold a day
            link.delete()
        else:
            link.valid_to = last
            link.save(update_fields=["valid_to"])
    organization.valid_to = last
    organization.successor = successor
    organization.full_clean()
    organization.save(update_fields=["valid_to", "successor", "updated_at"])
    changes.announce(changes.Records.ORGANIZATIONS, organization_id=organization.pk)
    if successor is not None:
        successor = Organization.objects.get(pk=successor.pk)
    if successor is not None and not successor.path.startswith(organization.path):
        organization_services.move_subtree(organization, successor)


def _level_above(organization: Organization) -> Organization:
    return Organization.objects.get_parent(organization) or organization


def _record(kind, effective, level, sources, targets, user, details=None) -> Reorganization:
    record = Reorganization.objects.create(
        kind=kind,
        effective=effective,
        organization=Organization.objects.get(pk=level.pk),
        details=details or {},
        created_by=user if user is not None and user.is_authenticated else None,
    )
    record.sources.set([s.pk for s in sources])
    record.targets.set([t.pk for t in targets])
    return record


def _distinct(sources: list[Organization]) -> list[Organization]:
    if not sources:
        raise ValidationError({"sources": _("Choose the organizations to change.")})
    if len({s.pk for s in sources}) != len(sources):
        raise ValidationError({"sources": _("An organization is named twice.")})
    return [_fresh(s) for s in sources]


@transaction.atomic
def rename(
    *, user, organization: Organization, name: str, effective: datetime.date
) -> Reorganization:
    organization = _fresh(organization)
    _check_above(user, organization)
    _check_day(organization, effective)
    old = organization.name
    organization_services.rename_organization(
        organization=organization, name=name, effective=effective
    )
    return _record(
        ReorganizationKind.RENAME,
        effective,
        _level_above(organization),
        [organization],
        [organization],
        user,
        {"old_name": old, "new_name": name.strip()},
    )


@transaction.atomic
def move(
    *, user, sources: list[Organization], parent: Organization, effective: datetime.date
) -> Reorganization:
    sources = _distinct(sources)
    parent = _resolve_target(user, parent, effective)
    levels = []
    with paths.deferred():
        for organization in sources:
            _check_above(user, organization)
            _check_day(organization, effective)
            _check_not_under(organization, parent)
            if organization.path[: -organization.steplen] == parent.path:
                raise ValidationError(
                    {
                        "target": _("“%(name)s” is already under “%(parent)s”.")
                        % {"name": organization.name, "parent": parent.name}
                    }
                )
            levels.append(_level_above(organization))
            _move(organization, parent, effective)
    return _record(
        ReorganizationKind.MOVE, effective, _common(levels + [parent]), sources, [parent], user
    )


def _common(organizations: list[Organization]) -> Organization:
    """The deepest organization above (or at) all of them: whose record the change is."""
    organizations = [Organization.objects.get(pk=o.pk) for o in organizations]
    prefix = organizations[0].path
    for o in organizations[1:]:
        while not o.path.startswith(prefix):
            prefix = prefix[: -Organization.steplen]
    return Organization.objects.get(path=prefix) if prefix else organizations[0]


@transaction.atomic
def merge(
    *,
    user,
    sources: list[Organization],
    target: Organization | NewOrganization,
    effective: datetime.date,
) -> Reorganization:
    """Merge ``sources`` into ``target`` (existing, possibly one of them, or new): their
    organizations move under it, their own members transfer to it on ``effective``, and each
    source ends the day before, merged into it."""
    sources = _distinct(sources)
    for organization in sources:
        _check_above(user, organization)
        _check_day(organization, effective, ends=True)
    with paths.deferred():
        target = _resolve_target(user, target, effective)
        ending = [s for s in sources if s.pk != target.pk]
        if not ending:
            raise ValidationError({"sources": _("Name at least one organization to merge in.")})
        for organization in ending:
            _check_not_under(organization, target)
        levels = [_level_above(s) for s in sources]
        for organization in ending:
            for child in _children_on(organization, effective):
                _check_day(child, effective)
                _move(child, target, effective)
            for membership in _members_on(organization, effective).select_related("person"):
                _transfer(membership, target, effective)
            _end(organization, effective, target)
    return _record(
        ReorganizationKind.MERGE, effective, _common(levels + [target]), sources, [target], user
    )


@transaction.atomic
def split(
    *, user, source: Organization, parts: list[SplitPart], effective: datetime.date
) -> Reorganization:
    """Split ``source`` into the parts' targets: every organization under it and every own
    member goes to the part that names them (none may be left out), and the source ends the day
    before, succeeded by the first part."""
    source = _fresh(source)
    _check_above(user, source)
    _check_day(source, effective, ends=True)
    if len(parts) < 2:
        raise ValidationError({"targets": _("A split needs at least two organizations.")})
    children = {c.pk: c for c in _children_on(source, effective)}
    memberships = {m.person_id: m for m in _members_on(source, effective).select_related("person")}
    placed_children: dict[int, int] = {}
    placed_people: dict[int, int] = {}
    for index, part in enumerate(parts):
        for child in part.organizations:
            if child.pk not in children:
                raise ValidationError(
                    {
                        "targets": _("“%(name)s” is not under “%(source)s”.")
                        % {"name": child.name, "source": source.name}
                    }
                )
            if placed_children.setdefault(child.pk, index) != index:
                raise ValidationError(
                    {
                        "targets": _("“%(name)s” is sent to two organizations.")
                        % {"name": child.name}
                    }
                )
        for person in part.people:
            if person.pk not in memberships:
                raise ValidationError(
                    {
                        "targets": _("%(person)s is not a member of “%(source)s”.")
                        % {"person": person.full_name, "source": source.name}
                    }
                )
            if placed_people.setdefault(person.pk, index) != index:
                raise ValidationError(
                    {
                        "targets": _("%(person)s is sent to two organizations.")
                        % {"person": person.full_name}
                    }
                )
    left = [c.name for pk, c in children.items() if pk not in placed_children]
    left += [m.person.full_name for pk, m in memberships.items() if pk not in placed_people]
    if left:
        raise ValidationError(
            {
                "targets": _(
                    "Say where these go, so nothing is left without an organization: %(names)s."
                )
                % {"names": ", ".join(left)}
            }
        )
    targets = []
    with paths.deferred():
        for part in parts:
            target = _resolve_target(user, part.target, effective)
            if target.pk == source.pk or target.path.startswith(source.path):
                raise ValidationError(
                    {
                        "targets": _(
                            "A split gives other organizations than “%(name)s” and those under it."
                        )
                        % {"name": source.name}
                    }
                )
            targets.append(target)
        for part, target in zip(parts, targets, strict=True):
            for child in part.organizations:
                _check_day(child, effective)
                _move(child, target, effective)
            for person in part.people:
                _transfer(memberships[person.pk], target, effective)
        level = _level_above(source)
        _end(source, effective, targets[0])
    return _record(
        ReorganizationKind.SPLIT, effective, _common([level, *targets]), [source], targets, user
    )


@transaction.atomic
def dissolve(
    *,
    user,
    source: Organization,
    effective: datetime.date,
    target: Organization | None = None,
) -> Reorganization:
    """Dissolve ``source`` from ``effective``: the organizations under it move to ``target``
    (default: the organization above it), and its own members transfer to ``target`` — without
    one, a dissolution that would leave members without an organization is refused."""
    source = _fresh(source)
    _check_above(user, source)
    _check_day(source, effective, ends=True)
    parent = Organization.objects.get_parent(source)
    receiver = _resolve_target(user, target, effective) if target is not None else parent
    members = list(_members_on(source, effective).select_related("person"))
    children = list(_children_on(source, effective))
    if members and target is None:
        raise ValidationError(
            {
                "target": _(
                    "%(count)s members of “%(name)s” would be left without an organization; "
                    "choose the organization they move to."
                )
                % {"count": len(members), "name": source.name}
            }
        )
    if children and receiver is None:
        raise ValidationError(
            {
                "target": _("Choose the organization that takes over the ones under “%(name)s”.")
                % {"name": source.name}
            }
        )
    if receiver is not None and receiver.path.startswith(source.path):
        _check_not_under(source, receiver)
    with paths.deferred():
        for child in children:
            _check_day(child, effective)
            _move(child, receiver, effective)
        for membership in members:
            _transfer(membership, receiver, effective)
        _end(source, effective, target if target is not None else None)
    return _record(
        ReorganizationKind.DISSOLVE,
        effective,
        parent or source,
        [source],
        [receiver] if receiver is not None else [],
        user,
    )


def apply(
    *,
    user,
    kind: str,
    effective: datetime.date,
    sources: list[Organization],
    target=None,
    parts: list[SplitPart] | None = None,
    name: str = "",
) -> Reorganization:
    """One entry for the API, the page and the workbook: the operation ``kind`` names."""
    if kind == ReorganizationKind.RENAME:
        if len(sources) != 1:
            raise ValidationError({"sources": _("Rename one organization at a time.")})
        return rename(user=user, organization=sources[0], name=name, effective=effective)
    if kind == ReorganizationKind.MOVE:
        if target is None:
            raise ValidationError({"target": _("Choose the organization to move under.")})
        return move(user=user, sources=sources, parent=target, effective=effective)
    if kind == ReorganizationKind.MERGE:
        if target is None:
            raise ValidationError({"target": _("Choose the organization they merge into.")})
        return merge(user=user, sources=sources, target=target, effective=effective)
    if kind == ReorganizationKind.SPLIT:
        if len(sources) != 1:
            raise ValidationError({"sources": _("Split one organization at a time.")})
        return split(user=user, source=sources[0], parts=parts or [], effective=effective)
    if kind == ReorganizationKind.DISSOLVE:
        if len(sources) != 1:
            raise ValidationError({"sources": _("Dissolve one organization at a time.")})
        return dissolve(user=user, source=sources[0], effective=effective, target=target)
    raise ValidationError({"kind": _("Choose the kind of change.")})
