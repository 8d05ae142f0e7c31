"""Every absolute link has one source: the Wagtail Site's root URL (core/links.py).

E-mails of every kind, the feeds, the sitemap, robots.txt and the canonical link all start
with the Site's ``root_url``, whatever Host the request named; changing the Site's host
name or port changes every one of them. Every e-mail also says its language
(Content-Language). And ``make run PORT=…`` points the demo's Site at that port.
"""

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, Site

from accounts import emails as account_emails
from accounts.signup import register
from blog.models import BlogIndexPage, BlogPage
from delivery.models import Subscription
from demo.management.commands.load_demo import point_site_at
from home.tasks import send_form_submission_email
from newsletters import sending
from newsletters.models import NewsletterIndexPage, NewsletterPage, Subscriber
from newsletters.subscriptions import send_confirmation_email as send_subscription_confirmation
from processes import notifications
from processes.models import FeedbackPage, SentReminder
from tests.factories import FormPageFactory
from tests.module_data import make_home_pages, module_data
from tests.newsletters.factories import issue_body as newsletter_body
from tests.processes.factories import (
    ConsultationPageFactory,
    ProcessIndexPageFactory,
    ProcessPageFactory,
)
from tests.processes.helpers import post_comment
from tests.processes.test_feedback_support import add_comment, make_closed, make_feedback, theme

BASE_DIR = Path(__file__).resolve().parent.parent
URL = re.compile(r"https?://[^\s<>\"')]+")
# Links to other sites that editors put in content (a newsletter's call to action).
EXTERNAL = {"https://riverton.example"}

SITES = [
    pytest.param("townhall.test", 8101, "http://townhall.test:8101", id="port-8101"),
    pytest.param("consult.riverton.gov", 443, "https://consult.riverton.gov", id="https"),
]


@pytest.fixture(scope="module")
def home_page_ids(django_db_setup, django_db_blocker):
    """The home page in every language, built once for the module (tests/module_data.py);
    each test runs in a savepoint of it."""
    with module_data(django_db_blocker) as build:
        with build():
            pages = make_home_pages()
        yield {code: page.pk for code, page in pages.items()}


@pytest.fixture
def home_pages(home_page_ids, db):
    return {code: Page.objects.get(pk=pk).specific for code, pk in home_page_ids.items()}


