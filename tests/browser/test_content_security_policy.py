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

from .test_every_page import LANGUAGES, PAGE_TYPES, demo  # noqa: F401

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


@pytest.fixture(scope="module")
def browsing(browser, demo):  # noqa: F811
    """browsing(language) -> (page, console): a tab kept open for the module for each language,
    listening for violations, and the policy errors Chromium wrote on its console since the
    last call. One tab goes from page to page, as a visitor does: a page opened for each
    address cost Chromium a new renderer each time (test_every_page's Tabs)."""
    tabs = {}

    def browse(language):
        if language not in tabs:
            context = browser.new_context(base_url=demo[0], locale=language)
            context.set_default_timeout(15_000)
            context.add_init_script(LISTEN)
            page = context.new_page()
            console = []
            page.on(
                "console",
                lambda message, console=console: (
                    console.append(message.text)
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            tabs[language] = (page, console)
        page, console = tabs[language]
        console.clear()
        return page, console

    yield browse
    for page, _console in tabs.values():
        page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_page_breaks_the_content_security_policy(browsing, demo, page_type, language):  # noqa: F811
    page, console = browsing(language)
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
