"""Codes of ethical standards on pages (issue 14, part 1): a cell secretary records and changes
the cell's code, the list shows the user's subtree with the codes not reviewed for over a year
marked, a code out of scope is 404, bad input is refused in Vietnamese, a stale save is refused
with what changed, and the collective plan's page leads to its organization's codes."""

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ct05.plans.models import EthicsCode
from ct05.plans.selectors import a_year_before
from ct05.plans.services import create_ethics_code, create_plan, update_ethics_code

TODAY = timezone.localdate()
ADOPTED = datetime.date(TODAY.year - 2, 3, 15)
MARK = '<span class="badge warning">Chưa rà soát quá 1 năm</span>'


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def a_code(world, organization=None, **fields) -> EthicsCode:
    values = {"title": "Chuẩn mực đạo đức chi bộ", "adopted_on": ADOPTED, **fields}
    return create_ethics_code(
        user=world.tuyengiao, organization=organization or world.cell_a1, **values
    )


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_a_secretary_records_the_cells_code_and_changes_it(world):
    client = client_of(world.bithu1)
    form = page(client.get(f"/plans/ethics-codes/new/?organization={world.cell_a1.pk}"))
    assert f'<option value="{world.cell_a1.pk}" selected>' in form
    sent = {
        "organization": world.cell_a1.pk,
        "title": "Chuẩn mực đạo đức đảng viên chi bộ A1",
        "adopted_on": ADOPTED.strftime("%d/%m/%Y"),
        "content": "Gương mẫu, nói đi đôi với làm",
    }
    response = client.post("/plans/ethics-codes/new/", sent)
    code = EthicsCode.objects.get()
    assert response.status_code == 302 and response.url == f"/plans/ethics-codes/{code.pk}/"
    assert (code.organization, code.adopted_on, code.last_reviewed_on) == (
        world.cell_a1,
        ADOPTED,
        None,
    )
    detail = page(client.get(response.url))
    assert "Đã ghi chuẩn mực đạo đức." in detail
    assert ADOPTED.strftime("%d/%m/%Y") in detail and "Gương mẫu, nói đi đôi với làm" in detail
    assert f'href="/plans/ethics-codes/{code.pk}/edit/"' in detail

    reviewed = TODAY - datetime.timedelta(days=3)
    edit = page(client.get(f"/plans/ethics-codes/{code.pk}/edit/"))
    assert 'name="version"' in edit and 'name="organization"' not in edit
    changed = {
        "title": code.title,
        "adopted_on": ADOPTED.isoformat(),
        "last_reviewed_on": reviewed.strftime("%d/%m/%Y"),
        "content": "Gương mẫu; rà soát lại",
        "version": code.version,
    }
    response = client.post(f"/plans/ethics-codes/{code.pk}/edit/", changed)
    assert response.status_code == 302
    code.refresh_from_db()
    assert (code.last_reviewed_on, code.content) == (reviewed, "Gương mẫu; rà soát lại")
    detail = page(client.get(f"/plans/ethics-codes/{code.pk}/"))
    assert reviewed.strftime("%d/%m/%Y") in detail
    # The history names who changed what.
    assert "Lịch sử thay đổi" in detail
    history = page(client.get(f"/history/plans.ethicscode/{code.pk}/"))
    assert "Gương mẫu; rà soát lại" in history


