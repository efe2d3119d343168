"""On a phone, a national propaganda officer narrows a list to one committee among thousands:
the organization filter is a search box, typing part of the name without diacritics brings the
matches (htmx), one is chosen, the list is filtered (issue 17)."""

import re

import pytest
from playwright.sync_api import expect

from ct05.organizations import forms as organization_forms

from .conftest import PHONE
from .test_commitment_flow import log_in


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_officer_finds_the_committee_by_typing_its_name(
    live_server, world_tx, phone, monkeypatch
):
    monkeypatch.setattr(organization_forms, "PICKER_LIMIT", 2)  # the world's 3 are "too many"
    world, page, base = world_tx, phone, live_server.url
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))

    log_in(page, base, "tuyengiao")
    page.goto(base + "/plans/")
    expect(page.locator("select[name=organization]")).to_have_count(0)
    expect(page.locator(".organization-picker button.find")).to_be_hidden()
    page.locator("#id_organization_q").press_sequentially("dang uy xa b")
    choice = page.get_by_label("Đảng ủy xã B")
    expect(choice).to_be_visible()
    expect(page.locator("#id_organization-options input[type=radio]")).to_have_count(1)
    choice.check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(rf"organization={world.commune_b.pk}(&|$)"))
    expect(page.locator(f'#id_organization input[value="{world.commune_b.pk}"]')).to_be_checked()
    assert script_errors == []
