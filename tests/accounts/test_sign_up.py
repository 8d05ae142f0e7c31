"""Creating an account: the form, the confirmation e-mail and link, and known addresses."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.contrib.auth import get_user, get_user_model
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import Profile
from home.models import SiteSettings
from tests.html import parse

from .conftest import PASSWORD, html_of, in_french, link_in, sign_up

pytestmark = pytest.mark.django_db

User = get_user_model()


def screen(client, url):
    """A page as the visitor sees it: the per-request CSRF token left out."""
    html = client.get(url).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def signed_in_user(client):
    return get_user(client)


def test_sign_up_e_mails_a_link_in_the_visitors_language_that_confirms_signs_in_and_returns(
    client, home_pages, mailoutbox, enqueued
):
    back_to = home_pages["fr"].url
    page = client.get(f"/fr/account/sign-up/?next={quote(back_to)}").content.decode()
    assert f'name="next" value="{back_to}"' in page

    response = sign_up(
        client, "fr", display_name="  Amina  D. ", email="Amina.Diallo@Example.ORG", next=back_to
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/account/sign-up/check-your-email/"

    user = User.objects.get()
    assert not user.is_active
    assert user.email == "amina.diallo@example.org"
    assert user.first_name == "Amina D."
    assert user.get_full_name() == "Amina D."  # what comments show
    assert "amina" not in user.username.lower()  # never shown, and reveals nothing
    assert user.check_password(PASSWORD)
    assert user.account_profile.language == "fr"
    assert not user.account_profile.is_confirmed

    # One e-mail, sent by the task, in French: subject, lang attribute and links.
    assert enqueued == ["send_confirmation_email", "deliver"]  # then the delivery engine
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["amina.diallo@example.org"]
    with translation.override("fr"):
        assert message.subject == gettext("Confirm your account on %(site_name)s") % {
            "site_name": "Townhall"
        }
    email = parse(html_of(message))
    assert (email.lang, email.dir) == ("fr", "ltr")
    link = link_in(message)
    assert link.startswith("/fr/account/confirm/")
    assert link in html_of(message).replace("&amp;", "&")

    # Opening the link only asks: mail scanners open links too.
    asked = client.get(link)
    assert asked.status_code == 200
    assert in_french("Confirm my account and sign in") in asked.content.decode()
    user.refresh_from_db()
    assert not user.is_active and signed_in_user(client).is_anonymous

    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == back_to
    user.refresh_from_db()
    assert user.is_active and user.account_profile.is_confirmed
    assert signed_in_user(client) == user
    welcome = client.get(back_to).content.decode()
    assert in_french("Your account is confirmed and you are signed in. Welcome!") in welcome
    assert "Amina D." in welcome


def test_the_link_works_once_and_never_signs_anyone_in_again(client, home_page, mailoutbox):
    sign_up(client)
    link = link_in(mailoutbox[0])
    assert client.post(link).status_code == 302

    other = Client()
    again = other.get(link)
    assert again.status_code == 200
    assert "already been used" in again.content.decode()
    assert other.post(link).status_code == 200
    assert signed_in_user(other).is_anonymous


def test_a_link_cannot_switch_back_on_an_account_staff_have_closed(client, home_page, mailoutbox):
    sign_up(client)
    link = link_in(mailoutbox[0])
    client.post(link)
    client.logout()
    User.objects.update(is_active=False)
    assert "already been used" in client.post(link).content.decode()
    assert not User.objects.get().is_active


def test_an_unsafe_next_address_is_ignored(client, home_page, mailoutbox):
    sign_up(client, next="https://evil.example/phish")
    link = link_in(mailoutbox[0])
    assert "evil" not in link
    response = client.post(link + "?next=https://evil.example/phish")
    assert response.status_code == 302
    assert response["Location"] == home_page.url


def test_an_address_with_an_account_gets_an_e_mail_and_the_same_screen(
    client, home_page, mailoutbox, resident
):
    new = sign_up(client, email="someone.new@example.org", display_name="New")
    known = sign_up(client, email="JOSEPH@example.org", display_name="Impostor", password="x" * 12)
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert screen(client, known["Location"]) == screen(client, new["Location"])

    assert len(mailoutbox) == 2
    notice = mailoutbox[1]
    assert notice.to == ["joseph@example.org"]
    assert notice.subject == "You already have an account on Townhall"
    assert "Hello Joseph Otieno," in notice.body
    assert link_in(notice, "sign-in").startswith("/en/account/sign-in/")
    assert link_in(notice, "password-reset").startswith("/en/account/password-reset/")
    assert "/account/confirm/" not in notice.body

    # Nothing about the account changed, and no second account exists.
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)
    assert resident.first_name == "Joseph Otieno"
    assert User.objects.filter(email__iexact="joseph@example.org").count() == 1


def test_signing_up_again_before_confirming_sends_a_fresh_link_without_changing_the_password(
    client, home_page, mailoutbox
):
    sign_up(client, email="amina@example.org")
    sign_up(client, email="Amina@example.org", password="another password 99")
    assert len(mailoutbox) == 2
    assert "You have not confirmed your account yet" in mailoutbox[1].body
    assert client.post(link_in(mailoutbox[1])).status_code == 302
    user = User.objects.get()
    assert user.is_active
    assert user.check_password(PASSWORD)


def test_repeated_sign_ups_with_a_known_address_stop_sending_mail(
    client, home_page, mailoutbox, resident
):
    for _ in range(6):
        assert sign_up(client, email="joseph@example.org").status_code == 302
    assert len(mailoutbox) == 3


@pytest.mark.parametrize("reason", ["expired", "damaged"])
def test_an_expired_or_damaged_link_explains_itself(client, home_page, mailoutbox, reason):
    sign_up(client)
    link = link_in(mailoutbox[0])
    if reason == "expired":
        with time_machine.travel(timezone.now() + timedelta(days=4)):
            response = client.get(link)
        assert response.status_code == 410
        assert "This confirmation link has expired: links work for 3 days." in (
            response.content.decode()
        )
    else:
        path, _sep, _query = link.partition("?")
        response = client.get(path[:-6] + "x/")
        assert response.status_code == 400
        assert "The link is incomplete or no longer valid." in response.content.decode()
        assert client.post(path[:-6] + "x/").status_code == 400
    assert "/en/account/confirm-again/" in response.content.decode()
    assert not User.objects.get().is_active


def test_a_new_link_can_be_asked_for_without_revealing_the_account(client, home_page, mailoutbox):
    sign_up(client)
    mailoutbox.clear()
    unknown = client.post("/en/account/confirm-again/", {"email": "nobody@example.org"})
    pending = client.post("/en/account/confirm-again/", {"email": "AMINA@example.org"})
    assert (
        unknown["Location"] == pending["Location"] == "/en/account/confirm-again/check-your-email/"
    )
    assert len(mailoutbox) == 1
    assert client.post(link_in(mailoutbox[0])).status_code == 302
    assert User.objects.get().is_active


def test_the_form_explains_itself_and_keeps_what_was_typed(
    client, home_page, standard_page_factory
):
    privacy = standard_page_factory(parent=home_page, title="Privacy notice")
    settings = SiteSettings.for_site(home_page.get_site())
    settings.privacy_notice_page = privacy
    settings.save()

    page = client.get("/en/account/sign-up/").content.decode()
    assert parse(page).one('meta[name="robots"]')["content"] == "noindex, nofollow"
    assert parse(page).title.startswith("Create an account · ")
    assert "a pseudonym is fine" in page
    assert "Why we ask for your e-mail address" in page
    assert f'href="{privacy.url}"' in page
    assert 'autocomplete="nickname"' in page
    assert 'autocomplete="email"' in page
    assert 'autocomplete="new-password"' in page
    assert "Use at least 8 characters." in page

    response = sign_up(client, display_name="Amina", email="amina@", password="12345678")
    body = response.content.decode()
    assert response.status_code == 200
    page = parse(body)
    assert page.title.startswith("Error: Create an account · ")
    summary = page.one(".error-summary")
    assert any(
        text.startswith("Password: This password is too common")
        for text in summary.texts('a[href="#id_password"]')
    )
    assert "This password has only numbers" in body
    assert "is not a valid e-mail address" in body
    assert 'value="Amina"' in body and 'value="amina@"' in body
    assert "12345678" not in body  # a password is never sent back
    assert not User.objects.exists()


def test_a_password_close_to_the_name_or_address_is_refused_in_our_words(client, home_page):
    body = sign_up(
        client, display_name="Riverside Walker", password="riversidewalker"
    ).content.decode()
    assert "This password is too close to your display name or e-mail address." in body
    assert not User.objects.exists()


def test_the_form_speaks_the_visitors_language(client, home_pages):
    page = parse(client.get("/ar/account/sign-up/"))
    assert (page.lang, page.dir) == ("ar", "rtl")
    assert page.one("main").exists('form[action="/ar/account/sign-up/"]')


def test_bots_filling_the_hidden_field_get_the_same_answer_and_no_account(
    client, home_page, mailoutbox
):
    response = sign_up(client, website="https://spam.example")
    assert response["Location"] == "/en/account/sign-up/check-your-email/"
    assert not User.objects.exists()
    assert mailoutbox == []


def test_the_language_is_stored_for_later_e_mails(client, home_pages, mailoutbox, account_factory):
    sign_up(client, "sw")
    assert Profile.objects.get().language == "sw"
    assert link_in(mailoutbox[0]).startswith("/sw/")
    assert account_factory(email="x@example.org", language="ar").account_profile.language == "ar"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("<b></b>", "Write your display name as plain text, without formatting code."),
        ("x" * 51, "Your display name can have at most 50 characters."),
    ],
)
def test_a_display_name_must_be_plain_text_that_fits_a_comment(
    client, home_page, mailoutbox, typed, message
):
    body = sign_up(client, display_name=typed).content.decode()
    assert message in body
    assert not User.objects.exists() and mailoutbox == []


def test_markup_in_a_display_name_is_kept_as_words_only(client, home_page):
    sign_up(client, display_name="<script>alert(1)</script>Amina <i>D.</i>")
    assert User.objects.get().first_name == "Amina D."
