"""Reports over any period: a year, a quarter, a range of years (a term, a five-year review), or
any days; bad periods are refused with a message, never a 500."""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from ct05.commitments.services import create_commitment
from ct05.meetings.services import record_meeting
from ct05.reports.periods import Period, parse_period
from ct05.reports.selectors import directive05_report
from ct05.study.services import record_session
from tests.reports.test_directive05 import _grow

TODAY = timezone.localdate()
YEAR = TODAY.year
LAST = YEAR - 1  # a whole past year: every quarter of it is over
DEEDS = [{"title": "Việc 1"}, {"title": "Việc 2"}, {"title": "Việc 3"}]
URL = "/reports/directive05/"
API = "/api/reports/directive05/"


def commit(world, person, year):
    return create_commitment(user=world.admin, person=person, year=year, deeds=DEEDS)


def meet(world, cell, day, kind="regular"):
    return record_meeting(user=world.admin, organization=cell, date=day, kind=kind)


def test_labels_and_file_names_say_the_period():
    assert Period.of_year(2026).label == "năm 2026"
    assert Period.of_quarter(2026, 3).label == "quý III năm 2026"
    assert Period.of_years(2021, 2025).label == "giai đoạn 2021–2025"
    days = Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert days.label == "từ 01/01/2026 đến 30/06/2026"
    assert [p.slug for p in (Period.of_year(2026), Period.of_quarter(2026, 3))] == [
        "2026",
        "2026-q3",
    ]
    assert Period.of_years(2021, 2025).slug == "2021-2025"
    assert days.slug == "2026-01-01_2026-06-30"
    # The kind is read from the dates: a quarter typed as dates is a quarter.
    assert Period(datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)).kind == "quarter"
    assert Period.of_quarter(2026, 4).end == datetime.date(2026, 12, 31)


def test_the_query_picks_the_period():
    assert parse_period({"year": "2024"}) == Period.of_year(2024)
    assert parse_period({"year": "2024", "quarter": "2"}) == Period.of_quarter(2024, 2)
    assert parse_period({"from_year": "2021", "to_year": "2025"}) == Period.of_years(2021, 2025)
    days = parse_period({"from": "2024-02-01", "to": "2024-03-15", "year": "2020"})
    assert (days.start, days.end) == (datetime.date(2024, 2, 1), datetime.date(2024, 3, 15))
    assert parse_period({}) == Period.of_year(YEAR)


def test_a_range_of_years_sums_the_commitments_of_each_year(world):
    # Two people commit in each of three years (the factories' members joined long ago).
    for year in (LAST - 2, LAST - 1, LAST):
        commit(world, world.people_a1[1], year)
        commit(world, world.people_b1[1], year)
    commit(world, world.people_a1[2], LAST)

    one = directive05_report(organization=world.province, year=LAST)
    three = directive05_report(organization=world.province, period=Period.of_years(LAST - 2, LAST))

    assert one["commitments"]["committed"] == 3
    assert three["commitments"]["committed"] == 7  # 2 + 2 + 3: "lượt"
    assert three["commitments"]["deeds_registered"] == 21
    # Members are those at the period's end; the share is of the members of each year.
    assert three["commitments"]["people"] == one["commitments"]["people"] == 9
    assert three["commitments"]["member_years"] == 27
    assert three["commitments"]["committed_pct"] == 25.9
    assert three["period"]["label"] == f"giai đoạn {LAST - 2}–{LAST}"
    rows = {r["organization"]["name"]: r["commitments"]["committed"] for r in three["children"]}
    assert rows["Đảng ủy xã A"] == 4 and rows["Đảng ủy xã B"] == 3


def test_a_quarters_report_counts_that_quarters_meetings_and_sessions(world):
    for month in (1, 2, 3, 4, 5):
        meet(world, world.cell_a1, datetime.date(LAST, month, 10))
    meet(world, world.cell_b1, datetime.date(LAST, 3, 20), kind="thematic")
    meet(world, world.cell_b1, datetime.date(LAST, 4, 20), kind="thematic")
    for day in (datetime.date(LAST, 2, 1), datetime.date(LAST, 8, 1)):
        record_session(
            user=world.admin,
            organization=world.cell_a1,
            date=day,
            kind="study",
            attendance=[{"person": world.people_a1[1].pk}],
        )
    commit(world, world.people_a1[1], LAST)

    q1 = directive05_report(organization=world.province, period=Period.of_quarter(LAST, 1))
    q2 = directive05_report(organization=world.province, period=Period.of_quarter(LAST, 2))
    year = directive05_report(organization=world.province, year=LAST)

    assert (q1["meetings"]["regular"], q1["meetings"]["thematic"]) == (3, 1)
    assert (q2["meetings"]["regular"], q2["meetings"]["thematic"]) == (2, 1)
    assert (year["meetings"]["regular"], year["meetings"]["thematic"]) == (5, 2)
    assert (q1["study"]["sessions"], q1["study"]["attendances"]) == (1, 1)
    assert q2["study"]["sessions"] == 0
    # A quarter's norm is its three months and its one thematic meeting: cell A1 met it in Q1.
    by_name = {r["organization"]["name"]: r["meetings"] for r in q1["children"]}
    assert by_name["Đảng ủy xã A"]["cells_regular_norm"] == 1
    assert by_name["Đảng ủy xã B"]["cells_thematic_norm"] == 1
    # Yearly records count for the year the quarter is in.
    assert q1["commitments"]["committed"] == q2["commitments"]["committed"] == 1
    assert q1["period"]["label"] == f"quý I năm {LAST}"
    assert q1["period"]["members_on"] == f"{LAST}-03-31"


