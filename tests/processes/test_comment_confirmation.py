"""The comment confirmation link: short, one use, expiring, safe from mail scanners.

An anonymous comment waits in PendingComment; the e-mail carries a short random token
(only its hash is stored). Following the link shows the comment and a button; pressing it
stores the comment once. Expired links offer a new one while the comment is kept.
"""

import hashlib
import threading
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.test import Client
from django.utils import timezone

from processes.models import Comment, PendingComment

from .factories import clause_ids, translate_page
from .helpers import confirm, confirmation_link, post_comment

TEXT = "Protected routes near every school, please."


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def full_link(outbox):
    body = outbox[-1].body
    return next(word for word in body.split() if "/comments/confirm/" in word)


@pytest.mark.django_db
def test_the_link_is_short_random_and_only_its_hash_is_stored(client, consultation, mailoutbox):
    clause = clause_ids(consultation)[2]
    long_text = "A long and careful comment about the crossing. " * 60  # 2,880 characters
    post_comment(client, consultation, clause, comment=long_text)

    link = full_link(mailoutbox)
    assert len(link) < 100, link
    assert link.startswith("http://localhost/en/comments/confirm/")
    token = urlsplit(link).path.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 43  # secrets.token_urlsafe(32)
    pending = PendingComment.objects.get()
    assert pending.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {pending.token_hash, pending.text, pending.name}
    assert pending.text == long_text.strip()
    # The whole comment is on the page the link opens, not in the link.
    page = soup(client.get(urlsplit(link).path))
    assert long_text.strip()[:200] in page.find("blockquote").get_text()


@pytest.mark.django_db
def test_the_confirmation_e_mail_says_it_is_automatic_and_in_which_language(
    client, consultation, home_pages, mailoutbox
):
    post_comment(client, consultation, comment=TEXT)
    english = mailoutbox[-1].message()  # the headers as they go on the wire
    assert english["Auto-Submitted"] == "auto-generated"
    assert english["Content-Language"] == "en"

    french = translate_page(consultation, home_pages["fr"].locale, title="Projet")
    post_comment(client, french, comment="Plus de pistes cyclables.")
    message = mailoutbox[-1]
    assert message.message()["Content-Language"] == "fr"
    assert message.message()["Auto-Submitted"] == "auto-generated"
    assert urlsplit(full_link(mailoutbox)).path.startswith("/fr/comments/confirm/")
    html = BeautifulSoup(message.alternatives[0][0], "html.parser")
    assert html.find("html")["lang"] == "fr"
    assert html.find("a", href=full_link(mailoutbox)) is not None


@pytest.mark.django_db
def test_following_the_link_stores_nothing_until_the_button_is_pressed(
    client, consultation, mailoutbox
):
    post_comment(client, consultation, comment=TEXT)
    link = confirmation_link(mailoutbox)

    # A mail scanner fetches the link (several times, any method it likes).
    for _ in range(3):
        shown = client.get(link)
        assert shown.status_code == 200
    assert client.head(link).status_code == 200
    assert Comment.objects.count() == 0
    page = soup(shown)
    assert page.find("h1").get_text(strip=True) == "Confirm your comment"
    form = page.select_one("main form[method=post]")
    assert form.find("button").get_text(strip=True) == "Send my comment"

    response = client.post(link)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.comment == TEXT
    assert response["Location"] == comment.get_absolute_url()
    pending = PendingComment.objects.get()
    assert pending.comment == comment and pending.confirmed_at is not None
    assert (pending.name, pending.email, pending.text) == ("", "", "")  # nothing personal kept


@pytest.mark.django_db
def test_the_link_works_once(client, consultation, mailoutbox):
    post_comment(client, consultation, comment=TEXT)
    link = confirmation_link(mailoutbox)
    confirm(client, link)
    again = client.post(link)
    assert again.status_code == 302
    assert Comment.objects.count() == 1
    followed = soup(client.get(again["Location"]))
    assert "You have already confirmed this comment." in followed.get_text()


