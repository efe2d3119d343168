"""The report's tasks and plans sections: the seeds' phrasing, and a constant number of queries."""

import datetime
from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from ct05.organizations.models import OrganizationKind as K
from ct05.plans.services import (
    add_issue,
    create_ethics_code,
    create_plan,
    update_ethics_code,
    update_issue,
    update_plan,
)
from ct05.reports import tallies
from ct05.reports.periods import Period
from ct05.reports.scope import ReportScope
from ct05.reports.selectors import directive05_report
from ct05.tasks.models import Term
from ct05.tasks.services import assess_task, assign_task, update_task
from tests.factories import OrganizationFactory

TODAY = timezone.localdate()
YEAR = TODAY.year
LAST_MONTH_END = TODAY.replace(day=1) - datetime.timedelta(days=1)


def assign(world, organization, category, count, completed, **extra):
    term = (
        Term.objects.filter(start_year__lte=YEAR, end_year__gte=YEAR)
        .order_by("-start_year")
        .first()
    )
    tasks = [
        assign_task(
            user=world.tuyengiao,
            organizations=[organization],
            title=f"{category} {i}",
            category=category,
            term=term,
            deadline=datetime.date(term.end_year, 12, 31),
            **extra,
        )[0]
        for i in range(count)
    ]
    for task in tasks[:completed]:
        assess_task(
            user=world.tuyengiao,
            task=task,
            year=LAST_MONTH_END.year,
            period_kind="month",
            period=LAST_MONTH_END.month,
            progress=100,
            status="completed",
        )
    return tasks


def test_the_report_page_says_11_of_13_and_4_of_4(world):
    assign(world, world.commune_a, "urgent", 13, 11)
    assign(world, world.commune_a, "breakthrough", 4, 4)
    client = world.api(world.tuyengiao)  # a session login for the page
    client.force_login(world.tuyengiao)

    page = client.get(f"/reports/directive05/?organization={world.province.pk}&year={YEAR}")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="fig-tasks-urgent">11/13<' in html
    assert 'id="fig-tasks-breakthrough">4/4<' in html
    xlsx = client.get(f"/reports/directive05.xlsx?organization={world.province.pk}&year={YEAR}")
    assert xlsx.status_code == 200
    workbook = load_workbook(BytesIO(xlsx.content))
    summary = [v for row in workbook.worksheets[0].iter_rows(values_only=True) for v in row]
    assert "11/13" in summary and "4/4" in summary
    tasks_sheet = next(ws for ws in workbook if ws.title == "Nhiệm vụ"[:31])
    assert any("11/13" in row for row in tasks_sheet.iter_rows(values_only=True))


def test_plans_section_counts_plans_codes_and_pressing_issues(world):
    create_plan(
        user=world.bithu1,
        organization=world.cell_a1,
        year=YEAR,
        title="Kế hoạch làm theo Bác",
        issues=[
            {"title": "Rác thải", "status": "resolved"},
            {"title": "Đường làng", "owner": "Trưởng thôn"},
        ],
    )
    create_ethics_code(
        user=world.bithu2, organization=world.cell_b1, title="Chuẩn mực", adopted_on=TODAY
    )
    report = directive05_report(organization=world.province, year=YEAR)
    plans = report["plans"]
    assert (plans["with_plan"], plans["with_ethics_code"]) == (1, 1)
    assert (plans["pressing_issues"], plans["pressing_resolved"]) == (2, 1)
    assert plans["organizations"] == 6
    by_child = {r["organization"]["name"]: r["plans"] for r in report["children"]}
    assert by_child["Đảng ủy xã A"]["with_plan"] == 1
    assert by_child["Đảng ủy xã B"]["with_ethics_code"] == 1


def test_the_plans_figures_follow_every_change_of_a_plan_and_its_issues(world):
    def figures():
        plans = directive05_report(organization=world.province, year=YEAR)["plans"]
        return plans["with_plan"], plans["pressing_issues"], plans["pressing_resolved"]

    plan = create_plan(
        user=world.bithu1,
        organization=world.cell_a1,
        year=YEAR,
        title="Kế hoạch",
        issues=[{"title": "Rác thải"}],
    )
    assert figures() == (1, 1, 0)
    issue = add_issue(user=world.bithu1, plan=plan, title="Đường làng")
    assert figures() == (1, 2, 0)
    update_issue(user=world.bithu1, issue=issue, status="resolved")
    assert figures() == (1, 2, 1)
    first = plan.issues.get(title="Rác thải")
    update_plan(
        user=world.bithu1,
        plan=plan,
        issues=[{"id": first.pk, "status": "resolved"}, {"title": "Nước sạch"}],
    )
    assert figures() == (1, 3, 2)
    # Last year's report does not count this year's plan.
    last_year = directive05_report(organization=world.province, year=YEAR - 1)["plans"]
    assert (last_year["with_plan"], last_year["pressing_issues"]) == (0, 0)
    assert tallies.differences() == []


