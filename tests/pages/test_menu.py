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


def test_the_registers_are_grouped_in_one_foldable_entry_open_on_their_pages(client, world):
    client.force_login(world.bithu1)
    home = text(client.get("/"))
    group = home.split('<details id="menu-registers"')[1].split("</details>")[0]
    assert "<summary>Sổ theo dõi</summary>" in group
    for href in ("/tasks/", "/plans/", "/plans/ethics-codes/", "/inspections/", "/activities/",
                 "/models/", "/dialogues/petitions/", "/indicators/"):  # fmt: skip
        assert f'href="{href}"' in group
    assert group.startswith(">")  # folded on the home page
    on_tasks = text(client.get("/tasks/"))
    assert '<details id="menu-registers" open>' in on_tasks


def test_the_menu_kept_by_the_process_is_each_kinds_own_in_each_language(client, world):
    """The menu's links are rendered once a process per language and kind of user: a member,
    then a secretary, then the member in English, each sees their own."""
    client.force_login(world.dangvien1)
    assert "Bản cam kết cần duyệt" not in text(client.get("/"))
    client.force_login(world.bithu1)
    assert "Bản cam kết cần duyệt" in text(client.get("/"))
    client.force_login(world.dangvien1)
    client.cookies["django_language"] = "en"
    page = text(client.get("/"))
    assert ">My commitment</a>" in page and ">Cam kết của tôi</a>" not in page
    assert "Commitments to review" not in page
