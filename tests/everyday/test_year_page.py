"""One place per step: the member's year on one page, each step with its state and the next
step named; the secretary's proposal open when it is their turn (issue 9, requirement 2)."""

import pytest
from django.urls import reverse

from ct05.commitments import services as commitment_services
from ct05.ratings import services as rating_services
from ct05.ratings.models import Rating
from tests.factories import ALL_ON_TIME
from tests.pages.conftest import YEAR, text

pytestmark = pytest.mark.django_db
MINE = reverse("my-commitment")
SCORES = {"score_general": "25", "score_task_results": "59"}
ON_TIME = {k: str(v) for k, v in ALL_ON_TIME.items()}


def test_before_registering_the_page_names_the_steps(client, world):
    client.force_login(world.dangvien1)
    page = text(client.get(MINE))
    assert "Các bước trong năm của tôi" in page
    assert "Chưa đăng ký" in page and 'href="#register"' in page
    # The rating's self-assessment is on the same page, under its own name.
    assert "Tự nhận mức xếp loại" in page
    assert f'action="{reverse("rating-self-assess")}"' in page


def test_after_registering_the_commitment_waits_for_the_cell(client, world, commitment):
    client.force_login(world.dangvien1)
    page = text(client.get(MINE))
    assert "Chờ chi bộ duyệt" in page
    assert "Đã tự đánh giá 0/3 việc làm" in page
    assert "Tự đánh giá việc làm" in page  # the deeds' self-evaluation, named apart


def test_the_member_self_assesses_the_rating_without_leaving_the_year_page(
    client, world, commitment
):
    client.force_login(world.dangvien1)
    person = world.dangvien1.person
    response = client.post(
        reverse("rating-self-assess"),
        {"person": person.pk, "year": YEAR, "level": "", "next": MINE, **SCORES, **ON_TIME},
    )
    assert response.status_code == 302 and response["Location"] == MINE
    assert Rating.objects.get(person=person, year=YEAR).self_level == "good"
    page = text(client.get(MINE))
    assert "Chờ đề xuất" in page  # the next step, the cell's


def test_a_foreign_next_is_not_followed(client, world):
    client.force_login(world.dangvien1)
    response = client.post(
        reverse("rating-self-assess"),
        {
            "person": world.dangvien1.person.pk,
            "year": YEAR,
            "next": "https://example.com/",
            **SCORES,
            **ON_TIME,
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/ratings/")


def test_the_steps_follow_the_year_to_its_decision(client, world, commitment):
    commitment_services.review_commitment(user=world.bithu1, commitment=commitment, approve=True)
    rating = rating_services.self_assess(
        user=world.dangvien1,
        person=world.dangvien1.person,
        year=YEAR,
        scores={"general": "25", "task_results": "59"},
        conditions=ALL_ON_TIME,
    )
    client.force_login(world.dangvien1)
    page = text(client.get(MINE))
    assert "Đã duyệt" in page
    # The deeds are set: the self-evaluation of the deeds is open on the page.
    assert '<details class="card" id="self" open>' in page
    rating_services.propose(user=world.bithu1, rating=rating)
    assert "Chờ quyết định" in text(client.get(MINE))
    rating_services.decide(user=world.dangbo_a, rating=rating)
    page = text(client.get(MINE))
    assert "Đã quyết định: Hoàn thành tốt nhiệm vụ" in page
    assert f'action="{reverse("rating-self-assess")}"' not in page  # nothing left to assess


def test_the_secretarys_proposal_is_open_when_it_is_their_turn(client, world):
    rating = rating_services.self_assess(
        user=world.dangvien1,
        person=world.dangvien1.person,
        year=YEAR,
        scores={"general": "25", "task_results": "59"},
        conditions=ALL_ON_TIME,
    )
    client.force_login(world.bithu1)
    page = text(client.get(reverse("rating-detail", args=[rating.pk])))
    assert '<details class="card" id="propose" open>' in page


def test_the_cells_evaluation_is_open_once_the_member_has_self_evaluated(client, world, commitment):
    client.force_login(world.bithu1)
    url = reverse("commitment-detail", args=[commitment.pk])
    assert '<details class="card" id="evaluate">' in text(client.get(url))
    commitment_services.self_evaluate_deeds(
        user=world.dangvien1,
        commitment=commitment,
        evaluations={deed.pk: "achieved" for deed in commitment.deeds.all()},
    )
    assert '<details class="card" id="evaluate" open>' in text(client.get(url))
