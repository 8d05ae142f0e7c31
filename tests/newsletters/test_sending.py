"""Sending: recipients, batches, exactly once, self-healing, failures, headers."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from delivery import engine, subscriptions
from delivery.subscriptions import Kind
from newsletters import sending
from newsletters.models import Delivery, NewsletterSend, Subscriber
from tests.html import parse

pytestmark = pytest.mark.django_db


def deliver(send):
    """What one sender task does for a send."""
    return engine.deliver.call("newsletter", send.pk)


def start(page, django_capture_on_commit_callbacks, topics=(), user=None):
    with django_capture_on_commit_callbacks(execute=True):
        send, created = sending.start_send(page, user=user, topics=topics)
    send.refresh_from_db()
    return send, created


def test_each_language_version_goes_to_its_confirmed_subscribers_only(
    mailoutbox,
    django_capture_on_commit_callbacks,
    archives,
    newsletter_page_factory,
    subscriber_factory,
):
    french = [subscriber_factory(language="fr") for _ in range(3)]
    subscriber_factory(language="en")
    subscriber_factory(language="fr", status=Subscriber.Status.PENDING)
    subscriber_factory(language="fr", status=Subscriber.Status.UNSUBSCRIBED)
    subscriber_factory(language="fr", status=Subscriber.Status.BOUNCED)
    issue = newsletter_page_factory(parent=archives["fr"], subject="Les nouvelles de Riverton")

    send, created = start(issue, django_capture_on_commit_callbacks)

    assert created
    assert send.recipient_count == 3
    assert send.status == NewsletterSend.Status.DONE
    assert sorted(m.to[0] for m in mailoutbox) == sorted(s.email for s in french)
    assert {m.subject for m in mailoutbox} == {"Les nouvelles de Riverton"}


def test_topics_narrow_the_send_and_keep_subscribers_who_want_everything(
    topics,
    mailoutbox,
    django_capture_on_commit_callbacks,
    archives,
    newsletter_page_factory,
    subscriber_factory,
):
    transport = subscriber_factory(language="fr", topics=[topics["transport-fr"]])
    housing = subscriber_factory(language="fr", topics=[topics["housing"]])
    everything = subscriber_factory(language="fr")
    issue = newsletter_page_factory(parent=archives["fr"])

    # Narrowed with the French topic: matched by translation key.
    start(issue, django_capture_on_commit_callbacks, topics=[topics["transport-fr"]])

    received = {m.to[0] for m in mailoutbox}
    assert received == {transport.email, everything.email}
    assert housing.email not in received


def test_every_message_has_one_click_unsubscribe_headers_and_both_parts(
    client,
    mailoutbox,
    django_capture_on_commit_callbacks,
    archives,
    newsletter_page_factory,
    subscriber_factory,
):
    subscribers = [subscriber_factory(language="ar") for _ in range(3)]
    start(
        newsletter_page_factory(parent=archives["ar"], subject="أخبار ريفرتون"),
        django_capture_on_commit_callbacks,
    )
    assert len(mailoutbox) == 3
    for message in mailoutbox:
        subscriber = next(s for s in subscribers if s.email == message.to[0])
        # The delivery engine's one stop link of the newsletter, in the header and the footer.
        header = message.extra_headers["List-Unsubscribe"]
        assert stops_the_newsletter_for(header.strip("<>"), subscriber.email)
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "List-Id" in message.extra_headers
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        page = parse(html)
        assert (page.lang, page.dir) == ("ar", "rtl")
        stops = [a["href"] for a in page.select("a") if "/stop/" in a["href"]]
        assert len(stops) == 1 and stops_the_newsletter_for(stops[0], subscriber.email)
        assert stops[0] in message.body
        # The serialised message carries the headers too.
        raw = message.message().as_string()
        assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw

    # A mail program's one-click POST to that link unsubscribes, with no CSRF token.
    first = next(s for s in subscribers if s.email == mailoutbox[0].to[0])
    response = Client(enforce_csrf_checks=True).post(
        urlsplit(mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.status == Subscriber.Status.UNSUBSCRIBED


def stops_the_newsletter_for(url, email):
    """Whether `url` is the Arabic one stop page of the whole newsletter for `email`."""
    path = urlsplit(url).path
    prefix = "/ar/stop/"
    assert url.startswith("http://localhost" + prefix), url
    token = path.removeprefix(prefix).rstrip("/")
    return subscriptions.read_stop_token(token) == (email, Kind.NEWSLETTER, "")


def test_mailto_unsubscribe_is_added_only_when_configured(
    mailoutbox,
    settings,
    django_capture_on_commit_callbacks,
    archives,
    newsletter_page_factory,
    subscriber_factory,
):
    settings.NEWSLETTER_UNSUBSCRIBE_MAILTO = "unsubscribe@riverton.example"
    subscriber = subscriber_factory()
    start(newsletter_page_factory(parent=archives["en"]), django_capture_on_commit_callbacks)
    header = mailoutbox[0].extra_headers["List-Unsubscribe"]
    assert header.startswith("<http://localhost/en/stop/")
    assert (
        f"<mailto:unsubscribe@riverton.example?subject=unsubscribe%20{subscriber.link_token}>"
        in header
    )


def test_a_second_click_sends_nobody_twice(
    mailoutbox,
    django_capture_on_commit_callbacks,
    archives,
    newsletter_page_factory,
    subscriber_factory,
):
    for _ in range(4):
        subscriber_factory()
    issue = newsletter_page_factory(parent=archives["en"])
    first, _ = start(issue, django_capture_on_commit_callbacks)
    second, created = start(issue, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 4
    # The first send finished, so a second one may be made, but it reaches nobody new.
    assert created
    assert second.recipient_count == 0
    assert Delivery.objects.count() == 4


def test_a_click_while_sending_returns_the_running_send(
    archives, newsletter_page_factory, subscriber_factory
):
    subscriber_factory()
    issue = newsletter_page_factory(parent=archives["en"])
    first, created = sending.start_send(issue)  # on_commit never fires: still preparing
    again, created_again = sending.start_send(issue)
    assert created and not created_again
    assert again.pk == first.pk
    assert NewsletterSend.objects.count() == 1


def test_new_subscribers_get_a_later_send_of_the_same_issue_once(
    mailoutbox,
    django_capture_on_commit_callbacks,
    archives,
    newsletter_page_factory,
    subscriber_factory,
):
    subscriber_factory(language="fr")
    issue = newsletter_page_factory(parent=archives["fr"])
    start(issue, django_capture_on_commit_callbacks)
    newcomer = subscriber_factory(language="fr")
    send, _ = start(issue, django_capture_on_commit_callbacks)
    assert send.recipient_count == 1
    assert [m.to[0] for m in mailoutbox][-1] == newcomer.email
    assert len(mailoutbox) == 2


def test_retried_tasks_send_nothing_twice(
    mailoutbox, settings, archives, newsletter_page_factory, subscriber_factory
):
    settings.NEWSLETTER_BATCH_SIZE = 2
    for _ in range(5):
        subscriber_factory()
    issue = newsletter_page_factory(parent=archives["en"])
    send, _ = sending.start_send(issue)
    # The preparation task runs twice (a retry), then three sender tasks run, twice each.
    sending_count = sending.prepare_send.call(send.pk)
    assert sending.prepare_send.call(send.pk) == sending_count == 5
    assert Delivery.objects.filter(send=send).count() == 5
    for _ in range(3):
        deliver(send)
        deliver(send)
    assert len(mailoutbox) == 5
    assert len({m.to[0] for m in mailoutbox}) == 5
    send.refresh_from_db()
    assert send.status == NewsletterSend.Status.DONE


def test_a_crash_mid_batch_heals_by_itself_without_duplicates(
    mailoutbox, settings, monkeypatch, archives, newsletter_page_factory, subscriber_factory
):
    settings.NEWSLETTER_BATCH_SIZE = 3
    for _ in range(7):
        subscriber_factory()
    issue = newsletter_page_factory(parent=archives["en"])
    send, _ = sending.start_send(issue)
    sending.prepare_send.call(send.pk)

    # The worker dies after sending the first batch and claiming the second.
    original = engine.send_claimed
    calls = {"n": 0}

    def crashing(kind, token, records, context, claimed_at=None):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("worker killed")
        return original(kind, token, records, context, claimed_at)

    monkeypatch.setattr(engine, "send_claimed", crashing)
    with pytest.raises(SystemExit):
        deliver(send)
    monkeypatch.setattr(engine, "send_claimed", original)
    assert len(mailoutbox) == 3
    assert Delivery.objects.filter(send=send, status="sending").count() == 3

    # Another worker continues with the rows nobody holds; the claimed batch waits for its
    # lease to run out (its worker might still be sending).
    deliver(send)
    assert len(mailoutbox) == 4
    send.refresh_from_db()
    assert send.status == NewsletterSend.Status.SENDING

    # Once the lease has run out, the periodic re-queue gives the rows back and starts a
    # sender: everyone has the issue once, and nobody pressed anything.
    later = timezone.now() + timedelta(seconds=engine.lease_seconds() + 1)
    assert engine.requeue(now=later) == (3, 1)
    assert len(mailoutbox) == 7
    assert len({m.to[0] for m in mailoutbox}) == 7
    send.refresh_from_db()
    assert send.status == NewsletterSend.Status.DONE


def test_failures_are_recorded_with_a_reason_and_can_be_retried(
    mailoutbox,
    monkeypatch,
    django_capture_on_commit_callbacks,
    settings,
    archives,
    newsletter_page_factory,
    subscriber_factory,
):
    settings.DELIVERY_MAX_ATTEMPTS = 1  # a dropped connection is retried; here, only once
    bad = subscriber_factory(email="broken@example.org")
    subscriber_factory()
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages

    def flaky(self, messages):
        if any("broken@" in m.to[0] for m in messages):
            raise ConnectionError("mail server hung up")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    send, _ = start(
        newsletter_page_factory(parent=archives["en"]), django_capture_on_commit_callbacks
    )
    failed = Delivery.objects.get(status="failed")
    assert failed.subscriber == bad
    assert "mail server hung up" in failed.error
    assert len(mailoutbox) == 1
    send.refresh_from_db()
    assert send.status == NewsletterSend.Status.DONE

    monkeypatch.setattr(EmailBackend, "send_messages", original)
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.retry_failed(send) == 1
    assert len(mailoutbox) == 2
    failed.refresh_from_db()
    assert failed.status == "sent" and failed.attempts == 2


def test_permanent_refusal_marks_the_subscriber_bounced(
    monkeypatch,
    django_capture_on_commit_callbacks,
    archives,
    newsletter_page_factory,
    subscriber_factory,
):
    from smtplib import SMTPRecipientsRefused

    from django.core.mail.backends.locmem import EmailBackend

    subscriber = subscriber_factory(email="gone@example.org")

    def refuse(self, messages):
        raise SMTPRecipientsRefused({"gone@example.org": (550, b"No such user")})

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    start(newsletter_page_factory(parent=archives["en"]), django_capture_on_commit_callbacks)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.BOUNCED
    assert "550" in Delivery.objects.get().error


def test_unsubscribed_after_the_list_was_fixed_is_skipped(
    mailoutbox, archives, newsletter_page_factory, subscriber_factory
):
    stays = subscriber_factory()
    leaves = subscriber_factory()
    send, _ = sending.start_send(newsletter_page_factory(parent=archives["en"]))
    sending.prepare_send.call(send.pk)
    leaves.unsubscribe(basis="test")
    deliver(send)
    assert [m.to[0] for m in mailoutbox] == [stays.email]
    assert Delivery.objects.get(subscriber=leaves).status == "skipped"


def test_cancel_stops_the_rest(
    mailoutbox, settings, archives, newsletter_page_factory, subscriber_factory
):
    settings.NEWSLETTER_BATCH_SIZE = 2
    for _ in range(5):
        subscriber_factory()
    send, _ = sending.start_send(newsletter_page_factory(parent=archives["en"]))
    sending.prepare_send.call(send.pk)
    assert sending.cancel(send) == 5
    deliver(send)
    assert mailoutbox == []
    send.refresh_from_db()
    assert send.status == NewsletterSend.Status.CANCELLED


def test_the_sent_content_is_the_revision_live_when_sending_started(
    mailoutbox, archives, newsletter_page_factory, subscriber_factory
):
    subscriber_factory()
    issue = newsletter_page_factory(parent=archives["en"], subject="Original subject")
    send, _ = sending.start_send(issue)
    sending.prepare_send.call(send.pk)
    issue.subject = "Edited after the click"
    issue.save_revision().publish()
    deliver(send)
    assert mailoutbox[0].subject == "Original subject"


def _queries_for_one_batch(subscriber_factory, issue, count, settings):
    settings.NEWSLETTER_BATCH_SIZE = count
    for _ in range(count):
        subscriber_factory()
    send, _ = sending.start_send(issue)
    sending.prepare_send.call(send.pk)
    kind = sending.NewsletterKind()
    # Render once outside the measurement: it does not depend on the number of recipients.
    rendered = kind.prepare(send.pk)
    with CaptureQueriesContext(connection) as queries:
        token, deliveries = engine.claim(kind, send.pk)
        engine.send_claimed(kind, token, deliveries, rendered)
    assert len(deliveries) == count
    assert Delivery.objects.filter(send=send, status="sent").count() == count
    return len(queries)


def test_a_batch_costs_one_write_per_message_and_nothing_more(
    subscriber_factory, newsletter_page_factory, archives, settings
):
    """Each message is recorded right after the server took it (so a crash leaves at most the
    one in flight in doubt): one UPDATE per message, and no other per-recipient query."""
    issues = [newsletter_page_factory(parent=archives["en"], subject=f"Issue {n}") for n in (1, 2)]
    small = _queries_for_one_batch(subscriber_factory, issues[0], 3, settings)
    Subscriber.objects.all().delete()
    large = _queries_for_one_batch(subscriber_factory, issues[1], 60, settings)
    assert large - small == 60 - 3


def test_whole_send_queries_grow_with_batches_not_recipients(
    settings, django_assert_max_num_queries, archives, newsletter_page_factory, subscriber_factory
):
    settings.NEWSLETTER_BATCH_SIZE = 50
    for _ in range(100):
        subscriber_factory()
    send, _ = sending.start_send(newsletter_page_factory(parent=archives["en"]))
    sending.prepare_send.call(send.pk)
    # One write per message plus a few dozen queries for two batches and the final claim.
    with django_assert_max_num_queries(100 + 60):
        deliver(send)
    assert send.counts()["sent"] == 100