def test_a_code_outside_the_scope_is_404_and_a_read_only_user_may_not_change_one(world):
    other = a_code(world, world.cell_b1)
    client = client_of(world.bithu1)
    assert client.get(f"/plans/ethics-codes/{other.pk}/").status_code == 404
    assert client.get(f"/plans/ethics-codes/{other.pk}/edit/").status_code == 404
    sent = {"title": "Khác", "adopted_on": ADOPTED.isoformat(), "version": other.version}
    assert client.post(f"/plans/ethics-codes/{other.pk}/edit/", sent).status_code == 404
    assert EthicsCode.objects.get(pk=other.pk).title == "Chuẩn mực đạo đức chi bộ"
    # Nor may the secretary record a code for another commune's cell.
    sent = {"organization": world.cell_b1.pk, "title": "X", "adopted_on": ADOPTED.isoformat()}
    refused = page(client.post("/plans/ethics-codes/new/", sent))
    assert "Hãy chọn một lựa chọn hợp lệ" in refused
    assert EthicsCode.objects.count() == 1

    viewer = client_of(world.viewer)
    assert "Chuẩn mực đạo đức chi bộ" in page(viewer.get(f"/plans/ethics-codes/{other.pk}/"))
    assert viewer.get(f"/plans/ethics-codes/{other.pk}/edit/").status_code == 403
    assert viewer.get("/plans/ethics-codes/new/").status_code == 403


def test_bad_input_is_refused_in_vietnamese_and_nothing_is_written(world):
    client = client_of(world.bithu1)
    future = TODAY + datetime.timedelta(days=5)
    sent = {"organization": world.cell_a1.pk, "title": "Chuẩn mực", "adopted_on": "31/02/2025"}
    assert "Nhập một ngày hợp lệ" in page(client.post("/plans/ethics-codes/new/", sent))
    sent["adopted_on"] = future.isoformat()
    assert "Ngày này ở tương lai." in page(client.post("/plans/ethics-codes/new/", sent))
    sent["adopted_on"] = ADOPTED.isoformat()
    sent["last_reviewed_on"] = (ADOPTED - datetime.timedelta(days=1)).isoformat()
    refused = page(client.post("/plans/ethics-codes/new/", sent))
    assert "Ngày rà soát phải từ ngày ban hành trở đi." in refused
    assert not EthicsCode.objects.exists()
    # An organization that is not a record's number is a 400 in Vietnamese.
    bad = client.get("/plans/ethics-codes/new/?organization=abc")
    assert bad.status_code == 400 and "phải là số hiệu của một bản ghi" in bad.content.decode()
    assert client.get("/plans/ethics-codes/?organization=abc").status_code == 200


def test_a_stale_save_is_refused_and_shows_what_changed(world):
    code = a_code(world)
    opened = code.version
    update_ethics_code(user=world.dangbo_a, code=code, title="Chuẩn mực do đảng ủy xã sửa")
    client = client_of(world.bithu1)
    sent = {"title": "Chuẩn mực của chi bộ", "adopted_on": ADOPTED.isoformat(), "version": opened}
    refused = page(client.post(f"/plans/ethics-codes/{code.pk}/edit/", sent))
    assert "Người khác đã lưu" in refused and "Chuẩn mực do đảng ủy xã sửa" in refused
    assert EthicsCode.objects.get(pk=code.pk).title == "Chuẩn mực do đảng ủy xã sửa"


