"""axe finds nothing on any public page, in English and Arabic, with and without JavaScript,
and the phone header stays compact and opens its menu without JavaScript.

The demo (Riverton, every page type in four languages) is loaded once for this module into
the test database and served by a live server of the module's own: pytest-django's
`live_server` would make every test transactional, and the flush after each test would wipe
the demo at every test (it takes ~20-40 s to load). When the module ends, the database is
emptied and given back the rows it had before (as Django's serialized rollback does), so the
tests after it find it as migrations left it.

Without JavaScript axe cannot run in the page (it needs timers, which a page without
scripts never fires), so the page is opened in a `java_script_enabled=False` context, its
DOM as that visitor has it is taken (scripts out, <noscript> content in, a <details> opened
or not), and that DOM is audited in a context with scripts, where none of the site's own
scripts run.
"""

import re
import threading
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer
from wagtail.models import Collection, Page

from tests.conftest import _wagtail_root

from .conftest import violations

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
LANGUAGES = ["en", "ar"]

# Each test runs in a transaction that is rolled back (nothing it does outlives it); the demo
# under it was committed once by the `demo` fixture. The mark also makes pytest-django set up
# the test database at all. Under pytest-xdist the module runs in one worker, so the demo is
# loaded once (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("every-page")]
SEARCH_WORDS = {"en": "cycling", "ar": "الدراجات"}

PAGE_TYPES = [
    "home",
    "process index",
    "process",
    "consultation",
    "clause thread",
    "feedback",
    "survey",
    "survey results",
    "news index",
    "blog post",
    "data story",
    "newsletter index",
    "newsletter",
    "standard page",
    "form page",
    "search results",
    "sign in",
    "sign up",
    "newsletter sign-up",
    "not found",
]

# The demo's main menu: Have your say, News, Newsletter, How we engage, About, Contact.
DEMO_MENU_ITEMS = 6


def _page_addresses(language):
    """One address for each page type in `language`, from the demo's pages."""
    from blog.models import BlogIndexPage, BlogPage, DataStoryPage
    from home.models import FormPage, HomePage, StandardPage
    from newsletters.models import NewsletterIndexPage, NewsletterPage
    from processes.models import (
        ConsultationPage,
        FeedbackPage,
        ProcessIndexPage,
        ProcessPage,
    )
    from surveys.models import SurveyPage

    def first(model):
        page = model.objects.live().filter(locale__language_code=language).first()
        assert page is not None, f"the demo has no {model.__name__} in {language}"
        return page

    consultation = first(ConsultationPage)
    clause = next(item.id for item in consultation.numbered_items if item.is_clause)
    prefix = f"/{language}"
    return {
        "home": first(HomePage).url,
        "process index": first(ProcessIndexPage).url,
        "process": first(ProcessPage).url,
        "consultation": consultation.url,
        "clause thread": consultation.url + consultation.thread_path(clause),
        "feedback": first(FeedbackPage).url,
        "survey": SurveyPage.objects.live()
        .get(slug="open-data-survey", locale__language_code=language)
        .url,
        "survey results": SurveyPage.objects.live()
        .get(slug="bus-survey", locale__language_code=language)
        .url
        + "results/",
        "news index": first(BlogIndexPage).url,
        "blog post": first(BlogPage).url,
        "data story": first(DataStoryPage).url,
        "newsletter index": first(NewsletterIndexPage).url,
        "newsletter": first(NewsletterPage).url,
        "standard page": first(StandardPage).url,
        "form page": first(FormPage).url,
        "search results": f"{prefix}/search/?q={SEARCH_WORDS[language]}",
        "sign in": f"{prefix}/account/sign-in/",
        "sign up": f"{prefix}/account/sign-up/",
        "newsletter sign-up": f"{prefix}/subscribe/",
        "not found": f"{prefix}/no-such-page/",
    }


