"""The news index, posts and data stories as readers see them, in English and Arabic."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomePage
from tests.factories import ImageFactory, TopicFactory, translate_page
from tests.html import parse

from .factories import (
    AuthorFactory,
    BlogPageFactory,
    DataStoryPageFactory,
    add_author,
    chart_block,
)

pytestmark = pytest.mark.django_db


def titles(html):
    return parse(html).texts("a.card__link")


def test_news_index_can_only_live_under_a_home_page():
    from blog.models import BlogIndexPage, BlogPage, DataStoryPage

    assert BlogIndexPage in HomePage.allowed_subpage_models()
    assert set(BlogIndexPage.allowed_subpage_models()) == {BlogPage, DataStoryPage}
    assert DataStoryPage.allowed_subpage_models() == []


def test_index_lists_posts_newest_first_with_type_badges(
    client, news_index, blog_page_factory, data_story_page_factory
):
    blog_page_factory(parent=news_index, title="Older news", date=datetime.date(2025, 3, 1))
    data_story_page_factory(parent=news_index, title="The story", date=datetime.date(2025, 5, 1))
    blog_page_factory(parent=news_index, title="Newest news", date=datetime.date(2025, 6, 1))
    blog_page_factory(parent=news_index, title="Draft", live=False)
    html = client.get(news_index.url).content.decode()
    assert titles(html) == ["Newest news", "The story", "Older news"]
    assert "Data story" in html
    assert "3 posts" in html


def test_index_paginates_and_keeps_filters_in_page_links(
    client, news_index, topic_factory, blog_page_factory
):
    topic = topic_factory(name="Transport", slug="transport")
    for day in range(12):
        blog_page_factory(parent=news_index, topic=topic, date=datetime.date(2025, 1, day + 1))
    first = client.get(news_index.url, {"topic": "transport"}).content.decode()
    assert len(titles(first)) == 10
    assert "topic=transport" in first and "page=2" in first
    second = client.get(news_index.url, {"topic": "transport", "page": 2}).content.decode()
    assert len(titles(second)) == 2
    # A page number past the end shows the last page rather than an error.
    assert client.get(news_index.url, {"page": 99}).status_code == 200
    assert client.get(news_index.url, {"page": "abc"}).status_code == 200


def test_index_filters_by_type_and_topic_without_javascript(
    client, news_index, topic_factory, blog_page_factory, data_story_page_factory
):
    transport = topic_factory(name="Transport", slug="transport")
    housing = topic_factory(name="Housing", slug="housing")
    blog_page_factory(parent=news_index, title="Bus news", topic=transport)
    data_story_page_factory(parent=news_index, title="Bus data", topic=transport)
    blog_page_factory(parent=news_index, title="Housing news", topic=housing)
    filters = parse(client.get(news_index.url)).one("form.blog-filters")
    assert filters["method"] == "get"
    assert {"transport", "housing"} <= {option["value"] for option in filters.select("option")}
    assert set(titles(client.get(news_index.url, {"type": "data-story"}).content.decode())) == {
        "Bus data"
    }
    news = titles(client.get(news_index.url, {"type": "news"}).content.decode())
    assert set(news) == {"Bus news", "Housing news"}
    both = client.get(news_index.url, {"type": "news", "topic": "transport"}).content.decode()
    assert titles(both) == ["Bus news"]
    selected = {tag["value"] for tag in parse(both).select("form.blog-filters [selected]")}
    assert {"transport", "news"} <= selected
    nothing = client.get(news_index.url, {"topic": "no-such-topic"}).content.decode()
    assert titles(nothing) == [] and "No posts match these filters." in parse(nothing).text
    # Nonsense parameters are ignored, never an error.
    assert client.get(news_index.url, {"type": "<script>"}).status_code == 200


def test_french_index_matches_translated_topics_and_stays_in_french(
    client, home_pages, locales, topic_factory, blog_index_page_factory, blog_page_factory
):
    from wagtail_localize.operations import translate_object

    english_topic = topic_factory(name="Transport", slug="transport")
    translate_object(english_topic, [locales["fr"]])
    french_topic = english_topic.get_translation(locales["fr"])
    french_topic.name = "Transports"
    french_topic.save()

    index = blog_index_page_factory(parent=home_pages["en"])
    french_index = translate_page(index, locales["fr"], title="Actualités")
    post = blog_page_factory(parent=index, title="Cycling", topic=english_topic)
    french_post = translate_page(post, locales["fr"], title="Vélo")
    # A translation made by copying still points at the English topic; another at the French.
    other = blog_page_factory(
        parent=french_index, title="Bus", topic=french_topic, locale=locales["fr"]
    )
    assert french_post.topic_id == english_topic.pk and other.topic_id == french_topic.pk

    response = client.get(french_index.url, {"topic": "transport"})
    html = response.content.decode()
    assert parse(html).lang == "fr"
    assert set(titles(html)) == {"Vélo", "Bus"}
    assert "Transports" in parse(html).texts("option")  # the topic list is in French
    assert french_index.url.startswith("/fr/")


def test_post_page_shows_authors_topic_summary_and_blocks(
    client, news_index, image_factory, topic_factory, author_factory, blog_page_factory
):
    topic = topic_factory(name="Transport", slug="transport")
    image = image_factory()
    post = blog_page_factory(
        parent=news_index,
        title="New bus lanes",
        topic=topic,
        image=image,
        summary="Two new lanes open in May.",
        body=[("paragraph", "<p>Buses will be faster.</p>"), chart_block()],
    )
    add_author(post, author_factory(name="Amina Diallo", role="Transport officer"))
    add_author(post, author_factory(name="Pierre Martin"))
    html = client.get(post.url).content.decode()
    page = parse(html)
    assert page.one("h1").text == "New bus lanes"
    assert "Two new lanes open in May." in html
    assert "Amina Diallo" in html and "Transport officer" in html and "Pierre Martin" in html
    assert html.index("Amina Diallo") < html.index("Pierre Martin")
    assert "Transport" in html
    assert page.exists('main svg[role="img"]')  # the chart
    assert page.exists('link[rel="alternate"][type="application/rss+xml"]')
    assert any("css/charts.css" in link["href"] for link in page.select("link[href]"))


def test_data_story_shows_methodology_sources_and_files(
    client, news_index, data_story_page_factory
):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(title="Cycling counts 2024")
    document.file.save("counts.csv", ContentFile(b"Month,Trips\nJan,12\n"), save=False)
    document.save()
    story = data_story_page_factory(
        parent=news_index,
        title="What residents told us about cycling",
        methodology="<p>An online and paper survey.</p>",
        data_sources=[
            ("source", {"title": "Travel survey", "url": "https://example.org", "licence": "CC BY"})
        ],
        data_files=[("file", {"document": document, "title": "", "description": "Counts"})],
    )
    main = parse(client.get(story.url)).one("main")
    assert "About the data" in main.text and "An online and paper survey." in main.text
    assert main.link("https://example.org").text == "Travel survey" and "CC BY" in main.text
    assert "Cycling counts 2024" in main.text and "(CSV" in main.text


def test_pages_render_in_english_and_arabic(
    client, home_pages, locales, blog_index_page_factory, data_story_page_factory
):
    index = blog_index_page_factory(parent=home_pages["en"])
    story = data_story_page_factory(parent=index, title="Cycling in numbers")
    arabic_index = translate_page(index, locales["ar"], title="الأخبار")
    arabic_story = translate_page(story, locales["ar"], title="ركوب الدراجات بالأرقام")
    for page, code, direction in [
        (index, "en", "ltr"),
        (story, "en", "ltr"),
        (arabic_index, "ar", "rtl"),
        (arabic_story, "ar", "rtl"),
    ]:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = parse(response)
        assert (html.lang, html.dir) == (code, direction)
    arabic = client.get(arabic_story.url).content.decode()
    assert "ركوب الدراجات بالأرقام" in arabic
    assert 'direction="rtl"' in arabic  # the chart is mirrored
    assert arabic_index.url.startswith("/ar/")
    assert "ركوب الدراجات بالأرقام" in client.get(arabic_index.url).content.decode()


def test_home_page_shows_the_latest_posts(
    client, home_page, blog_index_page_factory, blog_page_factory
):
    index = blog_index_page_factory(parent=home_page)
    for day in range(5):
        blog_page_factory(parent=index, title=f"News {day}", date=datetime.date(2025, 4, day + 1))
    html = client.get(home_page.url).content.decode()
    assert "Latest news" in html
    assert titles(html) == ["News 4", "News 3", "News 2"]
    assert index.url in html


def test_home_page_without_news_has_no_news_section(client, home_page, blog_index_page_factory):
    blog_index_page_factory(parent=home_page)
    assert "Latest news" not in client.get(home_page.url).content.decode()


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def make_posts(index, count, start=0):
    topic = TopicFactory()
    image = ImageFactory()
    for i in range(start, start + count):
        factory = DataStoryPageFactory if i % 3 == 0 else BlogPageFactory
        post = factory(parent=index, topic=topic, image=image, body=[])
        add_author(post, AuthorFactory())


def test_index_query_count_does_not_grow_with_posts(client, news_index):
    make_posts(news_index, 2)
    # Two visits fill what the pages keep (the frame, the site, the routes, the first page).
    client.get(news_index.url)
    client.get(news_index.url)
    small = count_queries(client, news_index.url)
    built_small = count_queries(client, news_index.url, page=1)  # worked out per request
    make_posts(news_index, 10, start=2)
    client.get(news_index.url)
    client.get(news_index.url)
    assert count_queries(client, news_index.url) == small
    assert count_queries(client, news_index.url, page=1) == built_small
    filtered_small = count_queries(client, news_index.url, type="news")
    make_posts(news_index, 6, start=12)
    client.get(news_index.url, {"type": "news"})
    assert count_queries(client, news_index.url, type="news") == filtered_small


def test_home_section_query_count_does_not_grow_with_posts(
    client, home_page, blog_index_page_factory
):
    index = blog_index_page_factory(parent=home_page)
    make_posts(index, 3)
    # Two visits fill what the pages keep (the frame, the site and the routes).
    client.get(home_page.url)
    client.get(home_page.url)
    small = count_queries(client, home_page.url)
    make_posts(index, 9, start=3)
    client.get(home_page.url)
    client.get(home_page.url)
    assert count_queries(client, home_page.url) == small
