"""The secretary's review: the list of the subtree's commitments, approve or return, year-end
evaluation, and registering for a member who has none."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ct05.commitments import services as commitment_services
from ct05.commitments.models import Commitment

from .conftest import YEAR, text

LIST = reverse("commitment-list")


def test_secretary_sees_the_commitment_with_its_deeds(client, world, commitment):
    client.force_login(world.bithu1)
    page = text(client.get(LIST))
    assert world.dangvien1.person.full_name in page
    assert "Tuyên truyền bỏ hủ tục" in page
    assert "Chờ duyệt" in page
    assert f"1 bản cam kết năm {YEAR}" in page


def test_sibling_secretary_does_not_see_it(client, world, commitment):
    client.force_login(world.bithu2)
    page = text(client.get(LIST))
    assert world.dangvien1.person.full_name not in page
    assert f"0 bản cam kết năm {YEAR}" in page


def test_filter_by_status_and_organization(client, world, commitment):
    client.force_login(world.dangbo_a)
    assert text(client.get(LIST, {"status": "approved"})).count("commitment-row") == 0
    assert text(client.get(LIST, {"status": "submitted"})).count('class="card commitment-row"') == 1
    assert (
        text(client.get(LIST, {"organization": world.cell_a2.pk})).count(
            'class="card commitment-row"'
        )
        == 0
    )


def test_approve(client, world, commitment):
    client.force_login(world.bithu1)
    response = client.post(
        reverse("commitment-review", args=[commitment.pk]), {"decision": "approve", "next": LIST}
    )
    assert response.status_code == 302
    assert response["Location"] == LIST
    commitment.refresh_from_db()
    assert commitment.status == "approved"
    assert commitment.reviewed_by == world.bithu1
    assert "Đã duyệt bản cam kết" in text(client.get(LIST))


def test_approve_from_the_list_with_htmx_swaps_the_row(client, world, commitment):
    client.force_login(world.bithu1)
    response = client.post(
        reverse("commitment-review", args=[commitment.pk]),
        {"decision": "approve", "partial": "row"},
        headers={"HX-Request": "true"},
    )
    page = text(response)
    assert page.lstrip().startswith(
        f'<article class="card commitment-row" id="commitment-{commitment.pk}">'
    )
    assert "Đã duyệt" in page
    assert Commitment.objects.get(pk=commitment.pk).status == "approved"


def test_return_needs_a_note(client, world, commitment):
    client.force_login(world.bithu1)
    url = reverse("commitment-review", args=[commitment.pk])
    response = client.post(url, {"decision": "return", "note": ""})
    assert response.status_code == 200
    assert "Khi trả lại bản cam kết, hãy nêu rõ cần sửa gì" in text(response)
    assert Commitment.objects.get(pk=commitment.pk).status == "submitted"
    client.post(url, {"decision": "return", "note": "Việc làm cần cụ thể hơn"})
    commitment.refresh_from_db()
    assert (commitment.status, commitment.review_note) == ("returned", "Việc làm cần cụ thể hơn")
    client.force_login(world.dangvien1)
    page = text(client.get(reverse("my-commitment")))
    assert "Trả lại để sửa" in page and "Việc làm cần cụ thể hơn" in page


def test_secretary_cannot_approve_their_own(client, world):
    own = commitment_services.create_commitment(
        user=world.bithu1,
        person=world.bithu1.person,
        year=YEAR,
        deeds=[{"title": f"Việc {i}"} for i in range(3)],
    )
    client.force_login(world.bithu1)
    page = text(client.get(reverse("commitment-detail", args=[own.pk])))
    assert 'name="decision"' not in page
    response = client.post(reverse("commitment-review", args=[own.pk]), {"decision": "approve"})
    assert response.status_code == 403
    assert Commitment.objects.get(pk=own.pk).status == "submitted"


def test_year_end_evaluation(client, world, commitment):
    client.force_login(world.bithu1)
    first, second, third = commitment.deeds.all()
    response = client.post(
        reverse("commitment-evaluate", args=[commitment.pk]),
        {f"eval-{first.pk}": "achieved", f"eval-{second.pk}": "not_achieved"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert (first.evaluation, second.evaluation, third.evaluation) == (
        "achieved",
        "not_achieved",
        "",
    )
    assert first.evaluated_by == world.bithu1


def test_unknown_evaluation_is_shown_not_a_500(client, world, commitment):
    client.force_login(world.bithu1)
    deed = commitment.deeds.first()
    response = client.post(
        reverse("commitment-evaluate", args=[commitment.pk]), {f"eval-{deed.pk}": "great"}
    )
    assert response.status_code == 200
    assert "Mức đánh giá không hợp lệ: great" in text(response)


def test_member_cannot_review(client, world, commitment):
    client.force_login(world.dangvien1)
    response = client.post(
        reverse("commitment-review", args=[commitment.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("commitment-evaluate", args=[commitment.pk]),
        {f"eval-{commitment.deeds.first().pk}": "achieved"},
    )
    assert response.status_code == 403


def test_sibling_secretary_gets_404_on_every_action(client, world, commitment):
    client.force_login(world.bithu2)
    deed = commitment.deeds.first()
    for name, data in [
        ("commitment-review", {"decision": "approve"}),
        ("commitment-evaluate", {f"eval-{deed.pk}": "achieved"}),
        ("commitment-edit", {"deed_title": ["x", "y", "z"]}),
    ]:
        assert client.post(reverse(name, args=[commitment.pk]), data).status_code == 404
    commitment.refresh_from_db()
    assert commitment.status == "submitted"


def test_members_without_a_commitment_are_listed(client, world, commitment):
    client.force_login(world.bithu1)
    page = text(client.get(LIST))
    assert "3 đảng viên chưa có bản cam kết" in page  # 4 in the cell, dangvien1 has one
    assert world.people_a1[2].full_name in page


def test_secretary_registers_for_a_member(client, world):
    member = world.people_a1[3]
    client.force_login(world.bithu1)
    url = reverse("commitment-create") + f"?person={member.pk}&year={YEAR}"
    page = text(client.get(url))
    assert f"Bản cam kết năm {YEAR} của {member.full_name}" in page
    response = client.post(
        url,
        {
            "deed_id": ["", "", ""],
            "deed_title": ["Một", "Hai", "Ba"],
            "deed_description": ["", "", ""],
        },
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get(person=member, year=YEAR)
    assert commitment.deeds.count() == 3
    assert response["Location"] == reverse("commitment-detail", args=[commitment.pk])


def test_sibling_secretary_cannot_register_for_the_member(client, world):
    client.force_login(world.bithu2)
    url = reverse("commitment-create") + f"?person={world.people_a1[3].pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, {"deed_title": ["Một", "Hai", "Ba"]}).status_code == 404
    assert not Commitment.objects.exists()


def test_year_picker_defaults_to_this_year_without_grouping(client, world):
    client.force_login(world.bithu1)
    page = text(client.get(LIST))
    assert f'<option value="{YEAR}" selected>{YEAR}</option>' in page
    assert f"{str(YEAR)[0]}.{str(YEAR)[1:]}" not in page  # never "2.026"


def test_list_queries_do_not_grow_with_the_commitments(client, world):
    client.force_login(world.dangbo_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    commitment_services.create_commitment(
        user=world.dangbo_a, person=world.people_a1[1], year=YEAR, deeds=[{"title": "a"}] * 3
    )
    before = queries()
    for person in [world.people_a1[2], world.people_a1[3], *world.people_a2]:
        commitment_services.create_commitment(
            user=world.dangbo_a, person=person, year=YEAR, deeds=[{"title": "a"}] * 3
        )
    assert queries() == before
