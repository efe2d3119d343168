"""Checks the registers share when a record names a person or a day (models, awards, activities,
dialogues): the person must be someone the user may see, and a member (now or once) of the
record's organization's subtree; a day must not be in the future nor before the organization."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _


def check_day(organization, day: datetime.date, field: str = "date") -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if day < organization.valid_from or (organization.valid_to and day > organization.valid_to):
        raise ValidationError({field: _("The organization did not exist on that date.")})


def check_member(user, organization, person, person_model, membership_model) -> None:
    """Out of the user's scope is a 404 (the person does not exist for them); a person of
    another branch is a 400 naming the organization."""
    if not person_model.objects.visible_to(user).filter(pk=person.pk).exists():
        raise Http404
    if not membership_model.objects.filter(
        person=person, organization__path__startswith=organization.path
    ).exists():
        raise ValidationError(
            {
                "person": _("%(person)s is not a member of %(organization)s or a unit under it.")
                % {"person": person, "organization": organization.name}
            }
        )