def test_an_organization_counts_its_code_from_the_year_of_its_first(world):
    """A code adopted two years ago counts in every report since, not before; a second code
    counts the organization once; moving the first code's day moves the year it counts from;
    a report to a day inside a year counts the codes adopted by that day."""

    def with_code(year=None, period=None) -> int:
        report = directive05_report(organization=world.province, year=year, period=period)
        return report["plans"]["with_ethics_code"]

    code = create_ethics_code(
        user=world.bithu1,
        organization=world.cell_a1,
        title="Chuẩn mực đạo đức",
        adopted_on=datetime.date(YEAR - 2, 3, 1),
    )
    assert [with_code(y) for y in (YEAR - 3, YEAR - 2, YEAR - 1, YEAR)] == [0, 1, 1, 1]
    create_ethics_code(
        user=world.bithu1,
        organization=world.cell_a1,
        title="Chuẩn mực sửa đổi",
        adopted_on=datetime.date(YEAR - 1, 2, 1),
    )
    assert [with_code(y) for y in (YEAR - 2, YEAR - 1)] == [1, 1]
    update_ethics_code(user=world.bithu1, code=code, adopted_on=datetime.date(YEAR - 1, 6, 1))
    # Now the organization's first code is the revision of February last year.
    assert [with_code(y) for y in (YEAR - 2, YEAR - 1, YEAR)] == [0, 1, 1]
    january = Period(datetime.date(YEAR - 1, 1, 1), datetime.date(YEAR - 1, 1, 31))
    assert with_code(period=january) == 0
    assert tallies.differences() == []


def test_a_past_years_tasks_are_counted_as_they_stood_at_its_end(world, monkeypatch):
    """Last year's report reads its tasks from their tally: completed by 31 December, overdue
    then, through every assessment and change; a term's task counts in each year of its term."""
    last = YEAR - 1
    term = Term.objects.filter(start_year__lte=last, end_year__gte=last).first()

    def urgent_and_breakthrough():
        tasks = directive05_report(organization=world.province, year=last)["tasks"]
        return [tuple(tasks[c].values()) for c in ("urgent", "breakthrough")]

    def assign_one(organization, category, deadline, **when):
        return assign_task(
            user=world.tuyengiao,
            organizations=[organization],
            title=f"{category} {deadline}",
            category=category,
            deadline=deadline,
            **when,
        )[0]

    done = assign_one(world.cell_a1, "urgent", datetime.date(last, 6, 30), year=last)
    late = assign_one(world.cell_b1, "urgent", datetime.date(last, 3, 31), year=last)
    lasting = assign_one(world.cell_a2, "breakthrough", datetime.date(YEAR, 12, 31), term=term)
    assess_task(
        user=world.tuyengiao,
        task=done,
        year=last,
        period_kind="month",
        period=5,
        progress=100,
        status="completed",
    )
    # (total, completed, overdue): the term's task is neither done nor due by last year's end.
    assert urgent_and_breakthrough() == [(2, 1, 1), (1, 0, 0)]
    update_task(user=world.tuyengiao, task=late, deadline=datetime.date(YEAR, 3, 31))
    assert urgent_and_breakthrough() == [(2, 1, 0), (1, 0, 0)]
    assess_task(
        user=world.tuyengiao,
        task=lasting,
        year=last,
        period_kind="month",
        period=12,
        progress=100,
        status="completed",
    )
    assert urgent_and_breakthrough() == [(2, 1, 0), (1, 1, 0)]
    # Read from every organization's tally rows, the same.
    monkeypatch.setattr(ReportScope, "READ_SUMS", False)
    assert urgent_and_breakthrough() == [(2, 1, 0), (1, 1, 0)]
    # The term's task counts in this year's report too, where it is judged on today.
    this_year = directive05_report(organization=world.province, year=YEAR)["tasks"]
    assert this_year["breakthrough"]["total"] == 1
    assert tallies.differences() == []


def _grow(world, communes: int) -> None:
    for n in range(communes):
        commune = OrganizationFactory(
            name=f"Xã {n}", kind=K.GRASSROOTS_COMMITTEE, parent=world.province
        )
        cell = OrganizationFactory(name=f"Chi bộ {n}", parent=commune)
        assign(world, cell, "urgent", 2, 1)
        create_plan(
            user=world.tuyengiao, organization=cell, year=YEAR, title="KH", issues=[{"title": "VĐ"}]
        )


def test_the_new_sections_take_the_same_queries_on_a_larger_tree(world):
    assign(world, world.cell_a1, "urgent", 1, 1)
    with CaptureQueriesContext(connection) as small:
        directive05_report(organization=world.province, year=YEAR)
    _grow(world, 5)
    with CaptureQueriesContext(connection) as large:
        report = directive05_report(organization=world.province, year=YEAR)
    assert report["tasks"]["urgent"] == {"total": 11, "completed": 6, "overdue": 0}
    assert report["plans"]["with_plan"] == 5
    assert len(large.captured_queries) == len(small.captured_queries)
