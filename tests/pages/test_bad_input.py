"""A malformed id or year in an address or a form is a 400 (or a message on the form) a person
can act on, in Vietnamese, and nothing is written; never a 500."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ct05.commitments.models import ProgressNote
from ct05.meetings.models import Meeting

from .conftest import text

HUGE = str(2**63)
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("value", ["²", "١٢", HUGE, "-1", "1\x00"])
def test_a_malformed_branch_in_the_tree_is_a_400_naming_it(client, world, value):
    response = logged_in(client, world.tuyengiao).get(
        reverse("organization-tree"), {"under": value}, **VI
    )
    assert response.status_code == 400
    assert "“under” phải là số hiệu của một bản ghi" in text(response)


def test_a_malformed_person_to_register_for_is_a_400(client, world):
    response = logged_in(client, world.bithu1).get(
        reverse("commitment-create"), {"person": "²"}, **VI
    )
    assert response.status_code == 400
    assert "“person” phải là số hiệu" in text(response)


def test_a_year_outside_the_kept_ones_is_a_400_naming_the_range(client, world):
    response = logged_in(client, world.dangvien1).get(
        reverse("my-commitment"), {"year": "١٢"}, **VI
    )
    assert response.status_code == 400
    last = timezone.localdate().year + 1
    assert f"Năm phải từ 2016 đến {last}." in text(response)


def test_a_malformed_organization_in_a_filter_is_a_message_on_the_form(client, world):
    response = logged_in(client, world.bithu1).get(reverse("person-list"), {"organization": "²"})
    assert response.status_code == 200
    assert "errorlist" in text(response)


@pytest.mark.parametrize("deed", ["²", HUGE])
def test_a_malformed_deed_in_a_progress_note_writes_nothing(client, world, commitment, deed):
    response = logged_in(client, world.dangvien1).post(
        reverse("commitment-progress", args=[commitment.pk]),
        {"deed": deed, "date": timezone.localdate().isoformat(), "text": "Đã làm"},
    )
    assert response.status_code in (200, 404)
    assert not ProgressNote.objects.exists()


def test_a_malformed_deed_id_on_edit_is_read_as_a_new_deed(client, world, commitment):
    response = logged_in(client, world.dangvien1).post(
        reverse("commitment-edit", args=[commitment.pk]),
        {"pledge": "Mới", "deed_id": ["²", "١٢", HUGE], "deed_title": ["Một", "Hai", "Ba"]},
    )
    assert response.status_code == 302
    assert sorted(commitment.deeds.values_list("title", flat=True)) == ["Ba", "Hai", "Một"]


@pytest.mark.parametrize("person", [HUGE, "²"])
def test_an_attendee_past_any_id_is_a_message_on_the_meeting_form(client, world, person):
    day = timezone.localdate() - datetime.timedelta(days=3)
    response = logged_in(client, world.bithu1).post(
        reverse("meeting-create"),
        {
            "organization": world.cell_a1.pk,
            "date": day.strftime("%d/%m/%Y"),
            "kind": "regular",
            "attendee": [person],
            "present": [person],
        },
        **VI,
    )
    assert response.status_code == 200
    assert "Mỗi dòng điểm danh phải có một người" in text(response)
    assert not Meeting.objects.exists()
