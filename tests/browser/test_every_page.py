"""axe finds nothing on any public page, in English and Arabic, with and without JavaScript,
the Content-Security-Policy holds on each, and the phone header stays compact and opens its
menu without JavaScript.

The pages that take input are walked through as a visitor would, and each state is checked by
axe and by the Nu HTML Checker: every step of the bus survey (without JavaScript, a step per
condition; with it, the condition applied in place and the hidden answers not stored), a
proposal written, its similar proposals and a support given and withdrawn with the keyboard
alone, the event registration form with its errors, and the officials' check-in screen on a
375-pixel phone and impact dashboard.

The demo (Riverton, every page type in four languages) is loaded once for this module into the
test database and served by a live server of its own: pytest-django's `live_server` would make
every test transactional, and the flush after each test would wipe the demo at every test
(it takes ~20-40 s to load). After the last test that uses it, the database is emptied and
given back the rows it had before (as Django's serialized rollback does), so the tests after
it find it as migrations left it.

Without JavaScript axe cannot run in the page (it needs timers, which a page without
scripts never fires), so the page is opened in a `java_script_enabled=False` context, its
DOM as that visitor has it is taken (scripts out, <noscript> content in, a <details> opened
or not), and that DOM is audited in a context with scripts, where none of the site's own
scripts run.
"""

import datetime
import json
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer
from wagtail.users.models import UserProfile

from surveys.forms import option_rank
from tests.conftest import load_demo
from tests.html import parse
from tests.test_html_validity import VNU_JAR

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
    "proposals",
    "proposal",
    "proposal form",
    "events",
    "event",
    "impact",
    "figures",
    "sign in",
    "sign up",
    "newsletter sign-up",
    "not found",
]

# The demo's main menu: Have your say, News, Newsletter, How we engage, About, Contact.
DEMO_MENU_ITEMS = 6

# Added to every page with scripts before its own run: the Content-Security-Policy's reports.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
        + ` at ${event.sourceFile || ""}:${event.lineNumber} ${event.sample || ""}`
    );
});
"""


def _page_addresses(language):
    """One address for each page type in `language`, from the demo's pages."""
    from blog.models import BlogIndexPage, BlogPage, DataStoryPage
    from events.models import EventIndexPage, EventPage
    from home.models import FormPage, HomePage, StandardPage
    from impact.models import ImpactPage, ProcessTarget
    from newsletters.models import NewsletterIndexPage, NewsletterPage
    from processes.models import (
        ConsultationPage,
        FeedbackPage,
        ProcessIndexPage,
        ProcessPage,
    )
    from proposals.models import Proposal, ProposalsPage
    from surveys.models import SurveyPage

    def first(model):
        page = model.objects.live().filter(locale__language_code=language).first()
        assert page is not None, f"the demo has no {model.__name__} in {language}"
        return page

    consultation = first(ConsultationPage)
    clause = next(item.id for item in consultation.numbered_items if item.is_clause)
    prefix = f"/{language}"
    ideas = first(ProposalsPage)
    built = Proposal.objects.for_page(ideas).filter(progress__gt=0, merged_into=None).first()
    event = (
        EventPage.objects.live()
        .filter(
            locale__language_code=language, registration_enabled=True, starts_at__gt=timezone.now()
        )
        .first()
    )
    public_figures = ProcessTarget.objects.filter(public=True).first()
    with_figures = ProcessPage.objects.get(
        translation_key=public_figures.process_key, locale__language_code=language
    )
    bus_survey = SurveyPage.objects.get(slug="bus-survey", locale__language_code=language)
    with translation.override(language):
        figures = reverse("impact_public", args=[with_figures.pk])
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
        "proposals": ideas.url,
        "proposal": ideas.url + ideas.proposal_path(built),
        "proposal form": ideas.url + "new/",
        "events": first(EventIndexPage).url,
        "event": event.url,
        "impact": first(ImpactPage).url,
        "figures": figures,
        "bus survey": bus_survey.url,
        "check-in": reverse("events_admin:check_in", args=[event.pk]),
        "dashboard": reverse("impact_dashboard", args=[with_figures.pk]),
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
def demo(demo_database, django_db_blocker):
    """(live server address, {language: {page type: path}, "session": a resident's session
    cookie}) for the demo, loaded once for this module."""
    yield from _serve_demo(django_db_blocker, demo_database)