def test_any_days_count_the_records_dated_in_them(world):
    for month in (1, 2, 3, 4, 5):
        meet(world, world.cell_a1, datetime.date(LAST, month, 10))
    period = Period(datetime.date(LAST, 2, 10), datetime.date(LAST, 4, 9))
    report = directive05_report(organization=world.province, period=period)
    assert report["meetings"]["regular"] == 2  # 10/2 and 10/3
    assert report["period"]["kind"] == "dates"


def test_the_queries_do_not_grow_with_the_years_or_the_tree(world):
    def count(**period) -> int:
        with CaptureQueriesContext(connection) as queries:
            directive05_report(organization=world.province, **period)
        return len(queries.captured_queries)

    kinds = {
        "year": {"year": YEAR},
        "years": {"period": Period.of_years(YEAR - 9, YEAR)},
        "quarter": {"period": Period.of_quarter(YEAR, 1)},
        "dates": {"period": Period(datetime.date(YEAR - 3, 2, 1), TODAY)},
    }
    small = {name: count(**period) for name, period in kinds.items()}
    assert count(period=Period.of_years(YEAR - 1, YEAR)) == small["years"]
    _grow(world, communes=3, cells=2, members=2)
    large = {name: count(**period) for name, period in kinds.items()}
    assert large == small
    # Ten years cost what two do (above), and a few queries more than one: one year reads the
    # members who studied and those absent without reason, the cells held to their norms, the
    # dialogue conferences and the awards with every other tally, in one query (put right in
    # one more while it runs); a range of years counts each of them from the records, one query
    # each (a member counts once however many of its years, a cell's meetings are held against
    # the sum of its years' norms). A part of a year reads the records instead of the tallies'
    # one query (three for the study sessions, two for the activities and their outputs, one
    # for the meetings...).
    assert small["year"] < small["years"] <= small["year"] + 5
    assert small["year"] < small["quarter"]


@pytest.mark.parametrize(
    "query, label",
    [
        ({"year": LAST}, f"năm {LAST}"),
        ({"year": LAST, "quarter": 3}, f"quý III năm {LAST}"),
        ({"from_year": 2021, "to_year": 2025}, "giai đoạn 2021–2025"),
        ({"from": f"{LAST}-01-01", "to": f"{LAST}-06-30"}, f"từ 01/01/{LAST} đến 30/06/{LAST}"),
    ],
)
def test_the_api_and_the_page_take_every_kind_of_period(world, client, query, label):
    commit(world, world.people_a1[1], LAST)
    body = world.api(world.tuyengiao).get(API, {"organization": world.province.pk, **query})
    assert body.status_code == 200
    assert body.json()["period"]["label"] == label
    expected = 1 if LAST in body.json()["period"]["years"] else 0
    assert body.json()["commitments"]["committed"] == expected

    client.force_login(world.tuyengiao)
    page = client.get(URL, {"organization": world.province.pk, **query})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="errorlist' not in html
    assert page.context["period"].label == label
    workbook = client.get(URL.rstrip("/") + ".xlsx", {"organization": world.province.pk, **query})
    assert workbook.status_code == 200
    assert page.context["period"].slug in workbook["Content-Disposition"]
    sheet = load_workbook(BytesIO(workbook.content)).worksheets[0]
    assert label in sheet["A1"].value


def test_a_quarter_says_how_yearly_records_count(world, client):
    client.force_login(world.tuyengiao)
    page = client.get(URL, {"organization": world.province.pk, "year": LAST, "quarter": 2})
    html = page.content.decode()
    assert f"quý II năm {LAST}" in html
    assert f"tính cho năm của chúng: {LAST}" in html


BAD = [
    ({"year": LAST, "quarter": "5"}, "quarter", "Quý phải là 1, 2, 3 hoặc 4."),
    ({"from": "2026-06-30", "to": "2026-01-01"}, "to", "Ngày kết thúc kỳ báo cáo"),
    ({"from": "2026-01-01"}, "to", "Hãy nhập đủ hai ngày"),
    ({"from": "2015-01-01", "to": "2016-06-30"}, "from", "Ngày phải từ 01/01/2016"),
    ({"from": "2026-02-30", "to": "2026-03-01"}, "from", "NNNN-TT-NN"),
    ({"from_year": "2015", "to_year": "2020"}, "from_year", "Năm phải từ 2016"),
    ({"from_year": "2024", "to_year": "2020"}, "to_year", "Năm kết thúc giai đoạn"),
    ({"from_year": "2016", "to_year": str(YEAR + 1)}, "to_year", "tối đa 10 năm"),
    ({"from_year": "abc", "to_year": "2020"}, "from_year", "bốn chữ số"),
    ({"year": "2015"}, "year", "Năm phải từ 2016"),
]


