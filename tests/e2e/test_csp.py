"""The pages work under the Content-Security-Policy: the browser refuses nothing (the ``phone``
fixture fails the test on any refusal it reports), htmx and the report's chart still run."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ct05.ratings import services as rating_services
from tests.factories import ALL_ON_TIME

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

    world = world_tx
    rating = rating_services.self_assess(
        user=world.admin,
        person=world.people_b1[1],
        year=timezone.localdate().year,
        scores={"general": "25", "task_results": "59"},
        conditions=ALL_ON_TIME,
    )
    rating_services.propose(user=world.admin, rating=rating)
    rating_services.decide(user=world.admin, rating=rating)
    log_in(page, base, "tuyengiao")
    # Once a rating is decided, the report's chart is drawn by Chart.js from the page's figures (a JSON data block).
    page.goto(f"{base}/reports/directive05/?organization={world_tx.province.pk}")
    expect(page.locator("canvas#ratings-chart[data-drawn='1']")).to_have_count(1)

    # The people list filters itself as one types (htmx).
    page.goto(f"{base}/people/")
    page.locator("main input[name=q]").fill("zzzz-nobody")
    expect(page).to_have_url(re.compile(r"q=zzzz-nobody"))

    # The admin's pages (Django's own templates) too.
    page.goto(f"{base}/admin/login/")
    expect(page.locator("#login-form")).to_be_visible()
    assert script_errors == []
