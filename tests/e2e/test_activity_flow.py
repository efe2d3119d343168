"""A cell secretary records a weekend-with-the-people activity in the village on a phone, and
the province's report counts its turns and kilometres."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ct05.activities.models import Activity
from ct05.organizations.models import Locality, LocalityKind

from .test_commitment_flow import log_in, open_register


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_activity_flow(live_server, world_tx, phone):
    world, page, base = world_tx, phone, live_server.url
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    commune = Locality.objects.create(kind=LocalityKind.COMMUNE, name="Xã A")
    village = Locality.objects.create(
        kind=LocalityKind.VILLAGE, name="Thôn Lao Chải", parent=commune
    )
    world.cell_a1.locality = village
    world.cell_a1.save(update_fields=["locality"])
    today = timezone.localdate()
    day = max(today - datetime.timedelta(days=1), datetime.date(today.year, 1, 1))

    log_in(page, base, "bithu1")
    open_register(page, "Hoạt động")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoạt động cộng đồng")
    page.get_by_role("link", name="Ghi hoạt động").click()
    page.get_by_label("Ngày", exact=True).fill(day.isoformat())
    page.get_by_label("Thôn, bản").select_option(label="Thôn Lao Chải")
    page.get_by_label("Lượt cán bộ").fill("30")
    page.get_by_label("Lượt người dân").fill("120")
    page.get_by_label("Đường giao thông tu sửa (km)").fill("1.5")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_text("Đã ghi hoạt động.")).to_be_visible()
    expect(page.get_by_text("1,5 km — Đường giao thông tu sửa")).to_be_visible()
    activity = Activity.objects.get()
    assert (activity.cadre_turns, activity.village_id) == (30, village.pk)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert failed == []
