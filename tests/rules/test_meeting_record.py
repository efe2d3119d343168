"""The monthly meeting's record per 09-HD/BTCTW (issue 9, req. 9): the roll counted from the
attendance list (members on the roll, exempt, present, absent with and without reason), dues
collected, the review of members' study and following of Hồ Chí Minh's example, and next
month's tasks; on the form, the API, the meeting's page and its history."""

import datetime

from django.urls import reverse

from ct05.meetings.models import Meeting

DAY = datetime.date(2025, 5, 10)


def attendance(world, exempt=True):
    a1 = world.people_a1
    return [
        {"person": a1[0].pk, "present": True},
        {"person": a1[1].pk, "present": False, "absence_reason": "Ốm"},
        {"person": a1[2].pk, "present": False, "exempt": exempt},
        {"person": a1[3].pk, "present": False},
    ]


def post_meeting(world, **extra):
    body = {
        "organization": world.cell_a1.pk,
        "date": DAY.isoformat(),
        "kind": "regular",
        "directive05": True,
        "attendance": attendance(world),
        "dues_collected": True,
        "dues_amount": 150000,
        "next_month_tasks": "Thu hoạch lúa; vận động trồng rừng",
        **extra,
    }
    return world.api(world.bithu1).post("/api/meetings/", body, format="json")


def test_the_api_counts_the_roll_from_the_attendance_list(world):
    response = post_meeting(world)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["roll"] == {
        "members": 4,
        "exempt": 1,
        "present": 1,
        "absent_excused": 1,
        "absent_unexcused": 1,
    }
    assert (body["dues_collected"], body["dues_amount"]) == (True, 150000)
    assert body["next_month_tasks"] == "Thu hoạch lúa; vận động trồng rừng"
    listed = world.api(world.bithu1).get(f"/api/meetings/?organization={world.cell_a1.pk}")
    assert listed.json()["results"][0]["roll"] == body["roll"]


def test_the_roll_cannot_be_typed(world):
    response = post_meeting(world, roll={"members": 99, "present": 99})
    assert response.status_code == 201
    assert response.json()["roll"]["members"] == 4


def test_an_amount_without_dues_collected_is_refused_in_vietnamese(world):
    response = post_meeting(world, dues_collected=False)
    assert response.status_code == 400
    assert "đảng phí" in str(response.json()).lower()
    assert not Meeting.objects.exists()
    response = post_meeting(world, dues_amount=-5)
    assert response.status_code == 400


def test_the_form_records_the_monthly_record_and_the_page_shows_it(client, world):
    client.force_login(world.bithu1)
    a1 = world.people_a1
    data = {
        "organization": world.cell_a1.pk,
        "date": DAY.strftime("%d/%m/%Y"),
        "kind": "regular",
        "directive05": "on",
        "subject": "Sinh hoạt tháng 5",
        "minutes": "",
        "attendee": [p.pk for p in a1],
        "present": [a1[0].pk],
        f"reason-{a1[1].pk}": "Đi viện",
        "exempt": [a1[2].pk],
        "dues_collected": "on",
        "dues_amount": "200000",
        "next_month_tasks": "Họp bàn làm đường",
    }
    response = client.post(reverse("meeting-create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert meeting.attendance.get(person=a1[2]).exempt
    page = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert (
        "4 đảng viên trong danh sách, 1 miễn sinh hoạt, 1 có mặt, 1 vắng có lý do, 1 vắng không lý do"
        in page
    )
    assert "200.000 đ" in page
    assert "Họp bàn làm đường" in page
    # A change of the dues is a line in the meeting's history.
    edit = {**data, "dues_amount": "250000", "version": meeting.version}
    response = client.post(reverse("meeting-edit", args=[meeting.pk]), edit)
    assert response.status_code == 302
    page = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert "250.000 đ" in page
    assert "Lịch sử thay đổi" in page
    history = client.get(reverse("history", args=["meetings.meeting", meeting.pk]))
    history = history.content.decode()
    assert "200000" in history or "200.000" in history


def test_the_edit_form_keeps_an_exempt_member_ticked(client, world):
    post_meeting(world)
    meeting = Meeting.objects.get()
    client.force_login(world.bithu1)
    page = client.get(reverse("meeting-edit", args=[meeting.pk])).content.decode()
    exempt_box = f'name="exempt" value="{world.people_a1[2].pk}" checked'
    assert exempt_box in page
    assert "150000" in page