def _wait_for_requests_to_end(server, timeout=10):
    """Let the server's request threads (each with its own database connection on
    PostgreSQL, closed when its request ends) finish, so no session outlives the module."""
    httpd = getattr(server.thread, "httpd", None)
    for thread in threading.enumerate():
        target = getattr(thread, "_target", None)
        if httpd is not None and getattr(target, "__self__", None) is httpd:
            thread.join(timeout)


def _reset_sequences():
    """Point PostgreSQL's id sequences past the rows put back (as loaddata does): the flush
    restarted them at 1, and the next test's new page would take the root page's id."""
    from django.apps import apps
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """(live server address, {language: {page type: path}, "session": a resident's session
    cookie}) for the demo, loaded once."""
    with django_db_blocker.unblock():
        # pytest-django runs the database tests of every module together, before the
        # transactional ones: the tests after this module expect the database as migrations
        # left it, so it is kept here and put back at the end (Django's serialized rollback).
        migrated = connection.creation.serialize_db_to_string()
        if Page.get_first_root_node() is None:
            _wagtail_root()
        if Collection.get_first_root_node() is None:
            Collection.add_root(name="Root")
        call_command("load_demo", "--no-admin", stdout=StringIO(), stderr=StringIO())
        addresses = {language: _page_addresses(language) for language in LANGUAGES}
        # A resident's session, made here so that it is committed for the server to read.
        resident = get_user_model().objects.create_user(
            "nadia", "nadia@example.org", "pw", first_name="Nadia", last_name="Haddad"
        )
        client = Client()
        client.force_login(resident)
        addresses["session"] = client.cookies[settings.SESSION_COOKIE_NAME].value
        server = LiveServer("localhost:0")
        try:
            yield server.url, addresses
        finally:
            server.stop()
            _wait_for_requests_to_end(server)
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(migrated)
            _reset_sequences()
            cache.clear()
            ContentType.objects.clear_cache()  # the demo's content types went with the flush
            # Playwright's greenlets can leave this code in another context than the test
            # database's own connection, so the work above may have opened a second one:
            # close it, or PostgreSQL refuses to drop the test database at the end.
            connection.close()


@pytest.fixture
def open_context(browser, demo):
    """open_context(**options) -> a new browser context on the demo; closed after the test."""
    base_url = demo[0]
    contexts = []

    def open_(**options):
        context = browser.new_context(base_url=base_url, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield open_
    for context in contexts:
        context.close()


def violations_without_javascript(page, open_context, **options):
    """axe's findings on `page` (opened without JavaScript) as its visitor sees it now."""
    html = page.content()
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S | re.I)
    html = re.sub(r"</?noscript>", "", html, flags=re.I)
    address = page.url
    audit = open_context(**options).new_page()
    audit.route(
        lambda url: url == address,
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
    )
    audit.goto(address)
    return violations(audit)


def _open(open_context, language, javascript, **options):
    return open_context(locale=language, java_script_enabled=javascript, **options).new_page()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_axe_finds_nothing(open_context, demo, page_type, language, javascript):
    address = demo[1][language][page_type]
    page = _open(open_context, language, javascript)
    response = page.goto(address)
    assert response.status == (404 if page_type == "not found" else 200)
    expect(page.locator("html")).to_have_attribute("lang", language)
    if javascript:
        found = violations(page)
    else:
        found = violations_without_javascript(page, open_context, locale=language)
    assert found == [], f"{page_type} ({language}): " + "\n".join(found)


def _interface(language, text):
    from django.utils import translation

    with translation.override(language):
        return translation.gettext(text)


def _focus(page):
    """Where the keyboard is: the focused element's tag and whether it is in the main menu."""
    return page.evaluate(
        """() => {
            const node = document.activeElement;
            return {
                tag: node.tagName.toLowerCase(),
                inMenu: Boolean(node.closest(".main-nav")),
            };
        }"""
    )


def _tab_to(page, predicate, limit=20):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if predicate(_focus(page)):
            return
    raise AssertionError(f"Tab never got there; last focus {_focus(page)}")


