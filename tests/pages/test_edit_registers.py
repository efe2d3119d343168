"""The unit's users edit tasks, assessments, inspections (findings, remediation items) and
plans on pages: the services' checks in Vietnamese on the form, the scope rule (out of scope
404, read-only 403), and what the database holds afterwards."""

import datetime

from django.test import Client
from django.utils import timezone

from ct05.inspections.models import Finding, Inspection, Remediation
from ct05.inspections.services import record_inspection
from ct05.plans.models import CollectivePlan, PressingIssue
from ct05.plans.services import create_plan
from ct05.tasks.models import Task, TaskAssessment
from ct05.tasks.services import assess_task, assign_task

TODAY = timezone.localdate()
END = datetime.date(TODAY.year, 12, 31)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def a_task(world, organization=None):
    return assign_task(
        user=world.tuyengiao, organizations=[organization or world.cell_a1], title="Làm đường",
        category="urgent", year=TODAY.year, deadline=END,
    )[0]  # fmt: skip


def test_the_committee_changes_a_task_and_a_stale_save_is_refused(world):
    task = a_task(world)
    client = client_of(world.tuyengiao)
    page = client.get(f"/tasks/{task.pk}/edit/").content.decode()
    assert 'value="Làm đường"' in page and 'name="version"' in page
    sent = {"title": "Làm đường liên thôn", "category": "focal", "deadline": END.isoformat(),
            "description": "", "version": task.version}  # fmt: skip
    assert client.post(f"/tasks/{task.pk}/edit/", sent).status_code == 302
    task.refresh_from_db()
    assert (task.title, task.category) == ("Làm đường liên thôn", "focal")
    # The same form sent again (opened at the old version) is refused and changes nothing.
    refused = client.post(f"/tasks/{task.pk}/edit/", {**sent, "title": "Khác"})
    assert refused.status_code == 200 and "Người khác đã lưu" in refused.content.decode()
    assert Task.objects.get(pk=task.pk).title == "Làm đường liên thôn"


def test_an_empty_title_is_refused_in_vietnamese(world):
    task = a_task(world)
    sent = {"title": " ", "category": "urgent", "deadline": END.isoformat()}
    page = client_of(world.tuyengiao).post(f"/tasks/{task.pk}/edit/", sent)
    assert page.status_code == 200 and "Trường này là bắt buộc" in page.content.decode()
    assert Task.objects.get(pk=task.pk).title == "Làm đường"


def test_the_cell_secretary_may_not_change_the_committees_task_nor_see_another_cells(world):
    task = a_task(world)
    other = a_task(world, world.cell_b1)
    client = client_of(world.bithu1)
    assert client.get(f"/tasks/{task.pk}/edit/").status_code == 403
    assert "Sửa nhiệm vụ" not in client.get(f"/tasks/{task.pk}/").content.decode()
    assert client.get(f"/tasks/{other.pk}/edit/").status_code == 404


def test_a_secretary_sets_an_assessment_right_and_the_task_follows(world):
    task = a_task(world)
    first = assess_task(
        user=world.bithu1, task=task, year=TODAY.year, period_kind="year", period=0,
        progress=100, status="completed",
    )  # fmt: skip
    task.refresh_from_db()
    assert task.status == "completed"
    client = client_of(world.bithu1)
    url = f"/tasks/{task.pk}/assessments/{first.pk}/edit/"
    assert f'href="{url}"' in client.get(f"/tasks/{task.pk}/").content.decode()
    refused = client.post(url, {"progress": 60, "status": "completed"})
    assert "Nhiệm vụ hoàn thành thì tiến độ là 100%." in refused.content.decode()
    assert (
        client.post(url, {"progress": 60, "status": "at_risk", "note": "Chậm"}).status_code == 302
    )
    first.refresh_from_db()
    task.refresh_from_db()
    assert (first.progress, first.status, first.note) == (60, "at_risk", "Chậm")
    assert (task.status, task.progress) == ("at_risk", 60)
    # Another cell's secretary: the task does not exist for them.
    assert client_of(world.bithu2).post(url, {"progress": 0, "status": "late"}).status_code == 404
    assert TaskAssessment.objects.get(pk=first.pk).status == "at_risk"


def inspection(world):
    return record_inspection(
        user=world.dangbo_a, inspecting_body=world.commune_a, organization=world.cell_a1,
        start_date=TODAY, subject="Giám sát", findings=["Sinh hoạt chưa đều"],
        remediations=[{"action": "Sinh hoạt đủ kỳ", "deadline": END}],
    )  # fmt: skip


