"""Dialogue conferences and the petitions raised at them or received otherwise."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ct05.core import changes
from ct05.core.changes import Records
from ct05.core.holders import check_day
from ct05.core.permissions import require_change
from ct05.core.roles import Action
from ct05.core.scope import can
from ct05.core.versions import check_version
from ct05.organizations.models import Organization

from .models import OPEN_STATUSES, Dialogue, Petition, PetitionSource, PetitionStatus


@transaction.atomic
def record_dialogue(
    *,
    user,
    organization: Organization,
    date: datetime.date,
    chair: str,
    participants: int = 0,
    subject: str = "",
    notes: str = "",
) -> Dialogue:
    require_change(user, organization)
    check_day(organization, date)
    if not chair.strip():
        raise ValidationError({"chair": _("Name who chaired the conference.")})
    dialogue = Dialogue(
        organization=organization,
        date=date,
        chair=chair.strip(),
        participants=participants,
        subject=subject.strip(),
        notes=notes.strip(),
        created_by=user,
    )
    dialogue.full_clean()
    dialogue.save()
    changes.announce(
        Records.DIALOGUES, organization_id=dialogue.organization_id, year=dialogue.date.year
    )
    return dialogue


@transaction.atomic
def update_dialogue(*, user, dialogue: Dialogue, version: int | None = None, **fields) -> Dialogue:
    dialogue = (
        Dialogue.objects.select_for_update().select_related("organization").get(pk=dialogue.pk)
    )
    require_change(user, dialogue.organization)
    check_version(dialogue, version)
    year_before = dialogue.date.year
    for name in ("date", "chair", "participants", "subject", "notes"):
        if name in fields:
            value = fields[name]
            setattr(dialogue, name, value.strip() if isinstance(value, str) else value)
    check_day(dialogue.organization, dialogue.date)
    if dialogue.petitions.filter(received_on__lt=dialogue.date).exists():
        raise ValidationError({"date": _("Petitions of this conference were received earlier.")})
    dialogue.full_clean()
    dialogue.save()
    changes.announce_years(
        Records.DIALOGUES,
        organization_id=dialogue.organization_id,
        years=(year_before, dialogue.date.year),
    )
    return dialogue


def _check_petition(user, petition: Petition) -> None:
    if not Organization.objects.visible_to(user).filter(pk=petition.assigned_organization_id):
        raise Http404
    check_day(petition.organization, petition.received_on, "received_on")
    if petition.deadline < petition.received_on:
        raise ValidationError({"deadline": _("The deadline cannot be before the petition came.")})
    if petition.source == PetitionSource.DIALOGUE:
        if petition.dialogue is None:
            raise ValidationError({"dialogue": _("Name the dialogue conference it was raised at.")})
        if not Dialogue.objects.visible_to(user).filter(pk=petition.dialogue_id).exists():
            raise Http404
        if petition.received_on < petition.dialogue.date:
            raise ValidationError(
                {"received_on": _("A petition is raised at the conference or after it.")}
            )
    elif petition.dialogue is not None:
        raise ValidationError({"dialogue": _("Only a petition from a dialogue names one.")})
    if not petition.content.strip():
        raise ValidationError({"content": _("Write what the petition asks.")})


@transaction.atomic
def record_petition(
    *,
    user,
    organization: Organization,
    source: str,
    received_on: datetime.date,
    content: str,
    assigned_organization: Organization,
    deadline: datetime.date,
    dialogue: Dialogue | None = None,
    petitioner: str = "",
) -> Petition:
    require_change(user, organization)
    petition = Petition(
        organization=organization,
        source=source,
        dialogue=dialogue,
        received_on=received_on,
        petitioner=petitioner.strip(),
        content=content.strip(),
        assigned_organization=assigned_organization,
        deadline=deadline,
        created_by=user,
    )
    _check_petition(user, petition)
    petition.full_clean()
    petition.save()
    return petition


def may_answer(user, petition: Petition) -> bool:
    """The receiving organization's users and the assigned one's move a petition on."""
    return can(user, Action.CHANGE, petition.organization) or can(
        user, Action.CHANGE, petition.assigned_organization
    )


@transaction.atomic
def update_petition(
    *,
    user,
    petition: Petition,
    version: int | None = None,
    status: str | None = None,
    response: str | None = None,
    closed_on: datetime.date | None = None,
    **fields,
) -> Petition:
    """Change a petition's particulars (its receiving organization's users), or move it on:
    in progress, resolved or rejected (with the reason in ``response``), dated ``closed_on``."""
    petition = (
        Petition.objects.select_for_update()
        .select_related("organization", "assigned_organization")
        .get(pk=petition.pk)
    )
    if not may_answer(user, petition):
        require_change(user, petition.organization)
    check_version(petition, version)
    if fields:
        require_change(user, petition.organization)
        for name in (
            "source", "dialogue", "received_on", "petitioner", "content",
            "assigned_organization", "deadline",
        ):  # fmt: skip
            if name in fields:
                value = fields[name]
                setattr(petition, name, value.strip() if isinstance(value, str) else value)
        _check_petition(user, petition)
    if response is not None:
        petition.response = response.strip()
    if status is not None and status != petition.status:
        if status not in PetitionStatus.values:
            raise ValidationError({"status": _("Unknown status.")})
        petition.status = status
        if status in OPEN_STATUSES:
            petition.closed_on = None
        else:
            petition.closed_on = closed_on or timezone.localdate()
    elif closed_on is not None and petition.status not in OPEN_STATUSES:
        petition.closed_on = closed_on
    if petition.status == PetitionStatus.REJECTED and not petition.response:
        raise ValidationError({"response": _("Give the reason the petition is rejected.")})
    if petition.status == PetitionStatus.RESOLVED and not petition.response:
        raise ValidationError({"response": _("Say how the petition was resolved.")})
    if petition.closed_on is not None:
        if petition.closed_on > timezone.localdate():
            raise ValidationError({"closed_on": _("The date cannot be in the future.")})
        if petition.closed_on < petition.received_on:
            raise ValidationError({"closed_on": _("A petition is closed after it was received.")})
    petition.full_clean()
    petition.save()
    return petition
