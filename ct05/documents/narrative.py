"""The drafted narrative of the Directive 05 report: Vietnamese sentences written from the figures.

One function per report section, registered under the section's name in :data:`NARRATIVE`
(``@drafter("commitments", …)``). A function takes the section's figures for the whole subtree
(``report[name]``) and the whole report, and returns the paragraphs of its part of the document;
a section without data says so in one sentence instead of printing zeros. A section the report
does not have is skipped, so a new report section needs one function here and nothing else.

The text is the document's, not the page's: a Party report is written in Vietnamese whatever
language the reader's screen is in, so the sentences are Vietnamese here (as reference data is),
and numbers are always in the Vietnamese form (15.486; 99,8%; 11/13), whatever the active locale.

Sections that need judgement ("Hạn chế, nguyên nhân", "Phương hướng, nhiệm vụ") are not drafted:
:data:`JUDGEMENT` gives their headings and the prompt shown in the empty paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from ct05.reports.community_labels import labels as community_labels

DIRECTIVE = "Chỉ thị 05-CT/TW"


def number(value) -> str:
    """15486 -> "15.486", 165.2 -> "165,2", 16.0 -> "16" (Vietnamese grouping and decimal
    comma, as many decimal places as the figure has), whatever the active locale."""
    if value is None:
        return "—"
    quantity = Decimal(str(value))
    if quantity == quantity.to_integral_value():
        return f"{int(quantity):,}".replace(",", ".")
    whole, _point, decimals = f"{quantity.normalize():f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.removeprefix('-')):,}".replace(",", ".") + f",{decimals}"


def percent(value) -> str:
    """99.8 -> "99,8%", 100.0 -> "100%"; ``None`` (no denominator) -> "—"."""
    if value is None:
        return "—"
    text = f"{float(value):.1f}".replace(".", ",")
    return f"{text.removesuffix(',0')}%"


def fraction(part, whole) -> str:
    """11, 13 -> "11/13", the register of such reports for "so many of so many"."""
    return f"{number(part)}/{number(whole)}"


@dataclass(frozen=True)
class Column:
    """A column of a section's table: the figure's path in the section's dict (``members.good``)
    and how it is shown (``number`` or ``percent``)."""

    path: str
    label: str
    kind: str = "number"


@dataclass(frozen=True)
class Drafter:
    section: str
    heading: str
    draft: Callable[[dict, dict], list[str]]
    columns: tuple[Column, ...] = field(default=())
    names: bool = False


NARRATIVE: dict[str, Drafter] = {}


def drafter(section: str, heading: str, columns: tuple[Column, ...] = (), *, names=False):
    """Register ``function(figures, report) -> [paragraph, …]`` as the narrative of ``section``.

    ``columns``: the figures the section's table shows per child organization (none: no table).
    ``names``: the section names codes of reference lists (types of model, forms of award,
    units): the report it is given carries them under ``REFERENCE_NAMES``.
    """

    def register(function):
        NARRATIVE[section] = Drafter(section, heading, function, columns, names)
        return function

    return register


@dataclass(frozen=True)
class Judgement:
    key: str
    heading: str
    prompt: str


JUDGEMENT = (
    Judgement(
        "limitations",
        "HẠN CHẾ, NGUYÊN NHÂN",
        "Nêu những hạn chế, khuyết điểm trong việc thực hiện Chỉ thị 05-CT/TW trong kỳ và "
        "nguyên nhân (khách quan, chủ quan).",
    ),
    Judgement(
        "tasks_ahead",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
        "Nêu phương hướng, nhiệm vụ và giải pháp trọng tâm thực hiện Chỉ thị 05-CT/TW trong kỳ "
        "tới.",
    ),
    Judgement(
        "proposals",
        "ĐỀ XUẤT, KIẾN NGHỊ",
        "Nêu đề xuất, kiến nghị với cấp trên (nếu có).",
    ),
)
RESULTS_HEADING = "KẾT QUẢ THỰC HIỆN"
# The key under which a report given to the drafters carries the reference lists' names.
REFERENCE_NAMES = "reference_names"


# ---- the sections of today's report ---------------------------------------------------------


@drafter(
    "study",
    "Học tập, quán triệt chuyên đề",
    (
        Column("sessions", "Buổi học tập"),
        Column("attendances", "Lượt tham gia"),
        Column("reflections", "Bài thu hoạch"),
        Column("reflected_pct", "Tỷ lệ thu hoạch", "percent"),
    ),
)
def study(figures: dict, report: dict) -> list[str]:
    topics, sessions = figures.get("topics") or [], figures["sessions"]
    paragraphs = []
    if len(topics) > 1:  # a period of several years: each year's topic
        named = "; ".join(f"năm {t['year']} “{t['title']}”" for t in topics)
        paragraphs.append(f"Chuyên đề các năm: {named}.")
    elif topics:
        paragraphs.append(f"Chuyên đề năm {topics[0]['year']}: “{topics[0]['title']}”.")
    if not sessions:
        paragraphs.append("Chưa ghi nhận buổi học tập, quán triệt chuyên đề nào trong kỳ.")
        return paragraphs
    sentence = (
        f"Các cấp ủy, tổ chức đảng đã tổ chức {number(sessions)} buổi học tập, quán triệt "
        f"chuyên đề với {number(figures['attendances'])} lượt cán bộ, đảng viên tham gia"
    )
    if figures["reflections"]:
        sentence += (
            f"; {number(figures['reflections'])} bài thu hoạch đã được nộp, bằng "
            f"{percent(figures['reflected_pct'])} số lượt tham gia"
        )
    else:
        sentence += "; chưa nhận được bài thu hoạch nào"
    paragraphs.append(sentence + ".")
    return paragraphs


@drafter(
    "commitments",
    "Xây dựng bản cam kết và đăng ký việc làm theo Bác",
    (
        Column("people", "Đảng viên"),
        Column("committed", "Bản cam kết"),
        Column("committed_pct", "Tỷ lệ cam kết", "percent"),
        Column("deeds_registered", "Việc làm đăng ký"),
        Column("deeds_achieved", "Việc làm đạt"),
    ),
)
def commitments(figures: dict, report: dict) -> list[str]:
    committed = figures["committed"]
    if not committed:
        return ["Chưa có bản cam kết nào được ghi nhận trong kỳ."]
    paragraphs = [
        f"Có {number(committed)} lượt cán bộ, đảng viên xây dựng bản cam kết tu dưỡng, rèn "
        f"luyện, phấn đấu học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, đạt "
        f"{percent(figures['committed_pct'])} trên tổng số {number(figures['people'])} đảng viên."
    ]
    if figures["deeds_registered"]:
        sentence = f"Đã đăng ký {number(figures['deeds_registered'])} việc làm cụ thể"
        if figures["deeds_evaluated"]:
            sentence += (
                f"; {number(figures['deeds_evaluated'])} việc làm đã được đánh giá, trong đó "
                f"{number(figures['deeds_achieved'])} việc làm đạt kết quả"
            )
        paragraphs.append(sentence + ".")
    paragraphs.append(
        f"{fraction(figures['meeting_minimum'], committed)} bản cam kết có đủ số việc làm tối "
        "thiểu theo quy định."
    )
    return paragraphs


@drafter(
    "meetings",
    "Sinh hoạt chi bộ",
    (
        Column("cells", "Chi bộ"),
        Column("regular", "SH thường kỳ"),
        Column("thematic", "SH chuyên đề"),
        Column("cells_regular_norm", "Chi bộ đủ SH thường kỳ"),
        Column("regular_norm_pct", "Tỷ lệ", "percent"),
    ),
)
def meetings(figures: dict, report: dict) -> list[str]:
    cells = figures["cells"]
    if not cells:
        return ["Trong phạm vi báo cáo không có chi bộ."]
    if not figures["regular"] and not figures["thematic"]:
        return ["Chưa ghi nhận cuộc sinh hoạt chi bộ nào trong kỳ."]
    paragraphs = [
        f"Các chi bộ đã tổ chức {number(figures['regular'])} cuộc sinh hoạt thường kỳ và "
        f"{number(figures['thematic'])} cuộc sinh hoạt chuyên đề; "
        f"{number(figures['with_directive05'])} cuộc sinh hoạt có nội dung học tập và làm theo "
        f"Bác theo {DIRECTIVE}."
    ]
    if figures["regular_norm_pct"] is not None:
        paragraphs.append(
            f"{percent(figures['regular_norm_pct'])} chi bộ "
            f"({fraction(figures['cells_regular_norm'], cells)}) tổ chức sinh hoạt thường kỳ "
            f"đủ định mức; {percent(figures['thematic_norm_pct'])} chi bộ "
            f"({fraction(figures['cells_thematic_norm'], cells)}) sinh hoạt chuyên đề đủ định "
            "mức."
        )
    return paragraphs


LEVEL_PHRASES = (
    ("excellent", "hoàn thành xuất sắc nhiệm vụ"),
    ("good", "hoàn thành tốt nhiệm vụ"),
    ("complete", "hoàn thành nhiệm vụ"),
    ("not_complete", "không hoàn thành nhiệm vụ"),
)


def _levels(counts: dict, noun: str) -> str:
    parts = [f"{number(counts[level])} {noun} {phrase}" for level, phrase in LEVEL_PHRASES]
    return ", ".join(parts)


@drafter(
    "ratings",
    "Đánh giá, xếp loại chất lượng",
    (
        Column("members.excellent", "Xuất sắc"),
        Column("members.good", "Tốt"),
        Column("members.complete", "Hoàn thành"),
        Column("members.not_complete", "Không hoàn thành"),
        Column("members.unrated", "Chưa xếp loại"),
    ),
)
def ratings(figures: dict, report: dict) -> list[str]:
    members, organizations = figures["members"], figures["organizations"]
    members_rated = any(members[level] for level, _phrase in LEVEL_PHRASES)
    organizations_rated = any(organizations[level] for level, _phrase in LEVEL_PHRASES)
    if not members_rated and not organizations_rated:
        return ["Chưa có kết quả đánh giá, xếp loại chất lượng được quyết định trong kỳ."]
    paragraphs = []
    for counts, rated, noun, heading in (
        (members, members_rated, "đảng viên", "Về đảng viên"),
        (organizations, organizations_rated, "tổ chức đảng", "Về tổ chức đảng"),
    ):
        if not rated:
            continue
        sentence = f"{heading}: có {_levels(counts, noun)}"
        if counts["unrated"]:
            sentence += f"; {number(counts['unrated'])} {noun} chưa được xếp loại"
        paragraphs.append(sentence + ".")
    return paragraphs


# ---- the registers that close the report: plans, tasks, oversight, the people ----------------


def _listing(items: list[str], last: str = " và ") -> str:
    """["a", "b", "c"] -> "a, b và c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + last + items[-1]


