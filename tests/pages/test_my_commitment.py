"""A member's own commitment: register it with the minimum of deeds, then change it,
self-evaluate and note progress."""

import datetime

from django.urls import reverse
from django.utils import timezone

from ct05.commitments import services as commitment_services
from ct05.commitments.models import Commitment, ProgressNote
from tests.factories import make_user

from .conftest import YEAR, text

URL = reverse("my-commitment")


def _post_deeds(titles, **extra):
    return {
        "year": YEAR,
        "pledge": "Gương mẫu đi đầu",
        "deed_id": [""] * len(titles),
        "deed_title": titles,
        "deed_description": [""] * len(titles),
        **extra,
    }


def test_form_shows_as_many_deed_rows_as_the_minimum(client, world):
    client.force_login(world.dangvien1)
    page = text(client.get(URL))
    assert f"Bản cam kết của tôi năm {YEAR}" in page
    assert page.count('name="deed_title"') == 3  # the default minimum
    assert "Thêm việc làm" in page
    assert "Đăng ký ít nhất 3 việc làm theo Bác" in page


def test_minimum_follows_the_organization_setting(client, world):
    world.commune_a.min_deeds = 2
    world.commune_a.save()
    client.force_login(world.dangvien1)
    assert text(client.get(URL)).count('name="deed_title"') == 2


def test_register_three_deeds(client, world):
    client.force_login(world.dangvien1)
    response = client.post(URL, _post_deeds(["Việc một", "Việc hai", "Việc ba"]))
    assert response.status_code == 302
    commitment = Commitment.objects.get(person=world.dangvien1.person, year=YEAR)
    assert commitment.status == "submitted"
    assert commitment.organization == world.cell_a1
    assert [d.title for d in commitment.deeds.all()] == ["Việc một", "Việc hai", "Việc ba"]
    page = text(client.get(response["Location"]))
    assert "Đã đăng ký bản cam kết" in page
    assert "Chờ duyệt" in page
    assert "Việc hai" in page


def test_too_few_deeds_is_shown_on_the_form_and_nothing_is_saved(client, world):
    client.force_login(world.dangvien1)
    response = client.post(URL, _post_deeds(["Việc một", "Việc hai", ""]))
    assert response.status_code == 200
    page = text(response)
    assert "Đăng ký ít nhất 3 việc làm theo Bác (bản cam kết này có 2)" in page
    assert 'value="Việc hai"' in page  # what was typed is kept
    assert not Commitment.objects.filter(person=world.dangvien1.person).exists()


def test_add_a_deed_without_javascript_adds_an_empty_row(client, world):
    client.force_login(world.dangvien1)
    response = client.post(URL, _post_deeds(["Việc một", "", ""], add_deed="1"))
    assert response.status_code == 200
    page = text(response)
    assert page.count('name="deed_title"') == 4
    assert 'value="Việc một"' in page
    assert not Commitment.objects.exists()


def test_htmx_adds_one_deed_row(client, world):
    client.force_login(world.dangvien1)
    response = client.get(reverse("commitment-deed-row"), headers={"HX-Request": "true"})
    page = text(response)
    assert page.count('name="deed_title"') == 1
    assert "<html" not in page


def test_registered_commitment_shows_deeds_and_the_forms(client, world, commitment):
    client.force_login(world.dangvien1)
    page = text(client.get(URL))
    assert "Giúp đỡ hộ nghèo trong thôn" in page
    assert "Sửa bản cam kết và việc làm" in page
    assert "Thêm ghi nhận tiến độ" in page
    assert 'name="decision"' not in page  # a member does not review


