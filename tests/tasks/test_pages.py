"""The pages: task list filters and overdue marks, the phone assessment form, the unit's page
and the home page's "my tasks"."""

import datetime

from django.test import Client
from django.utils import timezone

from ct05.inspections.services import record_inspection
from ct05.plans.services import create_plan
from ct05.tasks.models import Task
from ct05.tasks.services import assign_task

TODAY = timezone.localdate()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def tasks(world):
    late = assign_task(
        user=world.tuyengiao, organizations=[world.cell_a1], title="Việc quá hạn",
        category="urgent", year=TODAY.year, deadline=TODAY - datetime.timedelta(days=2),
    )[0]  # fmt: skip
    other = assign_task(
        user=world.tuyengiao, organizations=[world.cell_b1], title="Việc của B1",
        category="focal", year=TODAY.year, deadline=datetime.date(TODAY.year, 12, 31),
    )[0]  # fmt: skip
    return late, other


def test_the_task_list_filters_by_category_and_status_and_marks_overdue(world):
    late, other = tasks(world)
    client = client_of(world.tuyengiao)
    html = client.get("/tasks/", {"status": "overdue"}).content.decode()
    assert "Việc quá hạn" in html and "Việc của B1" not in html
    assert "Quá hạn" in html
    html = client.get("/tasks/", {"category": "focal"}).content.decode()
    assert "Việc của B1" in html and "Việc quá hạn" not in html
    # bithu1 sees only their cell's task.
    html = client_of(world.bithu1).get("/tasks/").content.decode()
    assert "Việc quá hạn" in html and "Việc của B1" not in html
    assert client_of(world.bithu1).get(f"/tasks/{other.pk}/").status_code == 404


def test_a_secretary_assesses_from_the_phone_form(world):
    late, _other = tasks(world)
    client = client_of(world.bithu1)
    page = client.get(f"/tasks/{late.pk}/assess/")
    assert page.status_code == 200 and 'name="progress"' in page.content.decode()
    response = client.post(
        f"/tasks/{late.pk}/assess/",
        {"year": TODAY.year, "period_kind": "month", "period": TODAY.month, "progress": 100,
         "status": "completed", "note": "Xong"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Task.objects.get(pk=late.pk).status == "completed"
    refused = client.post(
        f"/tasks/{late.pk}/assess/",
        {"year": TODAY.year, "period_kind": "quarter", "period": 7, "progress": 10,
         "status": "late"},
    )  # fmt: skip
    assert refused.status_code == 200 and "Quý là từ 1 đến 4." in refused.content.decode()


def test_the_units_page_shows_its_plan_tasks_and_open_remediation(world):
    tasks(world)
    create_plan(
        user=world.bithu1, organization=world.cell_a1, year=TODAY.year, title="KH chi bộ A1"
    )
    record_inspection(
        user=world.dangbo_a, inspecting_body=world.commune_a, organization=world.cell_a1,
        start_date=TODAY, subject="Giám sát",
        remediations=[{"action": "Sửa ngay", "deadline": TODAY - datetime.timedelta(days=1)}],
    )  # fmt: skip
    html = client_of(world.bithu1).get(f"/organizations/{world.cell_a1.pk}/").content.decode()
    assert "KH chi bộ A1" in html and "Việc quá hạn" in html and "Sửa ngay" in html
    committee = client_of(world.dangbo_a).get(f"/organizations/{world.commune_a.pk}/")
    assert "Sửa ngay" in committee.content.decode()


def test_a_head_sees_my_tasks_on_the_home_page(world):
    world.cell_a1.head = world.people_a1[0]
    world.cell_a1.save()
    tasks(world)
    html = client_of(world.bithu1).get("/").content.decode()
    assert 'id="my-tasks"' in html and "Việc quá hạn" in html
    assert 'id="my-tasks"' not in client_of(world.bithu2).get("/").content.decode()
