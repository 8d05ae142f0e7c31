"""News cards are kept (blog/cards.py) for the home page, the news index's unfiltered first
page and a post's "More news", yet a reader sees a publish or an edit on the next request."""

import datetime

import pytest

from tests.html import parse

pytestmark = pytest.mark.django_db


def titles(client, url, selector="a.card__link"):
    response = client.get(url)
    assert response.status_code == 200
    return parse(response.content).texts(selector)


def test_kept_news_cards_follow_a_publish_and_an_edit(
    client, home_page, news_index, blog_page_factory
):
    older = blog_page_factory(parent=news_index, title="Older", date=datetime.date(2025, 3, 1))
    post = blog_page_factory(parent=news_index, title="Post", date=datetime.date(2025, 1, 1))
    latest = 'section[aria-labelledby="home-section-latest-news"] a.card__link'
    more_news = 'section[aria-labelledby="related-heading"] a.card__link'
    for _ in range(2):  # the second read comes from what was kept
        assert titles(client, home_page.url, latest) == ["Older", "Post"]
        assert titles(client, news_index.url) == ["Older", "Post"]
        assert titles(client, post.url, more_news) == ["Older"]

    blog_page_factory(parent=news_index, title="Newest", date=datetime.date(2025, 6, 1))
    older.title = "Older, renamed"
    older.save_revision().publish()
    assert titles(client, home_page.url, latest) == ["Newest", "Older, renamed", "Post"]
    assert titles(client, news_index.url) == ["Newest", "Older, renamed", "Post"]
    assert titles(client, post.url, more_news) == ["Newest", "Older, renamed"]
    assert "3 posts" in client.get(news_index.url).content.decode()
