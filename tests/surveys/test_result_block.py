"""The "survey results" block of data stories, process pages and newsletters: a question chosen
by its key, checked against the survey, its public results drawn live with the results page's
own numbers (a chart and a table, small counts hidden), a sentence when they are not public
yet, in the reader's language and direction, in e-mail without SVG, purged from the page
cache when a response arrives, and a flat number of queries whatever the responses."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.blocks import StructBlockValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from blog.models import DataStoryPage
from core.participation import result_question_choices
from home.models import SiteSettings
from newsletters.models import NewsletterIndexPage
from newsletters.rendering import render_issue
from processes import metrics
from processes.figure_blocks import PublishedResultBlock
from surveys.models import Answer, Response
from tests.html import parse
from tests.processes.factories import translate_page

from .factories import body, qid
from .helpers import make_response

pytestmark = pytest.mark.django_db


def survey_body(**results):
    """The test survey with some questions' result visibility changed ({name: "closed"})."""
    raw = body()
    for section in raw:
        for question in section["value"]["questions"]:
            for question_name, visibility in results.items():
                if question["id"] == qid(question_name):
                    question["value"]["results"] = visibility
    return raw


def value_of(page, question_name):
    block = PublishedResultBlock()
    return block, block.to_python({"page": page.pk, "question": qid(question_name)})


def block_json(page, question_name):
    return {"type": "survey_result", "value": {"page": page.pk, "question": qid(question_name)}}


def rows(html, question_name):
    """(answer, count, share) of each row of a question's results table."""
    section = parse(html).one(f"#result-{qid(question_name)}")
    return [
        (row.one("th").text, *[cell.text for cell in row.select("td")])
        for row in section.select("tbody tr")
    ]


@pytest.fixture
def story(home_page, blog_index_page_factory, data_story_page_factory, survey):
    index = blog_index_page_factory(parent=home_page)
    index.save_revision().publish()
    return data_story_page_factory(
        parent=index,
        title="Who rides the buses",
        body=json.dumps(
            [
                {"type": "paragraph", "value": "<p>What residents told us.</p>"},
                block_json(survey, "modes"),
            ]
        ),
    )


def answer_modes(survey, *, bus=6, bike=2):
    for i in range(max(bus, bike)):
        chosen = (["bus"] if i < bus else []) + (["bike"] if i < bike else [])
        make_response(survey, {"uses": "no", "modes": chosen})


# -- choosing the question --------------------------------------------------------------------


def test_the_chooser_lists_questions_with_public_results_by_their_key(survey):
    groups = dict(result_question_choices())
    choices = dict(groups[survey.title])
    assert choices[qid("modes")].endswith("How do you travel?")
    assert qid("rating") in choices and qid("ok") in choices
    # A short answer is never published; a long one only when its moderated answers are.
    assert qid("name") not in choices and qid("ideas") not in choices


def test_a_question_of_another_survey_or_with_private_results_is_refused(
    survey, process, survey_page_factory
):
    block, value = value_of(survey, "modes")
    assert block.clean(value)["question"] == qid("modes")

    other = survey_page_factory(
        parent=process, title="Other", slug="other", body=[survey_body()[0]]
    )
    block, value = value_of(other, "freq")  # a question of the first survey's second section
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "not in the chosen survey" in str(error.value.block_errors["question"])

    private = survey_page_factory(
        parent=process, title="Private", slug="private", body=survey_body(modes="private")
    )
    block, value = value_of(private, "modes")
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "The results of this question are not public." in str(
        error.value.block_errors["question"]
    )


def test_a_page_that_is_not_a_survey_is_refused(survey, process):
    block = PublishedResultBlock()
    value = block.to_python({"page": process.pk, "question": qid("modes")})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "page" in error.value.block_errors


# -- on the web -------------------------------------------------------------------------------


def test_the_block_shows_the_results_pages_counts_with_small_counts_hidden(client, story, survey):
    answer_modes(survey, bus=6, bike=2)
    page = client.get(story.url)
    assert page.status_code == 200
    results = client.get(survey.url + "results/")
    assert results.status_code == 200
    shown = rows(page.content.decode(), "modes")
    assert shown == rows(results.content.decode(), "modes")
    assert ("Bus", "6", "100 %") in shown
    assert ("Bike", "fewer than 5", "–") in shown
    document = parse(page)
    chart = document.one(f"#result-{qid('modes')} svg")
    assert chart["role"] == "img"
    assert document.link(survey.url + "results/").text == "See all the results of this survey"