def test_the_list_shows_the_users_subtree_and_marks_the_review_overdue(world):
    late = a_code(world, title="Chuẩn mực A1 lâu chưa rà soát", last_reviewed_on=ADOPTED)
    a_code(world, world.cell_a2, title="Chuẩn mực A2 vừa rà soát", last_reviewed_on=TODAY)
    a_code(world, world.cell_b1, title="Chuẩn mực B1")
    old = a_code(world, world.commune_a, title="Chuẩn mực xã cũ")
    a_code(world, world.commune_a, title="Chuẩn mực xã mới", adopted_on=TODAY)

    of_cell = page(client_of(world.bithu1).get("/plans/ethics-codes/"))
    assert "Chuẩn mực A1 lâu chưa rà soát" in of_cell
    for title in ("A2 vừa", "B1", "xã cũ", "xã mới"):
        assert f"Chuẩn mực {title}" not in of_cell
    assert of_cell.count(MARK) == 1

    officer = client_of(world.tuyengiao)
    of_commune = page(officer.get(f"/plans/ethics-codes/?organization={world.commune_a.pk}"))
    assert "Chuẩn mực B1" not in of_commune
    for title in ("A1 lâu", "A2 vừa", "xã cũ", "xã mới"):
        assert f"Chuẩn mực {title}" in of_commune
    # The commune's old code is replaced by its new one: only the cell's is marked.
    assert of_commune.count(MARK) == 1
    overdue = page(officer.get("/plans/ethics-codes/?review=overdue"))
    assert "Chuẩn mực A1 lâu" in overdue
    assert "Chuẩn mực A2" not in overdue and "Chuẩn mực xã cũ" not in overdue
    assert "Ban hành hoặc rà soát trong năm" in overdue
    this_year = page(officer.get(f"/plans/ethics-codes/?year={TODAY.year}"))
    assert "Chuẩn mực A2 vừa" in this_year and "Chuẩn mực xã mới" in this_year
    assert "Chuẩn mực A1 lâu" not in this_year
    assert f'href="/plans/ethics-codes/{late.pk}/"' in page(
        officer.get(f"/plans/ethics-codes/?year={ADOPTED.year}")
    )
    replaced = page(officer.get(f"/plans/ethics-codes/{old.pk}/"))
    assert "Đã được thay bằng chuẩn mực ban hành sau" in replaced
    assert MARK not in replaced
    assert MARK in page(officer.get(f"/plans/ethics-codes/{late.pk}/"))


def test_a_code_reviewed_exactly_a_year_ago_is_not_yet_overdue(world):
    code = a_code(world, last_reviewed_on=a_year_before(TODAY))
    listing = page(client_of(world.bithu1).get("/plans/ethics-codes/"))
    assert code.title in listing and MARK not in listing


def test_the_list_costs_the_same_queries_for_many_codes(world):
    client = client_of(world.tuyengiao)
    a_code(world)
    with CaptureQueriesContext(connection) as few:
        page(client.get("/plans/ethics-codes/"))
    for index in range(20):
        organization = [world.cell_a1, world.cell_a2, world.cell_b1][index % 3]
        a_code(world, organization, adopted_on=ADOPTED + datetime.timedelta(days=index))
    with CaptureQueriesContext(connection) as many:
        listing = page(client.get("/plans/ethics-codes/"))
    assert listing.count('href="/plans/ethics-codes/') >= 21
    assert len(many) == len(few)


def test_the_plan_page_and_the_menu_lead_to_the_codes(world):
    code = a_code(world, title="Chuẩn mực đạo đức của chi bộ A1")
    a_code(world, world.cell_a2, title="Chuẩn mực đạo đức của chi bộ A2")
    plan = create_plan(
        user=world.bithu1, organization=world.cell_a1, year=TODAY.year, title="Kế hoạch A1"
    )
    client = client_of(world.bithu1)
    plan_page = page(client.get(f"/plans/{plan.pk}/"))
    assert f'href="/plans/ethics-codes/{code.pk}/"' in plan_page
    assert "Chuẩn mực đạo đức của chi bộ A2" not in plan_page
    assert f'href="/plans/ethics-codes/new/?organization={world.cell_a1.pk}"' in plan_page
    assert 'href="/plans/ethics-codes/"' in page(client.get("/"))
    assert f'href="/plans/{plan.pk}/"' in page(client.get(f"/plans/ethics-codes/{code.pk}/"))
    plans = page(client.get(f"/plans/?organization={world.cell_a1.pk}"))
    assert f'href="/plans/ethics-codes/?organization={world.cell_a1.pk}"' in plans
    # A reader of the plan who may not change it is not offered to record a code.
    viewer_page = page(client_of(world.viewer).get(f"/plans/{plan.pk}/"))
    assert "/plans/ethics-codes/new/" not in viewer_page
    assert f'href="/plans/ethics-codes/{code.pk}/"' in viewer_page
