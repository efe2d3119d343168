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

DIRECTIVE = "Chỉ thị 05-CT/TW"


def number(value) -> str:
    """15486 -> "15.486" (Vietnamese grouping), whatever the active locale."""
    if value is None:
        return "—"
    return f"{int(value):,}".replace(",", ".")


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


NARRATIVE: dict[str, Drafter] = {}


def drafter(section: str, heading: str, columns: tuple[Column, ...] = ()):
    """Register ``function(figures, report) -> [paragraph, …]`` as the narrative of ``section``.

    ``columns``: the figures the section's table shows per child organization (none: no table).
    """

    def register(function):
        NARRATIVE[section] = Drafter(section, heading, function, columns)
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
    topic, sessions = figures.get("topic"), figures["sessions"]
    paragraphs = []
    if topic:
        paragraphs.append(f"Chuyên đề năm {report['year']}: “{topic}”.")
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
    if members_rated:
        paragraphs.append(
            f"Về đảng viên: có {_levels(members, 'đảng viên')}; "
            f"{number(members['unrated'])} đảng viên chưa được xếp loại."
        )
    if organizations_rated:
        paragraphs.append(
            f"Về tổ chức đảng: có {_levels(organizations, 'tổ chức đảng')}; "
            f"{number(organizations['unrated'])} tổ chức đảng chưa được xếp loại."
        )
    return paragraphs


# ---- drafting and checking -------------------------------------------------------------------


def drafted_sections(report: dict) -> list[tuple[Drafter, list[str]]]:
    """(drafter, paragraphs) of every registered section the report has, in the registry's
    order; sections the report lacks are skipped."""
    return [(d, d.draft(report[name], report)) for name, d in NARRATIVE.items() if name in report]


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