def _name(report: dict, kind: str, code: str) -> str:
    """The reference list's name of ``code`` (``kind``: types, forms, units), or the code."""
    for entry in report.get(REFERENCE_NAMES, {}).get(kind, ()):
        if entry.code == code:
            return entry.name
    return code


def _symbol(report: dict, code: str) -> str:
    for entry in report.get(REFERENCE_NAMES, {}).get("units", ()):
        if entry.code == code:
            return entry.symbol
    return ""


@drafter(
    "plans",
    "Xây dựng kế hoạch làm theo Bác của tập thể và chuẩn mực đạo đức",
    (
        Column("organizations", "Tổ chức đảng"),
        Column("with_plan", "Có kế hoạch làm theo Bác"),
        Column("with_ethics_code", "Có chuẩn mực đạo đức"),
        Column("pressing_issues", "Vấn đề bức xúc"),
        Column("pressing_resolved", "Đã giải quyết"),
    ),
)
def plans(figures: dict, report: dict) -> list[str]:
    organizations = figures["organizations"]
    with_plan, with_code = figures["with_plan"], figures["with_ethics_code"]
    if not organizations:
        return ["Trong phạm vi báo cáo không có tổ chức đảng."]
    if not with_plan and not with_code and not figures["pressing_issues"]:
        return [
            "Chưa có tổ chức đảng nào xây dựng kế hoạch làm theo Bác của tập thể hoặc chuẩn "
            "mực đạo đức trong kỳ."
        ]
    clauses = [
        f"{fraction(with_plan, organizations)} tổ chức đảng đã xây dựng kế hoạch học tập và "
        "làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh của tập thể"
        if with_plan
        else "chưa có tổ chức đảng nào xây dựng kế hoạch làm theo Bác của tập thể",
        f"{fraction(with_code, organizations)} tổ chức đảng đã xây dựng, ban hành chuẩn mực đạo đức"
        if with_code
        else "chưa có tổ chức đảng nào ban hành chuẩn mực đạo đức",
    ]
    paragraphs = [_capitalized("; ".join(clauses)) + "."]
    issues = figures["pressing_issues"]
    if issues:
        resolved = figures["pressing_resolved"]
        sentence = (
            f"Các kế hoạch xác định {number(issues)} vấn đề bức xúc, nổi cộm cần tập trung "
            "giải quyết; "
        )
        if resolved:
            sentence += f"đã giải quyết dứt điểm {fraction(resolved, issues)} vấn đề."
        else:
            sentence += "chưa có vấn đề nào được giải quyết dứt điểm."
        paragraphs.append(sentence)
    return paragraphs


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


