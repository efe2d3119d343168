"""The Content-Security-Policy: on every page, and no template needs what it refuses.

The policy allows the site's own scripts, styles and images only: no inline ``<script>``,
``<style>`` or ``style=""``, no ``onclick=""``, no ``javascript:`` link, no code in htmx
attributes (``hx-on``, ``js:``). The browser tests (tests/e2e) fail on anything Chromium refuses.
"""

import re
from pathlib import Path

import pytest

import ct05

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
TEMPLATES = sorted(Path(ct05.__file__).parent.rglob("templates/**/*.html"))


def directives(header: str) -> dict:
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.parametrize("url", ["/login/", "/", "/organizations/", "/api/me/", "/nowhere/"])
def test_every_answer_carries_the_policy(client, world, url):
    client.force_login(world.tuyengiao)
    response = client.get(url)
    assert directives(response["Content-Security-Policy"]) == POLICY


def test_the_login_page_carries_the_policy_to_the_anonymous(client, db):
    assert "Content-Security-Policy" in client.get("/login/")


def test_templates_are_found():
    assert len(TEMPLATES) > 30


INLINE = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>", re.I),
    "<style> block": re.compile(r"<style(?![^>]*\bnonce=)[^>]*>", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: link": re.compile(r"javascript:", re.I),
    "hx-on (evaluated code)": re.compile(r"\shx-on", re.I),
    "js: in an htmx attribute": re.compile(r"hx-[a-z-]+=\s*[\"']js:", re.I),
}


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p).split("ct05/", 1)[-1])
def test_no_template_needs_what_the_policy_refuses(path):
    source = path.read_text()
    found = [what for what, pattern in INLINE.items() if pattern.search(source)]
    assert found == []


def test_the_scan_would_see_an_inline_script():
    assert INLINE["inline <script>"].search("<script>alert(1)</script>")
    assert INLINE["inline <script>"].search('<script type="module">')
    assert not INLINE["inline <script>"].search('<script src="/static/x.js" defer>')
    assert not INLINE["inline <script>"].search('<script nonce="{{ csp_nonce }}">')
    assert INLINE["style attribute"].search('<li style="--indent: 1">')
    assert INLINE["event handler attribute"].search('<a onclick="go()">')


def test_htmx_injects_no_style_and_evaluates_nothing(client, world):
    client.force_login(world.tuyengiao)
    page = client.get("/").content.decode()
    assert '"includeIndicatorStyles":false' in page
    assert '"allowEval":false' in page
