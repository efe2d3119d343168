"""The demo's collective plans, ethics codes, breakthrough contents and tasks, and inspections,
written through the services (domain.md §3, §4, §8)."""

from __future__ import annotations

import datetime

from ct05.inspections.services import record_inspection, set_remediation_status
from ct05.organizations.models import CELL_KINDS, Organization
from ct05.plans.services import create_ethics_code, create_plan
from ct05.tasks.models import Term
from ct05.tasks.services import assess_task, assign_task

BREAKTHROUGHS = [
    "Nâng cao chất lượng sinh hoạt chi bộ gắn với học tập và làm theo Bác",
    "Chuyển đổi số trong hoạt động của hệ thống chính trị cơ sở",
    "Phát triển kinh tế đồi rừng, giảm nghèo bền vững",
    "Xây dựng đội ngũ cán bộ cơ sở nói đi đôi với làm",
]
# This year's tasks of each commune: the urgent ones in every state (None: not assessed yet).
URGENT = [
    ("Khắc phục tình trạng tảo hôn ở các bản vùng cao", "completed", "urgent"),
    ("Sửa chữa đường liên bản trước mùa mưa", "on_track", "urgent"),
    ("Thu gom rác thải sinh hoạt tại trung tâm xã", "at_risk", "urgent"),
    ("Hoàn thiện hồ sơ đảng viên trên cơ sở dữ liệu 3.0", "late", "urgent"),
    ("Rà soát hộ nghèo, cận nghèo cuối năm", None, "urgent"),
    ("Nâng cao chất lượng sinh hoạt chi bộ", "on_track", "main_solution"),
    ("Đưa việc học tập và làm theo Bác vào sinh hoạt đoàn thanh niên", "completed", "focal"),
]
ISSUES = [
    ("Tảo hôn, hôn nhân cận huyết thống", "Giảm 50% so với năm trước", "resolved"),
    ("Vệ sinh môi trường nông thôn", "100% thôn bản có điểm thu gom rác", "open"),
    ("Đường vào bản xuống cấp", "Sửa 5 km đường liên bản", "carried_over"),
]


def build_plans_tasks_inspections(builder) -> None:
    """Plans and codes for every grassroots committee and cell; the province's breakthrough
    contents of the 2025–2030 term and this year's urgent tasks (every state) per commune; two
    inspections with open, overdue and done remediation."""
    admin, root, today = builder.admin, builder.root, builder.today
    year = today.year
    committees = [o for o in builder.organizations if o.kind == "grassroots_committee"]
    cells = [o for o in builder.organizations if o.kind in CELL_KINDS]
    for index, unit in enumerate(committees + cells):
        issues = [
            {"title": t, "target": target, "owner": "Bí thư", "status": s}
            for t, target, s in ISSUES[: 1 + index % 3]
        ]
        create_plan(
            user=admin,
            organization=unit,
            year=year,
            title=f"Kế hoạch học tập và làm theo Bác năm {year} của {unit.name}",
            adopted_on=datetime.date(year, 1, 15) if today >= datetime.date(year, 1, 15) else None,
            issues=issues,
        )
        if index % 4 != 3:
            create_ethics_code(
                user=admin,
                organization=unit,
                title=f"Chuẩn mực đạo đức cán bộ, đảng viên — {unit.name}",
                adopted_on=max(unit.valid_from, datetime.date(2022, 3, 1)),
                last_reviewed_on=max(unit.valid_from, datetime.date(year - 1, 12, 20)),
            )

    term = Term.objects.get(start_year=2025)
    month = (year, "month", today.month)
    officer = builder.users["tuyengiao"]
    for index, title in enumerate(BREAKTHROUGHS):
        tasks = assign_task(
            user=officer,
            organizations=committees,
            title=title,
            category="breakthrough",
            term=term,
            deadline=datetime.date(2030, 6, 30),
        )
        for number, task in enumerate(tasks):
            done = (index + number) % 3 != 2
            _assess(admin, task, month, "completed" if done else "on_track", 100 if done else 60)
    for number, committee in enumerate(committees):
        for title, state, category in URGENT:
            deadline = (
                today - datetime.timedelta(days=10)
                if state == "late"
                else datetime.date(year, 12, 31)
            )
            task = assign_task(
                user=officer,
                organizations=[committee],
                title=title,
                category=category,
                year=year,
                deadline=deadline,
            )[0]
            if state:
                progress = {"completed": 100, "on_track": 70, "at_risk": 40, "late": 20}[state]
                _assess(admin, task, month, state, progress)
        if number == 0:
            assign_task(
                user=admin,
                organizations=[committee],
                committee=committee,
                title="Mô hình “Dân vận khéo” trong xây dựng nông thôn mới",
                category="breakthrough_model",
                year=year,
                deadline=datetime.date(year, 12, 31),
            )
    cell = builder.bithu1_cell
    assign_task(
        user=builder.users["bithu1"],
        organizations=[cell],
        title="Mô hình chi bộ “bốn tốt” của thôn",
        category="breakthrough_model",
        year=year,
        deadline=datetime.date(year, 12, 31),
    )

    committee = Organization.objects.get(path=cell.path[: -cell.steplen])
    start = max(committee.valid_from, today - datetime.timedelta(days=75))
    first = record_inspection(
        user=admin,
        inspecting_body=root,
        organization=committee,
        start_date=start,
        end_date=start + datetime.timedelta(days=5),
        subject="Kiểm tra việc thực hiện Chỉ thị 05-CT/TW",
        conclusion="Đảng ủy đã triển khai nghiêm túc; một số chi bộ sinh hoạt chưa đều.",
        findings=[
            "Một số chi bộ chưa đưa nội dung Chỉ thị 05 vào sinh hoạt thường kỳ",
            "Việc đăng ký làm theo Bác của một số đảng viên còn chung chung",
        ],
        remediations=[
            {
                "action": "Chỉ đạo chi bộ đưa nội dung Chỉ thị 05 vào sinh hoạt hằng tháng",
                "deadline": today - datetime.timedelta(days=20),
                "owner": "Bí thư Đảng ủy",
            },
            {
                "action": "Hướng dẫn đảng viên đăng ký việc làm cụ thể",
                "deadline": today - datetime.timedelta(days=30),
                "owner": "Ban Tuyên giáo",
            },
        ],
    )
    set_remediation_status(
        user=admin, remediation=first.remediations.order_by("deadline").first(), status="done"
    )
    second = record_inspection(
        user=admin,
        inspecting_body=committee,
        organization=cell,
        start_date=max(cell.valid_from, today - datetime.timedelta(days=40)),
        subject="Giám sát việc thực hiện kế hoạch làm theo Bác của chi bộ",
        findings=["Chưa giải quyết dứt điểm vấn đề vệ sinh môi trường"],
        remediations=[
            {
                "action": "Tổ chức ra quân vệ sinh môi trường",
                "deadline": today - datetime.timedelta(days=5),
                "owner": "Bí thư chi bộ",
            },
            {
                "action": "Rà soát chuẩn mực đạo đức",
                "deadline": today + datetime.timedelta(days=30),
            },
        ],
    )
    set_remediation_status(
        user=admin, remediation=second.remediations.order_by("-deadline").first(), status="done"
    )


def _assess(user, task, period, status, progress) -> None:
    year, kind, number = period
    assess_task(
        user=user,
        task=task,
        year=year,
        period_kind=kind,
        period=number,
        progress=progress,
        status=status,
        note="Đánh giá định kỳ",
    )