def test_the_inspecting_body_edits_the_inspection_its_findings_and_remediation(world):
    inspected = inspection(world)
    finding = inspected.findings.get()
    item = inspected.remediations.get()
    client = client_of(world.dangbo_a)
    base = f"/inspections/{inspected.pk}"
    sent = {"subject": "Kiểm tra Chỉ thị 05", "start_date": TODAY.isoformat(), "end_date": "",
            "conclusion": "Đạt", "version": inspected.version}  # fmt: skip
    assert client.post(f"{base}/edit/", sent).status_code == 302
    assert Inspection.objects.get(pk=inspected.pk).subject == "Kiểm tra Chỉ thị 05"

    assert (
        client.post(f"{base}/findings/{finding.pk}/", {"text": "Sinh hoạt thưa"}).status_code == 302
    )
    assert Finding.objects.get(pk=finding.pk).text == "Sinh hoạt thưa"
    assert client.post(f"{base}/findings/", {"text": "Thiếu sổ sách"}).status_code == 302
    assert inspected.findings.count() == 2

    late = TODAY - datetime.timedelta(days=1)
    sent = {"action": "Sinh hoạt đủ 12 kỳ", "deadline": late.isoformat(), "owner": "Bí thư"}
    assert client.post(f"{base}/remediations/{item.pk}/", sent).status_code == 302
    item.refresh_from_db()
    assert (item.action, item.deadline, item.owner) == ("Sinh hoạt đủ 12 kỳ", late, "Bí thư")
    assert "Quá hạn" in client.get(f"{base}/").content.decode()
    added = {"action": "Lập sổ", "deadline": END.isoformat()}
    assert client.post(f"{base}/remediations/", added).status_code == 302
    assert inspected.remediations.count() == 2

    # Bad input: the form says what is wrong, nothing is written.
    page = client.post(f"{base}/remediations/", {"action": "", "deadline": "31/02/2026"})
    assert page.status_code == 200 and "Nhập một ngày hợp lệ" in page.content.decode()
    assert inspected.remediations.count() == 2


def test_the_inspected_cell_reports_remediation_but_does_not_rewrite_the_inspection(world):
    inspected = inspection(world)
    item = inspected.remediations.get()
    client = client_of(world.bithu1)
    page = client.get(f"/inspections/{inspected.pk}/").content.decode()
    assert "Đánh dấu đã khắc phục" in page and "Sửa cuộc kiểm tra" not in page
    sent = {"action": "Bỏ", "deadline": END.isoformat()}
    assert (
        client.post(f"/inspections/{inspected.pk}/remediations/{item.pk}/", sent).status_code == 403
    )
    assert client.post(f"/inspections/{inspected.pk}/findings/", {"text": "x"}).status_code == 403
    assert Remediation.objects.get(pk=item.pk).action == "Sinh hoạt đủ kỳ"
    outsider = client_of(world.bithu2)
    assert outsider.get(f"/inspections/{inspected.pk}/edit/").status_code == 404


def test_a_secretary_edits_the_plan_and_a_pressing_issue(world):
    plan = create_plan(
        user=world.bithu1, organization=world.cell_a1, year=TODAY.year, title="KH A1",
        issues=[{"title": "Rác thải"}],
    )  # fmt: skip
    issue = plan.issues.get()
    client = client_of(world.bithu1)
    sent = {"title": "Kế hoạch chi bộ A1", "adopted_on": "", "content": "Nội dung",
            "version": plan.version}  # fmt: skip
    assert client.post(f"/plans/{plan.pk}/edit/", sent).status_code == 302
    assert CollectivePlan.objects.get(pk=plan.pk).title == "Kế hoạch chi bộ A1"
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    page = client.post(f"/plans/{plan.pk}/edit/", {**sent, "adopted_on": future, "version": ""})
    assert "Ngày này ở tương lai." in page.content.decode()

    sent = {"title": "Rác thải sinh hoạt", "target": "Thu gom hằng tuần", "owner": "Chi hội",
            "status": "resolved", "result": "Đã có tổ thu gom"}  # fmt: skip
    assert client.post(f"/plans/{plan.pk}/issues/{issue.pk}/", sent).status_code == 302
    issue.refresh_from_db()
    assert (issue.title, issue.status, issue.result) == (
        "Rác thải sinh hoạt",
        "resolved",
        "Đã có tổ thu gom",
    )
    assert client_of(world.viewer).get(f"/plans/{plan.pk}/edit/").status_code == 403
    assert (
        client_of(world.bithu2).post(f"/plans/{plan.pk}/issues/{issue.pk}/", sent).status_code
        == 404
    )
    assert PressingIssue.objects.get(pk=issue.pk).title == "Rác thải sinh hoạt"


def test_the_head_is_chosen_among_the_units_members_by_name(world):
    task = a_task(world)
    member, stranger = world.people_a1[1], world.people_b1[1]
    client = client_of(world.tuyengiao)
    page = client.get(f"/tasks/{task.pk}/edit/").content.decode()
    assert f"/people/pick/?organization={world.cell_a1.pk}" in page
    found = client.get(
        "/people/pick/",
        {"name": "head", "head_q": member.search_name, "organization": world.cell_a1.pk},
    ).content.decode()
    assert f'name="head" value="{member.pk}"' in found
    sent = {"title": "Làm đường", "category": "urgent", "deadline": END.isoformat(),
            "head": stranger.pk}  # fmt: skip
    refused = client.post(f"/tasks/{task.pk}/edit/", sent)
    assert refused.status_code == 200 and "head" in refused.context["form"].errors
    assert client.post(f"/tasks/{task.pk}/edit/", {**sent, "head": member.pk}).status_code == 302
    assert Task.objects.get(pk=task.pk).head == member
