"""The content of the report document, one dict that every renderer (Word, PDF, the page) lays out.

``build_document(report, period=…, header=…, texts=…)`` puts together the Party's header
(Hướng dẫn 36-HD/VPTW), the drafted narrative (:mod:`.narrative`) with the officer's edits, a
table of figures per child organization for each section, the signature block and the
recipients. The dict is JSON: a filed report stores it as it was filed and is rendered from it
ever after, whatever the records become.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from ct05.organizations.models import Organization
from ct05.reports.periods import Period

from .narrative import (
    JUDGEMENT,
    LEVEL_PHRASES,
    NARRATIVE,
    RESULTS_HEADING,
    TASK_CATEGORIES,
    drafted_sections,
    mismatched_sentences,
    number,
    percent,
    reference_names,
)

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
KIND = "directive05"


@dataclass
class Header:
    """What the officer gives before filing; defaults from the organization for a draft."""

    issuing_body: str
    superior: str = ""
    number: str = ""
    place: str = ""
    issued_on: datetime.date = field(default_factory=datetime.date.today)
    signing_for: str = "T/M BAN THƯỜNG VỤ"
    signer_title: str = "BÍ THƯ"
    signer_name: str = ""
    recipients: str = "- Như trên,\n- Lưu Văn phòng."

    @classmethod
    def default_for(cls, organization: Organization, day: datetime.date) -> Header:
        parent = Organization.objects.get_parent(organization)
        return cls(
            issuing_body=organization.name.upper(),
            superior=parent.name.upper() if parent else "",
            place=organization.locality.name if organization.locality_id else "",
            issued_on=day,
        )


def place_and_date(place: str, day: datetime.date) -> str:
    """ "Y Tý, ngày 05 tháng 02 năm 2026": day below 10 and months 1–2 with a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text.capitalize()


def _value(figures: dict, path: str):
    for part in path.split("."):
        figures = figures[part]
    return figures


def _cell(value, kind: str) -> str:
    return percent(value) if kind == "percent" else number(value)


def _has_data(figures) -> bool:
    if isinstance(figures, dict):
        return any(_has_data(v) for k, v in figures.items() if k not in ("topic", "topics"))
    return bool(figures) and not isinstance(figures, str)


def _table(drafter, report: dict) -> dict | None:
    if not drafter.columns or not _has_data(report[drafter.section]):
        return None
    rows = []
    for child in report.get("children", []):
        name = child["organization"]["name"]
        if child["organization"].get("own"):
            name += " (trực thuộc)"
        values = [_value(child[drafter.section], c.path) for c in drafter.columns]
        if child["organization"].get("own") and not any(values):
            continue  # the root's own row with nothing in this table: no row of zeros
        rows.append(
            [name, *(_cell(v, c.kind) for v, c in zip(values, drafter.columns, strict=True))]
        )
    total = report[drafter.section]
    return {
        "columns": ["Đơn vị", *(c.label for c in drafter.columns)],
        "rows": rows,
        "total": ["Tổng cộng", *(_cell(_value(total, c.path), c.kind) for c in drafter.columns)],
    }


def build_document(
    report: dict,
    *,
    period: Period,
    header: Header,
    texts: dict[str, str] | None = None,
) -> dict:
    """The document's content. ``texts``: the officer's paragraphs by key (``commitments.0``,
    ``limitations``); a key not given keeps the drafted text. Every drafted paragraph says which
    of its sentences hold a figure today's records do not give (``flagged``)."""
    texts = texts or {}
    sections = []
    for i, (drafter, drafted) in enumerate(drafted_sections(report), start=1):
        paragraphs = []
        for j, text in enumerate(drafted):
            key = f"{drafter.section}.{j}"
            edited = texts.get(key, text)
            paragraphs.append(
                {
                    "key": key,
                    "text": edited,
                    "drafted": text,
                    "flagged": mismatched_sentences(edited, drafted),
                }
            )
        sections.append(
            {
                "name": drafter.section,
                "heading": f"{i}. {drafter.heading}",
                "paragraphs": paragraphs,
                "table": _table(drafter, report),
            }
        )
    parts = [{"heading": f"{ROMAN[0]}. {RESULTS_HEADING}", "sections": sections}]
    for i, judgement in enumerate(JUDGEMENT, start=1):
        text = texts.get(judgement.key, "")
        parts.append(
            {
                "heading": f"{ROMAN[i]}. {judgement.heading}",
                "sections": [
                    {
                        "name": judgement.key,
                        "heading": "",
                        "paragraphs": [
                            {
                                "key": judgement.key,
                                "text": text,
                                "prompt": judgement.prompt,
                                "flagged": [],
                            }
                        ],
                        "table": None,
                    }
                ],
            }
        )
    number_line = f"Số {header.number}" if header.number else "Số …-BC/…"
    return {
        "kind": KIND,
        "organization": report["organization"],
        "period": {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "label": period.label,
        },
        "superior": header.superior,
        "issuing_body": header.issuing_body,
        "number": number_line,
        "party": PARTY,
        "place_date": place_and_date(header.place, header.issued_on),
        "title": "BÁO CÁO",
        "summary": f"Kết quả thực hiện {NARRATIVE_TITLE} {period.label}",
        "parts": parts,
        "signing_for": header.signing_for,
        "signer_title": header.signer_title,
        "signer_name": header.signer_name,
        "recipients": [line for line in header.recipients.splitlines() if line.strip()],
        "header": {**asdict(header), "issued_on": header.issued_on.isoformat()},
    }


