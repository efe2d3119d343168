"""Attendance lists shared by study sessions and meetings: taken from the unit's member list."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ct05.core.models import active_on
from ct05.core.params import parse_id

from .models import AttendanceRow, Membership, Person

REASON_LENGTH = AttendanceRow._meta.get_field("absence_reason").max_length


def members_on(organizations, day: datetime.date):
    """People with a membership active on ``day`` in any of ``organizations`` (a queryset)."""
    return Person.objects.filter(
        pk__in=Membership.objects.filter(active_on(day), organization__in=organizations).values(
            "person_id"
        )
    )


def clean_attendance(rows: list[dict], members, user, *, exempt: bool = False) -> list[dict]:
    """Validate ``[{person, present, absence_reason}]`` against the member list.

    With ``exempt`` (a meeting's list) a row also says whether an absent member is exempt from
    meetings ("miễn sinh hoạt"); one who came anyway is simply present.

    ``person`` may be a Person or an id. A person not in the list, or named twice, is refused
    with a message naming them: by name when ``user`` may see them, else only by id, so the
    message tells nobody the name of a person outside their subtree.
    """
    member_ids = set(members.values_list("pk", flat=True))
    seen, cleaned, outsiders = set(), [], []
    for row in rows:
        person = row.get("person")
        person_id = parse_id(getattr(person, "pk", person))
        if person_id is None:
            raise ValidationError({"attendance": _("Each attendance row needs a person.")})
        if person_id in seen:
            raise ValidationError({"attendance": _("A person is listed twice.")})
        seen.add(person_id)
        if person_id not in member_ids:
            outsiders.append(person_id)
            continue
        present = bool(row.get("present", True))
        reason = str(row.get("absence_reason") or "").strip()
        if not present and len(reason) > REASON_LENGTH:
            raise ValidationError(
                {
                    "attendance": _("A reason for absence may be at most %(limit)s characters.")
                    % {"limit": REASON_LENGTH}
                }
            )
        row_cleaned = {
            "person_id": person_id,
            "present": present,
            "absence_reason": "" if present else reason,
        }
        if exempt:
            row_cleaned["exempt"] = not present and bool(row.get("exempt", False))
        cleaned.append(row_cleaned)
    if outsiders:
        visible = dict(
            Person.objects.visible_to(user).filter(pk__in=outsiders).values_list("pk", "full_name")
        )
        names = ", ".join(visible.get(pk, f"#{pk}") for pk in outsiders)
        raise ValidationError(
            {
                "attendance": _("Not members of this unit on that date: %(names)s.")
                % {"names": names}
            }
        )
    return cleaned


def save_attendance(rows_manager, model, owner: dict, rows: list[dict], user) -> set[int]:
    """Make the attendance list ``rows_manager`` (``meeting.attendance``) hold ``rows`` (as
    :func:`clean_attendance` returns them), changing only the rows that differ, so the list's
    history says who was added, removed or marked otherwise; ``owner`` names the list's parent
    (``{"meeting": meeting}``) for the new rows. Returns the people whose presence changed
    (added present, removed while present, or marked otherwise)."""
    existing = {row.person_id: row for row in rows_manager.all()}
    wanted = {row["person_id"]: row for row in rows}
    was = {person_id: row.present for person_id, row in existing.items()}
    now = {person_id: row.get("present") for person_id, row in wanted.items()}
    presence_changed = {p for p in was.keys() | now.keys() if was.get(p) != now.get(p)}
    for person_id, row in existing.items():
        if person_id not in wanted:
            row.delete()
    new = []
    for person_id, data in wanted.items():
        row = existing.get(person_id)
        if row is None:
            new.append(model(**owner, **data))
        else:
            changed = [
                name
                for name, value in data.items()
                if name != "person_id" and getattr(row, name) != value
            ]
            if changed:
                for name in changed:
                    setattr(row, name, data[name])
                row.save(update_fields=changed)
    bulk_create_with_history(new, model, default_user=user)
    return presence_changed
