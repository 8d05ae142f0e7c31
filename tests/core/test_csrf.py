"""Public forms carry no CSRF token and still refuse posts from other sites (core/csrf.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from events.models import Registration
from processes.models import PendingComment
from tests.accounts.factories import PASSWORD
from tests.html import parse
from tests.processes.helpers import form_data, thread_url
from tests.proposals.factories import ProposalsPageFactory, make_proposal

EVIL = "https://evil.example"


@pytest.fixture
def guarded():
    """A browser-like client: Django's test client skips CSRF checks unless told not to."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def consultation(
    home_page, process_index_page_factory, process_page_factory, consultation_page_factory
):
    index = process_index_page_factory(parent=home_page)
    return consultation_page_factory(parent=process_page_factory(parent=index))


def subscribe(client, language="en", **headers):
    return client.post(
        f"/{language}/subscribe/",
        {"email": "amina@example.org", "language": language, "consent": "on"},
        headers=headers,
    )


def newsletter_requests():
    """Sign-up confirmations sent: one per accepted sign-up (the task runs at once in tests)."""
    return len([m for m in mail.outbox if m.to == ["amina@example.org"]])


@pytest.mark.django_db
def test_a_cross_site_post_is_refused_with_a_page_in_the_visitors_language(guarded, home_pages):
    response = subscribe(guarded, "fr", Origin=EVIL, **{"Sec-Fetch-Site": "cross-site"})

    assert response.status_code == 403
    document = parse(response)
    assert document.lang == "fr"
    assert document.one("h1").text == "Votre formulaire n’a pas été envoyé"
    assert newsletter_requests() == 0
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": EVIL},  # a browser without Sec-Fetch-Site
        {"Sec-Fetch-Site": "cross-site"},  # no Origin (a privacy setting)
        {"Sec-Fetch-Site": "same-site", "Origin": "http://other.testserver"},  # a sibling host
        {"Origin": "null"},  # a sandboxed frame
        {"Referer": f"{EVIL}/form.html"},  # an old browser: only the Referer
        {},  # nothing says where it comes from
    ],
)
def test_every_sign_of_another_site_or_none_is_refused(guarded, home_pages, headers):
    assert subscribe(guarded, **headers).status_code == 403
    assert newsletter_requests() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},  # today's browsers
        {"Origin": "http://testserver"},  # no Sec-Fetch-Site
        {"Referer": "http://testserver/en/"},  # an old browser: only the Referer
    ],
)
def test_a_same_site_post_without_a_token_is_accepted(guarded, home_pages, headers):
    response = subscribe(guarded, **headers)

    assert response.status_code == 302
    assert newsletter_requests() == 1