TASK_CATEGORIES = (
    ("breakthrough", "nội dung đột phá", "đã hoàn thành"),
    ("focal", "nội dung trọng tâm", "đã hoàn thành"),
    ("urgent", "công việc cấp bách", "đã hoàn thành"),
    ("main_solution", "nhiệm vụ, giải pháp chủ yếu", "đã hoàn thành"),
    ("breakthrough_model", "mô hình đột phá", "đã hoàn thành xây dựng"),
)


@drafter(
    "tasks",
    "Thực hiện nội dung đột phá, công việc cấp bách",
    (
        Column("breakthrough.total", "Nội dung đột phá"),
        Column("breakthrough.completed", "Đột phá đã hoàn thành"),
        Column("urgent.total", "Công việc cấp bách"),
        Column("urgent.completed", "Cấp bách đã hoàn thành"),
        Column("urgent.overdue", "Cấp bách quá hạn"),
    ),
)
def tasks(figures: dict, report: dict) -> list[str]:
    done, late = [], []
    for category, noun, completed in TASK_CATEGORIES:
        counts = figures.get(category)
        if not counts or not counts["total"]:
            continue
        if counts["completed"]:
            done.append(f"{fraction(counts['completed'], counts['total'])} {noun} {completed}")
        else:
            done.append(
                f"chưa có {noun} nào {completed.removeprefix('đã ')} (0/{number(counts['total'])})"
            )
        if counts["overdue"]:
            late.append(f"{number(counts['overdue'])} {noun}")
    if not done:
        return [
            "Chưa có nội dung đột phá, công việc cấp bách, nhiệm vụ, giải pháp nào được giao "
            "thực hiện trong kỳ."
        ]
    paragraphs = ["Kết quả: " + "; ".join(done) + "."]
    if late:
        paragraphs.append("Còn " + "; ".join(late) + " đã quá hạn nhưng chưa hoàn thành.")
    return paragraphs


