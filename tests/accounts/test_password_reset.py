"""Choosing a new password: Django's views, our forms and templates, the e-mail by a task."""

import pytest
from django.contrib.auth import get_user, get_user_model
from django.test import Client
from django.utils import translation

from tests.html import parse

from .conftest import PASSWORD, html_of, in_french, link_in, sign_up

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Lanterns by the harbour 9"


def reset_link(client, mailoutbox, email, language="en"):
    response = client.post(f"/{language}/account/password-reset/", {"email": email})
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/account/password-reset/check-your-email/"
    return link_in(mailoutbox[-1], "password-reset")


def test_a_reset_e_mail_goes_through_the_task_and_the_new_password_works(
    client, home_pages, mailoutbox, enqueued, account_factory
):
    user = account_factory(email="lina@example.org", first_name="Lina", language="fr")
    # Asked on a Swahili page, written in the account's language (French).
    link = reset_link(client, mailoutbox, "LINA@example.org", language="sw")
    assert enqueued == ["send_password_reset_email", "deliver"]  # then the delivery engine
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["lina@example.org"]
    email = parse(html_of(message))
    assert (email.lang, email.dir) == ("fr", "ltr")
    assert link.startswith("/fr/account/password-reset/")

    form = client.get(link, follow=True)
    page = form.content.decode()
    assert form.status_code == 200
    assert 'autocomplete="new-password"' in page
    set_password_url = form.redirect_chain[-1][0]
    done = client.post(set_password_url, {"new_password": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == "/fr/account/password-reset/done/"
    with translation.override("fr"):
        saved = translation.gettext("Your new password is saved. Sign in with it from now on.")
    assert saved != "Your new password is saved. Sign in with it from now on."  # in French
    assert saved in client.get(done["Location"]).content.decode()

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    fresh = Client()
    wrong = fresh.post("/en/account/sign-in/", {"email": "lina@example.org", "password": PASSWORD})
    assert wrong.status_code == 200
    right = fresh.post(
        "/en/account/sign-in/", {"email": "lina@example.org", "password": NEW_PASSWORD}
    )
    assert right.status_code == 302
    assert get_user(fresh) == user

    # The link works once.
    again = Client().get(link, follow=True).content.decode()
    assert (
        in_french("This link to choose a new password has expired or has already been used.")
        in again
    )


def test_the_new_password_follows_the_same_rules(client, home_page, mailoutbox, account_factory):
    account_factory(email="lina@example.org", first_name="Lina")
    link = reset_link(client, mailoutbox, "lina@example.org")
    url = client.get(link, follow=True).redirect_chain[-1][0]
    body = client.post(url, {"new_password": "12345678"}).content.decode()
    assert parse(body).title.startswith("Error: Choose a new password · ")
    assert "This password is too common" in body
    assert "This password has only numbers" in body


def test_an_unknown_address_sees_the_same_page_and_nothing_is_sent(client, home_page, mailoutbox):
    response = client.post("/en/account/password-reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/en/account/password-reset/check-your-email/"
    assert mailoutbox == []


def test_a_reset_confirms_an_account_that_was_never_confirmed(client, home_page, mailoutbox):
    sign_up(client, email="amina@example.org")
    link = reset_link(client, mailoutbox, "amina@example.org")
    url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(url, {"new_password": NEW_PASSWORD})
    user = get_user_model().objects.get()
    assert user.is_active and user.account_profile.is_confirmed
    signed = client.post(
        "/en/account/sign-in/", {"email": "amina@example.org", "password": NEW_PASSWORD}
    )
    assert signed.status_code == 302


def test_a_damaged_reset_link_explains_itself(client, home_page):
    response = client.get("/en/account/password-reset/MQ/bad-token/", follow=True)
    page = parse(response)
    assert page.title.startswith("This link does not work · ")
    assert page.one("main").exists('a[href="/en/account/password-reset/"]')


def test_staff_without_a_profile_get_the_e_mail_in_the_language_they_asked_in(
    client, home_pages, mailoutbox
):
    get_user_model().objects.create_user("editor", "editor@example.org", "admin pass 2027")
    link = reset_link(client, mailoutbox, "editor@example.org", language="ar")
    assert link.startswith("/ar/")
    email = parse(html_of(mailoutbox[0]))
    assert (email.lang, email.dir) == ("ar", "rtl")
