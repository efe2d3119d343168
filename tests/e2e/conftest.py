"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright's sync API runs an event loop in the test's thread, which makes Django refuse
database access from it unless told otherwise.
"""

import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402
from django.db import DEFAULT_DB_ALIAS, connections  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world_tx(transactional_db, world, monkeypatch):
    """The named world of ``tests/conftest.py``, committed so the live server's thread sees it
    (``world`` asks for ``db``; with ``transactional_db`` requested, pytest-django makes that
    database transactional).

    The live server's thread closes its connection after each request (no persistent
    connections), so nothing holds the PostgreSQL test database open when it is dropped.
    """
    monkeypatch.setitem(connections.settings[DEFAULT_DB_ALIAS], "CONN_MAX_AGE", 0)
    return world


@pytest.fixture
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # The test ran inside Playwright's greenlet, where Django opened connections of its own:
        # close them here, or they would keep the PostgreSQL test database open.
        connections.close_all()


def csp_violations(page) -> list[str]:
    """What Chromium refused under the Content-Security-Policy (it says so on the console),
    collected as the test goes."""
    refused = []
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and refused.append(f"{page.url}: {m.text}"),
    )
    return refused


@pytest.fixture
def phone(browser):
    """A page on a phone-sized screen, in Vietnamese. Every browser test is also the proof that
    the pages work under the Content-Security-Policy: a refused script or style fails it."""
    context = browser.new_context(
        viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    refused = csp_violations(page)
    yield page
    context.close()
    assert refused == [], "refused under the Content-Security-Policy"
