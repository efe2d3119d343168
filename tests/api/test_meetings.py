import datetime

from django.core.management import call_command
from django.utils import timezone

from ct05.meetings.models import Meeting, MeetingAttendance
from ct05.notifications.models import Notification

LAST_YEAR = timezone.localdate().year - 1


def meeting(world, cell, day, kind="regular", attendance=None, user=None, **extra):
    people = {world.cell_a1.pk: world.people_a1, world.cell_b1.pk: world.people_b1}.get(cell.pk, [])
    if attendance is None:
        attendance = [{"person": p.pk, "present": True} for p in people]
    body = {
        "organization": cell.pk,
        "date": day.isoformat(),
        "kind": kind,
        "directive05": True,
        "attendance": attendance,
        **extra,
    }
    return world.api(user or world.bithu1).post("/api/meetings/", body, format="json")


def norms(world, organization, year=LAST_YEAR):
    return (
        world.api(world.tuyengiao)
        .get(f"/api/reports/directive05/?organization={organization.pk}&year={year}")
        .json()["meetings"]
    )


def test_a_full_year_of_meetings_brings_the_cell_to_both_norms(world):
    before = norms(world, world.commune_a)

    for month in range(1, 13):
        assert meeting(world, world.cell_a1, datetime.date(LAST_YEAR, month, 10)).status_code == 201
    for month in (3, 6, 9, 12):
        response = meeting(world, world.cell_a1, datetime.date(LAST_YEAR, month, 20), "thematic")
        assert response.status_code == 201

    after = norms(world, world.commune_a)
    assert after["cells_regular_norm"] == before["cells_regular_norm"] + 1
    assert after["cells_thematic_norm"] == before["cells_thematic_norm"] + 1
    assert (after["regular"], after["thematic"], after["with_directive05"]) == (12, 4, 16)
    assert after["cells"] == 2
    assert after["regular_norm_pct"] == 50.0
    # The province's report counts the same cell, and commune B's cells stay below the norm.
    assert norms(world, world.province)["cells_regular_norm"] == 1


def test_eleven_regular_meetings_do_not_meet_the_norm_of_twelve(world):
    for month in range(1, 12):
        meeting(world, world.cell_a1, datetime.date(LAST_YEAR, month, 10))
    assert norms(world, world.cell_a1)["cells_regular_norm"] == 0


def test_a_lower_norm_set_above_applies_to_the_cells_below(world):
    world.commune_a.regular_meetings_norm = 6
    world.commune_a.save()
    for month in range(1, 7):
        meeting(world, world.cell_a1, datetime.date(LAST_YEAR, month, 10))
    assert norms(world, world.cell_a1)["cells_regular_norm"] == 1


def test_meeting_for_a_cell_outside_the_scope_is_refused(world):
    response = meeting(world, world.cell_b1, datetime.date(LAST_YEAR, 5, 5), attendance=[])
    assert response.status_code in (403, 404)
    assert not Meeting.objects.exists()