NARRATIVE_TITLE = "Chỉ thị 05-CT/TW của Bộ Chính trị"


def flagged_sentences(document: dict) -> list[tuple[str, str]]:
    """(paragraph key, sentence) of every sentence whose figures the records do not give."""
    return [
        (paragraph["key"], sentence)
        for part in document["parts"]
        for section in part["sections"]
        for paragraph in section["paragraphs"]
        for sentence in paragraph["flagged"]
    ]


def editable_paragraphs(document: dict) -> list[dict]:
    return [p for part in document["parts"] for s in part["sections"] for p in s["paragraphs"]]


# ---- what changed since a filed report ------------------------------------------------------

FIGURE_LABELS = {
    "commitments.people": "Đảng viên",
    "commitments.committed": "Bản cam kết",
    "commitments.committed_pct": "Tỷ lệ đảng viên có bản cam kết",
    "commitments.deeds_registered": "Việc làm đăng ký",
    "commitments.deeds_evaluated": "Việc làm đã đánh giá",
    "commitments.deeds_achieved": "Việc làm đạt",
    "commitments.meeting_minimum": "Bản cam kết đủ số việc làm tối thiểu",
    "study.sessions": "Buổi học tập chuyên đề",
    "study.attendances": "Lượt tham gia học tập",
    "study.reflections": "Bài thu hoạch",
    "meetings.regular": "Cuộc sinh hoạt thường kỳ",
    "meetings.thematic": "Cuộc sinh hoạt chuyên đề",
    "meetings.with_directive05": "Cuộc sinh hoạt có nội dung Chỉ thị 05",
    "meetings.cells_regular_norm": "Chi bộ đủ định mức sinh hoạt thường kỳ",
    "meetings.cells_thematic_norm": "Chi bộ đủ định mức sinh hoạt chuyên đề",
}
for _group, _noun in (("members", "Đảng viên"), ("organizations", "Tổ chức đảng")):
    for _level, _phrase in (*LEVEL_PHRASES, ("unrated", "chưa được xếp loại")):
        FIGURE_LABELS[f"ratings.{_group}.{_level}"] = f"{_noun} {_phrase}"
