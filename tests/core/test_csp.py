"""The Content-Security-Policy (core/csp.py): sent on the public site, never inline script."""

import re
from pathlib import Path

import pytest

from core.conf import DEFAULTS

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# E-mails are not web pages (mail clients need inline styles); the admin is left out.
NOT_PUBLIC = ("email", "admin")
INLINE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
]


def test_the_policy_allows_no_inline_script_or_style():
    policy = DEFAULTS["CONTENT_SECURITY_POLICY"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy


@pytest.mark.django_db
def test_public_pages_send_it_and_the_admin_does_not(client, home_page):
    page = client.get("/en/account/sign-in/")
    assert page["Content-Security-Policy"] == DEFAULTS["CONTENT_SECURITY_POLICY"]
    assert client.get("/en/no-such-page/")["Content-Security-Policy"]
    assert "Content-Security-Policy" not in client.get("/admin/login/")


@pytest.mark.django_db
def test_an_empty_setting_sends_none(client, home_page, settings):
    settings.CONTENT_SECURITY_POLICY = ""
    assert "Content-Security-Policy" not in client.get("/en/account/sign-in/")


def test_no_public_template_has_inline_script_handlers_or_styles():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        relative = path.relative_to(TEMPLATES)
        if any(word in part for part in relative.parts for word in NOT_PUBLIC):
            continue
        text = path.read_text()
        for pattern, what in INLINE:
            found += [f"{relative}: {what}" for _match in pattern.finditer(text)]
    assert found == []
