import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from ct05.commitments.services import create_commitment, evaluate_deeds
from ct05.meetings.services import record_meeting
from ct05.organizations.models import OrganizationKind as K
from ct05.people.services import transfer_person
from ct05.reports.renderers import HEADER_ROW, render_xlsx
from ct05.reports.selectors import directive05_report
from ct05.study.services import record_session
from tests.factories import ALL_ON_TIME, OrganizationFactory, PersonFactory, make_user

YEAR = timezone.localdate().year
DEEDS = [{"title": "Việc 1"}, {"title": "Việc 2"}, {"title": "Việc 3"}]


def commit(user, person, deeds=DEEDS):
    return create_commitment(user=user, person=person, year=YEAR, deeds=deeds)


def test_figures_roll_up_over_the_subtree_with_a_row_per_child(world):
    commit(world.bithu1, world.people_a1[1])
    commit(world.bithu1, world.people_a1[2], DEEDS + [{"title": "Việc 4"}])
    commit(world.bithu2, world.people_b1[1])

    report = directive05_report(organization=world.province, year=YEAR)

    c = report["commitments"]
    assert (c["people"], c["committed"], c["deeds_registered"]) == (9, 3, 10)
    assert c["committed_pct"] == 33.3
    assert c["meeting_minimum"] == 3
    by_child = {row["organization"]["name"]: row["commitments"] for row in report["children"]}
    assert set(by_child) == {"Tỉnh ủy Thử Nghiệm", "Đảng ủy xã A", "Đảng ủy xã B"}
    # The province's own row: no members of its own, but the committee itself is not rated yet.
    own = report["children"][0]
    assert own["organization"]["own"] and own["commitments"]["people"] == 0
    assert own["ratings"]["organizations"]["unrated"] == 1
    assert by_child["Đảng ủy xã A"]["committed"] == 2
    assert by_child["Đảng ủy xã A"]["people"] == 6
    assert by_child["Đảng ủy xã B"]["committed"] == 1


def test_commitments_below_a_raised_minimum_no_longer_meet_it(world):
    commit(world.bithu1, world.people_a1[1])
    commit(world.bithu2, world.people_b1[1])
    world.commune_a.min_deeds = 4
    world.commune_a.save()

    report = directive05_report(organization=world.province, year=YEAR)

    assert report["commitments"]["committed"] == 2
    assert report["commitments"]["meeting_minimum"] == 1


def test_a_person_who_transferred_within_the_year_is_counted_once(world):
    person = world.people_a1[3]
    transfer_person(person=person, to=world.cell_b1, day=timezone.localdate())

    report = directive05_report(organization=world.province, year=YEAR)

    assert report["commitments"]["people"] == 9


def test_other_years_are_not_counted(world):
    commit(world.bithu1, world.people_a1[1])
    report = directive05_report(organization=world.province, year=YEAR - 1)
    assert report["commitments"]["committed"] == 0
    assert report["commitments"]["committed_pct"] == 0.0


def test_a_cell_report_counts_only_its_own_people(world):
    commit(world.bithu1, world.people_a1[1])
    commit(world.bithu2, world.people_b1[1])
    report = directive05_report(organization=world.cell_a1, year=YEAR)
    assert report["commitments"]["people"] == 4
    assert report["commitments"]["committed"] == 1


def _grow(world, communes: int, cells: int, members: int):
    for i in range(communes):
        commune = OrganizationFactory(
            name=f"Xã {i}", kind=K.GRASSROOTS_COMMITTEE, parent=world.province
        )
        for _ in range(cells):
            cell = OrganizationFactory(parent=commune)
            people = [PersonFactory(organization=cell) for _ in range(members)]
            for person in people:
                commit(world.admin, person)
            day = datetime.date(YEAR, 1, 10)
            record_meeting(
                user=world.admin,
                organization=cell,
                date=day,
                kind="regular",
                attendance=[{"person": p.pk} for p in people],
            )
            record_session(
                user=world.admin,
                organization=cell,
                date=day,
                kind="study",
                attendance=[{"person": p.pk} for p in people],
            )


