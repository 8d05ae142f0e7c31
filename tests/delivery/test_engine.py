"""The delivery engine's parts: claim, lease, backoff, failure classes, re-queue.

These run on the suite's database (SQLite or PostgreSQL, whichever pass this is); the
451/550 test talks to a real SMTP server (aiosmtpd) through Django's SMTP backend.
"""

import smtplib
import socket
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core.mail.message import EmailMessage
from django.utils import timezone

from delivery import engine
from newsletters import sending
from newsletters.models import Delivery, NewsletterSend, Subscriber

pytestmark = pytest.mark.django_db

KIND = sending.NewsletterKind()


@pytest.fixture
def prepared_send(archives, newsletter_page_factory, subscriber_factory):
    def make(count):
        people = [subscriber_factory() for _ in range(count)]
        send, _ = sending.start_send(newsletter_page_factory(parent=archives["en"]))
        sending.prepare_send.call(send.pk)
        return send, people

    return make


def statuses(send):
    return dict(Delivery.objects.filter(send=send).values_list("subscriber__email", "status"))


@pytest.mark.parametrize(
    ("error", "verdict", "bounce"),
    [
        (
            smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"No such user")}),
            "permanent",
            True,
        ),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (451, b"Try later")}), "temporary", False),
        (smtplib.SMTPDataError(552, b"Message too big"), "permanent", False),
        (smtplib.SMTPDataError(452, b"Mailbox full for now"), "temporary", False),
        (smtplib.SMTPSenderRefused(421, b"Closing", "from@example.org"), "connection", False),
        (smtplib.SMTPServerDisconnected("please run connect() first"), "connection", False),
        (ConnectionRefusedError(111, "Connection refused"), "connection", False),
        (TimeoutError("timed out"), "connection", False),
        (ValueError("bad header"), "permanent", False),
    ],
)
def test_failures_are_classified(error, verdict, bounce):
    got_verdict, reason, got_bounce = engine.classify(error)
    assert (got_verdict, got_bounce) == (verdict, bounce)
    assert reason


def test_backoff_doubles_up_to_its_ceiling(settings):
    settings.DELIVERY_RETRY_SECONDS = 60
    settings.DELIVERY_RETRY_MAX_SECONDS = 600
    assert [engine.backoff(n) for n in range(1, 6)] == [60, 120, 240, 480, 600]


def test_claims_never_overlap_and_carry_a_lease(prepared_send, settings):
    settings.DELIVERY_LEASE_SECONDS = 60
    send, _people = prepared_send(5)
    first_token, first = engine.claim(KIND, send.pk, 3)
    second_token, second = engine.claim(KIND, send.pk, 3)
    assert len(first) == 3 and len(second) == 2
    assert not {d.pk for d in first} & {d.pk for d in second}
    assert engine.claim(KIND, send.pk, 3)[1] == []
    held = Delivery.objects.get(pk=first[0].pk)
    assert held.status == "sending" and held.claim == first_token and held.attempts == 1
    assert held.lease_until > timezone.now() + timedelta(seconds=50)


def test_rows_waiting_for_a_retry_are_not_claimed_before_they_are_due(prepared_send):
    send, _people = prepared_send(2)
    later = timezone.now() + timedelta(minutes=5)
    waiting = Delivery.objects.filter(send=send).order_by("pk").first()
    Delivery.objects.filter(pk=waiting.pk).update(next_attempt_at=later)
    _token, claimed = engine.claim(KIND, send.pk, 10)
    assert [d.pk for d in claimed] != [waiting.pk] and len(claimed) == 1


def test_the_heartbeat_renews_the_lease_and_only_expired_leases_are_requeued(
    prepared_send, settings
):
    settings.DELIVERY_LEASE_SECONDS = 30
    send, _people = prepared_send(2)
    token, claimed = engine.claim(KIND, send.pk, 1)
    Delivery.objects.filter(claim=token).update(lease_until=timezone.now() + timedelta(seconds=1))
    lease = engine.Lease(KIND, token)
    lease.renewed -= 11  # a third of the lease has passed since the claim
    lease.renew_if_due()
    renewed = Delivery.objects.get(claim=token).lease_until
    assert renewed > timezone.now() + timedelta(seconds=25)

    assert engine.requeue_expired() == 0  # the worker is alive: its rows stay with it
    assert engine.requeue_expired(now=renewed + timedelta(seconds=1)) == 1
    row = Delivery.objects.get(pk=claimed[0].pk)
    assert row.status == "pending" and row.claim is None


def test_a_worker_that_stalled_past_its_lease_sends_only_the_rows_it_still_holds(
    prepared_send, mailoutbox, settings
):
    """The lease ran out while the worker prepared the message (a starved process): the
    re-queue gave two of its rows back and another worker claimed them. This worker sends
    the two it still holds, not the other worker's: nobody gets the newsletter twice."""
    settings.DELIVERY_LEASE_SECONDS = 30
    send, _people = prepared_send(4)
    claimed_at = time.monotonic() - 45  # claimed, then stalled past the 30 s lease
    token, claimed = engine.claim(KIND, send.pk, 4)
    Delivery.objects.filter(claim=token).update(lease_until=timezone.now() - timedelta(seconds=15))
    taken = [claimed[1].pk, claimed[3].pk]
    Delivery.objects.filter(pk__in=taken).update(status="pending", claim=None, lease_until=None)
    other_token, other = engine.claim(KIND, send.pk, 4)
    assert sorted(d.pk for d in other) == sorted(taken)

    result = engine.send_claimed(KIND, token, claimed, KIND.prepare(send.pk), claimed_at)

    assert result.sent == 2
    kept = {claimed[0].subscriber.email, claimed[2].subscriber.email}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(kept)
    rows = {d.pk: d for d in Delivery.objects.filter(send=send)}
    assert {rows[d.pk].status for d in (claimed[0], claimed[2])} == {"sent"}
    for pk in taken:  # still the other worker's, as it claimed them
        assert rows[pk].status == "sending" and rows[pk].claim == other_token


