"""An administrator who corrects a role assignment or a person in the admin leaves a trace."""

from django.urls import reverse

from ct05.accounts.models import RoleAssignment, User


def test_a_role_assignment_changed_in_the_admin_is_in_its_history(client, world):
    assignment = RoleAssignment.objects.get(user=world.bithu1)
    root = User.objects.create_superuser("root", password="pw-root")
    client.force_login(root)
    url = reverse("admin:accounts_roleassignment_change", args=[assignment.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "user": world.bithu1.pk,
            "organization": world.cell_a1.pk,
            "role": "viewer",
            "valid_from": assignment.valid_from.strftime("%d/%m/%Y"),
            "valid_to": "",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = assignment.history.order_by("-history_date").first()
    assert (record.role, record.history_user_id, record.history_type) == (
        "viewer",
        root.pk,
        "~",
    )
    history_page = client.get(
        reverse("admin:accounts_roleassignment_history", args=[assignment.pk])
    )
    assert history_page.status_code == 200
