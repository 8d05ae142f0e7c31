"""The archive keeps its first page of issues and an issue keeps its page under the pages'
version (newsletters/cards.py, {% kept %}), yet a reader sees on the next request an issue
going out or being cancelled, and a newly published post in an issue's "Latest news"; a
warm visit reads nothing about an issue's blocks nor the archive's issues."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsletters import sending
from tests.html import parse

pytestmark = pytest.mark.django_db


def listed(client, archive):
    response = client.get(archive.url)
    assert response.status_code == 200
    return parse(response).texts(".newsletter-archive__title a")


def sent_line(client, issue):
    response = client.get(issue.url)
    assert response.status_code == 200
    return parse(response).texts(".newsletter-issue__meta")


def test_archive_and_issue_follow_a_send_and_its_cancellation(
    client, archives, newsletter_page_factory, subscriber_factory
):
    subscriber_factory(language="en")
    issue = newsletter_page_factory(parent=archives["en"], subject="Cycling, June")
    for _ in range(2):  # the second read comes from what was kept
        assert listed(client, archives["en"]) == []
        assert sent_line(client, issue) == []

    send, _created = sending.start_send(issue)
    sending.prepare_send.call(send.pk)  # its senders would start after the commit
    assert listed(client, archives["en"]) == ["Cycling, June"]
    assert len(sent_line(client, issue)) == 1
    assert (
        parse(client.get(archives["en"].url)).one(".newsletter-archive__title a")["href"]
        == issue.url
    )

    send.refresh_from_db()
    sending.cancel(send)  # before anything went out: it leaves the archive
    assert listed(client, archives["en"]) == []


def latest_news(count=3):
    return json.dumps(
        [{"type": "latest_news", "value": {"heading": "", "posts": [], "count": count}}]
    )


def test_an_issues_latest_news_shows_a_new_post_on_the_next_request(
    client,
    home_pages,
    archives,
    newsletter_page_factory,
    blog_index_page_factory,
    blog_page_factory,
):
    news = blog_index_page_factory(parent=home_pages["en"])
    blog_page_factory(parent=news, title="Older")
    issue = newsletter_page_factory(parent=archives["en"], body=latest_news())

    def titles():
        response = client.get(issue.url)
        assert response.status_code == 200
        return parse(response).texts(".newsletter-news h3 a")

    for _ in range(2):
        assert titles() == ["Older"]
    newest = blog_page_factory(parent=news, title="Newest")
    assert titles() == ["Newest", "Older"]
    assert parse(client.get(issue.url)).first(".newsletter-news h3 a")["href"] == newest.url


def count_queries(client, url):
    client.get(url)
    client.get(url)  # two visits fill what the pages keep
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_warm_visits_read_nothing_about_blocks_or_issues(
    client,
    home_pages,
    archives,
    newsletter_page_factory,
    blog_index_page_factory,
    blog_page_factory,
):
    news = blog_index_page_factory(parent=home_pages["en"])
    for _ in range(3):
        blog_page_factory(parent=news)
    plain = newsletter_page_factory(parent=archives["en"])
    with_news = newsletter_page_factory(parent=archives["en"], body=latest_news())
    assert count_queries(client, with_news.url) == count_queries(client, plain.url)

    empty = count_queries(client, archives["en"].url)
    for issue in (plain, with_news):
        send, _created = sending.start_send(issue)
        sending.prepare_send.call(send.pk)
    assert len(listed(client, archives["en"])) == 2
    assert count_queries(client, archives["en"].url) == empty
    # An address with a query string (a later page) is worked out on every request.
    assert count_queries(client, archives["en"].url + "?page=1") > empty