def test_results_published_once_closed_say_when_instead_of_an_empty_chart(
    process, survey_page_factory
):
    closing = survey_page_factory(
        parent=process,
        title="Closing",
        slug="closing",
        opens_at=timezone.now() - timedelta(days=3),
        closes_at=timezone.now() + timedelta(days=20),
        body=survey_body(modes="closed"),
    )
    make_response(closing, {"uses": "no", "modes": ["bus"]})
    block, value = value_of(closing, "modes")
    html = parse(block.render(value))
    assert not html.exists("svg") and not html.exists("table")
    notice = html.one(".survey-block__pending").text
    assert notice.startswith("The results of this question will be published once the survey")
    assert str((timezone.localdate() + timedelta(days=19)).year) in notice
    assert "after" in notice

    closing.closes_at = timezone.now() - timedelta(days=1)
    closing.save_revision().publish()
    metrics.invalidate(closing.translation_key)
    html = parse(block.render(block.to_python({"page": closing.pk, "question": qid("modes")})))
    assert html.exists("svg") and not html.exists(".survey-block__pending")


def test_live_results_of_a_survey_not_open_yet_say_when_it_opens(process, survey_page_factory):
    upcoming = survey_page_factory(
        parent=process,
        title="Upcoming",
        slug="upcoming",
        opens_at=timezone.now() + timedelta(days=5),
    )
    block, value = value_of(upcoming, "rating")
    html = parse(block.render(value))
    assert not html.exists("svg")
    assert "when the survey opens" in html.one(".survey-block__pending").text


def test_an_unpublished_survey_says_its_results_are_unavailable(survey):
    block, value = value_of(survey, "modes")
    survey.unpublish()
    value = block.to_python({"page": survey.pk, "question": qid("modes")})
    html = parse(block.render(value))
    assert html.one("[role=note]").text == "These results are unavailable at the moment."
    assert not html.exists("svg")
    assert block.render_text(value) == "These results are unavailable at the moment."
    assert "These results are unavailable at the moment." in block.render_email(value)


def test_in_arabic_the_story_reads_the_arabic_survey_right_to_left(
    client, home_pages, locales, story, survey
):
    answer_modes(survey, bus=5, bike=5)
    arabic_survey = translate_page(survey, locales["ar"])
    arabic_story = translate_page(story, locales["ar"])
    response = client.get(arabic_story.url)
    assert response.status_code == 200
    page = parse(response)
    assert page.one("html")["dir"] == "rtl"
    section = page.one(f"#result-{qid('modes')}")
    assert 'direction="rtl"' in str(section.one("svg").tag)
    with translation.override("ar"):
        assert section.first("thead th").text == translation.gettext("Answer")
    assert section.first("thead th").text != "Answer"
    assert page.exists(f'a[href="{arabic_survey.url}results/"]')


def test_a_new_response_purges_the_cached_story(client, settings, home_page, story, survey):
    # Made before the first page: a page that creates them is rightly not kept (core/cache.py).
    SiteSettings.for_site(home_page.get_site())
    settings.PAGE_CACHE = True
    answer_modes(survey, bus=6, bike=0)
    first = client.get(story.url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    assert client.get(story.url)["X-Page-Cache"] == "hit"
    make_response(survey, {"uses": "no", "modes": ["bus"]})
    again = client.get(story.url)
    assert again["X-Page-Cache"] == "miss"
    assert ("Bus", "7", "100 %") in rows(again.content.decode(), "modes")


def add_responses(survey, count):
    """`count` sent responses choosing the bus, written in bulk (no signal), then the
    survey's cached results forgotten as a response's signal would."""
    made = Response.objects.bulk_create(
        Response(
            survey_key=survey.translation_key,
            page=survey,
            language="en",
            status="submitted",
            submitted_at=timezone.now(),
        )
        for _ in range(count)
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=qid("modes"), option="bus") for response in made
    )
    metrics.invalidate(survey.translation_key)


def test_a_story_with_the_block_makes_as_many_queries_at_10_and_200_responses(
    client, django_assert_num_queries, story, survey
):
    def get():
        metrics.invalidate(survey.translation_key)  # the results are counted again
        with CaptureQueriesContext(connection) as queries:
            response = client.get(story.url)
        assert response.status_code == 200
        return len(queries), response

    get()  # the site's first request makes its settings rows
    add_responses(survey, 10)
    few, response = get()
    assert ("Bus", "10", "100 %") in rows(response.content.decode(), "modes")
    add_responses(survey, 190)
    metrics.invalidate(survey.translation_key)
    with django_assert_num_queries(few):
        response = client.get(story.url)
    assert ("Bus", "200", "100 %") in rows(response.content.decode(), "modes")


