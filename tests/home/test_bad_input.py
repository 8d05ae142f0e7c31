"""Input the site cannot read gets the site's own 400 page in the language of the address.

A form POST whose Content-Type names another charset than UTF-8 used to answer 500 on every
public form (Django refused the body, then its 400 view read the form again); a NUL
character in a query parameter answered 500 on PostgreSQL, which refuses NUL in text (and
in the search, on SQLite too). See home/middleware.py.
"""

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation

from tests.module_data import make_home_pages, module_data

from .public_site import build_public_site

pytestmark = pytest.mark.django_db

CSRF_SECRET = "k" * 32  # Django accepts the unmasked secret as the form's token too


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The public site in every language, built once for the module (tests/module_data.py):
    each test runs in a savepoint of it, so what a form post adds is gone for the next."""
    with module_data(django_db_blocker) as build:
        with build():
            site = build_public_site(make_home_pages()["en"])
        yield site


@pytest.fixture
def browser():
    """A client that checks CSRF like a real browser session would be checked."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = CSRF_SECRET
    return client


def in_language(code, text):
    with translation.override(code):
        return translation.gettext(text)


def assert_bad_request_page(response, code, where=""):
    assert response.status_code == 400, where
    assert response["Content-Language"] == code, where
    soup = BeautifulSoup(response.content, "html.parser")
    html = soup.find("html")
    assert (html["lang"], html["dir"]) == (code, "rtl" if code == "ar" else "ltr"), where
    assert soup.h1.get_text(strip=True) == in_language(code, "We could not read your request")
    assert soup.find("a", href=f"/{code}/").get_text(strip=True) == in_language(
        code, "Go to the home page"
    )


def post_raw(client, url, body, charset="latin-1", **headers):
    """POST a urlencoded body as sent, whatever charset its Content-Type names."""
    content_type = f"application/x-www-form-urlencoded; charset={charset}"
    return client.generic("POST", url, body.encode("ascii"), content_type, **headers)


@pytest.mark.parametrize("charset", ["latin-1", "ISO-8859-1", "foo"])
def test_every_public_form_sent_in_another_charset_gets_the_400_page(site, browser, charset):
    for form in site.forms:
        body = urlencode({**form.data, "csrfmiddlewaretoken": CSRF_SECRET})
        response = post_raw(browser, form.url, body, charset)
        assert_bad_request_page(response, "en", form.name)


@pytest.mark.parametrize(
    ("url", "code"),
    [("/fr/subscribe/", "fr"), ("/ar/account/sign-in/", "ar"), ("/sw/account/sign-up/", "sw")],
)
def test_the_400_page_is_in_the_language_of_the_address(site, browser, url, code):
    response = post_raw(browser, url, f"csrfmiddlewaretoken={CSRF_SECRET}&email=a%40example.org")
    assert_bad_request_page(response, code)


def test_an_address_without_language_answers_in_the_browsers_language(site, browser):
    response = post_raw(
        browser, "/subscription/unsubscribe/abc-def/", "x=1", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert_bad_request_page(response, "fr")


def test_a_utf_8_form_is_still_accepted_however_the_charset_is_spelled(site, browser):
    for charset in ["utf-8", "UTF-8", "utf8", "utf_8"]:
        body = f"csrfmiddlewaretoken={CSRF_SECRET}&email=x%40example.org"
        response = post_raw(browser, "/en/account/confirm-again/", body, charset)
        assert response.status_code == 302, charset


def test_a_nul_in_any_public_query_parameter_gets_the_400_page(site, client):
    for url, parameters in site.query_pages.items():
        assert client.get(url).status_code == 200, url
        for parameter in parameters:
            response = client.get(url, {parameter: "a\x00b"})
            assert_bad_request_page(response, "en", f"{url}?{parameter}")
        response = client.get(url + "?q%00=1")  # in the parameter's name too
        assert_bad_request_page(response, "en", url)


@pytest.mark.parametrize("code", ["en", "fr", "ar", "sw"])
def test_the_search_and_the_news_filter_answer_400_for_a_nul_in_every_language(site, client, code):
    assert_bad_request_page(client.get(f"/{code}/search/?q=a%00b"), code)
    assert_bad_request_page(client.get(f"/{code}/news/?topic=%00"), code)


def test_a_nul_in_the_address_gets_the_400_page(site, client):
    assert_bad_request_page(client.get("/ar/news/a%00b/"), "ar")
    assert_bad_request_page(client.get("/fr/search%00/"), "fr")


def test_a_nul_in_a_cookie_gets_the_400_page_before_the_session_is_read(site, client):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert_bad_request_page(client.get("/en/account/sign-in/"), "en")


def test_a_nul_in_any_public_form_field_gets_the_400_page(site, browser):
    for form in site.forms:
        for name in form.fields:
            data = {**form.data, name: "a\x00b", "csrfmiddlewaretoken": CSRF_SECRET}
            response = browser.post(form.url, data)
            assert_bad_request_page(response, "en", f"{form.name}: {name}")


def test_a_malformed_multipart_form_gets_the_400_page(site, browser):
    response = browser.post(
        "/en/subscribe/", b"--x\r\n", content_type="multipart/form-data; boundary="
    )
    assert_bad_request_page(response, "en")


def test_a_missing_csrf_token_is_still_refused_with_403(site, browser):
    response = browser.post("/en/subscribe/", {"email": "amina@example.org", "language": "en"})
    assert response.status_code == 403


def test_a_host_we_do_not_serve_gets_the_400_page(site, client):
    response = client.get("/ar/search/", HTTP_HOST="attacker.example")
    assert_bad_request_page(response, "ar")


def test_the_400_page_is_shown_in_development_too(site, browser, settings):
    # With DEBUG on, Django's own page for a BadRequest reads the form again and fails.
    settings.DEBUG = True
    response = post_raw(browser, "/fr/subscribe/", f"csrfmiddlewaretoken={CSRF_SECRET}&x=1")
    assert_bad_request_page(response, "fr")
