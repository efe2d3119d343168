"""The demo's study sessions, reflection essays and cell meetings, through the services.

Last year is complete (most cells at the 12 regular / 4 thematic norm, some short of it); this
year runs up to today, with a few cells behind and bithu1's cell still without this month's
regular meeting, so ``ct05 remind`` has someone to remind from the 25th. Each monthly meeting
records dues and next month's tasks (09-HD/BTCTW); in about one cell in five, and in bithu1's,
a member misses three regular meetings a year without reason (Party Charter, art. 8).
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from ct05.meetings.services import record_meeting
from ct05.organizations.models import CELL_KINDS, Organization
from ct05.study.services import record_reflection, record_session, set_topic

TERM_TOPIC = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường "
    "và khát vọng phát triển đất nước phồn vinh, hạnh phúc"
)
YEAR_EMPHASIS = {
    0: "gắn với xây dựng Đảng, hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả",
    1: "gắn với phát huy sức mạnh đoàn kết, tự lực, tự cường ở cơ sở",
}
ABSENCE_REASONS = ["Đi công tác", "Ốm", "Việc gia đình", "Đi làm ăn xa", "Nằm viện"]
SUBJECTS_REGULAR = [
    "Sinh hoạt thường kỳ tháng {month}: đánh giá kết quả thực hiện nhiệm vụ, triển khai nhiệm vụ tháng tới",
]
DUES_PER_MEMBER = 20_000  # đồng a month, a plausible average of the dues scale
NEXT_MONTH_TASKS = [
    "Vận động nhân dân tham gia làm đường liên thôn; thu đảng phí đúng hạn.",
    "Chăm sóc, bảo vệ rừng; nắm tình hình các hộ nghèo trong thôn.",
    "Tuyên truyền bỏ hủ tục trong việc cưới, việc tang; chuẩn bị sinh hoạt chuyên đề.",
    "Đôn đốc đảng viên thực hiện việc làm theo Bác đã đăng ký; thăm hỏi gia đình chính sách.",
]
SUBJECTS_THEMATIC = [
    "Sinh hoạt chuyên đề quý {quarter}: học tập và làm theo Bác về tự lực, tự cường",
    "Sinh hoạt chuyên đề quý {quarter}: nêu gương người tốt, việc tốt trong chi bộ",
    "Sinh hoạt chuyên đề quý {quarter}: kiểm điểm việc thực hiện bản cam kết làm theo Bác",
]


def build_study_and_meetings(builder) -> None:
    """``builder`` is the demo's DemoBuilder: its rng, users, members and organizations."""
    rng, admin, root = builder.rng, builder.admin, builder.root
    today = builder.today
    people_of: dict[int, list] = defaultdict(list)
    for member in builder.members:
        people_of[member.organization.pk].append(member.person)
    committees = [o for o in builder.organizations if o.kind == "grassroots_committee"]
    cells = [o for o in builder.organizations if o.kind in CELL_KINDS]

    for offset, year in enumerate((builder.last_year, builder.this_year)):
        set_topic(
            user=admin,
            organization=root,
            year=year,
            title=f"{TERM_TOPIC} ({YEAR_EMPHASIS[offset]})",
        )
        complete = year < today.year
        # A dissemination conference per grassroots committee in March, with its subtree.
        for committee in committees:
            day = datetime.date(year, 3, rng.randint(5, 20))
            if day > today:
                continue
            subtree = Organization.objects.filter(path__startswith=committee.path)
            people = [p for o in subtree for p in people_of.get(o.pk, [])]
            attendance = [
                {
                    "person": p.pk,
                    "present": rng.random() < 0.92,
                    "absence_reason": rng.choice(ABSENCE_REASONS),
                }
                for p in people
            ]
            session = record_session(
                user=admin,
                organization=committee,
                date=day,
                kind="dissemination",
                title=f"Hội nghị quán triệt chuyên đề năm {year}",
                location=f"Hội trường {committee.name.removeprefix('Đảng bộ ')}",
                attendance=attendance,
            )
            share = 0.93 if complete else 0.7
            for row in attendance:
                if row["present"] and rng.random() < share:
                    record_reflection(
                        user=admin,
                        session=session,
                        person=_person(people, row["person"]),
                        received=True,
                        received_at=day + datetime.timedelta(days=rng.randint(7, 30)),
                        grade=rng.choices(["excellent", "good", "pass"], weights=[20, 60, 20])[0],
                    )
        for cell in cells:
            _cell_meetings(builder, cell, people_of.get(cell.pk, []), year)


