"""Live engagement figures: the current value from a process's data, refreshed when a comment
is saved, in every language, and an honest 'unavailable' when there is nothing to read."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from processes.figure_blocks import LiveFigureBlock
from processes.models import Channel, Comment
from tests.html import parse
from tests.processes.factories import clause_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(
    home_page, consultation_page_factory, process_index_page_factory, process_page_factory
):
    process = process_page_factory(
        parent=process_index_page_factory(parent=home_page), title="Cycling strategy"
    )
    return consultation_page_factory(parent=process)


def add_comment(page, email, clause_id="", channel=Channel.ONLINE, language="en"):
    """A published comment saved the ordinary way, so the metrics signal runs."""
    return Comment.objects.create(
        content_type=ContentType.objects.get_for_model(page),
        object_pk=str(page.pk),
        site_id=1,
        user_name="Resident",
        user_email=email,
        comment="Protected routes to every school, please.",
        target_key=page.translation_key,
        process_key=page.get_parent().translation_key,
        clause_id=clause_id,
        language=language,
        channel=channel,
        is_public=True,
    )


def figure(html):
    """The number a key-figure block shows."""
    return parse(html).one(".key-figure__number").text


def table_rows(chart):
    """(row header, number) of each row of a chart's data table."""
    return [(row.one("th").text, row.one("td.num").text) for row in chart.select("tbody tr")]


def live(measure, process, **extra):
    block = LiveFigureBlock()
    return block, block.to_python(
        {"process": process.pk, "measure": measure, "label": "", "clause_count": 3, **extra}
    )


def test_contributions_figure_changes_when_a_comment_is_added(consultation):
    block, value = live("contributions", consultation.get_parent())
    add_comment(consultation, "a@example.org")
    add_comment(consultation, "b@example.org")
    html = block.render(value)
    assert figure(html) == "2"
    assert "contributions so far" in parse(html).text
    assert block.render(value) == html  # cached: the same figure until something changes
    add_comment(consultation, "c@example.org")  # saving a comment clears the cache
    assert figure(block.render(value)) == "3"


def test_participants_count_people_not_comments(consultation):
    block, value = live("participants", consultation.get_parent(), label="residents took part")
    add_comment(consultation, "a@example.org")
    add_comment(consultation, "A@example.org")
    add_comment(consultation, "b@example.org")
    html = block.render(value)
    assert figure(html) == "2"
    assert "residents took part" in parse(html).text
    assert "2 residents took part" in block.render_text(value)


def test_most_discussed_clauses_and_channels_are_charted_with_a_table(consultation):
    first, second = clause_ids(consultation)[:2]
    for email in ("a@x.org", "b@x.org", "c@x.org"):
        add_comment(consultation, email, clause_id=second)
    add_comment(consultation, "d@x.org", clause_id=first, channel=Channel.PAPER)
    block, value = live("top_clauses", consultation.get_parent())
    chart = parse(block.render(value, {"id": "lf1"}))
    assert chart.one("svg")["role"] == "img"
    counts = chart.texts("tbody td.num")
    assert counts.index("3") < counts.index("1")  # the most discussed clause first
    block, value = live("by_channel", consultation.get_parent())
    chart = parse(block.render(value, {"id": "lf2"}))
    assert ("Online", "3") in table_rows(chart)
    assert ("Paper", "1") in table_rows(chart)
    email = parse(block.render_email(value))
    assert not email.exists("svg") and "Paper" in email.text


def test_live_figure_in_french_links_the_french_process(consultation, home_pages, locales):
    from tests.processes.factories import translate_page

    process = consultation.get_parent().specific
    french = translate_page(process, locales["fr"])
    french.save_revision().publish()
    add_comment(consultation, "a@example.org", language="fr")
    block, value = live("contributions", process)
    with translation.override("fr"):
        html = block.render(value)
    assert parse(html).exists(f'a[href="{french.url}"]')
    assert figure(html) == "1"


def test_unpublished_or_deleted_process_says_unavailable(consultation):
    process = consultation.get_parent().specific
    process.unpublish()
    block, value = live("contributions", process)
    html = block.render(value)
    assert "This figure is unavailable at the moment." in html
    assert "key-figure__number" not in html
    value = block.to_python({"process": 999999, "measure": "contributions"})
    assert "unavailable" in block.render(value)
    assert "unavailable" in block.render_text(value)


def test_live_figure_on_a_published_post(client, consultation, news_index, blog_page_factory):
    process = consultation.get_parent().specific
    add_comment(consultation, "a@example.org")
    post = blog_page_factory(
        parent=news_index,
        body=[("live_figure", {"process": process, "measure": "contributions", "label": ""})],
    )
    html = client.get(post.url).content.decode()
    assert figure(html) == "1"
    assert "contribution so far" in parse(html).one("main").text
