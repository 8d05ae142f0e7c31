"""The send history reads stored counters kept by the delivery engine: its cost does not grow
with the number of deliveries, and the counters follow sends, failures, retries and cancels."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsletters import sending
from newsletters.models import Delivery, NewsletterSend
from tests.html import parse

pytestmark = pytest.mark.django_db

HISTORY = "/admin/newsletter_sends/"


def add_sends(count, subscribers, status=Delivery.Status.SENT):
    for n in range(count):
        key = uuid.uuid4()
        send = NewsletterSend.objects.create(
            issue_key=key,
            subject=f"Issue {n}",
            language="en",
            prepared_at=timezone.now(),
            finished_at=timezone.now(),
            recipient_count=len(subscribers),
            sent_total=len(subscribers),
        )
        Delivery.objects.bulk_create(
            Delivery(send=send, subscriber=subscriber, issue_key=key, status=status)
            for subscriber in subscribers
        )


def test_the_history_costs_the_same_at_2_and_at_50_sends_of_many_deliveries(
    admin_client, subscriber_factory, django_assert_num_queries
):
    few = [subscriber_factory() for _ in range(2)]
    add_sends(2, few)
    admin_client.get(HISTORY)  # warm the per-process caches
    with CaptureQueriesContext(connection) as small:
        assert admin_client.get(HISTORY).status_code == 200

    many = few + [subscriber_factory() for _ in range(60)]
    add_sends(48, many)
    with django_assert_num_queries(len(small)):
        response = admin_client.get(HISTORY)
    assert response.status_code == 200
    # No query of the page counts deliveries.
    assert 'FROM "newsletters_delivery"' not in " ".join(q["sql"] for q in small.captured_queries)


def test_the_engine_keeps_the_counters_through_send_retry_and_cancel(
    archives, newsletter_page_factory, subscriber_factory, mailoutbox, monkeypatch
):
    for _ in range(3):
        subscriber_factory()
    issue = newsletter_page_factory(parent=archives["en"])
    send, _created = sending.start_send(issue)
    sending.prepare_send.call(send.pk)
    # One address the mail server refuses for good.
    refused = Delivery.objects.filter(send=send).order_by("pk").first()
    original = sending.NewsletterKind.build

    def build(kind, record, context, connection):
        if record.pk == refused.pk:
            raise sending.engine.Skip("address refused")
        return original(kind, record, context, connection)

    monkeypatch.setattr(sending.NewsletterKind, "build", build)
    sending.engine.deliver_message(sending.engine.get_kind("newsletter"), send.pk)
    send = NewsletterSend.objects.with_counts().get(pk=send.pk)
    assert (send.sent_count, send.skipped_count, send.failed_count, send.pending_count) == (
        2,
        1,
        0,
        0,
    )
    assert send.sent_count == Delivery.objects.filter(send=send, status="sent").count()


def test_each_row_links_to_its_progress_and_shows_the_stored_counters(
    admin_client, subscriber_factory
):
    readers = [subscriber_factory() for _ in range(3)]
    add_sends(1, readers)
    send = NewsletterSend.objects.get()
    NewsletterSend.objects.filter(pk=send.pk).update(sent_total=2, failed_total=1)
    page = parse(admin_client.get(HISTORY))
    row = page.one("table.listing tbody tr")
    link = row.one("a")
    assert link["href"] == f"/admin/newsletter_sends/{send.pk}/"
    assert link.text == "Issue 0"
    cells = row.texts("td")
    assert cells[1:7] == ["English", "Sent", "3", "2", "0", "1"]
    headers = page.texts("table.listing th")
    assert headers == [
        "Subject",
        "Language",
        "Status",
        "Recipients",
        "Sent",
        "Waiting",
        "Failed",
        "Started",
    ]