@drafter(
    "inspections",
    "Kiểm tra, giám sát",
    (
        Column("count", "Cuộc kiểm tra, giám sát"),
        Column("organizations_inspected", "Tổ chức được kiểm tra"),
        Column("findings", "Hạn chế phát hiện"),
        Column("remediated", "Đã khắc phục"),
        Column("overdue", "Quá hạn khắc phục"),
    ),
)
def inspections(figures: dict, report: dict) -> list[str]:
    count = figures["count"]
    if not count:
        return ["Chưa tiến hành cuộc kiểm tra, giám sát nào trong kỳ."]
    sentence = (
        f"Tổ chức {number(count)} cuộc kiểm tra, giám sát tại "
        f"{number(figures['organizations_inspected'])} tổ chức đảng"
    )
    findings, remediations = figures["findings"], figures["remediations"]
    if findings:
        sentence += f"; phát hiện {number(findings)} hạn chế, tồn tại"
    else:
        sentence += "; chưa phát hiện hạn chế, tồn tại"
    if remediations:
        sentence += (
            f"; yêu cầu khắc phục {number(remediations)} nội dung, đã khắc phục xong "
            f"{fraction(figures['remediated'], remediations)}"
        )
    paragraphs = [sentence + "."]
    if figures["overdue"]:
        paragraphs.append(
            f"Còn {number(figures['overdue'])} nội dung khắc phục đã quá hạn nhưng chưa hoàn thành."
        )
    return paragraphs


