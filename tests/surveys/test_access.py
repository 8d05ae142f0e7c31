"""Who may answer: once per confirmed e-mail address, signed-in residents only, or open
with a honeypot and once per browser."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from surveys import rules
from tests.html import parse

from .factories import body
from .helpers import full_answers, name, submitted

pytestmark = pytest.mark.django_db

NO = {name("uses"): "no"}


def send(client, survey, **extra):
    return client.post(survey.url, {**full_answers(**NO), "step": "0", **extra})


def test_open_survey_says_it_is_open_and_takes_one_response_per_browser(client, survey):
    page = parse(client.get(survey.url))
    assert "anyone may answer" in page.one(".survey__open-note").text
    send(client, survey)
    assert submitted().count() == 1
    again = parse(client.get(survey.url))
    assert "already been answered from this browser" in again.one("[role=status]").text
    send(client, survey)
    assert submitted().count() == 1
    send(Client(), survey)  # another browser
    assert submitted().count() == 2


def test_open_survey_honeypot_stores_nothing(client, survey):
    response = send(client, survey, website="http://spam.example")
    assert "Thank you" in parse(response).one("[role=status]").text
    assert submitted().count() == 0


def test_token_survey_asks_an_address_and_its_link_answers_once(client, survey, mailoutbox):
    survey.access = "token"
    survey.save_revision().publish()
    page = parse(client.get(survey.url))
    assert not page.exists("#survey-form")
    client.post(survey.url, {"email": "amina@example.org"})
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/resume/\S+/", mailoutbox[0].body).group(0)
    reader = Client()
    assert reader.get(urlsplit(link).path).status_code == 302
    assert parse(reader.get(survey.url)).exists("#survey-form")
    send(reader, survey)
    stored = submitted().get()
    assert stored.email == "amina@example.org"
    # The link is used: following it again says so and stores nothing more.
    reused = parse(reader.get(urlsplit(link).path))
    assert "already used" in reused.one("[role=status]").text
    send(reader, survey)
    assert submitted().count() == 1


def test_a_damaged_link_is_explained(client, survey):
    page = parse(client.get(survey.url + "confirm/abc-def/"))
    assert "does not work" in page.one("[role=status]").text


def test_signed_in_only(client, survey):
    survey.access = "signed_in"
    survey.save_revision().publish()
    page = parse(client.get(survey.url))
    assert not page.exists("#survey-form")
    assert "Sign in" in page.one("[role=status]").text
    send(client, survey)
    assert submitted().count() == 0
    user = get_user_model().objects.create_user("joseph", "joseph@example.org", "pw")
    client.force_login(user)
    send(client, survey)
    assert submitted().get().user == user
    send(Client(), survey)  # a stranger
    client.cookies.clear()
    client.force_login(user)
    assert "already answered" in parse(client.get(survey.url)).one("[role=status]").text
    send(client, survey)
    assert submitted().count() == 1


@pytest.mark.parametrize(
    ("perms", "results", "paper"),
    [
        ((), False, False),
        (("view_response",), True, False),
        (("view_response", "add_response"), True, True),
    ],
)
def test_permission_matrix_of_officials(survey, perms, results, paper):
    user = get_user_model().objects.create_user("official", "o@example.org", "pw")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="surveys", codename__in=perms)
    )
    user = get_user_model().objects.get(pk=user.pk)
    assert rules.can_view_results(user) is results
    assert rules.can_enter_paper(user) is paper
    assert rules.can_view_results(None) is False


# -- the first page in the page cache -------------------------------------------------------


def test_a_survey_in_a_fixed_order_is_a_public_page_and_refuses_other_sites(survey):
    """No cookie and no token on the first view, so the page is cached like any other
    (core/cache.py); the answers still come only from this site (core/csrf.py)."""
    browser = Client(enforce_csrf_checks=True)
    browser.get(survey.url)  # the first visit may fill caches
    response = browser.get(survey.url)
    assert response.status_code == 200
    assert not response.cookies
    assert response["Cache-Control"].startswith("public")
    assert not parse(response).exists('input[name="csrfmiddlewaretoken"]')

    answers = {**full_answers(**NO), "step": "0"}
    refused = browser.post(survey.url, answers, headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403
    assert submitted().count() == 0
    taken = browser.post(survey.url, answers, headers={"Sec-Fetch-Site": "same-origin"})
    assert taken.status_code == 200
    assert submitted().count() == 1


def _options_order(response):
    """The option keys of "modes" and of "rank", in the page's order."""
    page = parse(response)
    return (
        [box["value"] for box in page.select(f'input[name="{name("modes")}"]')],
        [item["name"].split("__")[1] for item in page.select(f'select[name^="{name("rank")}__"]')],
    )


def test_a_survey_with_options_in_random_order_is_public_and_carries_each_visitors_order(
    survey_page_factory, process
):
    """The order travels in the form (no session, no cookie): the page can be cached, and
    the answers sent back are shown again in the order the visitor saw."""
    shuffled = body()
    for question in shuffled[0]["value"]["questions"]:
        if question["type"] in ("multiple_choice", "dropdown", "ranking"):
            question["value"]["shuffle"] = True
    page = survey_page_factory(parent=process, access="open", body=shuffled)
    response = Client().get(page.url)
    assert response.status_code == 200
    assert not response.cookies
    assert response["Cache-Control"].startswith("public")
    seed_field = parse(response).one('input[name="order"]')
    assert seed_field.has("data-survey-order-new")  # survey.js gives each visitor their own

    # Every seed its own order: the orders of 6 seeds are not all one.
    orders = set()
    for number in range(6):
        seed = f"{number:016x}"
        answers = {**full_answers(**NO), "step": "0", "order": seed, name("age"): "not a number"}
        again = Client().post(page.url, answers)
        assert again.status_code == 200
        field = parse(again).one('input[name="order"]')
        assert field["value"] == seed and not field.has("data-survey-order-new")
        orders.add(tuple(map(tuple, _options_order(again))))
    assert len(orders) > 1
    # The same seed, sent again (by the visitor's next step): the same order.
    assert _options_order(Client().post(page.url, answers)) == _options_order(again)
    # A seed that is not one of ours is replaced by a new one.
    forged = Client().post(page.url, {**answers, "order": "<x>"})
    assert parse(forged).one('input[name="order"]')["value"] != "<x>"
