"""The drafting rules, one section at a time, against the figures they are given."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ct05.documents import narrative
from ct05.documents.content import (
    Header,
    Period,
    _flatten,
    build_document,
    figure_label,
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
from ct05.reports.community_labels import Labelled

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
        "topics": [{"year": 2025, "title": "Học tập và làm theo Bác"}],
        "sessions": 12,
        "attendances": 300,
        "reflections": 150,
        "reflected_pct": 50.0,
    }
    text = " ".join(narrative.study(figures, report()))
    assert "Chuyên đề năm 2025: “Học tập và làm theo Bác”." in text
    assert "12 buổi học tập, quán triệt chuyên đề với 300 lượt" in text
    assert "150 bài thu hoạch đã được nộp, bằng 50% số lượt tham gia" in text
    nothing = {
        **figures,
        "topic": None,
        "topics": [],
        "sessions": 0,
        "attendances": 0,
        "reflections": 0,
    }
    assert narrative.study(nothing, report()) == [
        "Chưa ghi nhận buổi học tập, quán triệt chuyên đề nào trong kỳ."
    ]


def test_a_period_of_several_years_names_each_years_topic():
    figures = {
        "topic": "Chuyên đề B",
        "topics": [{"year": 2024, "title": "Chuyên đề A"}, {"year": 2025, "title": "Chuyên đề B"}],
        "sessions": 3,
        "attendances": 30,
        "reflections": 0,
        "reflected_pct": None,
    }
    text = " ".join(narrative.study(figures, report()))
    assert "Chuyên đề các năm: năm 2024 “Chuyên đề A”; năm 2025 “Chuyên đề B”." in text
    assert "Chuyên đề năm 2025" not in text


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
    everyone = {**members, "unrated": 0}
    text = " ".join(narrative.ratings({"members": everyone, "organizations": LEVELS}, report()))
    assert text.endswith("1 đảng viên không hoàn thành nhiệm vụ.")  # not "0 … chưa xếp loại"
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


# ---- the registers that close the report --------------------------------------------------

NAMES = {
    "types": [
        Labelled("dan_van_kheo", "Dân vận khéo"),
        Labelled("production_model", "Mô hình sản xuất"),
        Labelled("ocop_product", "Sản phẩm OCOP"),
    ],
    "forms": [
        Labelled("certificate_of_merit", "Giấy khen"),
        Labelled("diploma_of_merit", "Bằng khen"),
        Labelled("letter_of_commendation", "Thư khen"),
    ],
    "units": [
        Labelled("terrace_ha", "Diện tích ruộng bậc thang khai hoang", "ha"),
        Labelled("road_repaired_km", "Đường giao thông tu sửa", "km"),
        Labelled("solar_lamps", "Đèn năng lượng mặt trời", "bộ"),
    ],
}


def named(**sections):
    return report(**sections, reference_names=NAMES)


def task(total, completed, overdue=0):
    return {"total": total, "completed": completed, "overdue": overdue}


NO_TASK = task(0, 0)


def tasks(**categories):
    return {
        "breakthrough": NO_TASK,
        "focal": NO_TASK,
        "urgent": NO_TASK,
        "main_solution": NO_TASK,
        "breakthrough_model": NO_TASK,
        **categories,
    }


def plans(**figures):
    return {
        "organizations": 52,
        "with_plan": 52,
        "with_ethics_code": 48,
        "pressing_issues": 23,
        "pressing_resolved": 17,
        **figures,
    }


def inspections(**figures):
    return {
        "count": 12,
        "organizations_inspected": 9,
        "findings": 23,
        "remediations": 23,
        "remediated": 17,
        "overdue": 2,
        **figures,
    }


def models(**figures):
    return {
        "registered": 221,
        "recognized": 40,
        "collectives": 144,
        "individuals": 77,
        "by_type": {
            "dan_van_kheo": {"registered": 194, "recognized": 30},
            "production_model": {"registered": 12, "recognized": 0},
            "ocop_product": {"registered": 0, "recognized": 0},
            "club": {"registered": 15, "recognized": 10},
        },
        **figures,
    }


def awards(**figures):
    return {
        "total": 73,
        "collectives": 23,
        "individuals": 50,
        "by_form": {
            "certificate_of_merit": 60,
            "diploma_of_merit": 13,
            "letter_of_commendation": 0,
        },
        "by_issuer_level": {"district": 60, "province": 13, "central": 0},
        **figures,
    }


def activities(**figures):
    return {
        "count": 120,
        "cadre_turns": 5250,
        "resident_turns": 17700,
        "outputs": {
            "terrace_ha": Decimal("52"),
            "road_repaired_km": Decimal("165.2"),
            "vnd": Decimal("1200000000"),
            "lighting_km": Decimal("0"),
            "solar_lamps": Decimal("40"),
        },
        **figures,
    }


def indicators(**figures):
    return {
        "targets": 33,
        "achieved": 26,
        "communes": 9,
        "criteria_met_avg": 16.0,
        "criteria": 19,
        **figures,
    }


def test_numbers_with_decimals_and_large_sums_read_the_vietnamese_way():
    assert number(Decimal("165.2")) == "165,2"
    assert number(Decimal("165.200")) == "165,2"
    assert number(Decimal("3000.000")) == "3.000"
    assert number(1234.56) == "1.234,56"
    assert number(16.0) == "16"
    assert number(1_200_000_000) == "1.200.000.000"


def test_plans_count_organizations_with_a_plan_and_a_code_and_the_pressing_issues():
    text = " ".join(narrative.plans(plans(), report()))
    assert "52/52 tổ chức đảng đã xây dựng kế hoạch học tập và làm theo" in text
    assert "48/52 tổ chức đảng đã xây dựng, ban hành chuẩn mực đạo đức" in text
    assert "xác định 23 vấn đề bức xúc, nổi cộm" in text
    assert "đã giải quyết dứt điểm 17/23 vấn đề" in text
    none_resolved = " ".join(narrative.plans(plans(pressing_resolved=0), report()))
    assert "chưa có vấn đề nào được giải quyết dứt điểm" in none_resolved
    no_code = " ".join(narrative.plans(plans(with_ethics_code=0), report()))
    assert "chưa có tổ chức đảng nào ban hành chuẩn mực đạo đức" in no_code
    assert "0/52" not in no_code


def test_plans_without_data_say_so():
    nothing = plans(with_plan=0, with_ethics_code=0, pressing_issues=0, pressing_resolved=0)
    assert narrative.plans(nothing, report()) == [
        "Chưa có tổ chức đảng nào xây dựng kế hoạch làm theo Bác của tập thể hoặc chuẩn mực "
        "đạo đức trong kỳ."
    ]
    assert narrative.plans(plans(organizations=0), report()) == [
        "Trong phạm vi báo cáo không có tổ chức đảng."
    ]


def test_tasks_say_so_many_of_so_many_per_category():
    figures = tasks(
        breakthrough=task(4, 4),
        urgent=task(13, 11, overdue=2),
        main_solution=task(25, 20, overdue=1),
        breakthrough_model=task(15, 12),
    )
    text = " ".join(narrative.tasks(figures, report()))
    assert "4/4 nội dung đột phá đã hoàn thành" in text
    assert "11/13 công việc cấp bách đã hoàn thành" in text
    assert "20/25 nhiệm vụ, giải pháp chủ yếu đã hoàn thành" in text
    assert "12/15 mô hình đột phá đã hoàn thành xây dựng" in text
    assert "nội dung trọng tâm" not in text  # none set: not a "0/0"
    assert "Còn 2 công việc cấp bách; 1 nhiệm vụ, giải pháp chủ yếu đã quá hạn" in text
    on_time = " ".join(narrative.tasks(tasks(urgent=task(13, 11)), report()))
    assert "quá hạn" not in on_time
    none_done = " ".join(narrative.tasks(tasks(urgent=task(13, 11), focal=task(10, 0)), report()))
    assert "chưa có nội dung trọng tâm nào hoàn thành (0/10)" in none_done


def test_tasks_without_data_say_so():
    assert narrative.tasks(tasks(), report()) == [
        "Chưa có nội dung đột phá, công việc cấp bách, nhiệm vụ, giải pháp nào được giao thực "
        "hiện trong kỳ."
    ]


def test_inspections_give_findings_and_what_was_put_right():
    text = " ".join(narrative.inspections(inspections(), report()))
    assert "Tổ chức 12 cuộc kiểm tra, giám sát tại 9 tổ chức đảng" in text
    assert "phát hiện 23 hạn chế, tồn tại" in text
    assert "yêu cầu khắc phục 23 nội dung, đã khắc phục xong 17/23" in text
    assert "Còn 2 nội dung khắc phục đã quá hạn" in text
    clean = inspections(findings=0, remediations=0, remediated=0, overdue=0)
    text = " ".join(narrative.inspections(clean, report()))
    assert "chưa phát hiện hạn chế, tồn tại" in text and "khắc phục" not in text
    assert narrative.inspections(inspections(count=0), report()) == [
        "Chưa tiến hành cuộc kiểm tra, giám sát nào trong kỳ."
    ]


def test_models_by_holder_and_by_type_with_the_reference_lists_names():
    text = " ".join(narrative.models(models(), named()))
    assert "Có 221 mô hình, điển hình học tập và làm theo Bác được đăng ký" in text
    assert "144 tập thể, 77 cá nhân đăng ký mô hình" in text
    assert "194 mô hình “Dân vận khéo”, 12 mô hình sản xuất và 15 mô hình “club”" in text
    assert "OCOP" not in text  # none registered
    assert "40 mô hình, điển hình đã được công nhận" in text
    only_individuals = models(collectives=0, individuals=221, recognized=0)
    text = " ".join(narrative.models(only_individuals, named()))
    assert "trong đó 221 cá nhân đăng ký mô hình" in text and "tập thể" not in text
    assert "công nhận" not in text
    nothing = models(registered=0, recognized=0, collectives=0, individuals=0, by_type={})
    assert narrative.models(nothing, named()) == [
        "Chưa có mô hình, điển hình học tập và làm theo Bác nào được đăng ký hoặc công nhận "
        "trong kỳ."
    ]


def test_awards_by_recipient_form_and_level():
    text = " ".join(narrative.awards(awards(), named()))
    assert "Có 23 tập thể và 50 cá nhân được khen thưởng" in text
    assert "gồm 60 Giấy khen và 13 Bằng khen" in text and "Thư khen" not in text
    assert "Theo cấp khen thưởng: cấp tỉnh 13 trường hợp, cấp huyện 60 trường hợp." in text
    assert "Trung ương" not in text
    assert narrative.awards(awards(total=0, collectives=0, individuals=0), named()) == [
        "Chưa có tập thể, cá nhân nào được khen thưởng trong kỳ."
    ]


def test_activities_give_the_turns_and_the_outputs_in_their_units():
    text = " ".join(narrative.activities(activities(), named()))
    assert "đã tổ chức 120 hoạt động hướng về cơ sở, cùng làm với nhân dân" in text
    assert "với 5.250 lượt cán bộ, 17.700 lượt người dân tham gia" in text
    assert "khai hoang 52 ha ruộng bậc thang" in text
    assert "tu sửa 165,2 km đường giao thông" in text
    assert "đóng góp 1.200.000.000 đồng" in text
    assert "đèn năng lượng mặt trời 40 bộ" in text  # a unit the province added: its name
    assert "chiếu sáng" not in text  # none: no "0 km"
    assert narrative.activities(activities(count=0), named()) == [
        "Chưa ghi nhận hoạt động cùng nhân dân nào (như “Ngày cuối tuần cùng dân”, “Dân vận "
        "khéo”) trong kỳ."
    ]


def test_dialogues_and_petitions():
    assert narrative.dialogues({"count": 31, "participants": 2400}, report()) == [
        "Tổ chức 31 hội nghị đối thoại với nhân dân, với 2.400 lượt người tham dự."
    ]
    assert narrative.dialogues({"count": 0, "participants": 0}, report()) == [
        "Chưa tổ chức hội nghị đối thoại nào với nhân dân trong kỳ."
    ]
    text = " ".join(narrative.petitions({"received": 120, "resolved": 97, "overdue": 5}, report()))
    assert "Tiếp nhận 120 kiến nghị của nhân dân; đã giải quyết xong 97 kiến nghị." in text
    assert "Còn 5 kiến nghị quá hạn chưa được giải quyết." in text
    assert narrative.petitions({"received": 0, "resolved": 0, "overdue": 0}, report()) == [
        "Chưa ghi nhận kiến nghị nào của nhân dân trong kỳ."
    ]


def test_indicators_give_targets_achieved_and_the_new_rural_criteria():
    text = " ".join(narrative.indicators(indicators(), report()))
    assert "26/33 chỉ tiêu kinh tế - xã hội đạt và vượt kế hoạch." in text
    assert "9 xã được đánh giá tiêu chí nông thôn mới, bình quân mỗi xã đạt 16/19 tiêu chí" in text
    one = indicators(communes=1, criteria_met_avg=16.5)
    assert "1 xã được đánh giá tiêu chí nông thôn mới, đạt 16,5/19 tiêu chí" in " ".join(
        narrative.indicators(one, report())
    )
    none_met = indicators(achieved=0, communes=0, criteria_met_avg=None)
    assert narrative.indicators(none_met, report()) == [
        "Chưa có chỉ tiêu kinh tế - xã hội nào đạt kế hoạch (0/33 chỉ tiêu)."
    ]
    nothing = {**none_met, "targets": 0}
    assert narrative.indicators(nothing, report()) == [
        "Chưa có số liệu chỉ tiêu kinh tế - xã hội, tiêu chí nông thôn mới trong kỳ."
    ]


def full_report():
    return named(
        study={"topic": None, "sessions": 0, "attendances": 0, "reflections": 0},
        commitments=commitments(),
        meetings=meetings(),
        ratings={"members": LEVELS, "organizations": LEVELS},
        plans=plans(),
        tasks=tasks(urgent=task(13, 11, overdue=2)),
        inspections=inspections(),
        models=models(),
        awards=awards(),
        activities=activities(),
        dialogues={"count": 31, "participants": 2400},
        petitions={"received": 120, "resolved": 97, "overdue": 5},
        indicators=indicators(),
        children=[],
    )


def test_the_sections_stand_where_such_reports_put_them():
    document = build_document(
        full_report(), period=Period.of_year(2025), header=Header(issuing_body="X")
    )
    assert [s["heading"] for s in document["parts"][0]["sections"]] == [
        "1. Học tập, quán triệt chuyên đề",
        "2. Xây dựng bản cam kết và đăng ký việc làm theo Bác",
        "3. Xây dựng kế hoạch làm theo Bác của tập thể và chuẩn mực đạo đức",
        "4. Thực hiện nội dung đột phá, công việc cấp bách",
        "5. Sinh hoạt chi bộ",
        "6. Kiểm tra, giám sát",
        "7. Xây dựng, nhân rộng mô hình, điển hình",
        "8. Khen thưởng",
        "9. Các hoạt động cùng nhân dân",
        "10. Đối thoại với nhân dân",
        "11. Tiếp nhận, giải quyết kiến nghị của nhân dân",
        "12. Thực hiện chỉ tiêu kinh tế - xã hội, xây dựng nông thôn mới",
        "13. Đánh giá, xếp loại chất lượng",
    ]
    assert [p["heading"] for p in document["parts"]][1:] == [
        "II. HẠN CHẾ, NGUYÊN NHÂN",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    assert flagged_sentences(document) == []


@pytest.mark.parametrize(
    ("key", "drafted", "edited"),
    [
        ("tasks.0", "11/13 công việc cấp bách", "12/13 công việc cấp bách"),
        ("inspections.0", "đã khắc phục xong 17/23", "đã khắc phục xong 18/23"),
        ("models.0", "144 tập thể", "145 tập thể"),
        ("awards.0", "23 tập thể và 50 cá nhân", "23 tập thể và 55 cá nhân"),
        ("activities.1", "165,2 km", "165,8 km"),
        ("activities.0", "5.250 lượt cán bộ", "5.520 lượt cán bộ"),
        ("dialogues.0", "31 hội nghị", "35 hội nghị"),
        ("petitions.1", "Còn 5 kiến nghị", "Còn 3 kiến nghị"),
        ("indicators.0", "26/33", "27/33"),
        ("indicators.1", "16/19", "17/19"),
        ("plans.1", "17/23 vấn đề", "19/23 vấn đề"),
    ],
)
def test_a_figure_edited_in_a_new_section_is_flagged(key, drafted, edited):
    pristine = build_document(
        full_report(), period=Period.of_year(2025), header=Header(issuing_body="X")
    )
    paragraph = next(
        p
        for section in pristine["parts"][0]["sections"]
        for p in section["paragraphs"]
        if p["key"] == key
    )
    assert drafted in paragraph["text"]
    text = paragraph["text"].replace(drafted, edited)
    document = build_document(
        full_report(),
        period=Period.of_year(2025),
        header=Header(issuing_body="X"),
        texts={key: text},
    )
    flagged = flagged_sentences(document)
    assert len(flagged) == 1 and flagged[0][0] == key and edited in flagged[0][1]


def test_a_new_sections_sentence_is_flagged_when_the_records_change():
    filed = narrative.activities(activities(), named())
    later = narrative.activities(activities(cadre_turns=5300), named())
    assert mismatched_sentences(filed[0], later) == [filed[0]]
    assert mismatched_sentences(filed[1], later) == []  # the outputs did not change


@given(
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=10**6),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    st.integers(min_value=0, max_value=50),
)
def test_every_new_sections_draft_agrees_with_its_own_figures(part, whole, quantity, n):
    whole = max(whole, part)
    figures = {
        "plans": plans(with_plan=part, organizations=whole, pressing_resolved=n),
        "tasks": tasks(urgent=task(whole, part, overdue=n)),
        "inspections": inspections(count=n, remediated=part, remediations=whole),
        "models": models(registered=whole, collectives=part, individuals=whole - part),
        "awards": awards(total=whole, collectives=part, individuals=whole - part),
        "activities": activities(outputs={"road_repaired_km": quantity, "vnd": Decimal(part)}),
        "dialogues": {"count": n, "participants": whole},
        "petitions": {"received": whole, "resolved": part, "overdue": n},
        "indicators": indicators(targets=whole, achieved=part),
    }
    for name, section in figures.items():
        drafted = NARRATIVE[name].draft(section, named())
        assert drafted, name
        for paragraph in drafted:
            assert mismatched_sentences(paragraph, drafted) == [], (name, paragraph)
            assert " 0/0 " not in f" {paragraph} ", (name, paragraph)


def test_the_roots_own_row_shows_only_in_the_tables_where_it_has_figures():
    own = {"id": 1, "name": "Tỉnh ủy A", "own": True}
    child = {"id": 2, "name": "Đảng bộ xã B", "own": False}
    empty = {"count": 0, "participants": 0}
    figures = {"count": 3, "participants": 120}
    document = build_document(
        report(
            dialogues=figures,
            petitions={"received": 2, "resolved": 1, "overdue": 0},
            children=[
                {
                    "organization": own,
                    "dialogues": empty,
                    "petitions": {"received": 1, "resolved": 0, "overdue": 0},
                },
                {
                    "organization": child,
                    "dialogues": figures,
                    "petitions": {"received": 1, "resolved": 1, "overdue": 0},
                },
            ],
        ),
        period=Period.of_year(2025),
        header=Header(issuing_body="X"),
    )
    tables = {s["name"]: s["table"] for s in document["parts"][0]["sections"]}
    assert tables["dialogues"]["rows"] == [["Đảng bộ xã B", "3", "120"]]
    assert [row[0] for row in tables["petitions"]["rows"]] == [
        "Tỉnh ủy A (trực thuộc)",
        "Đảng bộ xã B",
    ]


def test_every_figure_of_the_registers_has_a_vietnamese_name_in_what_changed():
    """The next draft lists the figures that changed since the filed report by name: a figure
    of a register reads "Công việc cấp bách đã hoàn thành", "Khen thưởng: Bằng khen", never
    its key."""
    figures = {
        "plans": plans(),
        "tasks": tasks(urgent=task(13, 11)),
        "inspections": inspections(),
        "models": models(),
        "awards": awards(),
        "activities": activities(outputs={"terrace_ha": Decimal(52), "road_repaired_km": 1}),
        "dialogues": {"count": 8, "participants": 1030},
        "petitions": {"received": 40, "resolved": 30, "overdue": 2},
        "indicators": indicators(),
    }
    labels = {name: figure_label(name, NAMES) for name in _flatten(figures)}
    assert len(labels) > 60
    for name, label in labels.items():
        assert label != name and "_" not in label, name
    assert labels["tasks.urgent.completed"] == "Công việc cấp bách đã hoàn thành"
    assert labels["tasks.urgent.total"] == "Công việc cấp bách"
    assert labels["awards.by_form.diploma_of_merit"] == "Khen thưởng: Bằng khen"
    assert labels["models.by_type.dan_van_kheo.recognized"] == (
        "Mô hình, điển hình được công nhận: Dân vận khéo"
    )
    assert labels["activities.outputs.road_repaired_km"] == "Kết quả: Đường giao thông tu sửa"
    assert labels["awards.by_issuer_level.province"] == "Khen thưởng cấp tỉnh"
