"""Wrong-password limits stop guessing without locking the owner out; the e-mailed link."""

import pytest
from django.contrib.auth import get_user, get_user_model
from django.test import Client

from tests.html import parse

from .conftest import PASSWORD, in_french, link_in

pytestmark = pytest.mark.django_db

OWNER = "joseph@example.org"
GUESSER = "203.0.113.7"
OWNER_HOME = "198.51.100.20"
PROXY = "10.0.0.5"


def sign_in(client, email, password=PASSWORD, *, language="en", address=GUESSER, **meta):
    return client.post(
        f"/{language}/account/sign-in/",
        {"email": email, "password": password},
        REMOTE_ADDR=address,
        **meta,
    )


def throttled(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    return parse(response).one(".error-summary").text


def test_a_guesser_is_stopped_but_the_owner_signs_in_from_elsewhere(client, home_page, resident):
    for _ in range(10):
        assert sign_in(client, OWNER, "guess").status_code == 200
    # The guesser now waits, even with the right password: it is not even checked.
    assert "too many wrong passwords" in throttled(sign_in(client, OWNER))
    assert get_user(client).is_anonymous
    # The owner, on a connection that has not failed, is not locked out.
    owner = Client()
    assert sign_in(owner, OWNER, address=OWNER_HOME).status_code == 302
    assert get_user(owner) == resident


def test_behind_a_trusted_proxy_each_visitor_counts_apart(client, home_page, resident, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for _ in range(10):
        sign_in(client, OWNER, "guess", address=PROXY, HTTP_X_FORWARDED_FOR=GUESSER)
    throttled(sign_in(client, OWNER, address=PROXY, HTTP_X_FORWARDED_FOR=GUESSER))
    # A forged left-most address does not get the guesser out of its count…
    forged = f"192.0.2.99, {GUESSER}"
    throttled(sign_in(client, OWNER, address=PROXY, HTTP_X_FORWARDED_FOR=forged))
    # …and the owner, through the same proxy, is a client of their own.
    owner = Client()
    response = sign_in(owner, OWNER, address=PROXY, HTTP_X_FORWARDED_FOR=OWNER_HOME)
    assert response.status_code == 302


def test_without_trusted_proxies_the_forwarded_header_is_ignored(client, home_page, resident):
    for number in range(10):
        sign_in(client, OWNER, "guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    throttled(sign_in(client, OWNER, HTTP_X_FORWARDED_FOR="192.0.2.200"))


def test_a_client_that_fails_on_many_accounts_waits_for_all(
    client, home_page, settings, account_factory
):
    settings.SIGN_IN_CLIENT_LIMIT = (5, 900)
    for number in range(5):
        sign_in(client, f"person{number}@example.org", "guess")
    account_factory(email="lina@example.org", first_name="Lina")
    message = throttled(sign_in(client, "lina@example.org"))
    assert "too many wrong passwords" in message
    assert get_user(client).is_anonymous


def test_the_limit_message_is_in_the_visitors_language_and_offers_a_link(
    client, home_page, resident
):
    for _ in range(10):
        sign_in(client, OWNER, "guess", language="fr")
    response = sign_in(client, OWNER, language="fr")
    assert response.status_code == 429
    page = parse(response)
    assert in_french("Sign in") in page.title
    assert "trop de mots de passe erronés" in page.one(".error-summary").text
    link = page.one('main a[href^="/fr/account/sign-in/email-link/"]')
    assert "email=joseph%40example.org" in link["href"]


def test_the_emailed_link_signs_in_once(client, home_pages, resident, mailoutbox):
    page = parse(client.get("/en/account/sign-in/"))
    assert page.exists('main a[href="/en/account/sign-in/email-link/"]')
    asked = client.post(
        "/en/account/sign-in/email-link/", {"email": "Joseph@Example.org", "next": "/en/"}
    )
    assert asked.status_code == 302
    assert asked["Location"] == "/en/account/sign-in/email-link/check-your-email/"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [OWNER]
    link = link_in(mailoutbox[0], "sign-in/link")
    # Opening the link (a mail scanner does) does not sign in; the button does.
    opened = client.get(link)
    assert opened.status_code == 200
    assert get_user(client).is_anonymous
    assert parse(opened).exists('main form[method="post"] button[type="submit"]')
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert get_user(client) == resident
    # Used once, it works no more.
    assert Client().post(link).status_code == 400


def test_the_emailed_link_expires(client, home_page, resident, mailoutbox, settings):
    client.post("/en/account/sign-in/email-link/", {"email": OWNER})
    link = link_in(mailoutbox[0], "sign-in/link")
    settings.ACCOUNT_SIGN_IN_LINK_MAX_AGE = -1
    response = client.post(link)
    assert response.status_code == 410
    assert get_user(client).is_anonymous


def test_asking_for_a_link_tells_nothing_about_the_address(
    client, home_page, mailoutbox, account_factory
):
    account_factory(email="amina@example.org", first_name="Amina", confirmed=False)
    for email in ("nobody@example.org", "amina@example.org"):
        response = client.post("/en/account/sign-in/email-link/", {"email": email})
        assert response.status_code == 302
        assert response["Location"] == "/en/account/sign-in/email-link/check-your-email/"
    assert mailoutbox == []  # no account, or one not confirmed: no link


def test_the_link_works_past_a_password_limit(client, home_page, resident, mailoutbox):
    for _ in range(10):
        sign_in(client, OWNER, "guess")
    throttled(sign_in(client, OWNER))
    client.post("/en/account/sign-in/email-link/", {"email": OWNER}, REMOTE_ADDR=GUESSER)
    assert client.post(link_in(mailoutbox[0], "sign-in/link")).status_code == 302
    assert get_user(client) == resident


def test_the_admin_sign_in_has_the_same_limits(client, home_page):
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "right pw")
    for _ in range(10):
        answer = client.post(
            "/admin/login/", {"username": "editor", "password": "guess"}, REMOTE_ADDR=GUESSER
        )
        assert answer.status_code == 200
    refused = client.post(
        "/admin/login/", {"username": "editor", "password": "right pw"}, REMOTE_ADDR=GUESSER
    )
    assert refused.status_code == 200
    assert "too many wrong passwords" in refused.content.decode()
    assert get_user(client).is_anonymous
    # The editor, from a connection that has not failed, signs in.
    editor_client = Client(REMOTE_ADDR=OWNER_HOME)
    answer = editor_client.post("/admin/login/", {"username": "editor", "password": "right pw"})
    assert answer.status_code == 302
    assert get_user(editor_client) == editor
