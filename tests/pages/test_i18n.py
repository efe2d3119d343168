"""Vietnamese by default, English through the language switch (a cookie)."""

from django.urls import reverse

from .conftest import text


def test_vietnamese_by_default(client, world):
    client.force_login(world.bithu1)
    page = text(client.get(reverse("home")))
    assert '<html lang="vi">' in page
    assert "Bản cam kết cần duyệt" in page
    assert "Commitments to review" not in page


def test_english_from_the_cookie(client, world):
    client.force_login(world.bithu1)
    client.cookies["django_language"] = "en"
    page = text(client.get(reverse("home")))
    assert '<html lang="en">' in page
    assert "Commitments to review" in page
    assert "Bản cam kết cần duyệt" not in page


def test_an_english_browser_still_gets_vietnamese_pages(client, world):
    client.force_login(world.bithu1)
    page = text(client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"}))
    assert "Bản cam kết cần duyệt" in page
    assert "Commitments to review" not in page


def test_language_switch_sets_the_cookie_and_returns(client, world):
    client.force_login(world.bithu1)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/people/"})
    assert response.status_code == 302
    assert response["Location"] == "/people/"
    assert client.cookies["django_language"].value == "en"
    assert "<h1>People</h1>" in text(client.get("/people/"))


def test_model_labels_are_translated(client, world):
    """Choices and service messages come from the .po file too, not only the templates."""
    client.force_login(world.tuyengiao)
    page = text(client.get(reverse("organization-tree"), {"under": world.commune_a.pk}))
    assert "Tỉnh ủy" in page
    assert "Đảng ủy cơ sở" in page
    assert "Chi bộ trực thuộc" in page