# -- in e-mail --------------------------------------------------------------------------------


def test_a_newsletter_shows_the_results_as_a_table_and_text_without_svg(
    home_page, locales, newsletter_page_factory, survey
):
    answer_modes(survey, bus=6, bike=2)
    archive = home_page.add_child(
        instance=NewsletterIndexPage(title="Newsletter", slug="newsletter", locale=locales["en"])
    )
    issue = newsletter_page_factory(parent=archive, body=json.dumps([block_json(survey, "modes")]))
    rendered = render_issue(issue)
    html = parse(rendered.html)
    assert not html.exists("svg") and "<link" not in rendered.html
    cells = [
        (row.one("th").text, *[cell.text for cell in row.select("td")])
        for row in html.select("table:not([role]) tbody tr")
    ]
    assert ("Bus", "6", "100 %") in cells and ("Bike", "fewer than 5", "–") in cells
    results_url = f"http://localhost{survey.url}results/"
    assert html.link(results_url).text == f"All the results of {survey.title}"
    assert "Bus | 6 | 100 %" in rendered.text
    assert "Bike | fewer than 5 | –" in rendered.text
    assert results_url in rendered.text


def test_an_arabic_newsletter_is_right_to_left(
    home_pages, locales, newsletter_page_factory, survey
):
    answer_modes(survey, bus=6, bike=0)
    english = home_pages["en"].add_child(
        instance=NewsletterIndexPage(title="Newsletter", slug="newsletter", locale=locales["en"])
    )
    archive = english.copy_for_translation(locales["ar"])
    archive.save_revision().publish()
    issue = newsletter_page_factory(
        parent=archive, subject="أخبار", body=json.dumps([block_json(survey, "modes")])
    )
    rendered = render_issue(issue)
    block = parse(rendered.html).first('table[dir="rtl"] table:not([role])')
    with translation.override("ar"):
        assert block.first("thead th").text == translation.gettext("Answer")


def test_a_french_newsletter_puts_a_no_break_space_before_the_colon(
    home_pages, locales, newsletter_page_factory, survey
):
    for age in (30, 40, 50, 60, 70):
        make_response(survey, {"uses": "no", "age": age})
    english = home_pages["en"].add_child(
        instance=NewsletterIndexPage(title="Newsletter", slug="newsletter", locale=locales["en"])
    )
    archive = english.copy_for_translation(locales["fr"])
    archive.save_revision().publish()
    issue = newsletter_page_factory(
        parent=archive, subject="Nouvelles", body=json.dumps([block_json(survey, "age")])
    )
    figures = [
        strong.tag.get_text() for strong in parse(render_issue(issue).html).select("p strong")
    ]
    # French typography: a no-break space before the colon, so it never starts a line.
    assert "Moyenne\u00a0:" in figures and "Médiane\u00a0:" in figures


# -- in the editor ----------------------------------------------------------------------------


def story_form(survey, question_name):
    return {
        **nested_form_data(
            {
                "title": "Bus results",
                "slug": "bus-results",
                "date": "2025-06-01",
                "summary": "What riders told us.",
                "topic": "",
                "image": "",
                "post_authors": inline_formset([]),
                "body": streamfield(
                    [("survey_result", {"page": survey.pk, "question": qid(question_name)})]
                ),
            }
        ),
        "methodology": json.dumps({"blocks": [], "entityMap": {}}),
        "data_sources-count": "0",
        "data_files-count": "0",
    }


def test_the_editor_picks_a_question_and_a_private_one_is_refused_with_its_reason(
    client, django_user_model, home_page, blog_index_page_factory, process, survey_page_factory
):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)
    index = blog_index_page_factory(parent=home_page)
    survey = survey_page_factory(
        parent=process, title="Rider survey", slug="riders", body=survey_body(rating="private")
    )
    add_url = f"/admin/pages/add/blog/datastorypage/{index.pk}/"
    form = client.get(add_url)
    assert form.status_code == 200
    assert "How do you travel?" in form.content.decode()  # the chooser lists the questions

    refused = client.post(add_url, story_form(survey, "rating"))
    assert refused.status_code == 200
    assert "The results of this question are not public." in refused.content.decode()
    assert not DataStoryPage.objects.filter(slug="bus-results").exists()

    saved = client.post(add_url, story_form(survey, "modes"))
    assert saved.status_code == 302
    story = DataStoryPage.objects.get(slug="bus-results")
    assert story.body[0].value["question"] == qid("modes")