@pytest.mark.parametrize("query, field, message", BAD)
def test_a_bad_period_is_a_400_on_the_api_and_a_form_error_on_the_page(
    world, client, query, field, message
):
    if field == "to_year" and "tối đa" in message and YEAR + 1 - 2016 < 10:
        pytest.skip("fewer than ten years kept yet")
    api = world.api(world.tuyengiao)
    response = api.get(API, {"organization": world.province.pk, **query}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert any(message in m for m in response.json()[field])

    client.force_login(world.tuyengiao)
    page = client.get(URL, {"organization": world.province.pk, **query})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="id_{field}_error"' in html
    if field != "year":  # the year's picker says "choose one of the list" itself
        assert message in html
    assert page.context["period"] == Period.of_year(YEAR)  # this year's report is shown
    xlsx = client.get(URL.rstrip("/") + ".xlsx", {"organization": world.province.pk, **query})
    assert xlsx.status_code == 400


def test_over_the_years_each_year_shows_its_own_report(world, client):
    for year in (LAST - 2, LAST):
        commit(world, world.people_a1[1], year)
    commit(world, world.people_b1[1], LAST)
    meet(world, world.cell_a1, datetime.date(LAST - 1, 5, 10))
    period = Period.of_years(LAST - 2, LAST)

    from ct05.reports.selectors import directive05_by_year

    rows = directive05_by_year(organization=world.province, period=period)

    assert [r["year"] for r in rows["commitments"]] == [LAST - 2, LAST - 1, LAST]
    for row in rows["commitments"]:
        own = directive05_report(organization=world.province, year=row["year"])
        assert row["committed"] == own["commitments"]["committed"]
        assert row["people"] == own["commitments"]["people"]
    assert [r["committed"] for r in rows["commitments"]] == [1, 0, 2]
    assert [r["regular"] for r in rows["meetings"]] == [0, 1, 0]

    client.force_login(world.tuyengiao)
    query = {"organization": world.province.pk, "from_year": LAST - 2, "to_year": LAST}
    page = client.get(URL, query).content.decode()
    assert 'id="years-commitments"' in page and 'id="years-meetings-data"' in page
    assert 'class="years-chart"' in page
    # A single year has no such table.
    single = client.get(URL, {"organization": world.province.pk, "year": LAST}).content.decode()
    assert 'id="over-the-years"' not in single


def test_the_years_table_costs_the_same_for_two_years_or_ten(world):
    from ct05.reports.selectors import directive05_by_year

    def count(first: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            directive05_by_year(organization=world.province, period=Period.of_years(first, YEAR))
        return len(queries.captured_queries)

    two = count(YEAR - 1)
    _grow(world, communes=2, cells=2, members=1)
    assert count(YEAR - 9) == two


def test_the_api_gives_the_years_side_by_side_in_scope(world):
    for year in (LAST - 1, LAST):
        commit(world, world.people_a1[1], year)
    query = {"organization": world.province.pk, "from_year": LAST - 1, "to_year": LAST}
    body = world.api(world.tuyengiao).get(f"{API}years/", query)
    assert body.status_code == 200
    assert [(r["year"], r["committed"]) for r in body.json()["commitments"]] == [
        (LAST - 1, 1),
        (LAST, 1),
    ]
    assert world.api(world.bithu2).get(f"{API}years/", query).status_code == 404
    bad = world.api(world.tuyengiao).get(f"{API}years/", {**query, "to_year": LAST - 3})
    assert bad.status_code == 400 and "to_year" in bad.json()


def test_a_range_of_years_names_each_years_topic(world, client):
    from ct05.study.services import set_topic

    set_topic(user=world.admin, organization=world.province, year=LAST - 1, title="Chủ đề A")
    set_topic(user=world.admin, organization=world.province, year=LAST, title="Chủ đề B")
    # A committee's own topic stands before the province's for its subtree.
    set_topic(user=world.admin, organization=world.commune_a, year=LAST, title="Chủ đề xã")
    period = Period.of_years(LAST - 2, LAST)
    study = directive05_report(organization=world.province, period=period)["study"]
    assert study["topics"] == [
        {"year": LAST - 1, "title": "Chủ đề A"},
        {"year": LAST, "title": "Chủ đề B"},
    ]
    commune = directive05_report(organization=world.commune_a, period=period)["study"]
    assert [t["title"] for t in commune["topics"]] == ["Chủ đề A", "Chủ đề xã"]
    client.force_login(world.admin)
    page = client.get(
        "/reports/directive05/",
        {"organization": world.province.pk, "from_year": LAST - 2, "to_year": LAST},
    ).content.decode()
    assert f"<li>{LAST - 1}: Chủ đề A</li>" in page and f"<li>{LAST}: Chủ đề B</li>" in page
