"""Notifications: stored in-app, and e-mailed when mail is configured and there is an address."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from ct05.accounts.models import RoleAssignment
from ct05.core.models import active_on
from ct05.core.roles import Role
from ct05.dialogues.models import OPEN_STATUSES, Petition, overdue_on
from ct05.meetings.models import Meeting, MeetingKind
from ct05.organizations.models import CELL_KINDS, Organization

from .models import Notification


def notify(*, user, key: str, title: str, body: str = "", url: str = "") -> Notification | None:
    """Create the notification unless this user already has one with ``key`` (then None)."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, key=key, title=title, body=body, url=url
            )
    except IntegrityError:
        return None
    address = user.email or (user.person.email if user.person_id else "")
    if settings.CT05_MAIL_ENABLED and address:
        send_mail(title, f"{body}\n\n{url}".strip(), None, [address])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return notification


def remind_missing_regular_meetings(day: datetime.date | None = None) -> int:
    """From the 25th, remind each secretary whose cell has no regular meeting this month.

    Safe to run any number of times: a reminder's key names the cell and the month.
    Returns the number of reminders sent now.
    """
    day = day or timezone.localdate()
    if day.day < 25:
        return 0
    month_start = day.replace(day=1)
    cells = Organization.objects.filter(active_on(day), kind__in=CELL_KINDS).exclude(
        pk__in=Meeting.objects.filter(
            kind=MeetingKind.REGULAR, date__gte=month_start, date__lte=day
        ).values("organization_id")
    )
    assignments = (
        RoleAssignment.objects.current()
        .filter(role=Role.SECRETARY, organization__in=cells, user__is_active=True)
        .select_related("user", "user__person", "organization")
    )
    sent = 0
    for assignment in assignments:
        cell, user = assignment.organization, assignment.user
        with override(settings.LANGUAGE_CODE):
            title = _("%(cell)s has no regular meeting recorded for %(month)s") % {
                "cell": cell.name,
                "month": f"{day.month:02d}/{day.year}",
            }
            body = _("Record this month's regular meeting of %(cell)s before the month ends.") % {
                "cell": cell.name,
            }
        if notify(
            user=user,
            key=f"meeting-regular:{cell.pk}:{day.year}-{day.month:02d}",
            title=title,
            body=body,
            url=f"{reverse('meeting-create')}?organization={cell.pk}",
        ):
            sent += 1
    return sent


def remind_overdue_petitions(day: datetime.date | None = None) -> int:
    """Remind the secretaries of the organization a petition is assigned to, once, when it is
    past its deadline and still open. Returns the number of reminders sent now."""
    day = day or timezone.localdate()
    petitions = Petition.objects.filter(overdue_on(day), status__in=OPEN_STATUSES)
    assignments = (
        RoleAssignment.objects.current()
        .filter(
            role=Role.SECRETARY,
            organization__in=petitions.values("assigned_organization_id"),
            user__is_active=True,
        )
        .select_related("user", "user__person", "organization")
    )
    secretaries: dict[int, list] = {}
    for assignment in assignments:
        secretaries.setdefault(assignment.organization_id, []).append(assignment.user)
    sent = 0
    for petition in petitions.filter(assigned_organization_id__in=list(secretaries)).select_related(
        "assigned_organization"
    ):
        with override(settings.LANGUAGE_CODE):
            title = _(
                "A petition assigned to %(organization)s is overdue (deadline %(deadline)s)"
            ) % {
                "organization": petition.assigned_organization.name,
                "deadline": petition.deadline.strftime("%d/%m/%Y"),
            }
            body = _("Resolve it, or record why it is rejected: %(content)s") % {
                "content": petition.content[:200]
            }
        for user in secretaries[petition.assigned_organization_id]:
            if notify(
                user=user,
                key=f"petition-overdue:{petition.pk}",
                title=title,
                body=body,
                url=reverse("petition-detail", args=[petition.pk]),
            ):
                sent += 1
    return sent


def send_due_reminders(day: datetime.date | None = None) -> int:
    """Every reminder due on ``day``: cell meetings not held, petitions overdue."""
    return remind_missing_regular_meetings(day) + remind_overdue_petitions(day)
