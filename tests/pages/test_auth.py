"""Login, logout, and the login wall in front of every page."""

import pytest
from django.urls import reverse

from .conftest import text

PAGES = [
    "/",
    "/organizations/",
    "/people/",
    "/commitments/",
    "/commitments/mine/",
    "/ratings/",
    "/reports/directive05/",
    "/reports/directive05.xlsx",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_login_page_is_vietnamese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in text(response)
    assert "Tên đăng nhập" in text(response)


def test_login_with_password_goes_home(client, world):
    response = client.post(reverse("login"), {"username": "dangvien1", "password": "pw-dangvien1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "Bản cam kết của tôi" in text(client.get(reverse("home")))


def test_wrong_password_shows_an_error(client, world):
    response = client.post(reverse("login"), {"username": "dangvien1", "password": "sai"})
    assert response.status_code == 200
    assert 'class="errors"' in text(response)
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(client, world):
    client.force_login(world.dangvien1)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_not_found_page_is_ours_and_vietnamese(client, world):
    client.force_login(world.bithu2)
    response = client.get(f"/organizations/{world.cell_a1.pk}/")
    assert response.status_code == 404
    assert "nằm ngoài các tổ chức" in text(response)


def test_refusal_page_shows_the_reason(client, world):
    client.force_login(world.dangvien1)
    response = client.post(f"/organizations/{world.cell_a1.pk}/", {"min_deeds": "1"})
    assert response.status_code == 403
    assert "Đồng chí chỉ được xem hồ sơ của tổ chức này" in text(response)