def test_member_edits_and_adds_a_deed(client, world, commitment):
    client.force_login(world.dangvien1)
    deeds = list(commitment.deeds.all())
    response = client.post(
        reverse("commitment-edit", args=[commitment.pk]),
        {
            "pledge": "Cam kết mới",
            "deed_id": [str(d.pk) for d in deeds] + [""],
            "deed_title": [d.title for d in deeds] + ["Việc thứ tư"],
            "deed_description": ["", "", "", ""],
            "next": URL,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == URL
    commitment.refresh_from_db()
    assert commitment.pledge == "Cam kết mới"
    assert commitment.deeds.count() == 4
    assert commitment.deeds.filter(pk=deeds[0].pk).exists()  # deeds keep their id


def test_approved_commitment_cannot_be_changed_by_the_member(client, world, commitment):
    commitment_services.review_commitment(user=world.bithu1, commitment=commitment, approve=True)
    client.force_login(world.dangvien1)
    page = text(client.get(URL))
    assert "Bản cam kết đã được duyệt: nếu cần sửa việc làm" in page
    assert reverse("commitment-edit", args=[commitment.pk]) not in page
    deeds = list(commitment.deeds.all())
    response = client.post(
        reverse("commitment-edit", args=[commitment.pk]),
        {
            "pledge": "x",
            "deed_id": [str(d.pk) for d in deeds],
            "deed_title": ["Khác"] * 3,
            "deed_description": [""] * 3,
        },
    )
    assert response.status_code == 200
    assert "đề nghị bí thư trả lại" in text(response)
    assert commitment.deeds.filter(title="Khác").count() == 0


def test_self_evaluation(client, world, commitment):
    client.force_login(world.dangvien1)
    first, second, third = commitment.deeds.all()
    response = client.post(
        reverse("commitment-self-evaluate", args=[commitment.pk]),
        {
            f"self-{first.pk}": "achieved",
            f"self-{second.pk}": "partly",
            f"self-{third.pk}": "",
            "self_assessment": "Đã cố gắng",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.self_evaluation, second.self_evaluation) == ("achieved", "partly")
    commitment.refresh_from_db()
    assert commitment.self_assessment == "Đã cố gắng"


def test_progress_note_with_htmx_returns_the_deed_notes(client, world, commitment):
    client.force_login(world.dangvien1)
    deed = commitment.deeds.first()
    day = timezone.localdate()
    response = client.post(
        reverse("commitment-progress", args=[commitment.pk]),
        {"deed": deed.pk, "date": day.isoformat(), "text": "Đã thăm 2 hộ"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = text(response)
    assert page.lstrip().startswith(f'<div class="notes" id="deed-{deed.pk}-notes">')
    assert day.strftime("%d/%m/%Y") in page and "Đã thăm 2 hộ" in page
    assert ProgressNote.objects.get(deed=deed).author == world.dangvien1


def test_progress_note_in_the_future_is_refused_on_the_form(client, world, commitment):
    client.force_login(world.dangvien1)
    deed = commitment.deeds.first()
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    response = client.post(
        reverse("commitment-progress", args=[commitment.pk]),
        {"deed": deed.pk, "date": tomorrow.isoformat(), "text": "Sẽ làm"},
    )
    assert response.status_code == 200
    assert "Ngày không được ở tương lai" in text(response)
    assert not ProgressNote.objects.exists()


def test_another_member_of_the_cell_cannot_change_it(client, world, commitment):
    other = world.people_a1[2]
    colleague = make_user("dangvien3", role="member", organization=world.cell_a1, person=other)
    client.force_login(colleague)
    assert client.get(reverse("commitment-detail", args=[commitment.pk])).status_code == 200
    response = client.post(
        reverse("commitment-self-evaluate", args=[commitment.pk]),
        {f"self-{commitment.deeds.first().pk}": "achieved"},
    )
    assert response.status_code == 403
    assert not commitment.deeds.exclude(self_evaluation="").exists()


def test_other_subtrees_get_404(client, world, commitment):
    for user in (world.bithu2, world.outsider):
        client.force_login(user)
        assert client.get(reverse("commitment-detail", args=[commitment.pk])).status_code == 404
        response = client.post(
            reverse("commitment-progress", args=[commitment.pk]),
            {"deed": commitment.deeds.first().pk, "date": f"{YEAR}-01-02", "text": "x"},
        )
        assert response.status_code == 404
    assert not ProgressNote.objects.exists()


def test_account_without_a_person(client, world):
    client.force_login(world.tuyengiao)
    page = text(client.get(URL))
    assert "chưa gắn với một người" in page


def test_the_members_year_costs_the_same_queries_however_long_its_year(
    client, world, django_assert_max_num_queries
):
    """The page of the load test's most frequent request: its queries do not grow with the
    deeds, their progress notes or the commitment's history (read only when opened), and each
    deed's note form is there, for its own deed."""
    commitment = commitment_services.create_commitment(
        user=world.dangvien1,
        person=world.dangvien1.person,
        year=YEAR,
        deeds=[{"title": f"Việc {i}"} for i in range(3)],
    )
    deeds = list(commitment.deeds.all())
    commitment_services.add_progress_note(
        user=world.bithu1, deed=deeds[0], date=timezone.localdate(), text="Ghi chú đầu"
    )
    client.force_login(world.dangvien1)
    client.get(URL)
    with django_assert_max_num_queries(15) as few:
        client.get(URL)
    for i in range(12):
        commitment_services.add_progress_note(
            user=world.dangvien1, deed=deeds[i % 3], date=timezone.localdate(), text=f"Ghi chú {i}"
        )
    commitment_services.update_commitment(
        user=world.dangvien1, commitment=commitment, pledge="Gương mẫu hơn"
    )
    with django_assert_max_num_queries(len(few)):
        page = text(client.get(URL))
    assert "Ghi chú 11" in page and "Gương mẫu hơn" in page
    assert f'Ghi chú đầu <span class="meta">— {world.bithu1.display_name}' in page
    for deed in deeds:
        assert f'<input type="hidden" name="deed" value="{deed.pk}" id="id_deed">' in page
    assert page.count('name="text"') == len(deeds)