def _person(people, pk):
    return next(p for p in people if p.pk == pk)


def _absentee(builder, cell: Organization, people, year: int):
    """A member absent without reason from three regular meetings of the year (Party Charter,
    art. 8), in about one cell in five and always in bithu1's: (person, months) or None.

    Drawn from a generator of its own, so the rest of the demo stays as it was."""
    picker = random.Random(f"absent:{cell.name}:{year}")
    chosen = picker.random() < 0.2 or cell.pk == builder.bithu1_cell.pk
    today = builder.today
    months = [
        m
        for m in range(1, 13)
        if datetime.date(year, m, 12) <= today and (year, m) != (today.year, today.month)
    ]
    if not chosen or len(people) < 3 or len(months) < 4:
        return None
    return picker.choice(people[1:]), set(picker.sample(months, 3))


def _cell_meetings(builder, cell: Organization, people, year: int) -> None:
    rng, today = builder.rng, builder.today
    user = builder.secretary_users.get(cell.pk, builder.admin)
    absentee = _absentee(builder, cell, people, year)
    # About one cell in five falls short of the regular norm, one in four of the thematic one.
    skipped_months = (
        set(rng.sample(range(1, 13), rng.randint(1, 3))) if rng.random() < 0.2 else set()
    )
    thematic_quarters = [1, 2, 3, 4] if rng.random() >= 0.25 else rng.sample([1, 2, 3, 4], 3)
    for month in range(1, 13):
        if month in skipped_months:
            continue
        day = datetime.date(year, month, rng.randint(3, 12))
        if cell.pk == builder.bithu1_cell.pk and (year, month) == (today.year, today.month):
            continue  # bithu1's cell has not met yet this month: the reminder's case
        if day > today or day < cell.valid_from:
            continue
        attendance = _attendance(rng, people)
        if absentee and month in absentee[1]:
            _absent_without_reason(attendance, absentee[0])
        record_meeting(
            user=user,
            organization=cell,
            date=day,
            kind="regular",
            directive05=rng.random() < 0.4,
            subject=SUBJECTS_REGULAR[0].format(month=month),
            minutes="Chi bộ đánh giá việc thực hiện nghị quyết tháng, nghe báo cáo tiến độ "
            "việc làm theo Bác của đảng viên, thống nhất nhiệm vụ tháng tới.",
            attendance=attendance,
            # 09-HD/BTCTW: dues collected at the monthly meeting, next month's tasks set.
            dues_collected=True,
            dues_amount=DUES_PER_MEMBER * len(people),
            next_month_tasks=NEXT_MONTH_TASKS[month % len(NEXT_MONTH_TASKS)],
        )
    for quarter in thematic_quarters:
        day = datetime.date(year, quarter * 3, rng.randint(15, 24))
        if day > today or day < cell.valid_from:
            continue
        record_meeting(
            user=user,
            organization=cell,
            date=day,
            kind="thematic",
            directive05=True,
            subject=rng.choice(SUBJECTS_THEMATIC).format(quarter=quarter),
            attendance=_attendance(rng, people),
        )


def _absent_without_reason(attendance: list[dict], person) -> None:
    for row in attendance:
        if row["person"] == person.pk:
            row.update(present=False, absence_reason="")


def _attendance(rng, people) -> list[dict]:
    rows = []
    for person in people:
        present = rng.random() < 0.9
        rows.append(
            {
                "person": person.pk,
                "present": present,
                "absence_reason": "" if present else rng.choice(ABSENCE_REASONS),
            }
        )
    return rows
