"""The news demo: an index, three posts, the cycling data story and the open-data story fed by
the continuous survey, in four languages."""

import re

import pytest
from wagtail.models import Locale

from blog.models import BlogIndexPage, BlogPage, DataStoryPage
from surveys.models import SurveyPage
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_demo_news_in_four_languages_with_charts_and_a_csv_per_language(client, demo_site):
    index = BlogIndexPage.objects.get(locale__language_code="en")
    assert BlogPage.objects.filter(locale__language_code="en").count() == 5
    story = DataStoryPage.objects.get(
        locale__language_code="en", slug="what-residents-told-us-about-cycling"
    )
    assert story.title == "What residents told us about cycling"
    charts = [block for block in story.body if block.block_type == "chart"]
    assert len(charts) >= 3
    assert any(block.value["data"][0].block_type == "csv" for block in charts)
    assert any(block.block_type == "key_figure" for block in story.body)

    expected = {
        "en": ("What residents told us about cycling", "Jan", 'dir="ltr"'),
        "fr": ("Ce que les habitants nous ont dit du vélo", "janv.", 'dir="ltr"'),
        "ar": ("ما قاله لنا السكان عن ركوب الدراجات", "يناير", 'dir="rtl"'),
        "sw": ("Wakazi walichotuambia kuhusu baiskeli", "Mac", 'dir="ltr"'),
    }
    for page in story.get_translations(inclusive=True).live():
        code = page.locale.language_code
        title, month, direction = expected[code]
        html = client.get(page.url).content.decode()
        assert f"<h1>{title}</h1>" in html, code
        assert direction in html
        assert html.count('role="img"') >= 3, code
        assert "This chart cannot be shown." not in html, code
        assert month in html, code  # the CSV chart reads the file in this language
    arabic = story.get_translation(Locale.objects.get(language_code="ar"))
    html = client.get(arabic.url).content.decode()
    assert 'direction="rtl"' in html  # the charts are mirrored
    assert "أمينة حسن" in html  # the author's name in Arabic script
    for page in index.get_translations(inclusive=True).live():
        listing = client.get(page.url).content.decode()
        assert len(re.findall(r'class="card__link"', listing)) == 5


def test_the_open_data_story_shows_the_continuous_surveys_live_results(client, demo_site):
    story = DataStoryPage.objects.get(locale__language_code="en", slug="who-uses-our-open-data")
    survey = SurveyPage.objects.get(locale__language_code="en", slug="open-data-survey")
    blocks = [block for block in story.body if block.block_type == "survey_result"]
    assert [block.value["page"].pk for block in blocks] == [survey.pk, survey.pk]
    questions = {q.reference: q.key for q in survey.questionnaire.questions}
    assert [block.value["question"] for block in blocks] == [
        questions["frequency"],
        questions["usefulness"],
    ]
    for page in story.get_translations(inclusive=True).live():
        code = page.locale.language_code
        translated_survey = survey.get_translation(page.locale)
        response = client.get(page.url)
        assert response.status_code == 200, code
        html = parse(response)
        assert html.one("html")["dir"] == ("rtl" if code == "ar" else "ltr")
        results = html.select(".survey-block .survey-result")
        assert len(results) == 2, code
        for result in results:
            assert result.exists("svg[role=img]") and result.select("tbody tr"), code
        # The survey's own labels in the reader's language, and its results page.
        frequency = translated_survey.questionnaire.question(questions["frequency"])
        assert " ".join(frequency.label.split()) in results[0].text, code
        assert html.exists(f'a[href="{translated_survey.url}results/"]'), code
