"""Friendly error pages in the visitor's language; the 500 page never touches the database."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from home.models import HomePage
from home.views import server_error
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "direction"), [("en", "ltr"), ("fr", "ltr"), ("ar", "rtl"), ("sw", "ltr")]
)
def test_404_is_in_the_language_of_the_address(client, home_pages, code, direction):
    response = client.get(f"/{code}/nowhere/")
    assert response.status_code == 404
    page = parse(response)
    assert (page.lang, page.dir) == (code, direction)
    with translation.override(code):
        title = translation.gettext("Page not found")
    assert page.one("h1").text == title
    main = page.one("main")
    assert main.exists(f'form[action="/{code}/search/"]')  # a way on: search in that language
    assert main.exists(f'a[href="/{code}/"]')  # and that language's home page


def test_404_follows_a_missing_trailing_slash(client, home_pages):
    response = client.get("/fr/nowhere", follow=True)
    assert response.status_code == 404
    assert parse(response).lang == "fr"


@pytest.mark.parametrize(
    ("accept_language", "code"), [("ar,en;q=0.5", "ar"), ("fr-CA", "fr"), ("de", "en"), ("", "en")]
)
def test_address_without_language_uses_the_browsers_language_or_english(
    client, home_pages, accept_language, code
):
    response = client.get("/nowhere/", HTTP_ACCEPT_LANGUAGE=accept_language, follow=True)
    assert response.redirect_chain[0][0] == f"/{code}/nowhere/"
    assert response.status_code == 404
    assert parse(response).lang == code


def test_500_is_in_the_visitors_language_without_touching_the_database(
    django_assert_num_queries,
):
    request = RequestFactory().get("/ar/")
    with translation.override("ar"), django_assert_num_queries(0):
        response = server_error(request)
    page = parse(response)
    assert response.status_code == 500
    assert (page.lang, page.dir) == ("ar", "rtl")
    assert page.exists('a[href="/ar/"]')


def test_a_crashing_page_answers_with_the_500_page(client, home_pages, monkeypatch):
    def explode(self, request, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(HomePage, "serve", explode)
    client.raise_request_exception = False
    response = client.get("/fr/")
    assert response.status_code == 500
    page = parse(response)
    assert (page.lang, page.dir) == ("fr", "ltr")
