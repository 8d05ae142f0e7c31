"""The issue's "Done means" and bad-input list, in Arabic: a resident answers the bus survey
without JavaScript (a conditional part appears after their answer) and their answers count
on the English results page under the same options; each bad answer gets its own message
in the visitor's language, next to its field, and what they typed is kept."""

import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Locale

from surveys.models import Answer, SurveyPage
from tests.html import parse
from tests.module_data import make_process, module_data

from .factories import SurveyPageFactory, body, qid
from .helpers import full_answers, make_response, name, submitted

pytestmark = pytest.mark.django_db

ARABIC = {
    "uses": "هل تستقلّون الحافلة؟",
    "yes": "نعم",
    "no": "لا",
    "modes": "كيف تتنقّلون؟",
}
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36"}


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    """Built once for the module (tests/module_data.py), each test in a savepoint of it: an
    open survey in a process (honeypot, once per browser, open since ten days) and its
    Arabic version, its questions and options translated (keys unchanged). {name: page id}."""
    with module_data(django_db_blocker) as build:
        with build():
            survey = SurveyPageFactory(
                parent=make_process(),
                access="open",
                opens_at=timezone.now() - timedelta(days=10),
            )
            page = survey.copy_for_translation(
                Locale.objects.get(language_code="ar"), copy_parents=True
            )
            page.body = json.dumps(body(ARABIC))
            page.save_revision().publish()
        yield {"survey": survey.pk, "arabic": page.pk}


@pytest.fixture
def survey(pages, db):
    return SurveyPage.objects.get(pk=pages["survey"])


@pytest.fixture
def arabic(pages, db):
    """The survey's Arabic version, its questions and options translated (keys unchanged)."""
    return SurveyPage.objects.get(pk=pages["arabic"])


def arabic_text(text):
    return bool(re.search("[\u0600-\u06ff]", text))


def in_arabic(message, **values):
    with translation.override("ar"):
        return gettext(message) % values if values else gettext(message)


def test_a_resident_answers_in_arabic_without_javascript_and_counts_in_english(
    client, survey, arabic
):
    for _ in range(5):  # earlier answers in English
        make_response(survey, {"uses": "yes", "freq": "weekly", "modes": ["bus"]})
    before = parse(Client().get(survey.url + "results/"))
    assert (_cells(before, "uses")["Yes"], _cells(before, "modes")["Bus"]) == ("5", "5")

    assert urlsplit(arabic.url).path.startswith("/ar/")
    first = parse(client.get(arabic.url, **PHONE))
    assert first.one("html")["dir"] == "rtl"
    # Without JavaScript the bus users' part is not in the form: it waits for the answer.
    assert not first.exists(f"#survey-form #question-{qid('freq')}")
    assert first.texts(f"#question-{qid('uses')} label") == ["نعم", "لا"]

    answers = full_answers(**{name("modes"): ["bus", "car"]})
    step_two = parse(client.post(arabic.url, {**answers, "step": "0"}, **PHONE))
    assert step_two.exists(f"#survey-form #question-{qid('freq')}")  # "yes": the part appears
    assert not step_two.exists(f"#survey-form #question-{qid('uses')}")
    carried = step_two.one("input[name=carried]")["value"]
    sent = parse(
        client.post(arabic.url, {"step": "1", "carried": carried, name("freq"): "daily"}, **PHONE)
    )
    assert in_arabic("Thank you: your answers were sent.") in sent.one("[role=status]").text
    response = submitted().get(language="ar")
    stored = set(Answer.objects.filter(response=response).values_list("question", "option"))
    assert {(qid("uses"), "yes"), (qid("freq"), "daily"), (qid("modes"), "car")} <= stored

    # On the English results page, under the same options: each option counted on its own.
    after = parse(Client().get(survey.url + "results/"))
    assert _cells(after, "uses") == {"Yes": "6", "No": "0"}
    modes = _cells(after, "modes")
    assert (modes["Bus"], modes["Car"], modes["Bike"]) == ("6", "fewer than 5", "0")
    assert _cells(after, "freq") == {"Daily": "fewer than 5", "Weekly": "5"}
    # And on the Arabic one, under its own labels.
    in_ar = parse(Client().get(arabic.url + "results/"))
    assert _cells(in_ar, "uses")["نعم"] == "6"


def _cells(results, question):
    table = results.one(f"#result-{qid(question)} table")
    return {tr.one("th").text: tr.select("td")[0].text for tr in table.select("tbody tr")}