def _serve_demo(django_db_blocker, demo_database):
    with django_db_blocker.unblock():
        put_back = _put_demo_in_database(demo_database)
        addresses = {language: _page_addresses(language) for language in LANGUAGES}
        # A resident's session, made here so that it is committed for the server to read.
        resident = get_user_model().objects.create_user(
            "nadia", "nadia@example.org", "pw", first_name="Nadia", last_name="Haddad"
        )
        client = Client()
        client.force_login(resident)
        addresses["session"] = client.cookies[settings.SESSION_COOKIE_NAME].value
        # An official for each language (Wagtail's admin speaks the user's own language).
        addresses["official sessions"] = {}
        for language in LANGUAGES:
            official = get_user_model().objects.create_superuser(
                f"official-{language}", f"official-{language}@riverton.example", "pw"
            )
            profile = UserProfile.get_for_user(official)
            profile.preferred_language = language
            profile.save()
            client = Client()
            client.force_login(official)
            addresses["official sessions"][language] = client.cookies[
                settings.SESSION_COOKIE_NAME
            ].value
        server = LiveServer("localhost:0")
        try:
            yield server.url, addresses
        finally:
            server.stop()
            _wait_for_requests_to_end(server)
            put_back()
            cache.clear()
            ContentType.objects.clear_cache()  # the demo's content types are gone
            # Playwright's greenlets can leave this code in another context than the test
            # database's own connection, so the work above may have opened a second one:
            # close it, or PostgreSQL refuses to drop the test database at the end.
            connection.close()


def _put_demo_in_database(demo_database):
    """Commit the demo to the test database; returns what puts back the database as it was.

    pytest-django runs the database tests of every module together, before the transactional
    ones: the tests after this module expect the database as migrations left it. Under
    pytest-xdist on SQLite the worker copies the demo loaded once for the run and then the
    migrated template again (tests/parallel.py); otherwise the demo is loaded here and the rows
    the database had before are kept and put back at the end (Django's serialized rollback).
    On PostgreSQL the copy failed here: dropping the worker's database to copy the demo into it
    found one other session on it (from this worker, not yet explained), where the demo tests'
    copies in tests/conftest.py did not.
    """
    if demo_database.available and connection.vendor == "sqlite":
        demo_database.copy_in(load_demo)
        return demo_database.restore
    migrated = connection.creation.serialize_db_to_string()
    load_demo()

    def put_back():
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(migrated)
        _reset_sequences()

    return put_back


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


