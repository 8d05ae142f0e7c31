import re

import pytest

from newsletters.consent import CONSENT_VERSION
from newsletters.models import ConsentRecord, Subscriber

pytestmark = pytest.mark.django_db


def confirm_link(message):
    match = re.search(r"https?://[^\s]+/subscription/confirm/[^\s/]+/", message.body)
    assert match, message.body
    return match.group(0).split("://", 1)[1].split("/", 1)[1]


def test_double_opt_in_sends_nothing_but_the_confirmation_until_confirmed(
    client, home_pages, topics, mailoutbox
):
    response = client.post(
        "/fr/subscribe/",
        {
            "email": "  Amina.Diallo@Example.ORG ",
            "language": "fr",
            "topics": [topics["transport-fr"].pk],
            "source": "/fr/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/subscribe/thanks/"

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "amina.diallo@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.language == "fr"
    # The French topic is stored as the one topic every language shares.
    assert list(subscriber.topics.all()) == [topics["transport"]]

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["amina.diallo@example.org"]
    assert "Confirmez" in message.subject or "confirm" in message.subject.lower()
    record = subscriber.consents.get()
    assert record.action == ConsentRecord.Action.REQUESTED
    assert record.wording_version == CONSENT_VERSION
    assert record.wording
    assert record.source_url == "/fr/"

    link = "/" + confirm_link(message)
    # Following the link only asks (mail scanners open links); nothing is confirmed yet.
    page = client.get(link)
    assert page.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING

    done = client.post(link)
    assert done.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    confirmed = subscriber.consents.get(action=ConsentRecord.Action.CONFIRMED)
    assert confirmed.wording == record.wording
    assert confirmed.wording_version == CONSENT_VERSION


def test_asking_again_resends_without_a_duplicate(client, home_pages, mailoutbox, settings):
    settings.NEWSLETTER_SIGNUP_EMAIL_INTERVAL = 0
    for address in ["joe@example.org", "JOE@example.org"]:
        client.post("/en/subscribe/", {"email": address, "language": "en"})
    assert Subscriber.objects.count() == 1
    assert len(mailoutbox) == 2
    assert all("confirm" in m.subject.lower() for m in mailoutbox)


def test_repeated_requests_are_throttled(client, home_pages, mailoutbox):
    for _ in range(3):
        client.post("/en/subscribe/", {"email": "joe@example.org", "language": "en"})
    assert Subscriber.objects.count() == 1
    assert len(mailoutbox) == 1


def test_same_answer_for_known_and_unknown_addresses(
    client, home_pages, mailoutbox, subscriber_factory
):
    subscriber_factory(email="known@example.org")
    known = client.post("/en/subscribe/", {"email": "known@example.org", "language": "en"})
    unknown = client.post("/en/subscribe/", {"email": "new@example.org", "language": "en"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    first = client.get(known["Location"]).content
    assert first == client.get(unknown["Location"]).content
    # The e-mails differ: the known address gets a notice with its preferences link.
    by_address = {m.to[0]: m for m in mailoutbox}
    assert "/subscription/preferences/" in by_address["known@example.org"].body
    assert "/subscription/confirm/" in by_address["new@example.org"].body
    assert Subscriber.objects.get(email="known@example.org").status == "confirmed"


def test_invalid_address_is_explained_and_nothing_stored(client, home_pages, mailoutbox):
    response = client.post("/fr/subscribe/", {"email": "not an address", "language": "fr"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert Subscriber.objects.count() == 0
    assert mailoutbox == []


def test_honeypot_gets_the_same_answer_and_nothing_happens(client, home_pages, mailoutbox):
    response = client.post(
        "/en/subscribe/", {"email": "bot@example.org", "language": "en", "website": "x"}
    )
    assert response.status_code == 302
    assert Subscriber.objects.count() == 0
    assert mailoutbox == []


def test_confirmation_link_tampered_or_expired(client, home_pages, mailoutbox, settings):
    client.post("/en/subscribe/", {"email": "joe@example.org", "language": "en"})
    link = "/" + confirm_link(mailoutbox[0])
    assert client.post(link[:-3] + "xx/").status_code == 400
    settings.NEWSLETTER_CONFIRMATION_MAX_AGE = -1
    response = client.post(link)
    assert response.status_code == 410
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_old_confirmation_link_cannot_undo_a_later_unsubscribe(client, home_pages, mailoutbox):
    client.post("/en/subscribe/", {"email": "joe@example.org", "language": "en"})
    link = "/" + confirm_link(mailoutbox[0])
    client.post(link)
    subscriber = Subscriber.objects.get()
    subscriber.unsubscribe(basis="test")
    # Move the unsubscription clearly after the link was issued.
    Subscriber.objects.filter(pk=subscriber.pk).update(
        unsubscribed_at=subscriber.unsubscribed_at + __import__("datetime").timedelta(seconds=5)
    )
    assert client.post(link).status_code == 410
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_confirmation_email_is_in_the_subscribers_language(client, home_pages, mailoutbox):
    client.post("/en/subscribe/", {"email": "amina@example.org", "language": "ar"})
    message = mailoutbox[0]
    html = message.alternatives[0][0]
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "/ar/subscription/confirm/" in message.body


def test_signup_forms_on_home_page_and_footer(client, home_pages):
    html = client.get("/fr/").content.decode()
    assert html.count('action="/fr/subscribe/"') >= 2  # home page box and footer
    assert "newsletter-home" in html
    assert "footer-signup" in html


def test_preferences_by_link_change_language_and_topics(
    client, home_pages, topics, subscriber_factory
):
    subscriber = subscriber_factory(language="en", topics=[topics["housing"]])
    url = f"/en/subscription/preferences/{subscriber.link_token}/"
    page = client.get(url)
    assert page.status_code == 200
    assert subscriber.email in page.content.decode()
    response = client.post(
        url, {"action": "save", "language": "fr", "topics": [topics["transport"].pk]}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/subscription/preferences/")
    subscriber.refresh_from_db()
    assert subscriber.language == "fr"
    assert list(subscriber.topics.all()) == [topics["transport"]]


def test_preferences_link_with_wrong_secret_is_refused(client, home_pages, subscriber_factory):
    subscriber = subscriber_factory()
    token = subscriber.link_token[:-2] + "zz"
    assert client.get(f"/en/subscription/preferences/{token}/").status_code == 400
    assert client.get("/en/subscription/preferences/nonsense/").status_code == 400


def test_resubscribe_from_preferences(client, home_pages, mailoutbox, subscriber_factory):
    subscriber = subscriber_factory(status=Subscriber.Status.UNSUBSCRIBED)
    url = f"/en/subscription/preferences/{subscriber.link_token}/"
    client.post(url, {"action": "resubscribe"})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.consents.filter(action="confirmed").exists()
    assert mailoutbox == []
