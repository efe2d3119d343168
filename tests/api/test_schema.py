"""The OpenAPI schema maps every endpoint: only for those logged in (key or session)."""


def test_the_anonymous_get_no_schema(client, db):
    response = client.get("/api/schema/")
    assert response.status_code in (401, 403)
    assert "paths" not in response.content.decode()


def test_a_key_gets_the_schema(world):
    response = world.api(world.bithu1).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/commitments/" in response.content


def test_a_session_gets_the_schema(client, world):
    client.force_login(world.dangvien1)
    assert client.get("/api/schema/").status_code == 200
