"""The pages work under the Content-Security-Policy: the browser refuses nothing (the ``phone``
fixture fails the test on any refusal it reports), htmx and the report's chart still run."""

import re

import pytest
from playwright.sync_api import expect

from .test_commitment_flow import log_in


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_run_their_scripts_under_the_policy(live_server, world_tx, phone):
    page, base = phone, live_server.url
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))

    response = page.goto(f"{base}/login/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy

    log_in(page, base, "tuyengiao")
    # The report's chart is drawn by Chart.js from the page's figures (a JSON data block).
    page.goto(f"{base}/reports/directive05/?organization={world_tx.province.pk}")
    expect(page.locator("canvas#ratings-chart[data-drawn='1']")).to_have_count(1)

    # The people list filters itself as one types (htmx).
    page.goto(f"{base}/people/")
    page.locator("input[name=q]").fill("zzzz-nobody")
    expect(page).to_have_url(re.compile(r"q=zzzz-nobody"))

    # The admin's pages (Django's own templates) too.
    page.goto(f"{base}/admin/login/")
    expect(page.locator("#login-form")).to_be_visible()
    assert script_errors == []