class Tabs:
    """Browser pages kept open for the module, one per visitor setting (language, JavaScript,
    screen): tabs(language, javascript, **options) -> that setting's page.

    The audits go from address to address in these instead of opening a page each: a new
    page cost Chromium ~2.2 s of CPU for a page load and axe's run, the same in an open page
    ~0.8 s (no new renderer process, and axe's script compiled once per tab), measured on the
    demo's page types in /usr/bin/chromium. A visitor setting keeps its cookies from page to
    page, as a visitor's browser does; the tests that need a visitor of their own (signed in,
    or walking a form) open a context of their own (open_context).
    """

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.pages = {}
        self.console = {}  # page: the policy errors on its console since it was handed out

    def __call__(self, language, javascript=True, **options):
        key = (language, javascript, json.dumps(options, sort_keys=True))
        page = self.pages.get(key)
        if page is None or page.is_closed():
            context = self.browser.new_context(
                base_url=self.base_url, locale=language, java_script_enabled=javascript, **options
            )
            context.set_default_timeout(15_000)
            if javascript:
                context.add_init_script(LISTEN)
            page = self.pages[key] = context.new_page()
            self.console[page] = []
            page.on(
                "console",
                lambda message, console=self.console[page]: (
                    console.append(message.text)
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
        self.console[page].clear()
        return page

    def policy_breaches(self, page):
        """What the Content-Security-Policy blocked on `page`: on the document it shows (the
        listener's reports) and since the tab was handed out (Chromium's console errors)."""
        return page.evaluate("window.__cspViolations") + self.console[page]

    def close(self):
        for page in self.pages.values():
            page.context.close()


@pytest.fixture(scope="module")
def tabs(browser, demo):
    kept = Tabs(browser, demo[0])
    yield kept
    kept.close()


def violations_without_javascript(page, tabs, language, **options):
    """axe's findings on `page` (opened without JavaScript) as its visitor sees it now,
    audited in the tab with scripts for the same language and screen (`options`)."""
    html = page.content()
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S | re.I)
    html = re.sub(r"</?noscript>", "", html, flags=re.I)
    address = page.url
    audit = tabs(language, True, **options)

    def is_the_page(url):
        return url == address

    def serve(route):
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    audit.route(is_the_page, serve)
    try:
        audit.goto(address)
    finally:
        audit.unroute(is_the_page, serve)
    return violations(audit)


def _open(open_context, language, javascript, **options):
    return open_context(locale=language, java_script_enabled=javascript, **options).new_page()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_axe_finds_nothing_and_the_content_security_policy_holds(
    tabs, demo, page_type, language, javascript
):
    """axe's audit, and the Content-Security-Policy (core/csp.py): the header is sent and
    allows no inline script, and with scripts running (the consultation's thread opened in
    place too) the browser blocks nothing. A block is caught two ways: a
    `securitypolicyviolation` listener added before any page script runs (Playwright's init
    scripts are not subject to the page's policy), and the console error Chromium writes for
    every blocked inline script, handler or style."""
    address = demo[1][language][page_type]
    page = tabs(language, javascript)
    response = page.goto(address)
    assert response.status == (404 if page_type == "not found" else 200)
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    expect(page.locator("html")).to_have_attribute("lang", language)
    if javascript:
        page.wait_for_load_state("networkidle")
        found = violations(page)
        if page_type == "consultation":
            # The script turns each clause's comments link into a button that loads the thread.
            page.locator("button.clause__comments").first.click()
            page.locator("[data-thread-title]").first.wait_for()
            page.wait_for_load_state("networkidle")
        found += tabs.policy_breaches(page)
    else:
        found = violations_without_javascript(page, tabs, language)
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


def _audit(page, tabs, language, javascript, **options):
    if javascript:
        return violations(page)
    return violations_without_javascript(page, tabs, language, **options)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_the_header_is_compact_and_its_menu_opens_by_keyboard(
    tabs, demo, language, javascript
):
    page = tabs(language, javascript, **PHONE)
    page.goto(demo[1][language]["home"])
    header = page.locator("header.site-header")
    assert header.bounding_box()["height"] <= 0.25 * PHONE["viewport"]["height"]

    menu = page.get_by_role("navigation", name=_interface(language, "Main menu"))
    toggle = page.locator("summary.site-menu__toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_accessible_name(_interface(language, "Menu"))
    expect(menu).to_be_hidden()
    found = _audit(page, tabs, language, javascript, **PHONE)
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
    found = _audit(page, tabs, language, javascript, **PHONE)
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
def test_on_a_wide_screen_the_menu_shows_without_a_menu_button(tabs, demo, language, javascript):
    page = tabs(language, javascript, **DESKTOP)
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


# -- the pages that take input: surveys step by step, proposals by keyboard, events, and the
# officials' screens. Each page is audited by axe and by the Nu HTML Checker (the HTML the
# server sent without JavaScript; the DOM as the scripts left it with JavaScript).

PHONE_375 = {**PHONE, "viewport": {"width": 375, "height": 812}}


@pytest.fixture(scope="module")
def nu_errors():
    """nu_errors({name: html}) -> the Nu HTML Checker's errors, one line each.

    One checker serves the module: vnu's own web service, started at the first test that asks
    (Java takes seconds to start, which a run of vnu.jar per page would pay every time). It
    starts in the background; the first check waits for it.
    """
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail(f"The Nu HTML Checker needs Java and {VNU_JAR}: run `make test`.")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [java, "-cp", str(VNU_JAR), "-Dnu.validator.servlet.bind-address=127.0.0.1"]
        + ["nu.validator.servlet.Main", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def report(html):
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/?out=json",
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(request, timeout=60) as answer:
                    return json.load(answer)
            except (ConnectionError, urllib.error.URLError):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.25)

    def check(documents):
        return [
            f"{name}:{message.get('lastLine')}: {message.get('message')}"
            for name, html in documents.items()
            for message in report(html)["messages"]
            if message["type"] in ("error", "non-document-error")
        ]

    yield check
    server.terminate()
    server.wait(timeout=30)


def _signed_in(open_context, demo, session, **options):
    base_url = demo[0]
    context = open_context(**options)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
    return context


def _tab_until(page, selector, limit=80):
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.fixture(scope="module")
def open_bus_survey(demo, django_db_blocker):
    """The demo's bus survey (closed) takes answers again while this module runs."""
    from surveys.models import SurveyPage

    with django_db_blocker.unblock():
        pages = SurveyPage.objects.filter(slug="bus-survey")
        closing = dict(pages.values_list("pk", "closes_at"))
        pages.update(closes_at=timezone.now() + datetime.timedelta(days=30))
    yield
    with django_db_blocker.unblock():
        for pk, closes_at in closing.items():
            SurveyPage.objects.filter(pk=pk).update(closes_at=closes_at)
        # Under Playwright this may run in another context than the test database's own
        # connection (see _serve_demo): close the one it used, or it outlives the run.
        connection.close()


def _answer(form, reference, value):
    form.locator(f'[data-reference="{reference}"] input[value="{value}"]').check()


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_step_of_the_bus_survey_without_javascript(
    open_context, tabs, demo, open_bus_survey, language, nu_errors
):
    page = _open(open_context, language, False)
    form = page.locator("#survey-form")
    documents, found = {}, []

    def audit(name, response):
        documents[f"{name}-{language}"] = response.text()
        found.extend(
            f"{name}: {line}" for line in violations_without_javascript(page, tabs, language)
        )

    def go_on():
        with page.expect_navigation() as moved:
            form.locator("[data-survey-submit]").click()
        return moved.value

    response = page.goto(demo[1][language]["bus survey"])
    assert response.status == 200
    expect(form.locator("[data-survey-step]")).to_be_visible()
    expect(form.locator("section[data-show-if]")).to_have_count(0)
    audit("step-1", response)

    _answer(form, "uses-bus", "yes")
    response = go_on()  # the section shown to bus users is a step of its own
    expect(form.locator("section[data-show-if]")).to_be_visible()
    audit("step-2", response)
    response = go_on()  # its required question unanswered: the step again, with its errors
    expect(page.locator(".error-summary")).to_be_visible()
    audit("step-2-errors", response)

    form.locator("section[data-show-if] [data-question]").first.locator('input[value="4"]').check()
    response = go_on()
    expect(form.locator('.form-field--checkbox input[type="checkbox"]')).to_be_visible()
    audit("step-3", response)

    assert found == [], "\n".join(found)
    errors = nu_errors(documents)
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize("language", LANGUAGES)
def test_with_javascript_the_bus_survey_applies_its_condition_in_place(
    open_context, demo, open_bus_survey, language, nu_errors
):
    from surveys.models import Response, SurveyPage

    page = _open(open_context, language, True)
    form = page.locator("#survey-form")
    conditional = form.locator("section[data-show-if]")
    documents, found = {}, []

    def audit(name):
        documents[f"{name}-{language}"] = page.content()
        found.extend(f"{name}: {line}" for line in violations(page))

    served = page.goto(demo[1][language]["bus survey"])
    assert served.status == 200
    # The whole survey is one form: no steps, the conditional section waits hidden.
    expect(form.locator("[data-survey-step]")).to_be_hidden()
    expect(conditional).to_be_hidden()
    audit("start")

    # Options in random order: this visitor's own seed, not the one in the (cacheable) page
    # served, and the options in its order as the server ranks them; "Other" stays last.
    served_seed = parse(served.text()).one('input[name="order"]')["value"]
    seed = form.locator('input[name="order"]').input_value()
    assert re.fullmatch("[0-9a-f]{16}", seed) and seed != served_seed
    destinations = form.locator('[data-reference="destinations"]')
    key = destinations.get_attribute("data-question")
    shown = destinations.locator('input[type="checkbox"]').evaluate_all(
        "boxes => boxes.map(box => box.value)"
    )
    assert shown[-1] == "other"
    assert shown[:-1] == sorted(shown[:-1], key=lambda option: option_rank(seed, key, option))
    assert len(shown) == 5

    page.evaluate("window.stillTheSamePage = true")
    # By keyboard: Tab into the question's radio buttons, Space answers "yes".
    _tab_until(page, '[data-reference="uses-bus"] input[value="yes"]')
    page.keyboard.press("Space")
    expect(conditional).to_be_visible()
    assert page.evaluate("window.stillTheSamePage === true")  # shown in place, no reload
    audit("condition-met")

    # Answers given in the section, which is then hidden again, are not stored.
    questions = conditional.locator("[data-question]")
    hidden_keys = set(questions.evaluate_all("nodes => nodes.map(n => n.dataset.question)"))
    questions.first.locator('input[value="4"]').check()
    conditional.locator('input[type="number"]').fill("12")
    form.locator('[data-reference="uses-bus"] input[value="yes"]').focus()
    page.keyboard.press("ArrowDown")  # the next option, "no"
    expect(form.locator('[data-reference="uses-bus"] input[value="no"]')).to_be_checked()
    expect(conditional).to_be_hidden()
    form.locator('.form-field--checkbox input[type="checkbox"]').check()
    uses_bus = form.locator('[data-reference="uses-bus"]').get_attribute("data-question")
    form.locator("[data-survey-submit]").click()
    expect(page.locator(".notice--success")).to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is None  # the form was sent
    audit("sent")

    survey = SurveyPage.objects.get(slug="bus-survey", locale__language_code=language)
    response = (
        Response.objects.filter(survey_key=survey.translation_key, language=language)
        .exclude(submitted_at=None)
        .latest("submitted_at")
    )
    stored = set(response.answers.values_list("question", "option"))
    assert (uses_bus, "no") in stored
    assert hidden_keys and not hidden_keys & {question for question, _option in stored}

    assert found == [], "\n".join(found)
    errors = nu_errors(documents)
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize(
    ("language", "javascript"), [("en", True), ("ar", True), ("en", False)], ids=str
)
def test_a_proposal_is_written_and_supported_with_the_keyboard(
    open_context, tabs, demo, language, javascript, nu_errors
):
    """Tab through the form, type, press Enter: the similar proposals come as a second step
    (and, with JavaScript, while typing); follow one and support it, then withdraw."""
    from proposals.models import Proposal

    addresses = demo[1]
    context = _signed_in(
        open_context, demo, addresses["session"], locale=language, java_script_enabled=javascript
    )
    page = context.new_page()
    documents, found = {}, []

    def audit(name, response=None):
        documents[f"{name}-{language}"] = page.content() if javascript else response.text()
        found.extend(f"{name}: {line}" for line in _audit(page, tabs, language, javascript))

    response = page.goto(addresses[language]["proposal form"])
    assert response.status == 200
    existing = Proposal.objects.get(
        pk=int(addresses[language]["proposal"].rstrip("/").rsplit("/", 1)[-1])
    )
    _tab_until(page, "[name=title]")
    page.keyboard.type(existing.title)
    _tab_until(page, "[name=description]")
    page.keyboard.insert_text(existing.description)
    if javascript:  # the list appears while typing, announced politely
        page.keyboard.type(" ")
        expect(page.locator("[data-similar-live] .proposal-similar a").first).to_be_visible()
    audit("form", response)

    _tab_until(page, ".proposal-form button[type=submit]")
    with page.expect_navigation() as moved:
        page.keyboard.press("Enter")
    expect(page.locator("#similar-title")).to_be_visible()
    audit("similar-step", moved.value)

    _tab_until(page, ".proposal-similar a")
    with page.expect_navigation() as moved:
        page.keyboard.press("Enter")
    support = page.locator("#support")
    expect(support).to_be_visible()
    audit("proposal", moved.value)

    withdraw = support.locator('button[value="withdraw"]')
    supported = withdraw.count() == 1
    for _turn in range(2):  # support, then withdraw (or the other way round)
        _tab_until(page, "#support button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        supported = not supported
        expect(withdraw).to_have_count(1 if supported else 0)

    assert found == [], "\n".join(found)
    errors = nu_errors(documents)
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_event_registration_form_keeps_its_errors_accessible(
    open_context, demo, language, nu_errors
):
    page = _open(open_context, language, True)
    assert page.goto(demo[1][language]["event"]).status == 200
    register = page.locator("#register form")
    _tab_until(page, "#register button[type=submit]")
    with page.expect_navigation() as moved:
        page.keyboard.press("Enter")  # nothing typed
    expect(page.locator("#register .error-summary")).to_be_visible()
    found = violations(page)
    assert found == [], "\n".join(found)
    errors = nu_errors({f"event-errors-{language}": moved.value.text()})
    assert errors == [], "\n".join(errors)
    expect(register).to_be_visible()


def boxes(page, selector):
    return page.eval_on_selector_all(
        selector,
        """nodes => nodes.map(node => {
            const box = node.getBoundingClientRect();
            return {left: box.left, right: box.right, top: box.top, bottom: box.bottom};
        })""",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_check_in_screen_on_a_375_pixel_phone(open_context, demo, language, nu_errors):
    addresses = demo[1]
    context = _signed_in(open_context, demo, addresses["official sessions"][language], **PHONE_375)
    page = context.new_page()
    response = page.goto(addresses[language]["check-in"])
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
    person = page.locator(".th-checkin__person").first
    expect(person).to_be_visible()
    # Each "Check in" button says whom it checks in (the name is its description).
    expect(person.get_by_role("button")).to_have_accessible_description(
        person.locator(".th-checkin__name").inner_text()
    )
    # Nothing runs off the side: no sideways scrolling, every button whole on screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for box in boxes(page, ".th-checkin button"):
        assert 0 <= box["left"] and box["right"] <= 375, box
    found = violations(page)
    assert found == [], "\n".join(found)
    errors = nu_errors({f"check-in-{language}": response.text()})
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_impact_dashboard_for_officials(open_context, demo, language, nu_errors):
    addresses = demo[1]
    context = _signed_in(open_context, demo, addresses["official sessions"][language], **DESKTOP)
    page = context.new_page()
    response = page.goto(addresses[language]["dashboard"])
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
    found = violations(page)
    assert found == [], "\n".join(found)
    errors = nu_errors({f"dashboard-{language}": response.text()})
    assert errors == [], "\n".join(errors)
