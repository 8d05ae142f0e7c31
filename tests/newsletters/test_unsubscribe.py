import re

import pytest
from django.test import Client

from newsletters import sending
from newsletters.models import ConsentRecord, Subscriber

pytestmark = pytest.mark.django_db


def test_unsubscribe_link_asks_then_unsubscribes(client, home_pages, subscriber_factory):
    subscriber = subscriber_factory(language="fr")
    url = f"/fr/subscription/unsubscribe/{subscriber.link_token}/"
    page = client.get(url)
    assert page.status_code == 200
    assert subscriber.email in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED  # a GET changes nothing

    done = client.post(url)
    assert done.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert subscriber.consents.filter(action=ConsentRecord.Action.WITHDRAWN).count() == 1

    # Twice is harmless and records nothing more.
    client.post(url)
    assert subscriber.consents.filter(action=ConsentRecord.Action.WITHDRAWN).count() == 1


def test_one_click_post_needs_no_login_and_no_csrf_token(home_pages, subscriber_factory):
    subscriber = subscriber_factory()
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        f"/subscription/unsubscribe/{subscriber.link_token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.consents.get(action="withdrawn").basis.startswith("One-click")


def test_the_localized_unsubscribe_page_keeps_csrf_protection(home_pages, subscriber_factory):
    subscriber = subscriber_factory()
    guarded = Client(enforce_csrf_checks=True)
    response = guarded.post(f"/en/subscription/unsubscribe/{subscriber.link_token}/")
    assert response.status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_one_click_get_leads_to_the_page_in_the_subscribers_language(
    client, home_pages, subscriber_factory
):
    subscriber = subscriber_factory(language="sw")
    response = client.get(f"/subscription/unsubscribe/{subscriber.link_token}/")
    assert response.status_code == 302
    assert response["Location"] == f"/sw/subscription/unsubscribe/{subscriber.link_token}/"


def test_one_click_with_a_forged_token_changes_nothing(home_pages, subscriber_factory):
    subscriber = subscriber_factory()
    forged = f"{subscriber.link_token.split('-')[0]}-{'A' * 32}"
    response = Client().post(f"/subscription/unsubscribe/{forged}/")
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_link_from_a_received_issue_unsubscribes_in_one_post(
    home_pages,
    mailoutbox,
    django_capture_on_commit_callbacks,
    archives,
    newsletter_page_factory,
    subscriber_factory,
):
    """Done means: a French resident gets the French issue once and its one-click works."""
    subscriber = subscriber_factory(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        sending.start_send(
            newsletter_page_factory(parent=archives["fr"], subject="Riverton : le plan vélo")
        )
    assert len(mailoutbox) == 1
    header = mailoutbox[0].extra_headers["List-Unsubscribe"]
    url = re.match(r"<http://localhost(?P<path>/[^>]+)>", header).group("path")
    assert Client(enforce_csrf_checks=True).post(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
