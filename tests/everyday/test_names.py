"""People by name: histories, progress notes, reviewers, deciders and "Người ghi" show the
person's full name and position, never a username (issue 9, requirement 3)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ct05.commitments import services as commitment_services
from ct05.core.history import user_name
from ct05.meetings import services as meeting_services
from ct05.ratings import services as rating_services
from tests.factories import ALL_ON_TIME
from tests.pages.conftest import DEEDS, YEAR, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(world):
    """The cell secretary and the member carry a position, as the demo's people do."""
    for user, position in ((world.bithu1, "Bí thư chi bộ"), (world.dangvien1, "Đảng viên")):
        user.person.position = position
        user.person.save()
    return world


def secretary(world) -> str:
    return f"{world.bithu1.person.full_name}, Bí thư chi bộ"


def test_a_user_reads_as_full_name_and_position(named):
    assert named.bithu1.display_name == secretary(named)
    assert user_name(named.bithu1) == secretary(named)


def test_a_user_without_a_person_falls_back_to_the_username(named):
    assert named.admin.display_name == "admin"
    named.admin.first_name, named.admin.last_name = "Quản", "Trị"
    assert named.admin.display_name == "Quản Trị"
    assert user_name(None) == ""


def test_the_commitment_page_names_the_reviewer_and_the_notes_author(client, named):
    commitment = commitment_services.create_commitment(
        user=named.dangvien1, person=named.dangvien1.person, year=YEAR, deeds=DEEDS
    )
    commitment_services.review_commitment(user=named.bithu1, commitment=commitment, approve=True)
    commitment_services.add_progress_note(
        user=named.bithu1,
        deed=commitment.deeds.first(),
        date=min(timezone.localdate(), datetime.date(YEAR, 12, 31)),
        text="Đã giúp một hộ",
    )
    client.force_login(named.dangvien1)
    page = text(client.get(reverse("commitment-detail", args=[commitment.pk])))
    assert page.count(secretary(named)) >= 2  # the reviewer and the note's author
    # The history (who changed what) names people too.
    assert "bithu1" not in page and "dangvien1" not in page


def test_the_rating_page_names_who_took_each_step(client, named):
    rating = rating_services.self_assess(
        user=named.dangvien1,
        person=named.dangvien1.person,
        year=YEAR,
        scores={"general": "25", "task_results": "59"},
        conditions=ALL_ON_TIME,
    )
    rating_services.propose(user=named.bithu1, rating=rating)
    client.force_login(named.bithu1)
    page = text(client.get(reverse("rating-detail", args=[rating.pk])))
    assert f"{named.dangvien1.person.full_name}, Đảng viên" in page
    assert secretary(named) in page
    assert "bithu1" not in page and "dangvien1" not in page


def test_the_ratings_api_names_who_took_each_step(named):
    rating = rating_services.self_assess(
        user=named.dangvien1,
        person=named.dangvien1.person,
        year=YEAR,
        scores={"general": "25", "task_results": "59"},
        conditions=ALL_ON_TIME,
    )
    rating_services.propose(user=named.bithu1, rating=rating)
    data = named.api(named.bithu1).get(f"/api/ratings/{rating.pk}/").json()
    assert [c["by_name"] for c in data["changes"]] == [
        f"{named.dangvien1.person.full_name}, Đảng viên",
        secretary(named),
    ]


def test_the_meeting_page_names_who_recorded_it(client, named):
    day = min(timezone.localdate(), datetime.date(YEAR, 12, 31)).replace(day=1)
    meeting = meeting_services.record_meeting(
        user=named.bithu1, organization=named.cell_a1, date=day, kind="regular"
    )
    client.force_login(named.bithu1)
    page = text(client.get(reverse("meeting-detail", args=[meeting.pk])))
    assert f"<dd>{secretary(named)}</dd>" in page
    assert "bithu1" not in page