@pytest.mark.django_db
def test_a_trusted_origin_may_post_from_another_site(guarded, home_pages, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://consult.riverton.example"]
    response = subscribe(
        guarded, Origin="https://consult.riverton.example", **{"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_comment_is_posted_without_a_token_and_refused_from_another_site(
    guarded, consultation, mailoutbox
):
    url = thread_url(consultation)
    refused = guarded.post(url, form_data(consultation), headers={"Origin": EVIL})
    assert refused.status_code == 403
    assert PendingComment.objects.count() == 0

    accepted = guarded.post(url, form_data(consultation), headers={"Sec-Fetch-Site": "same-origin"})
    assert accepted.status_code == 302
    assert PendingComment.objects.count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_form_page_takes_a_same_site_post_without_a_token(guarded, home_page, form_page_factory):
    page = form_page_factory(
        parent=home_page, fields=[{"label": "Your message", "field_type": "singleline"}]
    )
    answers = {"your_message": "Hello"}
    origin = {"Origin": "http://testserver"}

    assert guarded.post(page.url, answers, headers={"Origin": EVIL}).status_code == 403
    assert page.get_submission_class().objects.count() == 0
    response = guarded.post(page.url, answers, headers=origin)
    assert response.status_code == 200
    assert page.get_submission_class().objects.count() == 1


@pytest.mark.django_db
def test_views_not_marked_for_origin_checks_still_need_the_token(guarded, home_pages):
    """The other account pages (never cached) keep Django's token."""
    response = guarded.post(
        "/en/account/confirm-again/",
        {"email": "amina@example.org"},
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_signing_in_and_up_take_no_token_and_refuse_other_sites(
    guarded, home_pages, account_factory
):
    """Their pages are public and cached (a password is posted from a copy anyone may have
    got): what the browser says about the request's origin is the guard, as for every
    public form. A sign-in forged by another site (to sign a visitor into an account the
    forger controls) is refused before the password is checked."""
    user = account_factory(email="amina@example.org")
    sign_in = {"email": "amina@example.org", "password": PASSWORD}
    forged = guarded.post("/en/account/sign-in/", sign_in, headers={"Origin": EVIL})
    assert forged.status_code == 403
    assert "_auth_user_id" not in guarded.session
    sign_up = {"display_name": "Eve", "email": "eve@example.org", "password": "x" * 20}
    refused = guarded.post("/en/account/sign-up/", sign_up, headers={"Origin": EVIL})
    assert refused.status_code == 403
    assert not get_user_model().objects.filter(email="eve@example.org").exists()

    own = {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}
    signed_in = guarded.post("/en/account/sign-in/", sign_in, headers=own)
    assert signed_in.status_code == 302
    assert guarded.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_public_pages_with_forms_hold_no_token_and_set_no_cookie(
    guarded, consultation, home_page, form_page_factory
):
    page = form_page_factory(parent=home_page)
    for url in (
        home_page.url,
        thread_url(consultation),
        page.url,
        "/en/subscribe/",
        "/en/account/sign-in/",
        "/en/account/sign-up/?next=/en/",
    ):
        response = guarded.get(url)
        assert response.status_code == 200, url
        document = parse(response)
        assert document.exists('form[method="post"]'), url
        assert not document.exists('input[name="csrfmiddlewaretoken"]'), url
        assert not response.cookies, url
        assert response["Cache-Control"].startswith("public"), url


@pytest.fixture
def ideas(consultation):
    return ProposalsPageFactory(parent=consultation.get_parent().specific)


@pytest.fixture
def workshop(home_page, event_index_page_factory, event_page_factory):
    return event_page_factory(parent=event_index_page_factory(parent=home_page))


@pytest.mark.django_db
def test_a_proposal_and_an_event_hold_no_token_and_set_no_cookie(guarded, ideas, workshop):
    """Their support and registration forms post to the page's own routes, which the origin
    checks guard: the pages stay public (benchmarks/pages.py found both private)."""
    proposal = make_proposal(ideas)
    for url, form in (
        (ideas.url + f"{proposal.pk}/", f'form[action$="/{proposal.pk}/support/"]'),
        (workshop.url, 'form[action$="/register/"]'),
    ):
        guarded.get(url)  # the first visit may fill caches
        response = guarded.get(url)
        assert response.status_code == 200, url
        document = parse(response)
        assert document.exists(form), url
        assert not document.exists('input[name="csrfmiddlewaretoken"]'), url
        assert not response.cookies, url
        assert response["Cache-Control"].startswith("public"), url


@pytest.mark.django_db
def test_a_support_is_taken_without_a_token_and_refused_from_another_site(
    guarded, ideas, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = make_proposal(ideas)
    url = ideas.url + f"{proposal.pk}/support/"
    answers = {"email": "neema@example.org"}

    assert guarded.post(url, answers, headers={"Origin": EVIL}).status_code == 403
    assert len(mailoutbox) == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = guarded.post(url, answers, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1  # the link that confirms the support


@pytest.mark.django_db
def test_a_registration_is_taken_without_a_token_and_refused_from_another_site(guarded, workshop):
    url = workshop.url + "register/"
    answers = {"name": "Amina", "email": "amina@example.org", "language": "en"}

    refused = guarded.post(url, answers, headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 403
    assert not Registration.objects.exists()
    response = guarded.post(url, answers, headers={"Origin": "http://testserver"})
    assert response.status_code == 302
    assert Registration.objects.get().email == "amina@example.org"
