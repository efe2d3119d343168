"""A propaganda officer opens a commune's cells in the organization tree without leaving it."""

import pytest
from playwright.sync_api import expect

from .test_commitment_flow import log_in


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_branch_opens_in_place(live_server, world_tx, phone):
    page, base = phone, live_server.url
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    log_in(page, base, "tuyengiao")
    page.goto(f"{base}/organizations/")
    tree = page.locator("ul.tree")
    expect(tree.get_by_role("link", name="Đảng ủy xã A")).to_be_visible()
    expect(tree.get_by_text("Chi bộ thôn A1")).to_have_count(0)

    commune_a = tree.locator("li", has_text="Đảng ủy xã A")
    commune_a.get_by_role("link", name="Xem các tổ chức trực thuộc").click()

    # The cells appear under commune A, on the same page; its link to open them is gone.
    expect(tree.get_by_role("link", name="Chi bộ thôn A1")).to_be_visible()
    rows = tree.locator(":scope > li")
    names = [rows.nth(i).locator("a").first.inner_text() for i in range(rows.count())]
    assert names == [
        "Tỉnh ủy Thử Nghiệm",
        "Đảng ủy xã A",
        "Chi bộ thôn A1",
        "Chi bộ thôn A2",
        "Đảng ủy xã B",
    ]
    expect(commune_a.get_by_role("link", name="Xem các tổ chức trực thuộc")).to_have_count(0)
    assert page.url == f"{base}/organizations/"
    assert script_errors == []
