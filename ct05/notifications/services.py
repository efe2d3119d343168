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
from ct05.inspections.models import Remediation
from ct05.meetings.models import Meeting, MeetingKind
from ct05.meetings.selectors import members_absent_unexcused
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


def remind_overdue_remediation(day: datetime.date | None = None) -> int:
    """Remind the secretaries of an inspected organization of each remediation item past its
    deadline and still open: once per item and secretary (the key names the item)."""
    day = day or timezone.localdate()
    items = list(
        Remediation.objects.overdue(day).select_related("inspection", "inspection__organization")
    )
    if not items:
        return 0
    by_organization: dict[int, list] = {}
    for assignment in (
        RoleAssignment.objects.current()
        .filter(
            role=Role.SECRETARY,
            organization__in={i.inspection.organization_id for i in items},
            user__is_active=True,
        )
        .select_related("user", "user__person")
    ):
        by_organization.setdefault(assignment.organization_id, []).append(assignment.user)
    sent = 0
    for item in items:
        organization = item.inspection.organization
        for user in by_organization.get(organization.pk, []):
            with override(settings.LANGUAGE_CODE):
                title = _("Remediation overdue since %(deadline)s: %(organization)s") % {
                    "deadline": item.deadline.strftime("%d/%m/%Y"),
                    "organization": organization.name,
                }
                body = _('Remediation required by the inspection "%(subject)s": %(action)s') % {
                    "subject": item.inspection.subject,
                    "action": item.action,
                }
            if notify(
                user=user,
                key=f"remediation-overdue:{item.pk}",
                title=title,
                body=body,
                url=reverse("inspection-detail", args=[item.inspection_id]),
            ):
                sent += 1
    return sent


def remind_unexcused_absences(day: datetime.date | None = None) -> int:
    """Tell the cell's secretary and the committee's above of each member absent without
    reason from three regular meetings of the cell this year (Party Charter, art. 8).

    Safe to run any number of times: a reminder's key names the member, the cell and the year.
    Returns the number of reminders sent now.
    """
    day = day or timezone.localdate()
    cells = Organization.objects.filter(kind__in=CELL_KINDS)
    flagged = members_absent_unexcused(cells, day.year)
    if not flagged:
        return 0
    steplen = Organization.steplen
    paths = {a.organization.path for a in flagged}
    paths |= {path[:-steplen] for path in paths if len(path) > steplen}
    secretaries: dict[str, list] = {}
    for assignment in (
        RoleAssignment.objects.current()
        .filter(role=Role.SECRETARY, organization__path__in=paths, user__is_active=True)
        .select_related("user", "user__person", "organization")
    ):
        secretaries.setdefault(assignment.organization.path, []).append(assignment.user)
    sent = 0
    for absences in flagged:
        cell, person = absences.organization, absences.person
        recipients = secretaries.get(cell.path, []) + secretaries.get(cell.path[:-steplen], [])
        with override(settings.LANGUAGE_CODE):
            title = _(
                "%(person)s was absent without reason from %(count)s regular meetings of "
                "%(cell)s in %(year)s"
            ) % {
                "person": person.full_name,
                "count": absences.count,
                "cell": cell.name,
                "year": day.year,
            }
            body = _(
                "Party Charter, art. 8: a member who misses meetings three times in a year "
                "without good reason is considered for removal. Talk with the member."
            )
        for user in {u.pk: u for u in recipients}.values():
            if notify(
                user=user,
                key=f"absent-unexcused:{person.pk}:{cell.pk}:{day.year}",
                title=title,
                body=body,
                url=f"{reverse('meeting-absences')}?organization={cell.pk}&year={day.year}",
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
    """Every reminder due on ``day`` (``ct05 remind``, daily)."""
    return (
        remind_missing_regular_meetings(day)
        + remind_unexcused_absences(day)
        + remind_overdue_remediation(day)
        + remind_overdue_petitions(day)
    )
