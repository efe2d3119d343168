"""Two people who open the same record and save one after the other: the second is told, sees
what changed, and the first save is kept (pages: a hidden version; API: ETag / If-Match)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ct05.commitments import services as commitment_services
from ct05.commitments.models import Commitment

YEAR = timezone.localdate().year
DEEDS = [{"title": "Giúp đỡ hộ nghèo"}, {"title": "Làm đường bê tông"}, {"title": "Trồng cây"}]


@pytest.fixture
def commitment(world):
    return commitment_services.create_commitment(
        user=world.bithu1, person=world.people_a1[2], year=YEAR, deeds=DEEDS, pledge="Ban đầu"
    )


def test_the_second_of_two_api_patches_from_the_same_etag_gets_412_and_changes_nothing(
    world, commitment
):
    one, two = world.api(world.bithu1), world.api(world.dangbo_a)
    url = f"/api/commitments/{commitment.pk}/"
    tag_one = one.get(url)["ETag"]
    tag_two = two.get(url)["ETag"]
    assert tag_one == tag_two

    first = one.patch(url, {"pledge": "Lần một"}, format="json", HTTP_IF_MATCH=tag_one)
    second = two.patch(url, {"pledge": "Lần hai"}, format="json", HTTP_IF_MATCH=tag_two)

    assert first.status_code == 200, first.content
    assert first["ETag"] != tag_one
    assert second.status_code == 412
    assert "Người khác đã lưu" in second.json()["detail"]
    commitment.refresh_from_db()
    assert commitment.pledge == "Lần một"
    # With the new tag the second client may save deliberately.
    again = two.patch(url, {"pledge": "Lần hai"}, format="json", HTTP_IF_MATCH=first["ETag"])
    assert again.status_code == 200
    commitment.refresh_from_db()
    assert commitment.pledge == "Lần hai"


def test_without_if_match_the_api_saves_as_before(world, commitment):
    response = world.api(world.bithu1).patch(
        f"/api/commitments/{commitment.pk}/", {"pledge": "Không kèm phiên bản"}, format="json"
    )
    assert response.status_code == 200
    assert response["ETag"]


@pytest.mark.parametrize(
    ("resource", "body"),
    [
        ("people", lambda w: (w.people_a1[1].pk, {"position": "Trưởng thôn"})),
        ("organizations", lambda w: (w.cell_a1.pk, {"min_deeds": 4})),
    ],
)
def test_people_and_organizations_answer_a_stale_if_match_with_412(world, resource, body):
    pk, data = body(world)
    client = world.api(world.tuyengiao)
    url = f"/api/{resource}/{pk}/"
    tag = client.get(url)["ETag"]
    assert client.patch(url, data, format="json", HTTP_IF_MATCH=tag).status_code == 200
    assert client.patch(url, data, format="json", HTTP_IF_MATCH=tag).status_code == 412


def test_a_meeting_saved_in_between_is_not_overwritten(world):
    from ct05.meetings.services import record_meeting

    day = timezone.localdate().replace(day=1)
    meeting = record_meeting(
        user=world.bithu1, organization=world.cell_a1, date=day, kind="regular", subject="A"
    )
    client = world.api(world.bithu1)
    url = f"/api/meetings/{meeting.pk}/"
    tag = client.get(url)["ETag"]
    assert client.patch(url, {"subject": "B"}, format="json", HTTP_IF_MATCH=tag).status_code == 200
    stale = client.patch(url, {"subject": "C"}, format="json", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    meeting.refresh_from_db()
    assert meeting.subject == "B"


def _edit(client, commitment, pledge, version):
    deeds = list(commitment.deeds.all())
    return client.post(
        reverse("commitment-edit", args=[commitment.pk]),
        {
            "pledge": pledge,
            "deed_id": [str(d.pk) for d in deeds],
            "deed_title": [d.title for d in deeds],
            "deed_description": ["" for _ in deeds],
            "version": str(version),
        },
    )


def test_the_page_tells_the_second_secretary_and_shows_what_changed(client, world, commitment):
    opened = Commitment.objects.get(pk=commitment.pk).version
    client.force_login(world.bithu1)
    assert _edit(client, commitment, "Bí thư chi bộ sửa", opened).status_code == 302

    client.force_login(world.dangbo_a)
    response = _edit(client, commitment, "Đảng ủy sửa", opened)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Người khác đã lưu bản ghi này sau khi bạn mở" in page
    assert "Những gì đã thay đổi từ khi bạn mở" in page
    assert "Bí thư chi bộ sửa" in page  # the first secretary's pledge, shown as changed
    commitment.refresh_from_db()
    assert commitment.pledge == "Bí thư chi bộ sửa"


def test_two_people_changing_the_same_settings_page(client, world):
    url = reverse("organization-detail", args=[world.cell_a1.pk])
    opened = str(world.cell_a1.version)
    client.force_login(world.bithu1)
    assert client.post(url, {"min_deeds": "4", "version": opened}).status_code == 302
    client.force_login(world.dangbo_a)
    response = client.post(url, {"min_deeds": "5", "version": opened})
    page = response.content.decode()
    assert "Người khác đã lưu bản ghi này sau khi bạn mở" in page
    world.cell_a1.refresh_from_db()
    assert world.cell_a1.min_deeds == 4


def test_a_self_assessment_redone_from_a_stale_page_is_refused(client, world):
    from ct05.ratings import services as rating_services

    person = world.people_a1[1]
    rating = rating_services.self_assess(user=world.bithu1, person=person, year=2023, level="good")
    opened = str(rating.version)
    rating_services.self_assess(
        user=world.bithu1, person=person, year=2023, level="complete", version=rating.version
    )
    client.force_login(world.bithu1)
    response = client.post(
        reverse("rating-self-assess"),
        {"person": person.pk, "year": 2023, "level": "excellent", "version": opened},
    )
    assert "Người khác đã lưu bản ghi này sau khi bạn mở" in response.content.decode()
    rating.refresh_from_db()
    assert rating.self_level == "complete"


def test_a_save_from_an_object_read_earlier_never_sets_the_version_back(world, commitment):
    earlier = Commitment.objects.get(pk=commitment.pk)  # read at version 1
    for pledge in ("Hai", "Ba"):
        commitment_services.update_commitment(
            user=world.bithu1, commitment=commitment, pledge=pledge
        )
    now = Commitment.objects.get(pk=commitment.pk).version
    commitment_services.review_commitment(
        user=world.bithu1, commitment=earlier, approve=False, note="Bổ sung việc làm"
    )
    after = Commitment.objects.get(pk=commitment.pk)
    assert after.version == now + 1
    assert after.pledge == "Ba"  # the review saved its own fields, not the old pledge