def _audit(page, open_context, language, javascript, **options):
    if javascript:
        return violations(page)
    return violations_without_javascript(page, open_context, locale=language, **options)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_the_header_is_compact_and_its_menu_opens_by_keyboard(
    open_context, demo, language, javascript
):
    page = _open(open_context, language, javascript, **PHONE)
    page.goto(demo[1][language]["home"])
    header = page.locator("header.site-header")
    assert header.bounding_box()["height"] <= 0.25 * PHONE["viewport"]["height"]

    menu = page.get_by_role("navigation", name=_interface(language, "Main menu"))
    toggle = page.locator("summary.site-menu__toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_accessible_name(_interface(language, "Menu"))
    expect(menu).to_be_hidden()
    found = _audit(page, open_context, language, javascript, **PHONE)
    assert found == [], "\n".join(found)

    # By keyboard alone: Tab to "Menu", Enter opens it, Tab goes on into the menu's links.
    _tab_to(page, lambda node: node["tag"] == "summary")
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    links = menu.get_by_role("link")
    expect(links).to_have_count(DEMO_MENU_ITEMS)
    for index in range(DEMO_MENU_ITEMS):
        expect(links.nth(index)).to_be_in_viewport()
    _tab_to(page, lambda node: node["inMenu"])
    expect(links.first).to_be_focused()
    found = _audit(page, open_context, language, javascript, **PHONE)
    assert found == [], "\n".join(found)

    if javascript:  # the script's one addition: Escape closes and focus goes back to "Menu"
        page.keyboard.press("Escape")
        expect(menu).to_be_hidden()
        expect(toggle).to_be_focused()
    else:  # "Menu" again closes it
        toggle.click()
        expect(menu).to_be_hidden()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_wide_screen_the_menu_shows_without_a_menu_button(
    open_context, demo, language, javascript
):
    page = _open(open_context, language, javascript, **DESKTOP)
    page.goto(demo[1][language]["home"])
    expect(page.locator("summary.site-menu__toggle")).to_be_hidden()
    menu = page.get_by_role("navigation", name=_interface(language, "Main menu"))
    expect(menu.get_by_role("link")).to_have_count(DEMO_MENU_ITEMS)
    expect(menu.get_by_role("link").first).to_be_visible()
    languages = page.get_by_role("navigation", name=_interface(language, "Choose a language"))
    expect(languages.get_by_role("link")).to_have_count(4)
    expect(page.get_by_role("search", name=_interface(language, "Quick search"))).to_be_visible()
    # The brand, account and languages share the top row, above the menu.
    brand = page.locator(".site-header__brand").bounding_box()
    switcher = languages.bounding_box()
    assert abs(brand["y"] - switcher["y"]) < brand["height"]
    assert menu.bounding_box()["y"] > brand["y"] + brand["height"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_the_signed_in_header_stays_compact(open_context, demo, language):
    base_url, addresses = demo
    context = open_context(locale=language, **PHONE)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": addresses["session"], "url": base_url}]
    )
    page = context.new_page()
    page.goto(addresses[language]["home"])
    expect(page.locator(".account-nav")).to_contain_text("Nadia Haddad")
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 0.15 * PHONE["viewport"]["height"]
    # Nothing in the header overlaps: the brand, the name, Sign out and Menu each have room.
    boxes = [
        page.locator(selector).bounding_box()
        for selector in (
            ".site-header__brand",
            ".account-nav__name",
            ".account-nav__form",
            ".site-menu__toggle",
        )
    ]
    for index, first in enumerate(boxes):
        for second in boxes[index + 1 :]:
            apart = (
                first["x"] + first["width"] <= second["x"] + 0.5
                or second["x"] + second["width"] <= first["x"] + 0.5
                or first["y"] + first["height"] <= second["y"] + 0.5
                or second["y"] + second["height"] <= first["y"] + 0.5
            )
            assert apart, (first, second)
    found = violations(page)
    assert found == [], "\n".join(found)
