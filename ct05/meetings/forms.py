"""Forms of the meeting pages, and the one-screen attendance list that study sessions share.

Attendance is posted as repeated inputs: ``attendee`` (every person listed), ``present`` (the
ticked ones) and ``reason-<person id>``, so the list needs no numbering and works without
JavaScript.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ct05.commitments.models import ProgressNote
from ct05.core.forms import YearField, limited_text
from ct05.core.models import active_on
from ct05.core.params import MAX_ID, id_param
from ct05.core.roles import Action
from ct05.core.uploads import UploadField
from ct05.organizations.forms import PICKER_LIMIT, KnownChoiceField, ScopedFilterForm
from ct05.organizations.models import CELL_KINDS, Organization
from ct05.people.models import Membership

from .models import Meeting, MeetingKind

# dd/mm/yyyy typed, or what a date input sends.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label=None, **kwargs) -> forms.DateField:
    """A date typed dd/mm/yyyy or picked in a date input."""
    return forms.DateField(
        label=label or _("Date"), input_formats=DATE_INPUT_FORMATS, widget=DateInput(), **kwargs
    )


def parse_date(raw) -> datetime.date | None:
    """A date in either input format, or None."""
    for fmt in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(str(raw or "").strip(), fmt).date()
        except ValueError:
            continue
    return None


# -- attendance ---------------------------------------------------------------------------------


@dataclass
class Attendee:
    person: object
    unit: str
    present: bool
    reason: str
    exempt: bool = False


@dataclass
class Roll:
    """The tick list of one screen: every member, and whether they come from several units.
    ``with_exempt``: a meeting's list, where an absent member may be exempt from meetings."""

    attendees: list[Attendee]
    several_units: bool
    with_exempt: bool = False
    # Set to the limit when the units have more members than a screen lists (a province's
    # or the nation's conference): the list is then left out, not loaded.
    too_many: int | None = None

    @property
    def present(self) -> int:
        return sum(1 for a in self.attendees if a.present)


def attendance_from_post(data) -> list[dict]:
    """The attendance rows of a POST, as the services take them."""
    present = set(data.getlist("present"))
    exempt = set(data.getlist("exempt"))
    return [
        {
            "person": raw,
            "present": raw in present,
            "absence_reason": data.get(f"reason-{raw}", ""),
            "exempt": raw in exempt,
        }
        for raw in data.getlist("attendee")
    ]


# The most members a new session's tick list shows: a grassroots committee's conference (a
# few hundred to a couple of thousand) fits; a province's (300,000) or the nation's does not.
ROLL_LIMIT = 3000


def attendance_list(
    units,
    day: datetime.date,
    *,
    recorded=None,
    posted=None,
    tick=None,
    with_exempt=False,
    limit: int | None = None,
) -> Roll:
    """Every member of ``units`` on ``day``, in the Vietnamese order, each ticked present unless
    ``recorded`` (attendance rows kept) or ``posted`` (the rows just sent) say otherwise. On a
    list already kept, a member it does not name starts unticked: saving the list unchanged
    must not add attendees nobody ticked.

    ``tick`` is "all" or "none" when the no-JavaScript "tick all" / "untick all" buttons sent
    the form. With ``limit``, units of more members than that give an empty list marked
    ``too_many`` (at most ``limit`` + 1 rows read to know).
    """
    if limit is not None:
        current = Membership.objects.filter(active_on(day), organization__in=units)
        if current.values("pk")[limit : limit + 1].exists():
            return Roll([], False, with_exempt, too_many=limit)
    memberships = (
        Membership.objects.filter(active_on(day), organization__in=units)
        .select_related("person", "organization")
        .order_by("person__sort_key", "person_id", "organization__path")
    )
    known = {}
    recorded = list(recorded or [])
    unknown = (False, "", False) if recorded else (True, "", False)
    for row in recorded:
        known[row.person_id] = (row.present, row.absence_reason, getattr(row, "exempt", False))
    for row in posted or []:
        known[str(row["person"])] = (
            row["present"],
            row["absence_reason"],
            row.get("exempt", False),
        )
    attendees, seen = [], set()
    for membership in memberships:
        person = membership.person
        if person.pk in seen:
            continue
        seen.add(person.pk)
        present, reason, exempt = known.get(person.pk) or known.get(str(person.pk)) or unknown
        if tick == "all":
            present = True
        elif tick == "none":
            present = False
        attendees.append(
            Attendee(person, membership.organization.name, present, reason, exempt and not present)
        )
    return Roll(attendees, len({a.unit for a in attendees}) > 1, with_exempt)


