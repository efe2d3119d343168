"""Plans, codes, tasks and inspections through the API narrow to an organization's subtree, a
year and (tasks) a category (issue 14: filters ``organization`` (subtree), ``year``,
``category``)."""

import datetime

import pytest
from django.utils import timezone

from ct05.inspections.services import record_inspection
from ct05.plans.services import create_ethics_code, create_plan
from ct05.tasks.services import assign_task

TODAY = timezone.localdate()
YEAR = TODAY.year - 1


@pytest.fixture
def filed(world):
    """One record of each register by commune A's cell in YEAR and commune B's in YEAR - 1."""
    for cell, year in ((world.cell_a1, YEAR), (world.cell_b1, YEAR - 1)):
        day = datetime.date(year, 5, 10)
        create_plan(user=world.admin, organization=cell, year=year, title="Kế hoạch")
        create_ethics_code(user=world.admin, organization=cell, title="Chuẩn mực", adopted_on=day)
        for category in ("urgent", "focal"):
            assign_task(
                user=world.admin,
                organizations=[cell],
                title=category,
                category=category,
                year=year,
                deadline=datetime.date(year, 12, 31),
            )
        record_inspection(
            user=world.admin,
            inspecting_body=world.province,
            organization=cell,
            start_date=day,
            subject="Thực hiện Chỉ thị 05",
        )
    return world


@pytest.mark.parametrize("endpoint", ["plans", "ethics-codes", "tasks", "inspections"])
def test_each_list_filters_by_subtree_and_year(filed, endpoint):
    world = filed
    client = world.api(world.tuyengiao)

    def organizations(**params) -> list[int]:
        response = client.get(f"/api/{endpoint}/", params)
        assert response.status_code == 200, response.content
        return sorted({row["organization"] for row in response.json()["results"]})

    both = sorted([world.cell_a1.pk, world.cell_b1.pk])
    assert organizations() == both
    assert organizations(organization=world.commune_b.pk) == [world.cell_b1.pk]
    assert organizations(year=YEAR) == [world.cell_a1.pk]
    assert organizations(organization=world.commune_a.pk, year=YEAR - 1) == []
    assert client.get(f"/api/{endpoint}/", {"year": "abc"}).status_code == 400


def test_tasks_filter_by_category(filed):
    client = filed.api(filed.tuyengiao)
    rows = client.get("/api/tasks/", {"category": "focal"}).json()["results"]
    assert sorted(row["category"] for row in rows) == ["focal", "focal"]
    assert client.get("/api/tasks/", {"category": "nonsense"}).status_code == 400
