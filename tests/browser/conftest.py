"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

No browser is downloaded: `make test` installs Debian's `chromium` package when it is
missing, and these tests use /usr/bin/chromium (or $CHROMIUM). Pages are served by
pytest-django's live server from the test database, so the tests need real transactions
(tests/conftest.py makes Wagtail's root page again after a transactional test's flush).
"""

import functools
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))

# Playwright's `expect` waits 5 s by default, as long as an action waits here at most is
# 10 s (open_context): on a shared machine under load a form's round trip to the live
# server took longer than 5 s and a reply was reported missing while it was being sent.
# Waiting longer only slows a test that fails anyway.
expect.set_options(timeout=10_000)

browser_test = pytest.mark.django_db(transaction=True)


def pytest_itemcollected(item):
    """A module's tests share one Chromium (the module-scoped ``browser``): under pytest-xdist
    they run in one worker, one after another (tests/conftest.py)."""
    if item.get_closest_marker("xdist_group") is None:
        item.add_marker(pytest.mark.xdist_group(item.module.__name__))


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's Chromium (`apt-get install chromium`; "
            "`make test` does it) or set CHROMIUM to another Chromium binary."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an event loop in this thread; the ORM calls the
    # tests make between browser steps are still synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            # --no-sandbox: CI runs as root in a container, where Chromium's sandbox can't start.
            launched = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox"]
            )
            yield launched
            launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def open_context(browser, live_server):
    """open_context(**options) -> a new browser context; all are closed after the test."""
    contexts = []

    def open_(user=None, **options):
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        if user is not None:
            sign_in(context, user, live_server.url)
        contexts.append(context)
        return context

    yield open_
    for context in contexts:
        context.close()


def sign_in(context, user, base_url):
    """Give the browser a session for `user`, as if they had signed in."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


@pytest.fixture
def resident(transactional_db):
    return get_user_model().objects.create_user(
        "nadia", "nadia@example.org", "pw", first_name="Nadia", last_name="Haddad"
    )


def violations(page):
    """axe's findings on the page as it is now, one readable line each.

    axe's experimental rules run too: label-content-name-mismatch (WCAG 2.5.3, a control's
    name must contain its visible words) is one of them, and outside audits run it.
    """
    # axe-core is injected once (570 kB over Playwright's pipe, then parsed): the library's
    # Axe.run() would inject it a second time before running it, as axe.run(options) below.
    page.evaluate(_axe_script())
    experimental = page.evaluate("axe.getRules(['experimental']).map(rule => rule.ruleId)")
    options = {
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": True} for rule in experimental},
    }
    results = page.evaluate("options => axe.run(options)", options)
    return [
        f"{item['id']} ({item['impact']}): {node['target']} {node.get('failureSummary', '')}"
        for item in results["violations"]
        for node in item["nodes"]
    ]


@functools.cache
def _axe_script():
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script