def tick_from_post(data) -> str | None:
    value = data.get("tick")
    return value if value in ("all", "none") else None


@dataclass
class AttendancePost:
    """What a recording form posted about its attendance list.

    ``saving`` is false when the user only ticked all/none or asked for the list again (the
    buttons that work without JavaScript): the page comes back with the list, nothing written.
    """

    day: datetime.date
    posted: list[dict] | None = None
    tick: str | None = None
    saving: bool = False


def read_attendance_post(request, default_day: datetime.date) -> AttendancePost:
    if request.method != "POST":
        return AttendancePost(default_day)
    tick = tick_from_post(request.POST)
    return AttendancePost(
        day=parse_date(request.POST.get("date")) or default_day,
        posted=attendance_from_post(request.POST),
        tick=tick,
        saving=tick is None and "refresh" not in request.POST,
    )


def selected_organization(request, changeable):
    """The organization named by ``?organization=`` or the form, among those the user may
    record for; by default the highest. Outside the user's scope is a 404; in scope but not
    changeable, None on a POST (the form then says so)."""
    pk = id_param(request.POST, "organization") or id_param(request.GET, "organization")
    first = changeable.order_by("depth", "path").first
    if pk is None:
        return first()
    found = changeable.filter(pk=pk).first()
    if found is not None:  # changeable, so in scope
        return found
    if not Organization.objects.visible_to(request.user).filter(pk=pk).exists():
        raise Http404
    return None if request.method != "GET" else first()


# -- meetings -----------------------------------------------------------------------------------


def changeable_cells(user, day: datetime.date | None = None):
    """The cells whose meetings the user may record: party cells existing on ``day``."""
    day = day or timezone.localdate()
    return (
        Organization.objects.visible_to(user, Action.CHANGE)
        .filter(kind__in=CELL_KINDS)
        .filter(active_on(day))
        .order_by("path")
    )


class CellChoiceField(KnownChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class MeetingForm(forms.Form):
    organization = CellChoiceField(
        label=_("Party cell"), queryset=Organization.objects.none(), empty_label=None
    )
    date = date_field(help_text=_("Day/month/year, not in the future."))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=MeetingKind.choices,
        initial=MeetingKind.REGULAR,
        widget=forms.RadioSelect,
    )
    directive05 = forms.BooleanField(
        label=_("Members' study and following of Hồ Chí Minh's example reviewed (Directive 05)"),
        required=False,
        help_text=_("Studying and following Uncle Ho's example, deeds reviewed, and the like."),
    )
    dues_collected = forms.BooleanField(label=_("Party dues collected"), required=False)
    dues_amount = forms.IntegerField(
        label=_("Amount collected (đồng)"),
        required=False,
        min_value=0,
        max_value=10**12,
        help_text=_("Whole đồng, without dots; leave empty if not collected."),
    )
    next_month_tasks = limited_text(
        Meeting._meta.get_field("next_month_tasks"),
        label=_("Tasks for next month"),
        required=False,
        rows=3,
    )
    subject = forms.CharField(label=_("Subject"), required=False, max_length=300)
    minutes = limited_text(
        Meeting._meta.get_field("minutes"), label=_("Minutes"), required=False, rows=4
    )
    minutes_file = UploadField(
        label=_("Minutes file"),
        required=False,
    )

    def __init__(self, *args, user, meeting=None, selected=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        if meeting is not None:
            # A meeting stays with its cell.
            del self.fields["organization"]
            return
        cells = changeable_cells(user)
        field.queryset = cells
        field.known = selected  # read by the view among the same cells
        if cells.count() > PICKER_LIMIT:
            # Thousands of cells make no select: the cell comes from a link (?organization=).
            field.widget.choices = [(selected.pk, selected.name)] if selected else []
            field.help_text = _("Open this page from a cell's page or the norms page.")


class MeetingFilterForm(ScopedFilterForm):
    year = YearField()
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *MeetingKind.choices]
    )
    field_order = ["organization", "year", "kind"]


class ProgressForm(forms.Form):
    deed = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    text = limited_text(
        ProgressNote._meta.get_field("text"), label=_("Progress noted at this meeting"), rows=2
    )


class NormsFilterForm(ScopedFilterForm):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("behind", _("Cells behind the norm")), ("all", _("All cells"))],
    )
    field_order = ["organization", "show"]


class AbsencesFilterForm(ScopedFilterForm):
    """The members absent without reason: over the organizations whose meetings the user keeps
    (a cell's secretary, the committee above)."""

    year = YearField()
    field_order = ["organization", "year"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, action=Action.CHANGE, **kwargs)