def roots(text):
    return {f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" for url in URL.findall(text)}


def all_text(message):
    return message.body + "".join(str(content) for content, _type in html_parts(message))


def html_parts(message):
    return getattr(message, "alternatives", [])


def send_every_kind_of_e_mail(home_pages, capture, mailoutbox):
    """One e-mail of each kind the site sends, through the code that really sends it."""
    sent = {}

    def record(kind, before):
        sent[kind] = mailoutbox[before:]
        assert sent[kind], f"no {kind} e-mail was sent"

    index = ProcessIndexPageFactory(parent=home_pages["en"])
    process = ProcessPageFactory(parent=index, title="Riverside park")
    consultation = ConsultationPageFactory(parent=process)
    clause = next(item.id for item in consultation.numbered_items if item.is_clause)

    before = len(mailoutbox)
    post_comment(Client(), consultation, clause, comment="A crossing near the school.")
    record("comment confirmation", before)

    asked = add_comment(
        consultation, "Add a crossing.", clause_id=clause, email="amina@example.org", followup=True
    )
    before = len(mailoutbox)
    with capture(execute=True):
        add_comment(
            consultation,
            "I agree.",
            clause_id=clause,
            parent_id=asked.pk,
            email="baraka@example.org",
        )
    record("reply notice", before)

    before = len(mailoutbox)
    with capture(execute=True):
        notifications.follow(process, "zawadi@example.org", "sw")
    record("follow confirmation", before)

    follow = notifications.confirm(Subscription.objects.get(address="zawadi@example.org"))
    phase = process.phases.get()
    before = len(mailoutbox)
    notifications.send_notice(follow, SentReminder.Kind.CLOSING, str(phase.translation_key))
    record("reminder", before)

    closed = make_closed(index)
    page = make_feedback(
        closed.process,
        [theme("Safe routes", clauses=[closed.clauses[2]], comments=[closed.comments["amina"].pk])],
        publish=False,
    )
    before = len(mailoutbox)
    with capture(execute=True):
        FeedbackPage.objects.get(pk=page.pk).save_revision().publish()
    record("outcome", before)

    archive = home_pages["en"].add_child(
        instance=NewsletterIndexPage(title="Newsletter", slug="newsletter")
    )
    issue = NewsletterPage(
        title="June",
        subject="Riverton news, June",
        preview_text="What is open",
        body=newsletter_body(
            "Read the <a href='/en/'>plan</a>.", cta_url="https://riverton.example/cycling"
        ),
    )
    archive.add_child(instance=issue)
    issue.save_revision().publish()
    Subscriber.objects.create(
        email="reader@example.org", language="en", status=Subscriber.Status.CONFIRMED
    )
    before = len(mailoutbox)
    with capture(execute=True):
        sending.start_send(NewsletterPage.objects.get(pk=issue.pk))
    record("newsletter", before)

    pending = Subscriber.objects.create(
        email="new@example.org", language="ar", status=Subscriber.Status.PENDING
    )
    before = len(mailoutbox)
    send_subscription_confirmation(pending)
    record("newsletter subscription confirmation", before)

    before = len(mailoutbox)
    register(
        display_name="Joseph",
        email="joseph@example.org",
        password="a long passphrase 42",
        language="fr",
    )
    record("account confirmation", before)

    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(email="joseph@example.org")
    before = len(mailoutbox)
    account_emails.password_reset_message(user, "fr").send()
    record("password reset", before)

    form_page = FormPageFactory(parent=home_pages["en"])
    submission = form_page.get_submission_class().objects.create(
        page=form_page, form_data={"your_name": "Ana", "your_message": "Hello"}
    )
    before = len(mailoutbox)
    send_form_submission_email.call(submission.pk)
    record("form submission", before)
    return sent


@pytest.mark.django_db
@pytest.mark.parametrize(("hostname", "port", "root"), SITES)
def test_every_e_mail_links_to_the_sites_root_and_says_its_language(
    home_pages, django_capture_on_commit_callbacks, hostname, port, root, mailoutbox
):
    Site.objects.filter(is_default_site=True).update(hostname=hostname, port=port)
    sent = send_every_kind_of_e_mail(home_pages, django_capture_on_commit_callbacks, mailoutbox)

    linkless = {"form submission"}  # a plain list of the answers: no link to make
    for kind, messages in sent.items():
        for message in messages:
            headers = message.message()
            language = headers["Content-Language"]
            assert language in {"en", "fr", "ar", "sw"}, (kind, language)
            html = [content for content, _type in html_parts(message)]
            if html:
                assert BeautifulSoup(html[0], "html.parser").find("html")["lang"] == language
            if kind in linkless:
                continue
            found = roots(all_text(message))
            assert root in found, (kind, found)
            assert found <= {root, *EXTERNAL}, (kind, found)
            # Headers carry links too (List-Unsubscribe).
            for value in (headers["List-Unsubscribe"] or "",):
                assert roots(value) <= {root}, (kind, value)
    for kind in ("comment confirmation", "account confirmation", "password reset"):
        for message in sent[kind]:
            assert message.message()["Auto-Submitted"] == "auto-generated", kind


@pytest.mark.django_db
@pytest.mark.parametrize(("hostname", "port", "root"), SITES)
def test_feeds_sitemap_robots_and_canonical_links_use_the_sites_root(
    client, home_pages, hostname, port, root
):
    # As an administrator changes it (Settings → Sites): saved, so caches built on it go.
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = hostname, port
    site.save()
    news = home_pages["en"].add_child(instance=BlogIndexPage(title="News", slug="news"))
    news.add_child(
        instance=BlogPage(
            title="Bus lanes open", slug="bus-lanes", summary="Now open.", date=timezone.localdate()
        )
    )
    # The request names another host: the links do not follow it.
    client = Client(HTTP_HOST="testserver")

    rss = ElementTree.fromstring(client.get("/en/news/feed/rss/").content)
    links = [rss.findtext("channel/link"), *(item.findtext("link") for item in rss.iter("item"))]
    assert len(links) == 2 and all(link.startswith(root + "/en/news/") for link in links)

    sitemap = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = [
        loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert locations and all(location.startswith(root + "/") for location in locations)

    robots = client.get("/robots.txt").content.decode().splitlines()
    assert f"Sitemap: {root}/sitemap.xml" in robots

    page = BeautifulSoup(client.get("/en/news/").content, "html.parser")
    assert page.find("link", rel="canonical")["href"] == f"{root}/en/news/"


@pytest.mark.django_db
def test_make_run_points_the_site_at_the_address_it_serves(home_pages):
    site = Site.objects.get(is_default_site=True)
    assert point_site_at(site, "127.0.0.1", 8101)
    site.refresh_from_db()
    assert site.root_url == "http://127.0.0.1:8101"
    assert not point_site_at(site, "127.0.0.1", 8101)  # again: nothing to change
    point_site_at(site, "0.0.0.0", 8000)  # listening everywhere: links name the machine
    site.refresh_from_db()
    assert site.root_url == "http://localhost:8000"

    commands = subprocess.run(
        ["make", "-n", "run", "PORT=8101"], cwd=BASE_DIR, capture_output=True, text=True, check=True
    ).stdout
    assert "load_demo --host 127.0.0.1 --port 8101" in commands
    assert "runserver 127.0.0.1:8101" in commands


def test_the_e_mail_variables_work_under_make_run():
    """dev.py (make run) takes EMAIL_BACKEND and the SMTP settings from the environment."""
    code = (
        "import json, townhall.settings.dev as s; "
        "print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT]))"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.riverton.example",
        "EMAIL_PORT": "2525",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert json.loads(out.stdout) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.riverton.example",
        2525,
    ], out.stderr
    default = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert json.loads(default.stdout)[0] == "django.core.mail.backends.console.EmailBackend"


def test_a_deployment_still_setting_newsletter_base_url_is_warned(monkeypatch):
    from django.core import checks

    assert "townhall.W001" not in {message.id for message in checks.run_checks()}
    monkeypatch.setenv("NEWSLETTER_BASE_URL", "https://old.example")
    warnings = [message for message in checks.run_checks() if message.id == "townhall.W001"]
    assert len(warnings) == 1 and "Sites" in warnings[0].hint
