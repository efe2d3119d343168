"""Who studied (issue 9, req. 7) and members absent without reason (req. 8)."""

import datetime
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.urls import reverse

from ct05.meetings import services as meeting_services
from ct05.notifications.models import Notification
from ct05.reports import tallies
from ct05.reports.periods import Period
from ct05.reports.selectors import directive05_report
from ct05.study import services as study_services
from ct05.study.models import SessionAttendance

YEAR = 2025


def report(organization, year=YEAR):
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(year + 1, 2, 1)):
        return directive05_report(organization=organization, year=year)


def row_of(result, organization):
    return next(r for r in result["children"] if r["organization"]["id"] == organization.pk)


# -- who studied ------------------------------------------------------------------------------


def test_a_cell_member_at_the_communes_conference_is_counted_by_the_cell(world):
    topic = study_services.set_topic(
        user=world.admin, organization=world.province, year=YEAR, title="Chuyên đề 2025"
    )
    one = world.people_a1[0]
    session = study_services.record_session(
        user=world.dangbo_a,
        organization=world.commune_a,
        date=datetime.date(YEAR, 3, 5),
        kind="dissemination",
        topic=topic,
        attendance=[
            {"person": one.pk, "present": True},
            {"person": world.people_a1[1].pk, "present": False},
        ],
    )
    row = SessionAttendance.objects.get(session=session, person=one)
    assert row.member_organization == world.cell_a1

    cell = report(world.cell_a1)["study"]
    assert cell["sessions"] == 0  # held by the commune, not the cell
    assert cell["members_studied"] == 1
    assert cell["members_studied_pct"] == 25.0
    commune = report(world.commune_a)
    assert commune["study"]["members_studied"] == 1
    assert row_of(commune, world.cell_a1)["study"]["members_studied"] == 1
    assert row_of(commune, world.cell_a2)["study"]["members_studied"] == 0
    assert tallies.differences() == []


def test_the_report_page_says_what_share_of_members_studied(client, world):
    topic = study_services.set_topic(
        user=world.admin, organization=world.province, year=YEAR, title="Chuyên đề 2025"
    )
    study_services.record_session(
        user=world.bithu1,
        organization=world.cell_a1,
        date=datetime.date(YEAR, 4, 1),
        kind="study",
        topic=topic,
        attendance=[{"person": p.pk, "present": True} for p in world.people_a1],
    )
    client.force_login(world.bithu1)
    page = client.get(
        reverse("report-directive05"), {"organization": world.cell_a1.pk, "year": YEAR}
    ).content.decode()
    assert "100,0% đảng viên được học tập, quán triệt chuyên đề" in page


# -- absences ---------------------------------------------------------------------------------


def miss(world, months, person, reason="", kind="regular", exempt=False):
    for month in months:
        rows = [
            {"person": p.pk, "present": p != person}
            | ({"absence_reason": reason, "exempt": exempt} if p == person else {})
            for p in world.people_a1
        ]
        meeting_services.record_meeting(
            user=world.bithu1,
            organization=world.cell_a1,
            date=datetime.date(YEAR, month, 10),
            kind=kind,
            attendance=rows,
        )


def test_a_member_absent_without_reason_three_times_is_flagged(client, world):
    absent = world.people_a1[3]
    miss(world, [2, 5], absent)
    client.force_login(world.bithu1)
    url = reverse("meeting-absences")
    page = client.get(url, {"year": YEAR}).content.decode()
    assert absent.full_name not in page
    miss(world, [9], absent)
    page = client.get(url, {"year": YEAR}).content.decode()
    assert absent.full_name in page
    assert "10/02/2025, 10/05/2025, 10/09/2025" in page
    # The committee above sees it too; a sibling cell's secretary and a member do not.
    client.force_login(world.dangbo_a)
    assert absent.full_name in client.get(url, {"year": YEAR}).content.decode()
    client.force_login(world.bithu2)
    assert absent.full_name not in client.get(url, {"year": YEAR}).content.decode()
    client.force_login(world.dangvien1)
    assert client.get(url, {"year": YEAR}).status_code == 403
    assert report(world.cell_a1)["meetings"]["members_absent_unexcused"] == 1
    assert (
        row_of(report(world.province), world.commune_a)["meetings"]["members_absent_unexcused"] == 1
    )
    assert tallies.differences() == []  # the year's tally holds them as the records do
    # Over two years, counted from the attendance: the same member once.
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(YEAR + 1, 2, 1)):
        two_years = directive05_report(
            organization=world.province, period=Period.of_years(YEAR - 1, YEAR)
        )
    assert two_years["meetings"]["members_absent_unexcused"] == 1
    # A reason given afterwards takes the member off the year's count.
    meeting = world.cell_a1.meetings.get(date=datetime.date(YEAR, 9, 10))
    meeting_services.update_meeting(
        user=world.bithu1,
        meeting=meeting,
        attendance=[
            {"person": p.pk, "present": p != absent}
            | ({"absence_reason": "Ốm"} if p == absent else {})
            for p in world.people_a1
        ],
    )
    assert report(world.cell_a1)["meetings"]["members_absent_unexcused"] == 0
    assert tallies.differences() == []


def test_absences_with_reason_exempt_or_thematic_do_not_count(world):
    person = world.people_a1[3]
    miss(world, [1, 2], person, reason="Đi làm ăn xa")
    miss(world, [3, 4], person, exempt=True)
    miss(world, [6, 7, 8], person, kind="thematic")
    miss(world, [10, 11], person)
    assert report(world.cell_a1)["meetings"]["members_absent_unexcused"] == 0


def test_remind_tells_the_secretary_and_the_committee_above_once(world):
    absent = world.people_a1[3]
    miss(world, [2, 5, 9], absent)
    out = StringIO()
    call_command("remind", "--date", f"{YEAR}-10-03", stdout=out)
    notified = set(
        Notification.objects.filter(key__startswith="absent-unexcused:").values_list(
            "user__username", flat=True
        )
    )
    assert notified == {"bithu1", "dangbo_a"}
    title = Notification.objects.filter(user=world.bithu1).first().title
    assert absent.full_name in title and "không có lý do" in title
    call_command("remind", "--date", f"{YEAR}-10-04", stdout=StringIO())
    assert Notification.objects.filter(key__startswith="absent-unexcused:").count() == 2
