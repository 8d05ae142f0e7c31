"""The paper-entry screen is made for typing in a pile of questionnaires with the keyboard:
focus where typing starts, the paper's order for the tab key, one submit button that saves
and opens a blank form with the language and day kept, and on a mistake the focus on the
field to correct with everything typed kept."""

import pytest
from django.urls import reverse

from tests.html import parse

from .helpers import name, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client, official_factory):
    client.force_login(official_factory(perms=("surveys.view_response", "surveys.add_response")))
    return client


def paper_url(survey):
    return reverse("surveys_admin:paper", args=[survey.pk])


def form_of(document):
    return next(
        form
        for form in document.select("form[method=post]")
        if form.exists(f"[name='{name('uses')}']")
    )


def focused(document):
    found = document.select("[autofocus]")
    assert len(found) == 1, [element.get("name") for element in found]
    return found[0]


def test_the_fields_follow_the_papers_order_with_one_submit_button(clerk, survey):
    document = parse(clerk.get(paper_url(survey)))
    form = form_of(document)
    assert focused(document)["name"] == "paper-language"  # the first paper of a pile
    named = [
        element["name"]
        for element in form.select("input, select, textarea")
        if element.get("type") not in ("hidden",) and element["name"].startswith("q-")
    ]
    keys = list(dict.fromkeys(field.split("__")[0][2:] for field in named))
    survey_keys = [question.key for question in survey.questionnaire.questions]
    assert keys == survey_keys  # the tab key follows the paper's numbering
    numbers = [
        legend.text.split(".")[0] for legend in form.select("fieldset.survey-question > legend")
    ]
    assert numbers == [str(n) for n in range(1, len(survey_keys) + 1)]
    assert not [e for e in form.select("[tabindex]") if int(e["tabindex"]) > 0]
    buttons = form.select("button[type=submit], input[type=submit]")
    assert [button.text for button in buttons] == ["Save and enter the next one"]


def test_save_and_enter_the_next_one_keeps_the_language_and_day(clerk, survey):
    response = clerk.post(
        paper_url(survey),
        {
            "paper-language": "fr",
            "paper-given_on": "2026-05-04",
            name("uses"): "no",
            name("modes"): ["bus", "car"],
            name("age"): "67",
            name("ok"): "on",
        },
    )
    assert response.status_code == 302
    assert submitted().get().channel == "paper"
    document = parse(clerk.get(response["Location"]))
    assert "Paper questionnaire saved as response" in document.text
    form = form_of(document)
    assert form.one("select[name=paper-language] option[selected]")["value"] == "fr"
    assert form.one("input[name=paper-given_on]")["value"] == "2026-05-04"
    # A blank questionnaire, typing starting at question 1.
    assert not form.select("[name^='q-'][checked]")
    assert not form.one(f"input[name='{name('age')}']").get("value")
    first = focused(document)
    assert first["name"] == name("uses") and first["id"].endswith("_0")


def test_a_mistake_takes_the_focus_and_keeps_what_was_typed(clerk, survey):
    document = parse(
        clerk.post(
            paper_url(survey),
            {
                "paper-language": "ar",
                "paper-given_on": "2026-05-04",
                name("uses"): "no",
                name("age"): "300",
                name("name"): "Old Port",
                name("ok"): "on",
            },
        )
    )
    assert submitted().count() == 0
    assert document.exists("[role=alert]")
    assert focused(document)["name"] == name("age")
    form = form_of(document)
    assert form.one(f"input[name='{name('age')}']")["value"] == "300"
    assert form.one(f"input[name='{name('name')}']")["value"] == "Old Port"
    assert form.one(f"input[name='{name('uses')}'][value=no]").has("checked")
