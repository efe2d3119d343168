"""The drafting rules, one section at a time, against the figures they are given."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ct05.documents import narrative
from ct05.documents.content import (
    Header,
    Period,
    build_document,
    flagged_sentences,
    place_and_date,
)
from ct05.documents.narrative import (
    NARRATIVE,
    drafted_sections,
    drafter,
    mismatched_sentences,
    number,
    percent,
)

LEVELS = {"excellent": 0, "good": 0, "complete": 0, "not_complete": 0, "unrated": 0}


def commitments(**figures):
    return {
        "people": 16_000,
        "committed": 15_486,
        "committed_pct": 96.8,
        "deeds_registered": 40_000,
        "deeds_evaluated": 30_000,
        "deeds_achieved": 29_000,
        "meeting_minimum": 15_000,
        **figures,
    }


def meetings(**figures):
    return {
        "cells": 13,
        "regular": 150,
        "thematic": 50,
        "with_directive05": 40,
        "cells_regular_norm": 11,
        "cells_thematic_norm": 13,
        "regular_norm_pct": 84.6,
        "thematic_norm_pct": 100.0,
        **figures,
    }


def report(**sections):
    return {"organization": {"id": 1, "name": "Đảng ủy xã Y Tý"}, "year": 2025, **sections}


def test_numbers_are_in_the_vietnamese_form():
    assert number(15486) == "15.486"
    assert number(2126) == "2.126"
    assert percent(99.8) == "99,8%"
    assert percent(100.0) == "100%"
    assert percent(None) == "—"


def test_commitments_in_the_register_of_such_reports():
    text = " ".join(narrative.commitments(commitments(), report()))
    assert "Có 15.486 lượt cán bộ, đảng viên xây dựng bản cam kết" in text
    assert "đạt 96,8% trên tổng số 16.000 đảng viên" in text
    assert "Đã đăng ký 40.000 việc làm cụ thể; 30.000 việc làm đã được đánh giá" in text
    assert "29.000 việc làm đạt kết quả" in text
    assert "15.000/15.486 bản cam kết có đủ số việc làm tối thiểu" in text


def test_commitments_without_data_say_so_instead_of_zeros():
    paragraphs = narrative.commitments(commitments(committed=0, meeting_minimum=0), report())
    assert paragraphs == ["Chưa có bản cam kết nào được ghi nhận trong kỳ."]


def test_meetings_give_the_share_and_the_fraction_of_cells():
    text = " ".join(narrative.meetings(meetings(), report()))
    assert "150 cuộc sinh hoạt thường kỳ và 50 cuộc sinh hoạt chuyên đề" in text
    assert "84,6% chi bộ (11/13) tổ chức sinh hoạt thường kỳ đủ định mức" in text
    assert "100% chi bộ (13/13) sinh hoạt chuyên đề đủ định mức" in text


def test_meetings_of_a_year_not_begun_give_no_share():
    figures = meetings(regular_norm_pct=None, thematic_norm_pct=None)
    text = " ".join(narrative.meetings(figures, report()))
    assert "định mức" not in text
    none_held = meetings(regular=0, thematic=0, with_directive05=0)
    assert narrative.meetings(none_held, report()) == [
        "Chưa ghi nhận cuộc sinh hoạt chi bộ nào trong kỳ."
    ]
    assert narrative.meetings(meetings(cells=0), report()) == [
        "Trong phạm vi báo cáo không có chi bộ."
    ]


def test_study_names_the_topic_and_the_sessions():
    figures = {
        "topic": "Học tập và làm theo Bác",
        "sessions": 12,
        "attendances": 300,
        "reflections": 150,
        "reflected_pct": 50.0,
    }
    text = " ".join(narrative.study(figures, report()))
    assert "Chuyên đề năm 2025: “Học tập và làm theo Bác”." in text
    assert "12 buổi học tập, quán triệt chuyên đề với 300 lượt" in text
    assert "150 bài thu hoạch đã được nộp, bằng 50% số lượt tham gia" in text
    nothing = {**figures, "topic": None, "sessions": 0, "attendances": 0, "reflections": 0}
    assert narrative.study(nothing, report()) == [
        "Chưa ghi nhận buổi học tập, quán triệt chuyên đề nào trong kỳ."
    ]


def test_ratings_by_level_or_none_decided():
    members = {
        **LEVELS,
        "excellent": 10,
        "good": 100,
        "complete": 50,
        "not_complete": 1,
        "unrated": 5,
    }
    text = " ".join(narrative.ratings({"members": members, "organizations": LEVELS}, report()))
    assert "có 10 đảng viên hoàn thành xuất sắc nhiệm vụ, 100 đảng viên hoàn thành tốt" in text
    assert "1 đảng viên không hoàn thành nhiệm vụ; 5 đảng viên chưa được xếp loại." in text
    assert "tổ chức đảng" not in text  # none decided: not a line of zeros
    assert narrative.ratings({"members": LEVELS, "organizations": LEVELS}, report()) == [
        "Chưa có kết quả đánh giá, xếp loại chất lượng được quyết định trong kỳ."
    ]


def test_a_section_the_report_lacks_is_skipped_and_a_new_one_is_one_function(monkeypatch):
    monkeypatch.setattr(narrative, "NARRATIVE", dict(NARRATIVE))

    @drafter("tasks", "Công việc cấp bách")
    def tasks(figures, report):
        return [
            f"{narrative.fraction(figures['done'], figures['total'])} công việc cấp bách đã hoàn thành."
        ]

    drafted = drafted_sections(report(commitments=commitments(), tasks={"done": 11, "total": 13}))
    assert [d.section for d, _paragraphs in drafted] == ["commitments", "tasks"]
    assert drafted[1][1] == ["11/13 công việc cấp bách đã hoàn thành."]


def test_the_document_numbers_its_parts_and_leaves_judgement_as_prompts():
    document = build_document(
        report(commitments=commitments(), meetings=meetings(), children=[]),
        period=Period.of_year(2025),
        header=Header(issuing_body="ĐẢNG ỦY XÃ Y TÝ", number="12-BC/ĐU", place="Y Tý"),
    )
    headings = [part["heading"] for part in document["parts"]]
    assert headings == [
        "I. KẾT QUẢ THỰC HIỆN",
        "II. HẠN CHẾ, NGUYÊN NHÂN",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    sections = [s["heading"] for s in document["parts"][0]["sections"]]
    assert sections == [
        "1. Xây dựng bản cam kết và đăng ký việc làm theo Bác",
        "2. Sinh hoạt chi bộ",
    ]
    limitations = document["parts"][1]["sections"][0]["paragraphs"][0]
    assert limitations["text"] == "" and limitations["prompt"].startswith("Nêu những hạn chế")
    assert document["number"] == "Số 12-BC/ĐU"
    assert document["summary"] == "Kết quả thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị năm 2025"


def test_a_figure_edited_into_disagreement_is_flagged_sentence_by_sentence():
    drafted = narrative.commitments(commitments(), report())
    kept = drafted[0].replace("xây dựng bản cam kết", "đã xây dựng bản cam kết")
    assert mismatched_sentences(kept, drafted) == []
    edited = drafted[0] + " Có 16.100 đảng viên tham gia."
    assert mismatched_sentences(edited, drafted) == ["Có 16.100 đảng viên tham gia."]
    # The records change: the draft of today no longer gives the filed sentence's figure.
    later = narrative.commitments(commitments(committed=15_490), report())
    assert mismatched_sentences(drafted[0], later) == [drafted[0]]

    document = build_document(
        report(commitments=commitments(), children=[]),
        period=Period.of_year(2025),
        header=Header(issuing_body="X"),
        texts={"commitments.0": edited},
    )
    assert flagged_sentences(document) == [("commitments.0", "Có 16.100 đảng viên tham gia.")]


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=10**7))
def test_any_drafted_text_agrees_with_its_own_figures(committed, people):
    figures = commitments(
        committed=committed, people=people, committed_pct=round(committed * 100 / people, 1)
    )
    drafted = narrative.commitments(figures, report())
    for paragraph in drafted:
        assert mismatched_sentences(paragraph, drafted) == []


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-02-05", "Y Tý, ngày 05 tháng 02 năm 2026"),
        ("2026-11-24", "Y Tý, ngày 24 tháng 11 năm 2026"),
    ],
)
def test_place_and_date_in_the_partys_form(day, expected):
    assert place_and_date("Y Tý", datetime.date.fromisoformat(day)) == expected
