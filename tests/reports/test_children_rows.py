"""The report page's tables of children, written row by row in Python (``reports.html``): the
organization's own row marked and not linked, every name escaped, the figures the Vietnamese
way, the rating columns only once a rating is decided, overdue tasks under a badge, rows of
zeros left out."""

from django.utils import translation

from ct05.reports.html import children_rows, children_task_rows
from ct05.tasks.models import Category


def _child(pk: int, name: str, *, own=False, all_zero=False, overdue=0):
    return {
        "organization": {"id": pk, "name": name, "own": own, "all_zero": all_zero},
        "commitments": {
            "people": 15486,
            "committed": 15455,
            "committed_pct": 99.8,
            "deeds_registered": 40210,
            "deeds_achieved": 0,
        },  # fmt: skip
        "ratings": {"members": {"excellent": 3, "good": 10, "unrated": 2}},
        "study": {"sessions": 4, "attendances": 120, "reflections": 30, "reflected_pct": 25.0},
        "meetings": {
            "cells": 12,
            "regular": 130,
            "thematic": 40,
            "cells_regular_norm": 11,
            "regular_norm_pct": 91.7,
            "cells_thematic_norm": 10,
            "thematic_norm_pct": None,
        },  # fmt: skip
        "plans": {"with_plan": 1, "organizations": 1, "pressing_resolved": 2, "pressing_issues": 3},
        "tasks": {Category.choices[0][0]: {"completed": 11, "total": 13, "overdue": overdue}},
        "inspections": {"count": 1, "overdue": 0},
    }


CHILDREN = [
    _child(1, "Đảng bộ <xã> & “A”", own=True),
    _child(2, "Chi bộ <b>2</b>", overdue=2),
    _child(3, "Chi bộ số 3", all_zero=True),
]


def _rows(**kwargs):
    options = {
        "period_query": "year=2026&period=q3",
        "levels": [("excellent", "Hoàn thành xuất sắc"), ("good", "Hoàn thành tốt")],
        "deeds_pending": True,
        "ratings_decided": False,
    }
    with translation.override("vi"):
        return str(children_rows(CHILDREN, **{**options, **kwargs}))


def test_the_own_row_is_marked_and_each_childs_row_links_to_its_report():
    rows = _rows()
    assert rows.count("<tr") == 2  # the row of zeros is left out
    assert '<tr class="own">' in rows
    assert 'Đảng bộ &lt;xã&gt; &amp; “A” <span class="meta">(bản thân tổ chức' in rows
    assert (
        '<a href="/reports/directive05/?organization=2&amp;year=2026&amp;period=q3">'
        "Chi bộ &lt;b&gt;2&lt;/b&gt;</a>"
    ) in rows
    assert '<td class="num">15.486</td>' in rows and '<td class="num">99,8%</td>' in rows
    assert '<td class="num">—</td>' in rows  # a share that cannot be computed
    assert '<td class="num" data-col="regular">130</td>' in rows


def test_the_rating_and_achieved_columns_come_when_there_is_something_in_them():
    before = _rows()
    after = _rows(deeds_pending=False, ratings_decided=True)
    assert after.count('<td class="num">') - before.count('<td class="num">') == 2 * 4
    assert '<td class="num">3</td><td class="num">10</td>' in after


def test_overdue_tasks_carry_a_badge():
    with translation.override("vi"):
        rows = str(children_task_rows(CHILDREN, categories=Category.choices))
    assert rows.count("<tr>") == 2
    assert 'title="Quá hạn">2</span>' in rows
    assert "11/13</td>" in rows  # the one without overdue tasks: no badge
    assert "Chi bộ &lt;b&gt;2&lt;/b&gt;" in rows
