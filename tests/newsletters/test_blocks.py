"""Issue blocks that pull in processes, news and data: e-mail HTML, text and web."""

import datetime
import json
from decimal import Decimal

import pytest
from wagtail.models import Page

from home.models import HomePage
from newsletters import sending
from newsletters.models import NewsletterIndexPage, NewsletterPage, Subscriber
from newsletters.rendering import render_issue
from tests.blog.factories import (
    chart_block,
)
from tests.html import parse
from tests.module_data import make_home_pages, module_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _archives(django_db_setup, django_db_blocker):
    """The home page and the newsletter archive in every language, built once for the module
    (tests/module_data.py); each test runs in a savepoint of them."""
    with module_data(django_db_blocker) as build:
        with build():
            homes = make_home_pages()
            english = homes["en"].add_child(
                instance=NewsletterIndexPage(
                    title="Newsletter", slug="newsletter", locale=homes["en"].locale
                )
            )
            archives = {"en": english}
            for code, home in homes.items():
                if code != "en":
                    page = english.copy_for_translation(home.locale)
                    page.title = f"Newsletter ({code})"
                    page.save_revision().publish()
                    archives[code] = page
        yield (
            {code: page.pk for code, page in homes.items()},
            {code: page.pk for code, page in archives.items()},
        )


@pytest.fixture
def home_pages(_archives, db):
    """The module's home pages (in place of tests/conftest.py's), read again for each test:
    adding a child changes the parent in memory (treebeard's numchild), which a rolled back
    test must not leave behind."""
    return {code: HomePage.objects.get(pk=pk) for code, pk in _archives[0].items()}


@pytest.fixture
def archives(_archives, db):
    """The module's newsletter archives (in place of tests/newsletters/conftest.py's)."""
    return {code: NewsletterIndexPage.objects.get(pk=pk) for code, pk in _archives[1].items()}


@pytest.fixture
def process(home_pages, process_index_page_factory, process_page_factory):
    return process_page_factory(
        parent=process_index_page_factory(parent=home_pages["en"]), title="Cycling strategy"
    )


@pytest.fixture
def news(home_pages, blog_index_page_factory, blog_page_factory, data_story_page_factory):
    index = blog_index_page_factory(parent=home_pages["en"])
    old = blog_page_factory(parent=index, title="Bridge reopens", date=datetime.date(2025, 3, 1))
    new = blog_page_factory(parent=index, title="Budget vote", date=datetime.date(2025, 5, 1))
    future = blog_page_factory(parent=index, title="Far future", date=datetime.date(2099, 1, 1))
    story = data_story_page_factory(
        parent=index,
        title="How Riverton travels",
        summary="Cycling doubled in five years.",
        date=datetime.date(2025, 4, 1),
        body=[
            ("key_figure", {"figure": Decimal("1214"), "label": "residents answered"}),
            chart_block(),
        ],
    )
    return {"old": old, "new": new, "future": future, "story": story}


def issue_with(archives, blocks, language="en", subject="Everything in one issue"):
    page = NewsletterPage(
        title=subject,
        subject=subject,
        body=json.dumps(blocks),
        locale=archives[language].locale,
    )
    Page.objects.get(pk=archives[language].pk).add_child(instance=page)
    page.save_revision().publish()
    return page


def test_featured_process_shows_its_status_dates_and_link(archives, process, client):
    issue = issue_with(archives, [{"type": "featured_process", "value": {"process": process.pk}}])
    rendered = render_issue(issue)
    assert "Cycling strategy" in rendered.html
    assert "Open until" in rendered.html
    assert f'href="http://localhost{process.url}"' in rendered.html
    assert "Cycling strategy" in rendered.text and "Open until" in rendered.text
    web = client.get(issue.url).content.decode()
    assert "Cycling strategy" in web and "Open until" in web


def test_latest_news_automatic_and_chosen(archives, news):
    automatic = issue_with(
        archives, [{"type": "latest_news", "value": {"posts": [], "count": 2}}], subject="Auto"
    )
    rendered = render_issue(
        automatic, issue_date=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    )
    assert "Budget vote" in rendered.html and "How Riverton travels" in rendered.html
    assert "Far future" not in rendered.html  # not yet published when the issue went out
    assert "Bridge reopens" not in rendered.html  # only the two newest
    assert "Budget vote" in rendered.text

    chosen = issue_with(
        archives,
        [{"type": "latest_news", "value": {"posts": [news["old"].pk], "count": 3}}],
        subject="Chosen",
    )
    rendered = render_issue(chosen)
    assert "Bridge reopens" in rendered.html and "Budget vote" not in rendered.html


def test_data_story_teaser_with_its_key_figure(archives, news):
    issue = issue_with(archives, [{"type": "data_story", "value": {"story": news["story"].pk}}])
    rendered = render_issue(issue)
    assert "How Riverton travels" in rendered.html
    assert "1,214" in rendered.html and "residents answered" in rendered.html
    assert "Read the story" in rendered.text


def test_key_figure_and_chart_render_for_email_as_text_and_table(archives, client):
    issue = issue_with(
        archives,
        [
            {"type": "key_figure", "value": {"figure": "1214", "label": "people took part"}},
            {"type": "chart", "value": chart_block()[1]},
        ],
    )
    rendered = render_issue(issue)
    assert "1,214" in rendered.html and "people took part" in rendered.html
    email = parse(rendered.html)
    assert not email.exists("svg")  # mail clients cannot show SVG: a data table instead
    assert any("Bicycle" in table.texts("th, td") for table in email.select("table"))
    assert "See the chart on the web" in rendered.html
    assert "Bicycle" in rendered.text and "1,214 people took part" in rendered.text
    assert client.get(issue.url).status_code == 200


def test_follow_a_process_signup_and_a_send_narrowed_to_it(
    client,
    archives,
    process,
    mailoutbox,
    django_capture_on_commit_callbacks,
    topics,
    subscriber_factory,
):
    client.post(
        "/en/subscribe/",
        {"email": "cyclist@example.org", "language": "en", "process": process.pk},
    )
    follower = Subscriber.objects.get(email="cyclist@example.org")
    assert list(follower.processes.all()) == [process]
    follower.confirm(basis="test")
    other = subscriber_factory(topics=[topics["housing"]])

    issue = issue_with(archives, [{"type": "rich_text", "value": "<p>Update</p>"}])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sending.start_send(issue, processes=[process])
    assert [m.to[0] for m in mailoutbox] == ["cyclist@example.org"]
    assert other.email not in [m.to[0] for m in mailoutbox]


def test_preferences_show_and_save_processes(client, archives, process, subscriber_factory):
    subscriber = subscriber_factory()
    url = f"/en/subscription/preferences/{subscriber.link_token}/"
    assert "Cycling strategy" in client.get(url).content.decode()
    client.post(url, {"action": "save", "language": "en", "processes": [process.pk]})
    assert list(subscriber.processes.all()) == [process]
