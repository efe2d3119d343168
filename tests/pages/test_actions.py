"""Reloading the address of an action (where a failed form was shown) brings back the page."""

from django.utils import timezone

from ct05.commitments.services import create_commitment

DEEDS = [{"title": "Việc 1"}, {"title": "Việc 2"}, {"title": "Việc 3"}]


def test_a_get_on_an_action_goes_to_the_commitment_page(client, world):
    commitment = create_commitment(
        user=world.dangvien1,
        person=world.dangvien1.person,
        year=timezone.localdate().year,
        deeds=DEEDS,
    )
    client.force_login(world.dangvien1)
    for action in ("edit", "self-evaluate", "review", "evaluate", "progress"):
        response = client.get(f"/commitments/{commitment.pk}/{action}/")
        assert response.status_code == 302, action
        assert response["Location"] == f"/commitments/{commitment.pk}/"


def test_the_redirect_keeps_the_scope(client, world):
    commitment = create_commitment(
        user=world.bithu2, person=world.people_b1[1], year=timezone.localdate().year, deeds=DEEDS
    )
    client.force_login(world.bithu1)
    response = client.get(f"/commitments/{commitment.pk}/edit/", follow=True)
    assert response.status_code == 404
