"""Signing in with an e-mail address, and out with a button."""

from urllib.parse import quote

import pytest
from django.contrib.auth import get_user, get_user_model
from django.utils import translation

from tests.html import parse

from .conftest import PASSWORD, in_french, link_in, sign_up

pytestmark = pytest.mark.django_db

WRONG = "The e-mail address or the password is not right. Check both and try again."


def sign_in(client, email, password=PASSWORD, language="en", **extra):
    return client.post(
        f"/{language}/account/sign-in/", {"email": email, "password": password, **extra}
    )


@pytest.mark.parametrize(
    "typed", ["joseph@example.org", "JOSEPH@Example.ORG", " Joseph@example.org "]
)
def test_residents_sign_in_with_their_address_in_any_case(client, home_pages, resident, typed):
    back_to = home_pages["fr"].url
    response = sign_in(client, typed, language="fr", next=back_to)
    assert response.status_code == 302
    assert response["Location"] == back_to
    assert get_user(client) == resident
    page = client.get(back_to).content.decode()
    assert "Joseph Otieno" in page
    assert in_french("You are signed in.") in page


def test_without_next_signing_in_leads_home_in_the_current_language(client, home_pages, resident):
    assert sign_in(client, "joseph@example.org", language="fr")["Location"] == home_pages["fr"].url


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_an_unsafe_next_address_is_ignored(client, home_page, resident, unsafe):
    main = parse(client.get(f"/en/account/sign-in/?next={quote(unsafe)}")).one("main")
    assert main.exists('input[name="next"]')
    values = [field.get("value", "") for field in main.select("input")]
    assert not any("evil" in value or "javascript:" in value for value in values)
    assert not any("evil" in link["href"] for link in main.select("a[href]"))
    response = sign_in(client, "joseph@example.org", next=unsafe)
    assert response["Location"] == home_page.url


@pytest.mark.parametrize(
    ("email", "password"),
    [("joseph@example.org", "not the password"), ("nobody@example.org", PASSWORD)],
)
def test_a_wrong_password_or_address_gets_one_message_that_does_not_say_which(
    client, home_page, resident, email, password
):
    response = sign_in(client, email, password, next="/en/")
    body = response.content.decode()
    page = parse(body)
    assert response.status_code == 200
    assert get_user(client).is_anonymous
    assert WRONG in page.one(".error-summary").text
    assert page.title.startswith("Error: Sign in · ")
    assert page.one('main input[type="email"]')["value"] == email  # the address is kept
    assert password not in body  # the password is not
    assert page.one('input[name="next"]')["value"] == "/en/"


def test_the_sign_in_form_helps_browsers_and_password_managers(client, home_page):
    page = parse(client.get("/en/account/sign-in/"))
    assert page.one('meta[name="robots"]')["content"] == "noindex, nofollow"
    assert page.title.startswith("Sign in · ")
    assert page.one('main input[type="email"]')["autocomplete"] == "email"
    assert page.one('main input[type="password"]')["autocomplete"] == "current-password"
    main = page.one("main")
    assert main.exists('a[href="/en/account/password-reset/"]')
    assert main.exists('a[href="/en/account/sign-up/"]')


def test_an_unconfirmed_account_is_told_so_and_can_ask_for_the_link_again(
    client, home_page, mailoutbox
):
    sign_up(client, email="amina@example.org")
    mailoutbox.clear()

    response = sign_in(client, "Amina@example.org", next="/en/")
    body = response.content.decode()
    assert get_user(client).is_anonymous
    assert "You have not confirmed your account yet." in body
    assert 'action="/en/account/confirm-again/"' in body
    assert 'id="resend-email"' in body
    assert body.count('value="Amina@example.org"') == 2  # kept in both forms

    # The right address with a wrong password learns nothing about the account.
    wrong = sign_in(client, "amina@example.org", "not the password").content.decode()
    assert WRONG in wrong and "not confirmed" not in wrong

    resent = client.post(
        "/en/account/confirm-again/", {"email": "amina@example.org", "next": "/en/"}
    )
    assert resent.status_code == 302
    assert len(mailoutbox) == 1
    link = link_in(mailoutbox[0])
    assert link.endswith("?next=%2Fen%2F")
    assert client.post(link)["Location"] == "/en/"
    assert get_user(client).email == "amina@example.org"


def test_an_account_closed_by_staff_cannot_sign_in(client, home_page, resident):
    get_user_model().objects.filter(pk=resident.pk).update(is_active=False)
    body = sign_in(client, "joseph@example.org").content.decode()
    assert WRONG in body
    assert get_user(client).is_anonymous


def test_staff_keep_signing_in_to_the_admin_with_their_username(client, home_page):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "admin pass 2027")
    response = client.post("/admin/login/", {"username": "editor", "password": "admin pass 2027"})
    assert response.status_code == 302
    assert get_user(client).username == "editor"


def test_signing_out_takes_a_post_and_comes_home_with_a_notice(client, home_pages, resident):
    client.force_login(resident)

    asked = client.get("/fr/account/sign-out/")
    assert asked.status_code == 200
    assert get_user(client) == resident  # a link cannot sign anyone out
    assert 'method="post" action="/fr/account/sign-out/"' in asked.content.decode()

    response = client.post("/fr/account/sign-out/")
    assert response.status_code == 302
    assert response["Location"] == home_pages["fr"].url
    assert get_user(client).is_anonymous
    with translation.override("fr"):
        signed_out = translation.gettext("You are signed out.")
    assert signed_out != "You are signed out."  # the notice is in French
    home = client.get(response["Location"]).content.decode()
    assert signed_out in home
    assert signed_out not in client.get(home_pages["fr"].url).content.decode()  # said once


def test_signing_out_needs_the_csrf_token(home_page, resident):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    assert client.post("/en/account/sign-out/").status_code == 403
    assert get_user(client) == resident