def test_each_bad_answer_has_its_own_message_in_arabic_and_the_typed_answers_stay(client, arabic):
    data = full_answers(
        **{
            name("uses"): None,  # a required answer missing
            name("age"): "300",  # out of range
            name("modes"): ["plane"],  # not an option
            name("name"): "حي الميناء",
            name("ideas"): "حافلات ليلية أكثر",
        }
    )
    page = parse(client.post(arabic.url, {**data, "step": "0"}))
    summary = page.one(".error-summary")
    assert summary.one("h2").text == in_arabic("There is a problem with your answers")
    links = summary.select("a")
    assert len(links) == 3
    for link in links:
        assert arabic_text(link.text) and "This field" not in link.text
        assert page.exists(link["href"])  # each message leads to its own field
    messages = {
        question: page.one(f"#question-{qid(question)} .form-field__error").text
        for question in ("uses", "age", "modes")
    }
    assert messages["uses"] == in_arabic("This field is required.")
    assert messages["age"] == in_arabic(
        "Ensure this value is less than or equal to %(limit_value)s.", limit_value=120
    )
    assert messages["modes"] == in_arabic(
        "Select a valid choice. %(value)s is not one of the available choices.", value="plane"
    )
    # What was typed is kept, the wrong answers included, so they can be corrected.
    assert page.one(f"input[name='{name('name')}']")["value"] == "حي الميناء"
    assert page.one(f"textarea[name='{name('ideas')}']").text == "حافلات ليلية أكثر"
    assert page.one(f"input[name='{name('age')}']")["value"] == "300"
    assert page.one(f"input[name='{name('rating')}'][value='4']").has("checked")
    assert submitted().count() == 0


def test_a_survey_that_closed_while_being_filled_in_says_so_in_arabic(client, survey, arabic):
    form = parse(client.get(arabic.url))
    assert form.exists("#survey-form")
    for page in (survey, arabic):
        page.closes_at = timezone.now() - timedelta(days=1)
        page.save_revision().publish()
    data = full_answers(**{name("ideas"): "حافلات ليلية أكثر"})
    page = parse(client.post(arabic.url, {**data, "step": "0"}))
    refused = page.one(".error-summary")
    assert refused.one("h2").text == in_arabic("This survey has closed.")
    assert (
        in_arabic("Your answers were not sent. What you typed is kept below, so you can copy it.")
        in refused.text
    )
    assert page.one(f"textarea[name='{name('ideas')}']").text == "حافلات ليلية أكثر"
    assert not page.exists("#survey-form button[type=submit]")
    assert submitted().count() == 0


def test_a_reused_link_is_refused_in_arabic_and_the_typed_answers_stay(
    client, survey, arabic, mailoutbox
):
    for page in (survey, arabic):
        page.access = "token"
        page.save_revision().publish()
    client.post(arabic.url, {"email": "layla@example.org"})
    link = re.search(r"https?://\S+/resume/\S+/", mailoutbox[0].body).group(0)
    assert urlsplit(link).path.startswith("/ar/")
    assert client.get(urlsplit(link).path).status_code == 302
    # Two tabs open on the same link: the first sends its answers...
    second_tab = parse(client.get(arabic.url))
    assert second_tab.exists("#survey-form")
    client.post(arabic.url, {**full_answers(**{name("uses"): "no"}), "step": "0"})
    assert submitted().count() == 1
    # ...the second one is refused, with its message in Arabic and its answers kept.
    data = full_answers(**{name("uses"): "no", name("name"): "الحي القديم"})
    page = parse(client.post(arabic.url, {**data, "step": "0"}))
    refused = page.one(".error-summary")
    assert refused.one("h2").text == in_arabic(
        "This link was already used: the answers given with it were sent."
    )
    assert page.one(f"input[name='{name('name')}']")["value"] == "الحي القديم"
    assert not page.exists("#survey-form button[type=submit]")
    assert submitted().count() == 1
    # Following the link again says so too.
    again = parse(client.get(urlsplit(link).path))
    assert again.one("[role=status]").text == in_arabic(
        "This link was already used: the answers given with it were sent."
    )


def test_an_open_survey_answered_from_this_browser_keeps_the_new_answers_and_says_why(
    client, arabic
):
    client.post(arabic.url, {**full_answers(**{name("uses"): "no"}), "step": "0"})
    assert submitted().count() == 1
    data = full_answers(**{name("uses"): "no", name("name"): "الحي القديم"})
    page = parse(client.post(arabic.url, {**data, "step": "0"}))
    assert page.one(".error-summary h2").text == in_arabic(
        "This survey has already been answered from this browser. Thank you!"
    )
    assert page.one(f"input[name='{name('name')}']")["value"] == "الحي القديم"
    assert not page.exists("#survey-form button[type=submit]")
    assert submitted().count() == 1
