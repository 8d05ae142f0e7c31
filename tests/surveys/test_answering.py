"""Answering a survey: steps without JavaScript, in place with it, hidden answers dropped,
errors that keep what was typed."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from core import signing
from surveys.models import Answer
from surveys.views import CARRIED_SALT
from tests.html import parse

from .factories import qid
from .helpers import full_answers, name, submitted

pytestmark = pytest.mark.django_db


def test_first_step_shows_only_unconditional_questions(client, survey):
    page = parse(client.get(survey.url))
    assert page.exists(f"#question-{qid('uses')}")
    assert not page.exists(f"#survey-form #question-{qid('freq')}")
    # The conditional part waits in a <template> for JavaScript.
    assert page.exists("template#survey-later")
    assert "Step 1 of 2" in page.one("[data-survey-step]").text


def test_without_javascript_the_conditional_step_follows_the_answer(client, survey):
    response = client.post(survey.url, {**full_answers(), "step": "0"})
    page = parse(response)
    assert page.exists(f"#question-{qid('freq')}")
    assert not page.exists(f"#question-{qid('uses')}")
    carried = page.one("input[name=carried]")["value"]
    assert signing.loads(carried, salt=CARRIED_SALT)[qid("uses")] == "yes"
    assert submitted().count() == 0  # nothing stored before the last step

    response = client.post(survey.url, {"step": "1", "carried": carried, name("freq"): "daily"})
    assert "Thank you" in parse(response).one("[role=status]").text
    stored = submitted().get()
    questions = set(Answer.objects.filter(response=stored).values_list("question", flat=True))
    assert qid("freq") in questions and qid("uses") in questions


def test_answer_no_skips_the_conditional_step_and_sends(client, survey):
    response = client.post(survey.url, {**full_answers(**{name("uses"): "no"}), "step": "0"})
    assert "Thank you" in parse(response).one("[role=status]").text
    assert submitted().count() == 1


def test_in_place_answers_to_hidden_questions_are_not_stored(client, survey):
    # JavaScript sends the whole survey; "no" hides the bus users' part, whose answer
    # (sent anyway by a stale browser) must not be stored.
    data = {**full_answers(**{name("uses"): "no"}), name("freq"): "daily", "inplace": "1"}
    client.post(survey.url, data)
    stored = submitted().get()
    assert not Answer.objects.filter(response=stored, question=qid("freq")).exists()


def test_in_place_shown_conditional_question_is_required(client, survey):
    response = client.post(survey.url, {**full_answers(), "inplace": "1"})
    page = parse(response)
    assert any("How often?" in text for text in page.texts(".error-summary a"))
    assert submitted().count() == 0


def test_missing_required_and_out_of_range_keep_what_was_typed(client, survey):
    data = full_answers(**{name("uses"): None, name("age"): "300", name("name"): "Hillside"})
    page = parse(client.post(survey.url, {**data, "step": "0"}))
    errors = page.texts(".error-summary a")
    assert any(e.startswith("Do you use the bus?") for e in errors)
    assert any(e.startswith("Your age") for e in errors)
    assert page.one(f"input[name='{name('name')}']")["value"] == "Hillside"
    assert submitted().count() == 0


def test_an_option_that_does_not_exist_is_refused(client, survey):
    page = parse(
        client.post(survey.url, {**full_answers(**{name("modes"): ["plane"]}), "step": "0"})
    )
    assert any(e.startswith("How do you travel?") for e in page.texts(".error-summary a"))


def test_other_needs_its_text(client, survey):
    page = parse(
        client.post(survey.url, {**full_answers(**{name("modes"): ["other"]}), "step": "0"})
    )
    assert any("other answer" in e for e in page.texts(".error-summary a"))


def test_ranking_ranks_must_differ(client, survey):
    data = full_answers(**{name("rank", "speed"): "1"})
    page = parse(client.post(survey.url, {**data, "step": "0"}))
    assert any("its own rank" in e for e in page.texts(".error-summary a"))


def test_closed_while_filling_in_keeps_the_text_and_says_so(client, survey):
    survey.closes_at = timezone.now() - timedelta(days=2)
    survey.save_revision().publish()
    data = full_answers(**{name("ideas"): "Keep the night bus"})
    page = parse(client.post(survey.url, {**data, "step": "0"}))
    assert "closed" in page.one(".error-summary").text
    assert page.one(f"textarea[name='{name('ideas')}']").text == "Keep the night bus"
    assert submitted().count() == 0


def test_closed_survey_shows_no_form(client, survey):
    survey.closes_at = timezone.now() - timedelta(days=2)
    survey.save_revision().publish()
    page = parse(client.get(survey.url))
    assert not page.exists("#survey-form")
    assert "closed" in page.one("[role=status]").text


def test_save_and_finish_later_from_the_link(client, survey):
    response = client.post(survey.url, {name("name"): "Riverside", "step": "0", "action": "save"})
    link = parse(response).one(".survey__saved-link a")["href"]
    assert submitted().count() == 0
    other = Client()
    followed = other.get(urlsplit(link).path)
    assert followed.status_code == 302
    page = parse(other.get(survey.url))
    assert page.one(f"input[name='{name('name')}']")["value"] == "Riverside"


def test_printable_questionnaire_has_the_same_numbers_and_says_when_to_answer(client, survey):
    page = parse(client.get(survey.url + "print/"))
    numbers = [n.text for n in page.select(".survey-print__question .survey-question__number")]
    assert numbers == [f"{n}." for n in range(1, 13)]
    assert "question 1 was “Yes”" in page.one(".survey-print__condition").text
    online = parse(client.get(survey.url))
    assert online.first(".survey-question__number").text == "1."
