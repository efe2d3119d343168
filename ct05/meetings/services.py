"""Recording party-cell meetings, and the norms reports and reminders count against."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ct05.core import changes
from ct05.core.changes import Records
from ct05.core.permissions import require_change
from ct05.core.uploads import validate_upload
from ct05.core.versions import check_version
from ct05.organizations.models import CELL_KINDS, Organization
from ct05.people.attendance import clean_attendance, members_on, save_attendance

from .models import Meeting, MeetingAttendance, MeetingKind


def _check_not_recorded(organization, date, kind, exclude=None) -> None:
    same = Meeting.objects.filter(organization=organization, date=date, kind=kind)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        raise ValidationError(
            {
                "date": _("A %(kind)s of this cell on %(date)s is already recorded.")
                % {
                    "kind": MeetingKind(kind).label.lower(),
                    "date": date_format(date, "SHORT_DATE_FORMAT"),
                }
            }
        )


def _check_dues(meeting: Meeting) -> None:
    if meeting.dues_amount and not meeting.dues_collected:
        raise ValidationError(
            {"dues_amount": _("Tick that dues were collected to record the amount.")}
        )
    if not meeting.dues_collected:
        meeting.dues_amount = None


def _check(organization: Organization, date: datetime.date) -> None:
    if organization.kind not in CELL_KINDS:
        raise ValidationError({"organization": _("Meetings are recorded for party cells.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("A meeting cannot be dated in the future.")})
    if date < organization.valid_from or (organization.valid_to and date > organization.valid_to):
        raise ValidationError({"date": _("The cell did not exist on that date.")})


@transaction.atomic
def record_meeting(
    *,
    user,
    organization: Organization,
    date: datetime.date,
    kind: str,
    directive05: bool = False,
    subject: str = "",
    minutes: str = "",
    minutes_file=None,
    attendance: list[dict] | None = None,
    dues_collected: bool = False,
    dues_amount: int | None = None,
    next_month_tasks: str = "",
) -> Meeting:
    """A meeting with its attendance, taken from the cell's members on that date, and its
    record (dues, tasks for next month; the roll is counted from the attendance)."""
    require_change(user, organization)
    _check(organization, date)
    _check_not_recorded(organization, date, kind)
    validate_upload(minutes_file) if minutes_file else None
    rows = clean_attendance(attendance or [], members_on([organization], date), user, exempt=True)
    meeting = Meeting(
        organization=organization,
        date=date,
        kind=kind,
        directive05=directive05,
        subject=subject.strip(),
        minutes=minutes.strip(),
        dues_collected=dues_collected,
        dues_amount=dues_amount,
        next_month_tasks=next_month_tasks.strip(),
        created_by=user,
    )
    _check_dues(meeting)
    if minutes_file:
        meeting.minutes_file = minutes_file
    meeting.full_clean()
    meeting.save()
    save_attendance(meeting.attendance, MeetingAttendance, {"meeting": meeting}, rows, user)
    _recount(meeting.organization_id, meeting.date.year)
    return meeting


def _recount(organization_id: int, *years: int) -> None:
    """The report's meeting tally of the cell for those years, in the caller's transaction."""
    for year in sorted(set(years)):
        changes.announce(Records.MEETINGS, organization_id=organization_id, year=year)


@transaction.atomic
def update_meeting(
    *,
    user,
    meeting: Meeting,
    attendance: list[dict] | None = None,
    minutes_file=None,
    version: int | None = None,
    **fields,
) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require_change(user, meeting.organization)
    check_version(meeting, version)
    year_before = meeting.date.year
    for name in ("date", "kind", "directive05", "subject", "minutes", "dues_collected"):
        if name in fields and fields[name] is not None:
            setattr(meeting, name, fields[name])
    if "dues_amount" in fields:
        meeting.dues_amount = fields["dues_amount"]
    if fields.get("next_month_tasks") is not None:
        meeting.next_month_tasks = fields["next_month_tasks"].strip()
    _check_dues(meeting)
    _check(meeting.organization, meeting.date)
    _check_not_recorded(meeting.organization, meeting.date, meeting.kind, exclude=meeting)
    if minutes_file:
        validate_upload(minutes_file)
        meeting.minutes_file = minutes_file
    meeting.full_clean()
    meeting.save()
    if attendance is not None:
        members = members_on([meeting.organization], meeting.date)
        rows = clean_attendance(attendance, members, user, exempt=True)
        save_attendance(meeting.attendance, MeetingAttendance, {"meeting": meeting}, rows, user)
    _recount(meeting.organization_id, year_before, meeting.date.year)
    return meeting


def expected_by(day: datetime.date, regular_norm: int, thematic_norm: int) -> tuple[int, int]:
    """Meetings a cell should have held in ``day``'s year by ``day``.

    A month counts once it is over, or from its 25th (the reminder's date); a quarter once its
    last month counts.
    """
    return expected_between(datetime.date(day.year, 1, 1), day, regular_norm, thematic_norm)


def expected_between(
    start: datetime.date, end: datetime.date, regular_norm: int, thematic_norm: int
) -> tuple[int, int]:
    """Meetings due from a cell that existed from ``start`` to ``end`` (one calendar year).

    The yearly norms are shared out by month and by quarter: a month is due when it is over by
    ``end`` (or ``end`` is on or after its 25th) and the cell existed during it; a quarter when
    its last month is due and the cell existed during the quarter. A cell set up on 1 July owes
    half the year's meetings; a whole past year owes the norms.
    """
    if end < start:
        return 0, 0
    last_due = end.month - (0 if end.day >= 25 else 1)
    months = max(0, last_due - start.month + 1)
    quarters = sum(1 for q in range(1, 5) if q * 3 <= last_due and q * 3 >= start.month)
    return regular_norm * months // 12, thematic_norm * quarters // 4
