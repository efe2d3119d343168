"""Inspections with findings and remediation: the API, the overdue lists, the reminders."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from ct05.inspections.models import Inspection, Remediation
from ct05.inspections.selectors import overdue_remediations
from ct05.notifications.models import Notification
from ct05.reports.selectors import directive05_report

TODAY = timezone.localdate()
PAST = TODAY - datetime.timedelta(days=3)


def inspect(world, client=None, **extra):
    body = {
        "inspecting_body": world.commune_a.pk,
        "organization": world.cell_a1.pk,
        "start_date": TODAY.replace(day=1).isoformat(),
        "subject": "Kiểm tra việc thực hiện Chỉ thị 05",
        "findings": [{"text": "Chưa xây dựng chuẩn mực đạo đức"}, {"text": "Sinh hoạt chưa đều"}],
        "remediations": [
            {
                "action": "Ban hành chuẩn mực đạo đức",
                "deadline": PAST.isoformat(),
                "owner": "Bí thư",
            },
            {"action": "Sinh hoạt đủ 12 kỳ", "deadline": f"{TODAY.year}-12-31"},
        ],
        **extra,
    }
    return (client or world.api(world.dangbo_a)).post("/api/inspections/", body, format="json")


def test_an_overdue_remediation_is_listed_for_the_unit_and_its_committee(world):
    response = inspect(world)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert len(body["findings"]) == 2 and len(body["remediations"]) == 2
    late = Remediation.objects.get(action="Ban hành chuẩn mực đạo đức")

    for organization in (world.cell_a1, world.commune_a, world.province):
        assert list(overdue_remediations(organization)) == [late]
    assert list(overdue_remediations(world.cell_a2)) == []
    assert list(overdue_remediations(world.commune_b)) == []

    report = directive05_report(organization=world.province, year=TODAY.year)
    assert report["inspections"] == {
        "count": 1,
        "organizations_inspected": 1,
        "findings": 2,
        "remediations": 2,
        "remediated": 0,
        "overdue": 1,
    }


def test_a_remediated_item_is_no_longer_overdue(world):
    inspection = inspect(world).json()
    late = Remediation.objects.get(action="Ban hành chuẩn mực đạo đức")
    response = world.api(world.bithu1).post(
        f"/api/inspections/{inspection['id']}/remediate/",
        {"remediation": late.pk, "status": "done"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert list(overdue_remediations(world.commune_a)) == []
    report = directive05_report(organization=world.province, year=TODAY.year)
    assert (report["inspections"]["remediated"], report["inspections"]["overdue"]) == (1, 0)


def test_ct05_remind_reminds_the_inspected_units_secretary_once(world):
    inspect(world)
    out = StringIO()
    call_command("remind", stdout=out)
    call_command("remind", stdout=out)
    reminders = Notification.objects.filter(key__startswith="remediation-overdue:")
    assert [n.user for n in reminders] == [world.bithu1]
    assert "Ban hành" in reminders[0].body or "Ban hành" in reminders[0].title


def test_inspections_keep_to_the_scope(world):
    # A cell secretary cannot inspect in another commune, nor in the name of its committee
    # (above its scope): both 404.
    other = inspect(world, world.api(world.bithu1), organization=world.cell_b1.pk)
    assert other.status_code == 404
    as_committee = inspect(world, world.api(world.bithu1))
    assert as_committee.status_code == 404
    viewer = inspect(world, world.api(world.viewer))
    assert viewer.status_code == 403
    assert not Inspection.objects.exists()
    made = inspect(world).json()
    assert world.api(world.bithu2).get(f"/api/inspections/{made['id']}/").status_code == 404
    assert world.api(world.bithu1).get(f"/api/inspections/{made['id']}/").status_code == 200


def test_a_remediation_without_a_deadline_is_400_and_nothing_is_written(world):
    response = inspect(world, remediations=[{"action": "Làm ngay"}])
    assert response.status_code == 400
    assert not Inspection.objects.exists()
