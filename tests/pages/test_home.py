"""The dashboard: scopes, the links each role needs, and a few figures of the report."""

from django.urls import reverse

from .conftest import text


def test_member_sees_my_commitment_and_not_review(client, world):
    client.force_login(world.dangvien1)
    page = text(client.get(reverse("home")))
    assert "Bản cam kết của tôi" in page
    assert reverse("my-commitment") in page
    assert f'href="{reverse("commitment-list")}"' not in page
    assert "Bản cam kết cần duyệt" not in page
    assert "Chi bộ thôn A1" in page  # the scope
    assert "Đảng viên" in page  # the role


def test_secretary_sees_review_and_ratings(client, world):
    client.force_login(world.bithu1)
    page = text(client.get(reverse("home")))
    assert "Bản cam kết cần duyệt" in page
    assert reverse("rating-list") in page
    assert "Bí thư" in page


def test_figures_come_from_the_report_of_the_first_scope(client, world, commitment):
    client.force_login(world.bithu1)
    page = text(client.get(reverse("home")))
    # 4 members in cell A1, one commitment: 25,0%; three deeds.
    assert "<dd>25,0%</dd>" in page
    assert "<dd>3</dd>" in page


def test_outsider_has_no_scope(client, world):
    client.force_login(world.outsider)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "chưa được phân công vai trò" in text(response)
