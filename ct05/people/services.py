"""People and their memberships."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ct05.core import changes
from ct05.core.changes import Records
from ct05.core.models import active_on
from ct05.core.permissions import require_change
from ct05.core.versions import check_version
from ct05.organizations.models import Organization

from .models import Membership, Person, PersonKind


@transaction.atomic
def create_person(
    *,
    full_name: str,
    gender: str,
    organization: Organization,
    valid_from: datetime.date | None = None,
    kinds: list[str] | None = None,
    user=None,
    **fields,
) -> Person:
    """A person and their first membership. With ``user``, the organization must be theirs."""
    if user is not None:
        require_change(user, organization)
    person = Person(full_name=full_name, gender=gender, **fields)
    person.full_clean()
    person.save()
    if kinds:
        person.kinds.set(PersonKind.objects.filter(code__in=kinds))
    Membership.objects.create(
        person=person, organization=organization, valid_from=valid_from or timezone.localdate()
    )
    _recount_members(organization.pk)
    return person


@transaction.atomic
def transfer_person(
    *, person: Person, to: Organization, day: datetime.date | None = None, user=None
) -> Membership:
    """ "Chuyển sinh hoạt đảng": end the current membership the day before, start a new one."""
    day = day or timezone.localdate()
    current = person.memberships.filter(active_on(day)).select_related("organization").first()
    if user is not None:
        require_change(user, to)
        if current:
            require_change(user, current.organization)
    later = person.memberships.filter(valid_from__gt=day).order_by("valid_from").first()
    if later is not None:
        # One membership a day: a second transfer before a scheduled one would overlap it.
        raise ValidationError(
            _(
                "A transfer of this person from %(date)s is already recorded; "
                "correct that one instead."
            )
            % {"date": date_format(later.valid_from, "SHORT_DATE_FORMAT")}
        )
    if current:
        if current.organization_id == to.pk:
            raise ValidationError(_("The person is already a member of this organization."))
        if current.valid_from >= day:
            raise ValidationError(
                _("The transfer must be dated after the current membership began.")
            )
        current.valid_to = day - datetime.timedelta(days=1)
        current.save(update_fields=["valid_to"])
        _recount_members(current.organization_id)
    membership = Membership.objects.create(person=person, organization=to, valid_from=day)
    _recount_members(to.pk)
    # The year's commitment and an undecided rating follow the person (their apps subscribe).
    changes.announce_transfer(
        changes.Transfer(
            person_id=person.pk,
            from_organization_id=current.organization_id if current else None,
            to_organization_id=to.pk,
            day=day,
        )
    )
    return membership


def _recount_members(organization_id: int) -> None:
    """The report's membership tally of the organization, in the caller's transaction."""
    changes.announce(Records.MEMBERSHIPS, organization_id=organization_id)


@transaction.atomic
def update_person(
    *,
    user,
    person: Person,
    organization: Organization | None = None,
    kinds: list[str] | None = None,
    day: datetime.date | None = None,
    version: int | None = None,
    **fields,
) -> Person:
    """Change a person's details and, with ``organization``, transfer them (on ``day``, default
    today), all or nothing; with ``version``, only if nobody saved the person since."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    membership = person.current_membership()
    if membership is None:
        raise Http404
    require_change(user, membership.organization)
    check_version(person, version)
    if organization is not None and organization.pk != membership.organization_id:
        require_change(user, organization)
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    person.save()
    if kinds is not None:
        person.kinds.set(PersonKind.objects.filter(code__in=kinds))
    if organization is not None and organization.pk != membership.organization_id:
        transfer_person(person=person, to=organization, day=day, user=user)
    return person
