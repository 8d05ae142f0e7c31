"""The Content-Security-Policy holds on every public page type: the header is sent, it allows
no inline script, and the browser reports no violation, with scripts running (the thread
opened in place on the consultation too), in English and Arabic.

The demo is test_every_page's `demo` fixture (imported here): both modules run in one
pytest-xdist worker ("every-page"), one after the other, and share one load of it.
Violations are caught two ways: a `securitypolicyviolation` listener added before any page
script runs (Playwright's init scripts are not subject to the page's policy), and the
console errors Chromium writes for every blocked inline script, handler or style.
"""

import pytest

from .test_every_page import LANGUAGES, PAGE_TYPES, demo, open_context  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("every-page")]

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
        + ` at ${event.sourceFile || ""}:${event.lineNumber} ${event.sample || ""}`
    );
});
"""


def _browse(new_context, language):
    context = new_context(locale=language)
    context.add_init_script(LISTEN)
    page = context.new_page()
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return page, console


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_page_breaks_the_content_security_policy(open_context, demo, page_type, language):  # noqa: F811
    page, console = _browse(open_context, language)
    response = page.goto(demo[1][language][page_type])
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    if page_type == "consultation":
        # The script turns each clause's comments link into a button that loads the thread.
        page.locator("button.clause__comments").first.click()
        page.locator("[data-thread-title]").first.wait_for()
    page.wait_for_load_state("networkidle")
    found = page.evaluate("window.__cspViolations") + console
    assert found == [], f"{page_type} ({language}):\n" + "\n".join(found)
