"""The demo's two surveys, as the issue asks: the Old Port bus survey (about 150 responses, 20
on paper, every question type, one conditional section, published results with a small count
suppressed, its measure marked and linked) and the continuous open-data survey (open for more
than a year, with responses over time)."""

import datetime

import pytest
from django.utils import timezone

from surveys.blocks import QuestionsBlock
from surveys.models import Response, SurveyPage
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_the_bus_survey_has_every_type_paper_answers_and_a_small_count_hidden(client, demo_site):
    survey = SurveyPage.objects.get(locale__language_code="en", slug="bus-survey")
    sent = Response.objects.of(survey).submitted()
    assert sent.count() == 150
    assert sent.filter(channel="paper").count() == 20
    assert set(sent.values_list("language", flat=True)) == {"en", "fr", "ar", "sw"}
    questionnaire = survey.questionnaire
    assert {q.kind for q in questionnaire.questions} == set(QuestionsBlock.base_blocks)
    conditional = [section for section in questionnaire.sections if section.condition]
    assert len(conditional) == 1

    results = parse(client.get(survey.url + "results/"))
    age = next(q for q in questionnaire.questions if q.label == "How old are you?")
    cells = [cell.text for cell in results.select(f"#result-{age.key} tbody td")]
    assert "fewer than 5" in cells
    satisfaction = questionnaire.by_reference()["satisfaction"]
    mark = results.one(f"#result-{satisfaction.key} .survey-result__measure")
    assert mark.one("strong").text == "Perception measure: Satisfaction with the buses"
    assert "#step-impacts" in mark.one("a")["href"]
    for version in survey.get_translations().live().specific():
        page = parse(client.get(version.url + "results/"))
        assert page.exists(f"#result-{satisfaction.key} .survey-result__measure a")


def test_the_open_data_survey_is_continuous_with_responses_over_a_year(demo_site):
    survey = SurveyPage.objects.get(locale__language_code="en", slug="open-data-survey")
    assert survey.closes_at is None and survey.is_continuous
    assert survey.opens_at <= timezone.now() - datetime.timedelta(days=365)
    days = sorted(response.day for response in Response.objects.of(survey).submitted())
    assert len(days) >= 100
    assert (days[-1] - days[0]).days >= 365
