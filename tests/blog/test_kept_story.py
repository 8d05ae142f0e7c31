"""A post's article and "More news" are kept as HTML under the pages' version
({% kept %}, core/templatetags/kept_tags.py), yet a reader sees an edit of a story's data
and a new contribution behind a live figure on the next request; a preview is never kept;
and a second visit reads nothing about the story's blocks, files, image or authors."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from tests.blog.test_live_figure import add_comment, consultation, figure  # noqa: F401
from tests.factories import ImageFactory, TopicFactory
from tests.html import parse

from .factories import CHART_TABLE, AuthorFactory, add_author, chart_block
from .test_pages import count_queries

pytestmark = pytest.mark.django_db


def chart_cells(response):
    """The numbers of the story's chart table, row by row."""
    assert response.status_code == 200
    return [row.texts("td") for row in parse(response).select(".post__body table tbody tr")]


def with_bicycles(share_2024):
    table = {**CHART_TABLE, "data": [list(row) for row in CHART_TABLE["data"]]}
    table["data"][4][2] = share_2024
    return table


def test_kept_story_shows_an_edit_of_its_data_on_the_next_request(
    client, news_index, data_story_page_factory
):
    story = data_story_page_factory(parent=news_index, body=[chart_block()])
    for _ in range(2):  # the second read comes from what was kept
        assert chart_cells(client.get(story.url))[-1] == ["18.0%", "28.5%"]

    story.body = [chart_block(table=with_bicycles("31"))]
    story.save_revision().publish()
    assert chart_cells(client.get(story.url))[-1] == ["18.0%", "31.0%"]


def test_kept_live_figure_follows_a_new_contribution(
    client,
    consultation,  # noqa: F811 - the fixture imported above
    news_index,
    blog_page_factory,
):
    process = consultation.get_parent().specific
    add_comment(consultation, "a@example.org")
    post = blog_page_factory(
        parent=news_index,
        body=[("live_figure", {"process": process, "measure": "contributions", "label": ""})],
    )
    for _ in range(2):
        assert figure(client.get(post.url).content.decode()) == "1"
    add_comment(consultation, "b@example.org")
    assert figure(client.get(post.url).content.decode()) == "2"


def test_a_preview_is_neither_kept_nor_served_what_was_kept(
    client, news_index, data_story_page_factory
):
    story = data_story_page_factory(parent=news_index, body=[chart_block()])
    story.body = [chart_block(table=with_bicycles("40"))]
    draft = story.save_revision().as_object()
    assert chart_cells(client.get(story.url))[-1] == ["18.0%", "28.5%"]  # kept

    preview = draft.make_preview_request()
    assert chart_cells(preview)[-1] == ["18.0%", "40.0%"]
    assert chart_cells(client.get(story.url))[-1] == ["18.0%", "28.5%"]


def test_a_second_visit_reads_nothing_about_the_storys_blocks(
    client, news_index, blog_page_factory, data_story_page_factory
):
    document = get_document_model()(title="Cycling counts 2024")
    document.file.save("counts.csv", ContentFile(b"Month,Trips\nJan,12\n"), save=False)
    document.save()
    plain = blog_page_factory(parent=news_index, body=[])
    story = data_story_page_factory(
        parent=news_index,
        topic=TopicFactory(),
        image=ImageFactory(),
        body=[
            chart_block(),
            ("key_figure", {"figure": "1214", "label": "residents answered"}),
        ],
        data_sources=[("source", {"title": "Travel survey", "url": "", "licence": ""})],
        data_files=[("file", {"document": document, "title": "", "description": ""})],
    )
    add_author(story, AuthorFactory())
    add_author(story, AuthorFactory())
    for page in (plain, story):  # two visits fill what the pages keep
        client.get(page.url)
        client.get(page.url)
    assert count_queries(client, story.url) == count_queries(client, plain.url)