def _model_type(report: dict, code: str, count) -> str:
    """394 mô hình “Dân vận khéo”; 12 mô hình sản xuất (a type already named a model)."""
    name = _name(report, "types", code)
    if name.lower().startswith("mô hình"):
        return f"{number(count)} {name[:1].lower()}{name[1:]}"
    return f"{number(count)} mô hình “{name}”"


@drafter(
    "models",
    "Xây dựng, nhân rộng mô hình, điển hình",
    (
        Column("registered", "Đăng ký"),
        Column("collectives", "Tập thể"),
        Column("individuals", "Cá nhân"),
        Column("recognized", "Được công nhận"),
    ),
    names=True,
)
def models(figures: dict, report: dict) -> list[str]:
    registered, recognized = figures["registered"], figures["recognized"]
    if not registered and not recognized:
        return [
            "Chưa có mô hình, điển hình học tập và làm theo Bác nào được đăng ký hoặc công "
            "nhận trong kỳ."
        ]
    paragraphs = []
    if registered:
        holders = [
            f"{number(n)} {noun}"
            for noun, n in (
                ("tập thể", figures["collectives"]),
                ("cá nhân", figures["individuals"]),
            )
            if n
        ]
        paragraphs.append(
            f"Có {number(registered)} mô hình, điển hình học tập và làm theo Bác được đăng ký "
            f"xây dựng, trong đó {', '.join(holders)} đăng ký mô hình."
        )
        by_type = [
            _model_type(report, code, counts["registered"])
            for code, counts in figures.get("by_type", {}).items()
            if counts["registered"]
        ]
        if by_type:
            paragraphs.append(f"Theo loại mô hình: {_listing(by_type)}.")
    if recognized:
        paragraphs.append(f"{number(recognized)} mô hình, điển hình đã được công nhận trong kỳ.")
    return paragraphs


ISSUER_LEVELS = (
    ("central", "cấp Trung ương"),
    ("province", "cấp tỉnh"),
    ("district", "cấp huyện"),
)