def test_a_worker_on_time_checks_nothing_more(prepared_send, settings, django_assert_num_queries):
    """A lease renewed on time costs one UPDATE, no look at which rows are still held."""
    settings.DELIVERY_LEASE_SECONDS = 30
    send, _people = prepared_send(1)
    token, _claimed = engine.claim(KIND, send.pk, 1)
    lease = engine.Lease(KIND, token, since=time.monotonic() - 11)
    with django_assert_num_queries(1):
        assert lease.renew_if_due() is None


def test_a_dropped_connection_sends_the_rest_of_the_batch_back_untouched(
    prepared_send, mailoutbox, monkeypatch, settings
):
    settings.DELIVERY_RETRY_SECONDS = 60
    send, _people = prepared_send(4)
    token, claimed = engine.claim(KIND, send.pk, 4)
    order = [delivery.subscriber for delivery in claimed]  # the order they are sent in
    original = EmailMessage.send

    def drop_on_second(self, *args, **kwargs):
        if self.to == [order[1].email]:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", drop_on_second)
    result = engine.send_claimed(KIND, token, claimed, KIND.prepare(send.pk))
    assert result.sent == 1 and result.connection_lost
    assert [m.to for m in mailoutbox] == [[order[0].email]]
    rows = {d.subscriber_id: d for d in Delivery.objects.filter(send=send)}
    assert rows[order[0].pk].status == "sent"
    in_flight = rows[order[1].pk]
    assert in_flight.status == "pending" and in_flight.attempts == 1
    assert in_flight.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert "closed" in in_flight.error
    for person in order[2:]:
        assert rows[person.pk].status == "pending"
        assert rows[person.pk].attempts == 0 and rows[person.pk].next_attempt_at is None
    assert Subscriber.objects.filter(status=Subscriber.Status.BOUNCED).count() == 0


def test_temporary_failures_give_up_after_the_last_attempt(prepared_send, monkeypatch, settings):
    settings.DELIVERY_MAX_ATTEMPTS = 3
    settings.DELIVERY_RETRY_SECONDS = 0  # due again at once
    send, _people = prepared_send(1)

    def busy(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({self.to[0]: (451, b"Greylisted")})

    monkeypatch.setattr(EmailMessage, "send", busy)
    engine.deliver.call("newsletter", send.pk)
    row = Delivery.objects.get(send=send)
    assert row.status == "failed" and row.attempts == 3
    assert "3 attempts" in row.error and "451" in row.error
    send.refresh_from_db()
    assert send.status == NewsletterSend.Status.DONE


class Picky:
    """An SMTP server that greylists some addresses once (451) and refuses others (550)."""

    def __init__(self):
        self.received = []
        self.greylisted = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("gone"):
            return "550 5.1.1 No such user"
        if address.startswith("grey") and address not in self.greylisted:
            self.greylisted.add(address)
            return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.extend(envelope.rcpt_tos)
        return "250 Message accepted"


@pytest.fixture
def picky_smtp(settings):
    handler = Picky()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield handler
    controller.stop()


def test_451_is_retried_and_delivered_and_550_marks_the_address_bounced(
    picky_smtp, settings, archives, newsletter_page_factory, subscriber_factory
):
    settings.DELIVERY_RETRY_SECONDS = 0  # the retry is due at once
    fine = subscriber_factory(email="fine@example.org")
    grey = subscriber_factory(email="grey@example.org")
    gone = subscriber_factory(email="gone@example.org")
    send, _ = sending.start_send(newsletter_page_factory(parent=archives["en"]))
    sending.prepare_send.call(send.pk)
    engine.deliver.call("newsletter", send.pk)

    assert sorted(picky_smtp.received) == ["fine@example.org", "grey@example.org"]
    assert statuses(send) == {
        "fine@example.org": "sent",
        "grey@example.org": "sent",
        "gone@example.org": "failed",
    }
    assert Delivery.objects.get(subscriber=grey).attempts == 2
    assert "550" in Delivery.objects.get(subscriber=gone).error
    gone.refresh_from_db()
    grey.refresh_from_db()
    fine.refresh_from_db()
    assert gone.status == Subscriber.Status.BOUNCED
    assert grey.status == fine.status == Subscriber.Status.CONFIRMED


def test_the_periodic_requeue_starts_a_sender_for_waiting_work(prepared_send, mailoutbox):
    send, _people = prepared_send(3)
    assert engine.requeue_deliveries.call() == {"requeued": 0, "senders": 1}
    assert len(mailoutbox) == 3
    assert engine.requeue_deliveries.call() == {"requeued": 0, "senders": 0}


def test_the_requeue_command_starts_senders_for_waiting_work(prepared_send, mailoutbox):
    from io import StringIO

    from django.core.management import call_command

    prepared_send(2)
    out = StringIO()
    call_command("requeue_deliveries", stdout=out)
    assert len(mailoutbox) == 2
    assert "0 deliveries re-queued, 1 senders started" in out.getvalue()


def test_the_periodic_requeue_keeps_exactly_one_next_run_waiting(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DELIVERY_REQUEUE_SECONDS = 60
    assert engine.ensure_watchdog() is True
    assert engine.ensure_watchdog() is False  # one is already waiting
    waiting = DBTaskResult.objects.get(task_path=engine.requeue_deliveries.module_path)
    assert waiting.status == "READY"
    assert waiting.run_after > timezone.now() + timedelta(seconds=50)
