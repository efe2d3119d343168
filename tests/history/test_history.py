"""Every change to a record holding people's data is kept: who, when, each field before and
after; shown on the object's page and at /api/<resource>/<id>/history/, to those who may see it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ct05.commitments import services as commitment_services

YEAR = timezone.localdate().year
DEEDS = [{"title": "Giúp đỡ hộ nghèo"}, {"title": "Làm đường bê tông"}, {"title": "Trồng cây"}]


@pytest.fixture
def commitment(world):
    return commitment_services.create_commitment(
        user=world.dangvien1, person=world.dangvien1.person, year=YEAR, deeds=DEEDS
    )


def _retitle(world, user, commitment, title):
    client = world.api(user)
    deeds = client.get(f"/api/commitments/{commitment.pk}/").json()["deeds"]
    deeds[0]["title"] = title
    response = client.patch(
        f"/api/commitments/{commitment.pk}/",
        {"deeds": [{"id": d["id"], "title": d["title"]} for d in deeds]},
        format="json",
    )
    assert response.status_code == 200, response.content


def test_two_users_editing_a_deed_title_both_appear_in_the_commitments_history(world, commitment):
    _retitle(world, world.dangvien1, commitment, "Giúp đỡ hai hộ nghèo")
    _retitle(world, world.bithu1, commitment, "Giúp đỡ ba hộ nghèo")

    response = world.api(world.tuyengiao).get(f"/api/commitments/{commitment.pk}/history/")

    assert response.status_code == 200
    changes = [
        (e["user"], c["before"], c["after"])
        for e in response.json()
        for c in e["changes"]
        if c["after"].startswith("Giúp đỡ")
    ]
    assert changes == [
        (world.bithu1.pk, "Giúp đỡ hai hộ nghèo", "Giúp đỡ ba hộ nghèo"),
        (world.dangvien1.pk, "Giúp đỡ hộ nghèo", "Giúp đỡ hai hộ nghèo"),
    ]
    entries = response.json()
    assert all(e["when"] for e in entries)
    assert entries[-1]["action"] == "+"  # the creation is the oldest entry


def test_someone_without_access_gets_404_on_the_history(world, commitment):
    url = f"/api/commitments/{commitment.pk}/history/"
    assert world.api(world.bithu2).get(url).status_code == 404
    assert world.api(world.outsider).get(url).status_code == 404
    assert world.api().get(url).status_code in (401, 403)


def test_the_commitment_page_shows_the_history_with_names(client, world, commitment):
    _retitle(world, world.bithu1, commitment, "Giúp đỡ hai hộ nghèo")
    client.force_login(world.bithu1)
    page = client.get(reverse("commitment-detail", args=[commitment.pk])).content.decode()
    # The page offers the history; it is read when opened (htmx), or on a page of its own.
    assert "Lịch sử thay đổi" in page
    url = reverse("history", args=["commitments.commitment", commitment.pk])
    assert f'hx-get="{url}"' in page and f'href="{url}"' in page
    assert "Giúp đỡ hộ nghèo" not in page  # the old title: only in the history
    opened = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Giúp đỡ hộ nghèo" in opened and "Giúp đỡ hai hộ nghèo" in opened
    assert str(world.bithu1.person) in opened
    assert "<html" not in opened  # the entries alone, into the open details
    alone = client.get(url).content.decode()
    assert "<html" in alone and "Giúp đỡ hộ nghèo" in alone and str(world.bithu1.person) in alone


def test_the_history_page_follows_the_scope_rule(client, world, commitment):
    url = reverse("history", args=["commitments.commitment", commitment.pk])
    client.force_login(world.bithu2)  # a secretary of another cell
    assert client.get(url).status_code == 404
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.dangvien1)  # the member whose commitment it is
    assert client.get(url).status_code == 200
    # A model without a history, or no model at all: nothing to show.
    for label in ("accounts.roleassignment", "sessions.session", "nothing.here", "x"):
        assert client.get(f"/history/{label}/1/").status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login


def test_attendance_changes_are_recorded_row_by_row(world):
    from ct05.meetings.models import MeetingAttendance
    from ct05.meetings.services import record_meeting, update_meeting

    day = timezone.localdate().replace(day=1)
    people = world.people_a1
    meeting = record_meeting(
        user=world.bithu1,
        organization=world.cell_a1,
        date=day,
        kind="regular",
        attendance=[{"person": p.pk} for p in people],
    )
    update_meeting(
        user=world.bithu1,
        meeting=meeting,
        attendance=[{"person": p.pk} for p in people[:-1]]
        + [{"person": people[-1].pk, "present": False, "absence_reason": "Ốm"}],
    )
    history = MeetingAttendance.history.filter(meeting_id=meeting.pk)
    assert history.filter(history_type="+").count() == len(people)
    assert history.filter(history_type="~").count() == 1  # only the one who was marked absent
    assert not history.filter(history_type="-").exists()