def test_a_future_date_is_a_400_and_nothing_is_written(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = meeting(world, world.cell_a1, tomorrow)
    assert response.status_code == 400
    assert "date" in response.json()
    assert not Meeting.objects.exists()


def test_a_thirteenth_month_is_a_400(world):
    body = {"organization": world.cell_a1.pk, "date": f"{LAST_YEAR}-13-01", "kind": "regular"}
    response = world.api(world.bithu1).post("/api/meetings/", body, format="json")
    assert response.status_code == 400
    assert "date" in response.json()
    assert not Meeting.objects.exists()


def test_an_attendee_who_is_not_a_member_of_the_cell_is_a_400(world):
    stranger = world.people_a2[0]
    attendance = [{"person": world.people_a1[0].pk}, {"person": stranger.pk, "present": True}]
    response = meeting(world, world.cell_a1, datetime.date(LAST_YEAR, 4, 4), attendance=attendance)
    assert response.status_code == 400
    message = response.json()["attendance"][0]
    # The stranger is outside bithu1's subtree: named by id, never by name.
    assert f"#{stranger.pk}" in message
    assert stranger.full_name not in message
    assert not Meeting.objects.exists()
    assert not MeetingAttendance.objects.exists()


def test_attendance_is_kept_with_reasons_for_the_absent(world):
    attendance = [{"person": p.pk, "present": True} for p in world.people_a1[:3]]
    attendance.append(
        {"person": world.people_a1[3].pk, "present": False, "absence_reason": "Đi công tác"}
    )
    response = meeting(world, world.cell_a1, datetime.date(LAST_YEAR, 4, 4), attendance=attendance)
    assert response.status_code == 201, response.content
    rows = {r["person"]: r for r in response.json()["attendance"]}
    assert rows[world.people_a1[3].pk] | {} == {
        "person": world.people_a1[3].pk,
        "person_name": world.people_a1[3].full_name,
        "present": False,
        "absence_reason": "Đi công tác",
        "exempt": False,
    }


def test_meetings_filter_by_subtree_and_year(world):
    meeting(world, world.cell_a1, datetime.date(LAST_YEAR, 2, 2))
    meeting(world, world.cell_b1, datetime.date(LAST_YEAR, 2, 2), user=world.bithu2)
    client = world.api(world.tuyengiao)
    in_a = client.get(f"/api/meetings/?organization={world.commune_a.pk}&year={LAST_YEAR}").json()
    other_year = client.get(f"/api/meetings/?year={LAST_YEAR - 1}").json()
    assert [m["organization"] for m in in_a["results"]] == [world.cell_a1.pk]
    assert other_year["count"] == 0


def test_remind_twice_on_the_same_day_sends_each_reminder_once(world, mailoutbox, settings):
    settings.CT05_MAIL_ENABLED = True
    world.bithu1.email = "bithu1@example.org"
    world.bithu1.save()
    day = datetime.date(LAST_YEAR, 3, 26)
    # bithu2's cell held its March meeting: no reminder for it.
    Meeting.objects.create(
        organization=world.cell_b1, date=datetime.date(LAST_YEAR, 3, 5), kind="regular"
    )

    call_command("remind", date=day.isoformat())
    call_command("remind", date=day.isoformat())

    notes = Notification.objects.all()
    assert [(n.user.username, n.key) for n in notes] == [
        ("bithu1", f"meeting-regular:{world.cell_a1.pk}:{LAST_YEAR}-03")
    ]
    assert "Chi bộ thôn A1" in notes[0].title
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["bithu1@example.org"]


def test_no_reminder_before_the_25th_nor_without_a_mail_address_by_mail(world, mailoutbox):
    call_command("remind", date=f"{LAST_YEAR}-03-24")
    assert not Notification.objects.exists()
    call_command("remind", date=f"{LAST_YEAR}-03-25")
    assert Notification.objects.filter(user=world.bithu1).count() == 1
    assert mailoutbox == []  # mail is not configured in tests by default


def test_the_user_reads_their_own_notifications_only(world):
    call_command("remind", date=f"{LAST_YEAR}-03-25")
    mine = world.api(world.bithu1).get("/api/notifications/").json()["results"]
    theirs = world.api(world.bithu2).get("/api/notifications/").json()["results"]
    assert len(mine) == 1
    assert mine[0]["id"] not in [n["id"] for n in theirs]
    assert (
        world.api(world.bithu2).post(f"/api/notifications/{mine[0]['id']}/read/").status_code == 404
    )
    read = world.api(world.bithu1).post(f"/api/notifications/{mine[0]['id']}/read/")
    assert read.json()["read_at"]


def test_the_commune_sees_the_names_of_its_own_people_in_the_message(world):
    stranger = world.people_a2[0]
    attendance = [{"person": stranger.pk}]
    response = meeting(
        world,
        world.cell_a1,
        datetime.date(LAST_YEAR, 4, 4),
        attendance=attendance,
        user=world.dangbo_a,
    )
    assert response.status_code == 400
    assert stranger.full_name in response.json()["attendance"][0]


def test_the_same_meeting_is_not_recorded_twice(world):
    day = datetime.date(LAST_YEAR, 4, 4)
    assert meeting(world, world.cell_a1, day).status_code == 201
    again = meeting(world, world.cell_a1, day)
    thematic_same_day = meeting(world, world.cell_a1, day, "thematic")
    assert again.status_code == 400
    assert "04/04" in again.json()["date"][0]
    assert thematic_same_day.status_code == 201
    assert Meeting.objects.count() == 2


def test_an_attendee_past_any_id_is_a_400_and_nothing_is_written(world):
    day = datetime.date(LAST_YEAR, 3, 3)
    response = meeting(world, world.cell_a1, day, attendance=[{"person": 2**63}])
    assert response.status_code == 400
    assert "attendance" in response.json()
    assert not Meeting.objects.exists()


def test_a_study_session_with_an_attendee_past_any_id_is_a_400(world):
    body = {
        "organization": world.cell_a1.pk,
        "date": datetime.date(LAST_YEAR, 3, 3).isoformat(),
        "kind": "study",
        "attendance": [{"person": 2**64, "present": True}],
    }
    response = world.api(world.bithu1).post("/api/study-sessions/", body, format="json")
    assert response.status_code == 400
    assert "attendance" in response.json()
