"""The header's account links, and signing in to comment where only signed-in people may."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user
from wagtail.models import PageViewRestriction

from processes.models import Comment, ParticipationRule
from tests.factories import StandardPageFactory
from tests.html import parse
from tests.processes.factories import clause_ids
from tests.processes.helpers import form_data, thread_url

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_header_offers_sign_in_back_to_the_current_page(client, home_pages):
    page = parse(client.get(home_pages["ar"].url))
    assert page.one("nav.account-nav").link("/ar/account/sign-in/?next=%2Far%2F")
    assert page.exists('link[rel="stylesheet"][href="/static/css/accounts.css"]')
    assert not page.exists(".account-nav__form")


def test_the_header_shows_the_display_name_and_a_sign_out_button(client, home_page, resident):
    client.force_login(resident)
    page = parse(client.get(home_page.url))
    nav = page.one("nav.account-nav")
    assert "Signed in as Joseph Otieno" in nav.text
    assert nav.one("bdi").text == "Joseph Otieno"  # a name in any script keeps its direction
    form = nav.one("form.account-nav__form")
    assert (form["method"], form["action"]) == ("post", "/en/account/sign-out/")
    assert form.exists('input[name="csrfmiddlewaretoken"]')
    header = page.one("header")
    assert not any("account/sign-in/" in link["href"] for link in header.select("a[href]"))


def test_on_account_pages_the_header_keeps_the_pages_next(client, home_page):
    page = client.get("/en/account/sign-up/?next=/en/have-your-say/").content.decode()
    assert 'href="/en/account/sign-in/?next=%2Fen%2Fhave-your-say%2F"' in page


def test_a_signed_in_only_consultation_leads_to_sign_in_and_back_to_post(
    client,
    home_page,
    resident,
    mailoutbox,
    consultation_page_factory,
    process_index_page_factory,
    process_page_factory,
):
    process = process_page_factory(
        parent=process_index_page_factory(parent=home_page),
        participation_rule=ParticipationRule.SIGNED_IN,
    )
    consultation = consultation_page_factory(parent=process)
    clause = clause_ids(consultation)[0]
    thread = thread_url(consultation, clause)

    page = client.get(thread).content.decode()
    assert "Only signed-in participants can comment" in page
    href = re.search(r'<a [^>]*href="([^"]+)"[^>]*>Sign in to comment</a>', page).group(1)
    href = html.unescape(href)
    link = urlsplit(href)
    assert link.path == "/en/account/sign-in/"
    assert parse_qs(link.query)["next"] == [thread]

    sign_in_page = client.get(href).content.decode()
    assert f'name="next" value="{thread}"' in sign_in_page

    signed_in = client.post(
        link.path, {"email": "Joseph@Example.org", "password": PASSWORD, "next": thread}
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == thread
    assert get_user(client) == resident

    posted = client.post(thread, form_data(consultation, clause, comment="Signed in and heard."))
    assert posted.status_code == 302
    comment = Comment.objects.get()
    assert comment.user == resident
    assert comment.name == "Joseph Otieno"
    assert comment.clause_id == clause
    assert mailoutbox == []  # a signed-in participant needs no confirmation e-mail
    assert "Signed in and heard." in client.get(thread).content.decode()


def test_pages_for_signed_in_people_send_residents_to_the_accounts_sign_in(
    client, home_page, resident
):
    """Residents never meet the admin's login: a page restricted to signed-in people (and
    the comment form's "Sign in to comment", above) lead to accounts' sign-in page."""
    members_only = StandardPageFactory(parent=home_page, title="Residents' panel")
    PageViewRestriction.objects.create(
        page=members_only, restriction_type=PageViewRestriction.LOGIN
    )

    response = client.get(members_only.url)
    assert response.status_code == 302
    link = urlsplit(response["Location"])
    assert link.path == "/en/account/sign-in/"
    assert parse_qs(link.query)["next"] == [members_only.url]

    signed_in = client.post(
        link.path, {"email": resident.email, "password": PASSWORD, "next": members_only.url}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == members_only.url
    assert client.get(members_only.url).status_code == 200