@drafter(
    "awards",
    "Khen thưởng",
    (
        Column("total", "Khen thưởng"),
        Column("collectives", "Tập thể"),
        Column("individuals", "Cá nhân"),
    ),
    names=True,
)
def awards(figures: dict, report: dict) -> list[str]:
    if not figures["total"]:
        return ["Chưa có tập thể, cá nhân nào được khen thưởng trong kỳ."]
    recipients = [
        f"{number(n)} {noun}"
        for noun, n in (("tập thể", figures["collectives"]), ("cá nhân", figures["individuals"]))
        if n
    ]
    sentence = (
        f"Có {' và '.join(recipients)} được khen thưởng vì có thành tích trong học tập và làm "
        "theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    )
    forms = [
        f"{number(n)} {_name(report, 'forms', code)}"
        for code, n in figures.get("by_form", {}).items()
        if n
    ]
    if forms:
        sentence += f", gồm {_listing(forms)}"
    paragraphs = [sentence + "."]
    levels = figures.get("by_issuer_level", {})
    by_level = [
        f"{phrase} {number(levels[level])} trường hợp"
        for level, phrase in ISSUER_LEVELS
        if levels.get(level)
    ]
    if by_level:
        paragraphs.append(f"Theo cấp khen thưởng: {', '.join(by_level)}.")
    return paragraphs


# What one unit of output reads like in a report, by the unit's code (its reference list ships
# these codes); a unit a province adds reads "<its name> <quantity> <its symbol>".
OUTPUT_PHRASES = {
    "terrace_ha": "khai hoang {} ha ruộng bậc thang",
    "road_repaired_km": "tu sửa {} km đường giao thông",
    "road_concreted_km": "bê tông hóa {} km đường giao thông",
    "lighting_km": "lắp đặt {} km đường điện chiếu sáng",
    "vnd": "đóng góp {} đồng",
    "workdays": "huy động {} ngày công",
    "people_reached": "tuyên truyền cho {} lượt người",
    "houses_built": "xây dựng, sửa chữa {} nhà",
}


def _output(report: dict, code: str, quantity) -> str:
    phrase = OUTPUT_PHRASES.get(code)
    if phrase:
        return phrase.format(number(quantity))
    name = _name(report, "units", code)
    text = f"{name[:1].lower()}{name[1:]} {number(quantity)} {_symbol(report, code)}"
    return text.strip()


@drafter(
    "activities",
    "Các hoạt động cùng nhân dân",
    (
        Column("count", "Hoạt động"),
        Column("cadre_turns", "Lượt cán bộ"),
        Column("resident_turns", "Lượt người dân"),
    ),
    names=True,
)
def activities(figures: dict, report: dict) -> list[str]:
    count = figures["count"]
    if not count:
        return [
            "Chưa ghi nhận hoạt động cùng nhân dân nào (như “Ngày cuối tuần cùng dân”, “Dân "
            "vận khéo”) trong kỳ."
        ]
    turns = [
        f"{number(n)} {noun}"
        for noun, n in (
            ("lượt cán bộ", figures["cadre_turns"]),
            ("lượt người dân", figures["resident_turns"]),
        )
        if n
    ]
    sentence = (
        f"Các cấp ủy, đoàn thể đã tổ chức {number(count)} hoạt động hướng về cơ sở, cùng làm "
        "với nhân dân"
    )
    if turns:
        sentence += f", với {', '.join(turns)} tham gia"
    paragraphs = [sentence + "."]
    outputs = [
        _output(report, code, quantity)
        for code, quantity in figures.get("outputs", {}).items()
        if quantity
    ]
    if outputs:
        paragraphs.append(f"Kết quả: {'; '.join(outputs)}.")
    return paragraphs


@drafter(
    "dialogues",
    "Đối thoại với nhân dân",
    (Column("count", "Hội nghị đối thoại"), Column("participants", "Lượt người tham dự")),
)
def dialogues(figures: dict, report: dict) -> list[str]:
    count = figures["count"]
    if not count:
        return ["Chưa tổ chức hội nghị đối thoại nào với nhân dân trong kỳ."]
    sentence = f"Tổ chức {number(count)} hội nghị đối thoại với nhân dân"
    if figures["participants"]:
        sentence += f", với {number(figures['participants'])} lượt người tham dự"
    return [sentence + "."]


@drafter(
    "petitions",
    "Tiếp nhận, giải quyết kiến nghị của nhân dân",
    (
        Column("received", "Kiến nghị tiếp nhận"),
        Column("resolved", "Đã giải quyết"),
        Column("overdue", "Quá hạn"),
    ),
)
def petitions(figures: dict, report: dict) -> list[str]:
    received, resolved, overdue = figures["received"], figures["resolved"], figures["overdue"]
    if not received and not resolved and not overdue:
        return ["Chưa ghi nhận kiến nghị nào của nhân dân trong kỳ."]
    clauses = []
    if received:
        clauses.append(f"tiếp nhận {number(received)} kiến nghị của nhân dân")
    if resolved:
        clauses.append(f"đã giải quyết xong {number(resolved)} kiến nghị")
    paragraphs = [_capitalized("; ".join(clauses)) + "."] if clauses else []
    if overdue:
        paragraphs.append(f"Còn {number(overdue)} kiến nghị quá hạn chưa được giải quyết.")
    return paragraphs


@drafter(
    "indicators",
    "Thực hiện chỉ tiêu kinh tế - xã hội, xây dựng nông thôn mới",
    (
        Column("targets", "Chỉ tiêu"),
        Column("achieved", "Chỉ tiêu đạt"),
        Column("communes", "Xã đánh giá nông thôn mới"),
        Column("criteria_met_avg", "Tiêu chí đạt (bình quân)"),
    ),
)
def indicators(figures: dict, report: dict) -> list[str]:
    targets, communes = figures["targets"], figures["communes"]
    if not targets and not communes:
        return ["Chưa có số liệu chỉ tiêu kinh tế - xã hội, tiêu chí nông thôn mới trong kỳ."]
    paragraphs = []
    if targets:
        achieved = figures["achieved"]
        if achieved:
            paragraphs.append(
                f"{fraction(achieved, targets)} chỉ tiêu kinh tế - xã hội đạt và vượt kế hoạch."
            )
        else:
            paragraphs.append(
                f"Chưa có chỉ tiêu kinh tế - xã hội nào đạt kế hoạch (0/{number(targets)} chỉ "
                "tiêu)."
            )
    if communes and figures["criteria_met_avg"] is not None:
        criteria = figures.get("criteria")
        met = number(figures["criteria_met_avg"])
        met = f"{met}/{number(criteria)}" if criteria else met
        if communes == 1:
            paragraphs.append(
                f"1 xã được đánh giá tiêu chí nông thôn mới, đạt {met} tiêu chí nông thôn mới."
            )
        else:
            paragraphs.append(
                f"{number(communes)} xã được đánh giá tiêu chí nông thôn mới, bình quân mỗi xã "
                f"đạt {met} tiêu chí nông thôn mới."
            )
    return paragraphs


# ---- drafting and checking -------------------------------------------------------------------


# Where such reports put each section in "I. KẾT QUẢ THỰC HIỆN": study first, then the plans
# and commitments it leads to, the tasks, the cells' meetings, oversight, models and awards, the
# people, the targets, and the year's rating last. A section not named here follows, in the
# order it was registered.
ORDER = (
    "study",
    "commitments",
    "plans",
    "tasks",
    "meetings",
    "inspections",
    "models",
    "awards",
    "activities",
    "dialogues",
    "petitions",
    "indicators",
    "ratings",
)


def reference_names() -> dict[str, list]:
    """The names of the codes the report keys its figures by (types of model, forms of award,
    units of output): the reference lists as they are today, three small queries."""
    return community_labels()


def drafted_sections(report: dict) -> list[tuple[Drafter, list[str]]]:
    """(drafter, paragraphs) of every registered section the report has, in :data:`ORDER`;
    sections the report lacks are skipped. The reference lists' names are read once, unless
    the report carries them (``REFERENCE_NAMES``) or no section needs them."""
    ordered = sorted(
        (item for item in NARRATIVE.items() if item[0] in report),
        key=lambda item: ORDER.index(item[0]) if item[0] in ORDER else len(ORDER),
    )
    if REFERENCE_NAMES not in report and any(d.names for _name, d in ordered):
        report = {**report, REFERENCE_NAMES: reference_names()}
    return [(d, d.draft(report[name], report)) for name, d in ordered]


NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SENTENCE_END = re.compile(r"(?<=[.;!?…])\s+")


def numbers_in(text: str) -> set[str]:
    return set(NUMBER.findall(text))


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text.strip()) if s]


def mismatched_sentences(text: str, drafted: list[str]) -> list[str]:
    """The sentences of ``text`` holding a number that the section's draft from today's records
    does not hold: a figure edited into disagreement, or one the records no longer give."""
    allowed = set().union(*(numbers_in(p) for p in drafted)) if drafted else set()
    return [s for s in sentences(text) if numbers_in(s) - allowed]
