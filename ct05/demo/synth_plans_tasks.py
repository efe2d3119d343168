"""Plans, ethics codes, breakthrough contents and tasks with assessments, and inspections for
the synthetic province, bulk-loaded like the rest of it (no services, no history): a collective
plan per committee and cell, the term's breakthrough contents and the year's urgent tasks per
committee in every state, a task per cell, and an inspection per committee."""

from __future__ import annotations

import datetime

from ct05.inspections.models import Finding, Inspection, Remediation, RemediationStatus
from ct05.plans.models import CollectivePlan, EthicsCode, IssueStatus, PressingIssue
from ct05.tasks.models import AssessmentStatus, Task, TaskAssessment, Term, period_bounds

STATES = [
    (AssessmentStatus.COMPLETED, 100),
    (AssessmentStatus.ON_TRACK, 70),
    (AssessmentStatus.AT_RISK, 40),
    (AssessmentStatus.LATE, 20),
    (None, 0),
]


def synth_plans_tasks_inspections(builder, root, committees, loader) -> None:
    rng, today = builder.rng, builder.today
    year = today.year
    term = (
        Term.objects.filter(start_year__lte=year, end_year__gte=year)
        .order_by("-start_year")
        .first()
    )
    month_end = period_bounds(year, "month", today.month)[1]
    units = [c.organization for c in committees] + [cell for c in committees for cell in c.cells]

    plans = [
        CollectivePlan(organization=u, year=year, title=f"Kế hoạch làm theo Bác năm {year}")
        for u in units
    ]
    loader.save(plans)
    issues = [
        PressingIssue(
            plan=plan,
            title=f"Vấn đề bức xúc {n}",
            status=rng.choice([IssueStatus.OPEN, IssueStatus.RESOLVED, IssueStatus.CARRIED_OVER]),
        )
        for plan in plans
        for n in range(1, rng.randint(1, 3) + 1)
    ]
    loader.save(issues)
    codes = [
        EthicsCode(
            organization=u,
            title="Chuẩn mực đạo đức cán bộ, đảng viên",
            adopted_on=max(u.valid_from, datetime.date(year - 1, 3, 1)),
        )
        for u in units
        if rng.random() < 0.8
    ]
    loader.save(codes)

    tasks, states = [], []

    def add(organization, committee, category, title, deadline, state, *, of_term=False):
        tasks.append(
            Task(
                title=title,
                category=category,
                committee=committee,
                organization=organization,
                head_id=None,
                term=term if of_term else None,
                year=None if of_term else year,
                deadline=deadline,
            )
        )
        states.append(state)

    for c in committees:
        committee = c.organization
        for n in range(4):
            state = STATES[0] if rng.random() < 0.7 else STATES[1]
            add(committee, root, "breakthrough", f"Nội dung đột phá {n + 1}",
                datetime.date(term.end_year if term else year, 6, 30), state, of_term=term is not None)  # fmt: skip
        for n, state in enumerate(STATES):
            late = state[0] == AssessmentStatus.LATE
            deadline = today - datetime.timedelta(days=10) if late else datetime.date(year, 12, 31)
            add(committee, root, "urgent", f"Công việc cấp bách {n + 1}", deadline, state)
        for cell in c.cells:
            add(cell, committee, "main_solution", "Nhiệm vụ, giải pháp chủ yếu",
                datetime.date(year, 12, 31), rng.choice(STATES))  # fmt: skip
    heads = {}
    for c in committees:
        heads.update(c.heads)
    for task, (status, progress) in zip(tasks, states, strict=True):
        task.head_id = heads.get(task.organization.pk)
        if status:
            task.status, task.progress = status, progress
            if status == AssessmentStatus.COMPLETED:
                task.completed_on = min(month_end, today)
    loader.save(tasks)
    loader.save(
        [
            TaskAssessment(
                task=task,
                year=year,
                period_kind="month",
                period=today.month,
                period_end=month_end,
                progress=progress,
                status=status,
            )  # fmt: skip
            for task, (status, progress) in zip(tasks, states, strict=True)
            if status
        ]
    )

    inspections = [
        Inspection(
            inspecting_body=root,
            organization=c.organization,
            start_date=max(c.organization.valid_from, today - datetime.timedelta(days=60)),
            subject="Kiểm tra việc thực hiện Chỉ thị 05-CT/TW",
        )
        for c in committees
    ]
    loader.save(inspections)
    loader.save([Finding(inspection=i, text=f"Hạn chế {n}") for i in inspections for n in (1, 2)])
    remediations = []
    for i in inspections:
        remediations.append(
            Remediation(
                inspection=i,
                action="Khắc phục hạn chế 1",
                deadline=today - datetime.timedelta(days=5),
                status=RemediationStatus.DONE,
                done_on=today,
            )  # fmt: skip
        )
        remediations.append(
            Remediation(
                inspection=i,
                action="Khắc phục hạn chế 2",
                deadline=today + datetime.timedelta(days=rng.randint(-20, 30)),
            )  # fmt: skip
        )
    loader.save(remediations)
