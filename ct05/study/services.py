"""Topics, study sessions with attendance, and reflection essays."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ct05.core import changes
from ct05.core.changes import Records
from ct05.core.models import active_on, check_fields
from ct05.core.permissions import require_change
from ct05.core.uploads import validate_upload
from ct05.core.versions import check_version
from ct05.core.years import check_year
from ct05.organizations.models import CELL_KINDS, PARTY_KINDS, Organization
from ct05.people.attendance import clean_attendance, members_on, save_attendance
from ct05.people.models import Membership

from .models import Reflection, SessionAttendance, StudySession, Topic


def topic_for(organization: Organization, year: int) -> Topic | None:
    """The topic in force for ``organization``: its own, or the nearest committee's above."""
    return topics_for(organization, [year]).get(year)


def topic_titles(organization: Organization, years) -> dict[int, str]:
    """The title of the topic in force for ``organization`` in each of ``years`` that has one,
    as ``topics_for`` finds it, read without building the topics: one statement written out
    (every report reads it; for a cell's, building it through the ORM cost more than running
    it)."""
    paths, years = organization.ancestor_paths(), list(years)
    if not years:
        return {}
    depth = {path: n for n, path in enumerate(paths)}
    found: dict[int, tuple[int, str]] = {}
    sql = (
        f"SELECT t.year, o.path, t.title FROM {Topic._meta.db_table} t "
        f"JOIN {Organization._meta.db_table} o ON o.id = t.organization_id "
        f"WHERE o.path IN ({', '.join(['%s'] * len(paths))}) "
        f"AND t.year IN ({', '.join(['%s'] * len(years))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*paths, *years])
        for year, path, title in cursor.fetchall():
            if year not in found or depth[path] > found[year][0]:
                found[year] = (depth[path], title)
    return {year: title for year, (_depth, title) in sorted(found.items())}


def topics_for(organization: Organization, years) -> dict[int, Topic]:
    """The topic in force for ``organization`` in each of ``years`` that has one (one query)."""
    paths = organization.ancestor_paths()
    depth = {path: n for n, path in enumerate(paths)}
    found: dict[int, Topic] = {}
    for topic in Topic.objects.filter(
        year__in=list(years), organization__path__in=paths
    ).select_related("organization"):
        held = found.get(topic.year)
        if held is None or depth[topic.organization.path] > depth[held.organization.path]:
            found[topic.year] = topic
    return dict(sorted(found.items()))


@transaction.atomic
def set_topic(
    *, user, organization: Organization, year: int, title: str, description: str = ""
) -> Topic:
    require_change(user, organization)
    check_year(year)
    if organization.kind not in PARTY_KINDS or organization.kind in CELL_KINDS:
        raise ValidationError(
            {"organization": _("The yearly topic is set by a party committee, not by a cell.")}
        )
    if not title.strip():
        raise ValidationError({"title": _("Give the topic's title.")})
    check_fields(
        Topic(organization=organization, year=year, title=title.strip(), description=description),
        "title",
        "description",
    )
    topic, _created = Topic.objects.update_or_create(
        organization=organization,
        year=year,
        defaults={"title": title.strip(), "description": description.strip()},
    )
    return topic


@transaction.atomic
def record_session(
    *,
    user,
    organization: Organization,
    date: datetime.date,
    kind: str,
    title: str = "",
    location: str = "",
    topic: Topic | None = None,
    attendance: list[dict] | None = None,
) -> StudySession:
    """A session with attendance from the organization's members (or its whole subtree's)."""
    require_change(user, organization)
    if date > timezone.localdate():
        raise ValidationError({"date": _("A session cannot be dated in the future.")})
    topic = topic or topic_for(organization, date.year)
    if topic and topic.year != date.year:
        raise ValidationError({"topic": _("The topic is for another year.")})
    session = StudySession(
        organization=organization,
        date=date,
        kind=kind,
        title=title.strip(),
        location=location.strip(),
        topic=topic,
    )
    session.full_clean()
    session.save()
    _save_attendance(session, attendance or [], user)
    return session


def _save_attendance(session: StudySession, attendance: list[dict], user) -> None:
    """Attendees come from the organization's members, or its subtree's for a committee."""
    units = Organization.objects.filter(path__startswith=session.organization.path)
    rows = clean_attendance(attendance, members_on(units, session.date), user)
    belongs = dict(
        Membership.objects.filter(
            active_on(session.date),
            organization__in=units,
            person_id__in=[row["person_id"] for row in rows],
        ).values_list("person_id", "organization_id")
    )
    for row in rows:
        row["member_organization_id"] = belongs.get(row["person_id"])
    changed = save_attendance(
        session.attendance, SessionAttendance, {"session": session}, rows, user
    )
    _recount(session)
    if session.topic_id is not None:
        _announce_studied(changed, session.date.year)


def _announce_studied(person_ids: set[int], year: int) -> None:
    """Whether these people studied in ``year`` may have changed: the organizations they belong
    to at the year's end recount their members who studied (the report counts them there)."""
    if not person_ids:
        return
    year_end = datetime.date(year, 12, 31)
    organizations = (
        Membership.objects.filter(active_on(year_end), person_id__in=person_ids)
        .order_by("organization_id")
        .values_list("organization_id", flat=True)
        .distinct()
    )
    for organization_id in organizations:
        changes.announce(Records.STUDIED, organization_id=organization_id, year=year)


def _recount(session: StudySession) -> None:
    """The report's study tally of the session's organization and year, in this transaction."""
    changes.announce(Records.STUDY, organization_id=session.organization_id, year=session.date.year)


@transaction.atomic
def update_attendance(
    *, user, session: StudySession, attendance: list[dict], version: int | None = None
) -> StudySession:
    session = (
        StudySession.objects.select_for_update().select_related("organization").get(pk=session.pk)
    )
    require_change(user, session.organization)
    check_version(session, version)
    _save_attendance(session, attendance, user)
    session.save(update_fields=["updated_at"])  # one more version: its attendance changed
    return session


@transaction.atomic
def record_reflection(
    *,
    user,
    session: StudySession,
    person,
    received: bool = True,
    received_at: datetime.date | None = None,
    grade: str = "",
    text: str = "",
    file=None,
) -> Reflection:
    """Mark an attendee's reflection essay received (optionally graded, with text or a file)."""
    require_change(user, session.organization)
    if not session.attendance.filter(person=person, present=True).exists():
        raise ValidationError(
            {"person": _("Only someone who attended the session writes a reflection on it.")}
        )
    if file:
        validate_upload(file)
    received_at = received_at or (timezone.localdate() if received else None)
    if received_at and received_at > timezone.localdate():
        raise ValidationError({"received_at": _("The date cannot be in the future.")})
    if received_at and received_at < session.date:
        raise ValidationError({"received_at": _("A reflection is received after the session.")})
    reflection, _created = Reflection.objects.get_or_create(session=session, person=person)
    reflection.received = received
    reflection.received_at = received_at if received else None
    reflection.grade = grade
    reflection.text = text.strip()
    if file:
        reflection.file = file
    reflection.received_by = user
    reflection.full_clean()
    reflection.save()
    _recount(session)
    return reflection
