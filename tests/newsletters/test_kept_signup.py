"""The sign-up form's fields are rendered once per language and kept until what pages show
changes (home/templatetags/form_tags.py): a topic added shows on the next request, and what
one request brings (the page it came from, what was typed, an error) never reaches another."""

import re

import pytest
from bs4 import BeautifulSoup

from home.models import Topic

pytestmark = pytest.mark.django_db


def source(body):
    return re.search(r'<input type="hidden" name="source" value="([^"]*)"', body).group(1)


def parse(body):
    return BeautifulSoup(body, "html.parser")


def selected_language(body):
    form = parse(body).select_one("form.newsletter-signup")
    return form.select_one('select[name="language"] option[selected]')["value"]


def test_the_page_it_came_from_is_per_request(client, home_pages):
    assert source(client.get("/en/subscribe/?from=/en/a/").content.decode()) == "/en/a/"
    assert source(client.get("/en/subscribe/?from=/en/b/").content.decode()) == "/en/b/"
    assert source(client.get("/en/subscribe/").content.decode()) == "/en/subscribe/"


def test_a_new_topic_shows_on_the_next_request(client, home_pages, topics, locales):
    assert "Transport" in client.get("/en/subscribe/").content.decode()
    Topic.objects.create(name="Parks and trees", slug="parks", locale=locales["en"])
    assert "Parks and trees" in client.get("/en/subscribe/").content.decode()


def test_each_language_has_its_own_fields(client, home_pages, topics):
    english = client.get("/en/subscribe/").content.decode()
    french = client.get("/fr/subscribe/").content.decode()
    assert selected_language(english) == "en" and selected_language(french) == "fr"
    assert "Transports" in french and "Transports" not in english


def test_an_error_shows_what_was_typed_after_the_empty_form_was_kept(client, home_pages):
    client.get("/en/subscribe/")
    response = client.post("/en/subscribe/", {"email": "not-an-address", "language": "en"})
    body = response.content.decode()
    assert 'value="not-an-address"' in body
    field = parse(body).select_one('form.newsletter-signup input[name="email"]')
    assert field["value"] == "not-an-address" and field["aria-invalid"] == "true"
    assert "not-an-address" not in client.get("/en/subscribe/").content.decode()
