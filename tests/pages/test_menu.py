"""What the menu offers each role, on every page including the error pages."""

from .conftest import text


def test_a_member_finds_their_commitment_and_the_ratings(client, world):
    client.force_login(world.dangvien1)
    page = text(client.get("/"))
    assert 'href="/commitments/mine/"' in page
    assert 'href="/ratings/"' in page
    assert "Bản cam kết cần duyệt" not in page


def test_a_viewer_finds_commitments_and_ratings_to_read(client, world):
    client.force_login(world.viewer)
    page = text(client.get("/"))
    assert 'href="/commitments/"' in page
    assert 'href="/ratings/"' in page


def test_the_not_found_page_keeps_the_secretarys_menu(client, world):
    client.force_login(world.bithu1)
    response = client.get(f"/people/{world.people_b1[1].pk}/")
    assert response.status_code == 404
    assert "Bản cam kết cần duyệt" in text(response)