# The registers' figures: {section: {figure: label}}; nested figures keyed by a code (a task's
# category, a type of model, a form of award, an issuer's level, a unit of output) are named
# from the code (``figure_label``).
REGISTER_LABELS = {
    "plans": {
        "organizations": "Tổ chức đảng",
        "with_plan": "Tổ chức có kế hoạch làm theo Bác",
        "with_ethics_code": "Tổ chức có chuẩn mực đạo đức",
        "pressing_issues": "Vấn đề bức xúc, nổi cộm",
        "pressing_resolved": "Vấn đề bức xúc, nổi cộm đã giải quyết",
    },
    "inspections": {
        "count": "Cuộc kiểm tra, giám sát",
        "organizations_inspected": "Tổ chức được kiểm tra, giám sát",
        "findings": "Hạn chế, tồn tại được chỉ ra",
        "remediations": "Nội dung yêu cầu khắc phục",
        "remediated": "Nội dung đã khắc phục",
        "overdue": "Nội dung khắc phục quá hạn",
    },
    "models": {
        "registered": "Mô hình, điển hình đăng ký",
        "recognized": "Mô hình, điển hình được công nhận",
        "collectives": "Tập thể đăng ký mô hình",
        "individuals": "Cá nhân đăng ký mô hình",
    },
    "awards": {
        "total": "Trường hợp được khen thưởng",
        "collectives": "Tập thể được khen thưởng",
        "individuals": "Cá nhân được khen thưởng",
    },
    "activities": {
        "count": "Hoạt động vì cộng đồng",
        "cadre_turns": "Lượt cán bộ tham gia",
        "resident_turns": "Lượt người dân tham gia",
    },
    "dialogues": {"count": "Hội nghị đối thoại", "participants": "Lượt người dự đối thoại"},
    "petitions": {
        "received": "Kiến nghị tiếp nhận",
        "resolved": "Kiến nghị đã giải quyết",
        "overdue": "Kiến nghị quá hạn",
    },
    "indicators": {
        "targets": "Chỉ tiêu kinh tế - xã hội",
        "achieved": "Chỉ tiêu kinh tế - xã hội đạt",
        "communes": "Xã theo dõi tiêu chí nông thôn mới",
        "criteria_met_avg": "Tiêu chí nông thôn mới đạt bình quân mỗi xã",
        "criteria": "Tiêu chí nông thôn mới của bộ tiêu chí",
    },
}
TASK_FIGURES = {"total": "", "completed": "đã hoàn thành", "overdue": "quá hạn"}
# Figures nested under a code: (section, group) -> (reference list, what the figure counts).
CODED_FIGURES = {
    ("models", "by_type"): "types",
    ("awards", "by_form"): "forms",
    ("activities", "outputs"): "units",
}
SKIPPED_FIGURES = {"organization", "year", "period", "generated_at", "children"}


def figure_label(name: str, names: dict | None = None) -> str:
    """What a flattened figure (``tasks.urgent.completed``) is called in Vietnamese; ``names``:
    the reference lists' names (``narrative.reference_names()``). The name itself when unknown."""
    if name in FIGURE_LABELS:
        return FIGURE_LABELS[name]
    section, _, rest = name.partition(".")
    if rest in REGISTER_LABELS.get(section, {}):
        return REGISTER_LABELS[section][rest]
    parts = rest.split(".")
    if section == "tasks" and len(parts) == 2 and parts[1] in TASK_FIGURES:
        noun = dict((code, noun) for code, noun, _done in TASK_CATEGORIES).get(parts[0])
        if noun:
            return " ".join(filter(None, (noun[:1].upper() + noun[1:], TASK_FIGURES[parts[1]])))
    kind = CODED_FIGURES.get((section, parts[0])) if len(parts) >= 2 else None
    if kind:
        entry = next((e for e in (names or {}).get(kind, ()) if e.code == parts[1]), None)
        what = entry.name if entry else parts[1]
        if len(parts) == 3 and parts[2] in REGISTER_LABELS[section]:
            return f"{REGISTER_LABELS[section][parts[2]]}: {what}"
        return f"{section_noun(section)}: {what}"
    if section == "awards" and parts[0] == "by_issuer_level" and len(parts) == 2:
        return f"Khen thưởng cấp {ISSUER_LEVELS.get(parts[1], parts[1])}"
    return name


def section_noun(section: str) -> str:
    return {"models": "Mô hình", "awards": "Khen thưởng", "activities": "Kết quả"}[section]


ISSUER_LEVELS = {"district": "huyện", "province": "tỉnh", "central": "trung ương"}


def plain_figures(value):
    """The report's figures as JSON keeps them: quantities (Decimals: km, ha, đồng) as numbers,
    so a filed report can store them and compare them with a later draft."""
    if isinstance(value, dict):
        return {key: plain_figures(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain_figures(item) for item in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _flatten(figures: dict, prefix: str = "") -> dict[str, object]:
    flat = {}
    for key, value in figures.items():
        if not prefix and key in SKIPPED_FIGURES:
            continue
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            flat[name] = plain_figures(value)
    return flat


def changes_since(filed_figures: dict, report: dict) -> list[dict]:
    """The report's totals that differ from those of a filed report: label, before, after."""
    before, after = _flatten(filed_figures), _flatten(report)
    changed, names = [], None
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name), after.get(name)
        if old == new or name.endswith("_pct"):
            continue
        if names is None and name.partition(".")[0] in {s for s, _g in CODED_FIGURES}:
            names = reference_names()  # three small queries, only when such a figure moved
        changed.append(
            {
                "figure": name,
                "label": figure_label(name, names),
                "before": number(old) if old is not None else "—",
                "after": number(new) if new is not None else "—",
            }
        )
    return changed


__all__ = ["NARRATIVE", "Period", "Header", "build_document", "changes_since", "plain_figures"]
