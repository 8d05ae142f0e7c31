"""The site-wide pieces in core: setting defaults, signed links, safe next addresses,
the honeypot and spreadsheet cells."""

import pytest
from django import forms
from django.test import RequestFactory, override_settings

from core import signing
from core.conf import DEFAULTS, setting
from core.forms import EmailAddressField, normalize_email
from core.honeypot import HoneypotField, HoneypotMixin
from core.next_url import local_path, requested_next, safe_next
from core.spreadsheets import clean_cell, escape_formula


def test_a_setting_left_out_of_the_settings_module_takes_its_default(settings):
    del settings.NEWSLETTER_BATCH_SIZE
    assert setting("NEWSLETTER_BATCH_SIZE") == DEFAULTS["NEWSLETTER_BATCH_SIZE"] == 200


@override_settings(NEWSLETTER_BATCH_SIZE=7)
def test_a_setting_in_the_settings_module_wins_and_is_read_when_used():
    assert setting("NEWSLETTER_BATCH_SIZE") == 7


def test_a_default_can_follow_another_setting(settings):
    settings.DEFAULT_FROM_EMAIL = "townhall@riverton.example"
    del settings.NEWSLETTER_FROM_EMAIL
    assert setting("NEWSLETTER_FROM_EMAIL") == "townhall@riverton.example"


def test_an_unknown_setting_name_is_an_error_not_a_silent_default():
    with pytest.raises(KeyError):
        setting("NEWSLETTER_BATCH_SIZ")


def test_a_signed_token_reads_back_and_tells_expired_from_invalid():
    token = signing.make_token("42", salt="tests.a")
    assert signing.read_token(token, salt="tests.a", max_age=60) == ("42", None)
    assert signing.read_token(token, salt="tests.a", max_age=-1) == (None, "expired")
    assert signing.read_token(token, salt="tests.b", max_age=60) == (None, "invalid")
    assert signing.read_token(token + "x", salt="tests.a", max_age=60) == (None, "invalid")
    assert signing.issued_at(token, salt="tests.a").tzinfo is not None


def test_signed_data_reads_back_only_with_its_salt():
    token = signing.dumps({"e": "amina@example.org"}, salt="tests.stop")
    assert signing.loads(token, salt="tests.stop") == {"e": "amina@example.org"}
    assert signing.loads(token, salt="tests.other") is None
    assert signing.loads("garbage", salt="tests.stop") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/fr/consultations/", "/fr/consultations/"),
        ("  /en/  ", "/en/"),
        ("https://evil.example/", "/fallback/"),
        ("//evil.example/", "/fallback/"),
        ("javascript:alert(1)", "/fallback/"),
        ("", "/fallback/"),
        (None, "/fallback/"),
    ],
)
def test_next_is_followed_only_when_it_stays_on_the_site(url, expected):
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    assert safe_next(request, url, "/fallback/") == expected


def test_the_requested_next_comes_from_the_form_then_the_query_string():
    factory = RequestFactory()
    post = factory.post("/?next=/from-query/", {"next": "/from-form/"})
    assert requested_next(post) == "/from-form/"
    assert requested_next(factory.get("/?next=/from-query/")) == "/from-query/"
    assert requested_next(factory.get("/?next=https://evil.example/"), "/home/") == "/home/"


def test_a_local_path_is_a_path_on_this_site_only():
    assert local_path("/en/news/") == "/en/news/"
    assert local_path("//evil.example/") == ""
    assert local_path("https://evil.example/") == ""
    assert local_path(None) == ""


class TrapForm(HoneypotMixin, forms.Form):
    email = EmailAddressField()
    website = HoneypotField()


def test_the_honeypot_tells_a_bot_from_a_person():
    person = TrapForm({"email": " Amina@Example.org ", "website": ""})
    bot = TrapForm({"email": "bot@example.org", "website": "http://spam.example"})
    assert person.is_valid() and bot.is_valid()
    assert not person.is_bot()
    assert bot.is_bot()
    assert person.cleaned_data["email"] == "amina@example.org"
    assert 'tabindex="-1"' in str(person["website"])


def test_addresses_are_stored_in_one_form():
    assert normalize_email("  AMINA@Example.ORG ") == "amina@example.org"


@pytest.mark.parametrize("text", ["=1+1", "+41 22", "-2+3", "@SUM(A1)", "\tx", " =1+1"])
def test_no_cell_runs_as_a_formula(text):
    assert escape_formula(text) == "'" + text


def test_ordinary_cells_and_numbers_are_left_alone_and_control_characters_replaced():
    assert escape_formula("Amina") == "Amina"
    assert escape_formula(12) == 12
    assert clean_cell("a\x00b") == "a\N{REPLACEMENT CHARACTER}b"