def test_the_number_of_queries_does_not_grow_with_the_tree(world, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as small:
        directive05_report(organization=world.province, year=YEAR)
    _grow(world, communes=4, cells=3, members=2)
    with CaptureQueriesContext(connection) as large:
        report = directive05_report(organization=world.province, year=YEAR)
    assert report["commitments"]["committed"] == 24
    assert report["meetings"]["regular"] == 12
    assert report["study"]["attendances"] == 24
    assert len(report["children"]) == 7  # the province's own row, 2 + 4 communes
    assert len(large.captured_queries) == len(small.captured_queries)
    # 12 before issues 9, 14 and 15; one each for the members who studied and those absent
    # without reason; four for plans (with their issues), ethics codes, tasks and inspections
    # (with findings and remediation); nine for the community sections (their four reference
    # lists in one); two for the tree as it was (the root's paths over time, whether anything
    # moved since; the names borne on the day come with the rows); the party organizations and
    # the cells' norms grouped in the database instead of the subtree read whole.
    with django_assert_max_num_queries(30):
        directive05_report(organization=world.province, year=YEAR)


@pytest.mark.parametrize("year", [YEAR - 1, YEAR])
def test_a_cell_a_province_and_the_nation_take_the_same_number_of_queries(world, year):
    # Issue 17: the central level above two provinces, each with communes, cells, members and
    # records, so that every level has something to count.
    nation = OrganizationFactory(name="Trung ương (thử)", kind=K.CENTRAL_COMMITTEE)
    central = make_user("trunguong", role="admin", organization=nation)
    provinces, cells = [], []
    for p in range(2):
        province = OrganizationFactory(
            name=f"Tỉnh ủy {p}", kind=K.PROVINCIAL_COMMITTEE, parent=nation
        )
        provinces.append(province)
        for c in range(2):
            commune = OrganizationFactory(
                name=f"Xã {p}.{c}", kind=K.GRASSROOTS_COMMITTEE, parent=province
            )
            cell = OrganizationFactory(parent=commune)
            cells.append(cell)
            for person in [PersonFactory(organization=cell) for _ in range(2)]:
                create_commitment(user=central, person=person, year=year, deeds=DEEDS)
            record_meeting(
                user=central, organization=cell, date=datetime.date(year, 1, 10), kind="regular"
            )
    counts, people = {}, {}
    for name, root in (("nation", nation), ("province", provinces[0]), ("cell", cells[0])):
        root.refresh_from_db()
        directive05_report(organization=root, year=year)
        with CaptureQueriesContext(connection) as queries:
            report = directive05_report(organization=root, year=year)
        counts[name] = len(queries.captured_queries)
        people[name] = report["commitments"]["people"]
    assert people == {"nation": 8, "province": 4, "cell": 2}
    assert counts["nation"] == counts["province"] == counts["cell"], counts


def test_api_report_has_the_promised_keys(world):
    body = (
        world.api(world.tuyengiao)
        .get(f"/api/reports/directive05/?organization={world.province.pk}&year={YEAR}")
        .json()
    )
    assert set(body["commitments"]) >= {
        "people",
        "committed",
        "committed_pct",
        "deeds_registered",
        "deeds_evaluated",
        "deeds_achieved",
        "meeting_minimum",
    }
    for group in ("members", "organizations"):
        assert set(body["ratings"][group]) == {
            "excellent",
            "good",
            "complete",
            "not_complete",
            "unrated",
        }


@pytest.mark.parametrize("query", ["year=abc", "organization=x", "year=3000"])
def test_bad_report_arguments_are_a_400(world, query):
    response = world.api(world.tuyengiao).get(f"/api/reports/directive05/?{query}")
    assert response.status_code == 400


def test_the_workbook_holds_the_same_figures(world):
    commitment = commit(world.bithu1, world.people_a1[1])
    deed = commitment.deeds.first()
    evaluate_deeds(user=world.bithu1, commitment=commitment, evaluations={deed.pk: "achieved"})
    report = directive05_report(organization=world.province, year=YEAR)

    workbook = load_workbook(BytesIO(render_xlsx(report)))

    # summary, 5 flat sections, ratings, tasks, and the two of models, awards and the people
    assert len(workbook.sheetnames) == 10
    rows = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert rows[HEADER_ROW - 1][0] == "Tổ chức"  # under the title block
    names = [r[0] for r in rows[HEADER_ROW:]]
    assert names == [
        "Tỉnh ủy Thử Nghiệm (bản thân tổ chức và đảng viên sinh hoạt trực tiếp)",
        "Đảng ủy xã A",
        "Đảng ủy xã B",
        rows[-1][0],
    ]
    total = rows[-1]
    assert total[1:3] == (9, 1)  # people, commitments
    assert total[4:7] == (3, 1, 1)  # registered, evaluated, achieved


def test_the_report_says_which_day_people_are_counted_on(world, client):
    today = timezone.localdate()
    this_year = directive05_report(organization=world.province, year=YEAR)
    last_year = directive05_report(organization=world.province, year=YEAR - 1)
    assert this_year["period"]["members_on"] == today.isoformat()
    assert last_year["period"]["members_on"] == f"{YEAR - 1}-12-31"

    client.force_login(world.tuyengiao)
    page = client.get(f"/reports/directive05/?organization={world.province.pk}&year={YEAR - 1}")
    assert f"đảng viên tính đến ngày 31/12/{YEAR - 1}" in page.content.decode()
    sheet = load_workbook(BytesIO(render_xlsx(this_year))).worksheets[0]
    assert f"đảng viên tính đến ngày {today:%d/%m/%Y}" in sheet["A2"].value


def test_the_rows_add_up_to_the_total_after_rated_people_move_away(world):
    from ct05.ratings.services import decide, propose, self_assess

    scores = {"general": 25, "task_results": 55}
    for person in world.people_b1:
        rating = self_assess(
            user=world.admin,
            person=person,
            year=YEAR - 1,
            scores=scores,
            conditions=ALL_ON_TIME,
        )
        propose(user=world.admin, rating=rating)
        decide(user=world.admin, rating=rating)
    # Rated in commune B, then moved to commune A before the year ended.
    transfer_person(person=world.people_b1[2], to=world.cell_a1, day=datetime.date(YEAR - 1, 12, 1))

    report = directive05_report(organization=world.province, year=YEAR - 1)

    rows = {row["organization"]["name"]: row["ratings"] for row in report["children"]}
    assert rows["Đảng ủy xã B"]["members"]["good"] == 3
    assert rows["Đảng ủy xã B"]["members"]["unrated"] == 0  # 2 members now, 3 rated there
    assert rows["Đảng ủy xã A"]["members"]["unrated"] == 7
    for section in ("commitments", "ratings", "study", "meetings"):
        figures = report[section]
        for group, values in figures.items() if section == "ratings" else [(None, figures)]:
            for name, total in values.items():
                if name.endswith("_pct") or not isinstance(total, int):
                    continue
                parts = [
                    (row[section][group] if group else row[section])[name]
                    for row in report["children"]
                ]
                assert sum(parts) == total, (section, group, name)


def test_next_year_counts_todays_members_and_no_cell_at_the_norm_yet(world):
    api = world.api(world.tuyengiao)
    url = f"/api/reports/directive05/?organization={world.province.pk}"

    body = api.get(f"{url}&year={YEAR + 1}").json()

    assert body["period"]["members_on"] == timezone.localdate().isoformat()
    assert body["commitments"]["people"] == 9
    meetings = body["meetings"]
    assert (meetings["cells"], meetings["cells_regular_norm"]) == (3, 0)
    assert meetings["regular_norm_pct"] is None
    too_far = api.get(f"{url}&year={YEAR + 2}", HTTP_ACCEPT_LANGUAGE="vi")
    assert too_far.status_code == 400
    assert too_far.json() == {"year": [f"Năm phải từ 2016 đến {YEAR + 1}."]}


def test_the_openapi_schema_describes_the_report_as_it_is(world):
    """Every key of the report, at every level, is in /api/schema/, and nothing more."""
    from ct05.study.services import set_topic

    # Every list of the report holds an item to compare with its description.
    set_topic(user=world.admin, organization=world.province, year=YEAR, title="Chuyên đề")
    api = world.api(world.tuyengiao)
    schema = api.get("/api/schema/?format=json").json()
    report = api.get(f"/api/reports/directive05/?organization={world.province.pk}").json()
    components = schema["components"]["schemas"]

    def resolve(node):
        while "$ref" in node:
            node = components[node["$ref"].rsplit("/", 1)[-1]]
        if "allOf" in node:  # drf-spectacular wraps a described nested object in allOf
            merged = {}
            for part in node["allOf"]:
                merged.update(resolve(part))
            return merged
        return node

    def compare(value, node, where):
        node = resolve(node)
        if isinstance(value, dict) and "properties" not in node:
            # A mapping keyed by codes (units of output, types of model): each value as described.
            for key, item in value.items():
                compare(item, node["additionalProperties"], f"{where}.{key}")
        elif isinstance(value, dict):
            assert set(value) == set(node["properties"]), where
            for key, item in value.items():
                compare(item, node["properties"][key], f"{where}.{key}")
        elif isinstance(value, list):
            assert value, where
            compare(value[0], node["items"], f"{where}[0]")

    operation = schema["paths"]["/api/reports/directive05/"]["get"]
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    compare(report, body, "report")
