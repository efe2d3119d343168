"""Tasks and their assessments through the API, and what the report then says."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from ct05.reports.selectors import directive05_report
from ct05.tasks.models import Task, TaskAssessment, Term

TODAY = timezone.localdate()
YEAR = TODAY.year
LAST_MONTH_END = TODAY.replace(day=1) - datetime.timedelta(days=1)
LAST_MONTH = LAST_MONTH_END.month
ASSESS_YEAR = YEAR if TODAY.month > 1 else YEAR - 1


def urgent(world, client, title, organization=None, deadline=None, **extra):
    response = client.post(
        "/api/tasks/",
        {
            "title": title,
            "category": "urgent",
            "organization": (organization or world.commune_a).pk,
            "year": YEAR,
            "deadline": (deadline or datetime.date(YEAR, 12, 31)).isoformat(),
            **extra,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def assess(client, task_id, status="completed", progress=100, **extra):
    body = {
        "task": task_id,
        "year": ASSESS_YEAR,
        "period_kind": "month",
        "period": LAST_MONTH,
        "progress": progress,
        "status": status,
        "note": "Đã hoàn thành",
        **extra,
    }
    return client.post("/api/task-assessments/", body, format="json")


def urgent_figures(world, unit):
    report = directive05_report(organization=world.province, year=YEAR)
    row = next(r for r in report["children"] if r["organization"]["id"] == unit.pk)
    return row["tasks"]["urgent"], report["tasks"]["urgent"]


def test_three_urgent_tasks_two_completed_raise_the_units_figures(world):
    client = world.api(world.tuyengiao)
    before, total_before = urgent_figures(world, world.commune_a)

    ids = [urgent(world, client, f"Việc cấp bách {i}")["id"] for i in range(3)]
    for task_id in ids[:2]:
        assert assess(client, task_id).status_code == 201

    after, total_after = urgent_figures(world, world.commune_a)
    assert after["total"] - before["total"] == 3
    assert after["completed"] - before["completed"] == 2
    assert total_after["total"] - total_before["total"] == 3
    # The owning committee is the officer's province; the head is the unit's.
    task = Task.objects.get(pk=ids[0])
    assert task.committee == world.province and task.status == "completed"
    assert Task.objects.get(pk=ids[2]).status == "not_assessed"


def test_a_task_past_its_deadline_without_completion_is_overdue(world):
    client = world.api(world.tuyengiao)
    late = urgent(world, client, "Quá hạn", deadline=TODAY - datetime.timedelta(days=1))
    done = urgent(world, client, "Xong", deadline=TODAY - datetime.timedelta(days=1))
    assert assess(client, done["id"]).status_code == 201

    figures, _total = urgent_figures(world, world.commune_a)
    assert (figures["total"], figures["completed"], figures["overdue"]) == (2, 1, 1)
    assert client.get(f"/api/tasks/{late['id']}/").json()["overdue"] is True
    listed = client.get("/api/tasks/", {"overdue": "true"}).json()["results"]
    assert [row["id"] for row in listed] == [late["id"]]


def test_status_follows_the_latest_assessment(world):
    client = world.api(world.tuyengiao)
    task = urgent(world, client, "Theo dõi")
    assert assess(client, task["id"], status="at_risk", progress=40).status_code == 201
    assert Task.objects.get(pk=task["id"]).status == "at_risk"
    # An assessment of an earlier period does not overtake the later one.
    early = assess(
        client, task["id"], status="late", progress=10, period_kind="month", period=1,
        year=ASSESS_YEAR - 1,
    )  # fmt: skip
    assert early.status_code == 201, early.json()
    task_row = Task.objects.get(pk=task["id"])
    assert (task_row.status, task_row.progress) == ("at_risk", 40)


def test_a_year_assessed_before_its_end_does_not_outlast_a_later_month(world):
    """The year assessed early ("at risk" in the spring) speaks for the day it was made: the
    month assessed after it, completed, is the latest word on the task."""
    client = world.api(world.tuyengiao)
    task = urgent(world, client, "Cả năm rồi tháng")
    earlier = datetime.datetime(
        LAST_MONTH_END.year, LAST_MONTH_END.month, 1, 9, 0, tzinfo=datetime.UTC
    )
    with mock.patch("django.utils.timezone.now", return_value=earlier):
        year = assess(
            client, task["id"], status="at_risk", progress=40, period_kind="year", period=0,
            year=LAST_MONTH_END.year,
        )  # fmt: skip
    assert year.status_code == 201, year.json()
    month = assess(
        client, task["id"], status="completed", progress=100, period_kind="month",
        period=LAST_MONTH_END.month, year=LAST_MONTH_END.year,
    )  # fmt: skip
    assert month.status_code == 201, month.json()
    task_row = Task.objects.get(pk=task["id"])
    assert (task_row.status, task_row.progress) == ("completed", 100)
    assert task_row.completed_on == LAST_MONTH_END


def test_an_assessment_out_of_scope_is_404_and_writes_nothing(world):
    task = urgent(world, world.api(world.tuyengiao), "Của xã B", organization=world.commune_b)
    response = assess(world.api(world.bithu1), task["id"])
    assert response.status_code == 404
    # A task that does not exist answers the same: no answer tells which exist elsewhere.
    assert assess(world.api(world.bithu1), task["id"] + 1000).status_code == 404
    assert not TaskAssessment.objects.exists()
    assert world.api(world.bithu1).get(f"/api/tasks/{task['id']}/").status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        {"progress": 140},
        {"period_kind": "month", "period": 13},
        {"period_kind": "quarter", "period": 5},
        {"period_kind": "year", "period": 3},
        {"period_kind": "week"},
        {"status": "completed", "progress": 50},
        {"year": YEAR + 1, "period_kind": "year", "period": 0},
    ],
)
def test_a_bad_assessment_is_400_in_vietnamese_and_writes_nothing(world, change):
    client = world.api(world.tuyengiao)
    task = urgent(world, client, "Kiểm tra")
    response = assess(client, task["id"], **change)
    assert response.status_code == 400, response.json()
    assert not TaskAssessment.objects.exists()
    assert Task.objects.get(pk=task["id"]).status == "not_assessed"
    text = str(response.json())
    assert any(ch in text for ch in "ăâđêôơưáàảãạ"), text


def test_one_task_assigned_to_many_units_is_tracked_per_unit(world):
    client = world.api(world.tuyengiao)
    term = Term.objects.get(start_year=2025)
    response = client.post(
        "/api/tasks/assign/",
        {
            "title": "Nội dung đột phá: chuyển đổi số",
            "category": "breakthrough",
            "organizations": [world.commune_a.pk, world.commune_b.pk],
            "term": term.pk,
            "deadline": "2030-06-30",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    rows = response.json()
    assert len(rows) == 2 and rows[0]["batch"] == rows[1]["batch"] is not None
    assert assess(client, rows[0]["id"]).status_code == 201
    assert Task.objects.get(pk=rows[1]["id"]).status == "not_assessed"
    report = directive05_report(organization=world.province, year=2027 if YEAR > 2027 else YEAR)
    assert report["tasks"]["breakthrough"]["total"] == 2


def test_a_task_needs_a_year_or_a_term_and_a_unit_in_scope(world):
    client = world.api(world.bithu1)
    body = {"title": "X", "category": "urgent", "organization": world.cell_a1.pk}
    response = client.post("/api/tasks/", {**body, "deadline": f"{YEAR}-12-31"}, format="json")
    assert response.status_code == 400
    response = client.post(
        "/api/tasks/",
        {**body, "organization": world.cell_b1.pk, "year": YEAR, "deadline": f"{YEAR}-12-31"},
        format="json",
    )
    assert response.status_code == 404
    assert not Task.objects.exists()


def test_a_unit_registers_its_own_breakthrough_model(world):
    response = world.api(world.bithu1).post(
        "/api/tasks/",
        {
            "title": "Mô hình chi bộ số",
            "category": "breakthrough_model",
            "organization": world.cell_a1.pk,
            "year": YEAR,
            "deadline": f"{YEAR}-12-31",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["committee"] == world.cell_a1.pk


def test_a_viewer_reads_tasks_but_cannot_assess(world):
    task = urgent(world, world.api(world.tuyengiao), "Đọc")
    viewer = world.api(world.viewer)
    assert viewer.get(f"/api/tasks/{task['id']}/").status_code == 200
    assert assess(viewer, task["id"]).status_code == 403
    assert world.api(world.viewer).get("/api/terms/").status_code == 200