@pytest.mark.django_db
def test_a_used_link_for_a_comment_awaiting_moderation_says_so(
    client, process_index, mailoutbox, process_page_factory, consultation_page_factory
):
    from processes.models import ModerationMode

    consultation = consultation_page_factory(
        parent=process_page_factory(parent=process_index, moderation_mode=ModerationMode.PRE)
    )
    post_comment(client, consultation, comment=TEXT)
    link = confirmation_link(mailoutbox)
    first = confirm(client, link)
    assert first.status_code == 200
    assert "waiting for approval" in soup(first).find("h1").get_text()
    second = client.get(link)
    assert second.status_code == 200
    assert "waiting for approval" in soup(second).find("h1").get_text()
    assert Comment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_clicks_store_the_comment_exactly_once(consultation, mailoutbox):
    post_comment(Client(), consultation, comment=TEXT)
    link = confirmation_link(mailoutbox)
    clicks = 6
    start = threading.Barrier(clicks)
    statuses, errors = [], []

    def click():
        try:
            start.wait()
            statuses.append(Client().post(link).status_code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert statuses == [302] * clicks
    assert Comment.objects.filter(comment=TEXT).count() == 1


@pytest.mark.django_db
def test_an_unknown_link_gets_a_clear_page_in_the_visitors_language(client, home_pages):
    response = client.get("/fr/comments/confirm/pas-un-vrai-jeton/")
    assert response.status_code == 404
    page = soup(response)
    assert page.find("html")["lang"] == "fr"
    assert page.find("h1").get_text(strip=True) == "Ce lien de confirmation ne fonctionne pas"
    assert client.post("/en/comments/confirm/not-a-token/").status_code == 404


@pytest.mark.django_db
def test_an_expired_link_offers_a_new_one_and_the_old_one_stops_working(
    client, consultation, mailoutbox
):
    post_comment(client, consultation, comment=TEXT)
    old = confirmation_link(mailoutbox)

    with time_machine.travel(timezone.now() + timedelta(days=8)):
        expired = client.get(old)
        assert expired.status_code == 410
        page = soup(expired)
        assert page.find("h1").get_text(strip=True) == "This link has expired"
        assert TEXT in page.find("blockquote").get_text()  # nothing is lost
        assert page.select_one("input[name=action]")["value"] == "resend"
        assert client.post(old).status_code == 410  # the button of an old page does nothing
        assert Comment.objects.count() == 0

        sent = client.post(old, {"action": "resend"})
        assert sent.status_code == 200
        assert "We have sent a new link" in soup(sent).get_text()
        assert len(mailoutbox) == 2
        assert mailoutbox[-1].to == ["amina@example.org"]
        new = confirmation_link(mailoutbox)
        assert new != old
        assert client.get(old).status_code == 404  # a new link replaces the old one
        # Asking again at once is refused politely.
        assert client.post(new, {"action": "resend"}).status_code == 200  # still valid: shown
        assert confirm(client, new).status_code == 302
    assert Comment.objects.get().comment == TEXT


@pytest.mark.django_db
def test_new_links_are_not_sent_more_than_once_every_ten_minutes(
    client, consultation, settings, mailoutbox
):
    settings.COMMENT_CONFIRMATION_MAX_AGE = 60  # links that expire after a minute
    post_comment(client, consultation, comment=TEXT)
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=12)):
        assert client.post(confirmation_link(mailoutbox), {"action": "resend"}).status_code == 200
    link = confirmation_link(mailoutbox)
    with time_machine.travel(start + timedelta(minutes=14)):  # expired again, sent just now
        throttled = client.post(link, {"action": "resend"})
        assert throttled.status_code == 429
        assert "sent a few minutes ago" in soup(throttled).get_text()
    with time_machine.travel(start + timedelta(minutes=23)):
        assert client.post(link, {"action": "resend"}).status_code == 200
    assert len(mailoutbox) == 3


@pytest.mark.django_db
def test_a_comment_written_while_open_is_accepted_when_confirmed_after_closing(
    client, process_index, mailoutbox, consultation_page_factory, process_page_factory
):
    now = timezone.now()
    process = process_page_factory(
        parent=process_index,
        phases=[("Consultation", now - timedelta(days=5), now + timedelta(hours=1), True)],
    )
    consultation = consultation_page_factory(parent=process)
    post_comment(client, consultation, comment="Sent ten minutes before closing.")
    link = confirmation_link(mailoutbox)
    with time_machine.travel(now + timedelta(hours=3)):
        assert confirm(client, link).status_code == 302
    comment = Comment.objects.get()
    assert comment.comment == "Sent ten minutes before closing."
    assert comment.submit_date < now + timedelta(hours=1)  # dated when it was written


@pytest.mark.django_db
def test_a_pending_comment_from_outside_the_dates_is_refused_with_its_text(
    client, consultation, mailoutbox
):
    post_comment(client, consultation, comment=TEXT)
    PendingComment.objects.update(created_at=timezone.now() - timedelta(days=30))
    response = client.get(confirmation_link(mailoutbox))
    assert response.status_code == 200
    page = soup(response)
    assert "was not open when the comment was sent" in page.get_text()
    assert page.find("textarea").get_text() == TEXT
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_the_cleanup_forgets_old_unconfirmed_comments_and_used_links(
    client, consultation, mailoutbox
):
    post_comment(client, consultation, comment="Never confirmed.")
    post_comment(client, consultation, comment="Confirmed.")
    confirm(client, confirmation_link(mailoutbox))
    post_comment(client, consultation, comment="Still waiting.")

    def run():
        call_command("delete_expired_pending_comments", stdout=StringIO())
        return sorted(PendingComment.objects.values_list("text", flat=True))

    assert run() == ["", "Never confirmed.", "Still waiting."]  # nothing expired yet
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        # Expired: used links go; unconfirmed comments stay so a new link can be sent.
        assert run() == ["Never confirmed.", "Still waiting."]
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert run() == []
