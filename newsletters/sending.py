"""Sending an issue: fix the recipient list, then deliver it through the delivery engine.

How "exactly once" holds:

* The recipient list is frozen as Delivery rows, unique per (send, subscriber) and per
  (issue, subscriber): a second click, a second send of the same issue in another
  language or a retried preparation task cannot add anyone twice (INSERT ... SELECT
  ... ON CONFLICT DO NOTHING).
* The delivery engine (delivery/engine.py, kind "newsletter") claims rows under a short
  lease, records each message as sent right after the mail server accepted it, retries
  temporary failures with backoff and puts the rows of a dead worker back in the queue
  by itself: after a crash only the message in flight on the dead worker's connection
  may go out twice, and nobody has to press anything.
"""

import logging
import uuid

from django.core.mail import EmailMultiAlternatives
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task
from wagtail.models import Revision

from core.cache import purge_public_pages
from core.conf import setting
from delivery import engine, subscriptions
from newsletters.models import Delivery, NewsletterPage, NewsletterSend, Subscriber
from newsletters.rendering import newsletter_stop_token, render_issue

logger = logging.getLogger(__name__)


def batch_size():
    return max(1, int(setting("NEWSLETTER_BATCH_SIZE")))


def task_time_budget():
    """Seconds one task keeps sending before it hands over to a fresh task."""
    return setting("NEWSLETTER_TASK_TIME_BUDGET")


def parallel_tasks():
    return max(1, int(setting("NEWSLETTER_PARALLEL_TASKS")))


Kind = subscriptions.Kind

# Choosing recipients -----------------------------------------------------------------------


def recipients_for(page, topics=(), issue_key=None, processes=()):
    """Confirmed subscribers in the issue's language (and topics or processes, when the send
    is narrowed) who have not had this issue yet.

    Who wants the newsletter, and on which topics and processes, is asked of
    delivery.subscriptions; Subscriber adds what the newsletter itself knows (bounces).
    """
    queryset = (
        Subscriber.objects.confirmed()
        .for_language(page.locale.language_code)
        .filter(email__in=subscriptions.who_wants(Kind.NEWSLETTER).values("address"))
    )
    if topics or processes:
        queryset = queryset.filter(
            subscriptions.interested(
                "email",
                {
                    Kind.NEWSLETTER_TOPIC: [topic.translation_key for topic in topics],
                    Kind.NEWSLETTER_PROCESS: [process.translation_key for process in processes],
                },
            )
        )
    already = Delivery.objects.filter(
        issue_key=issue_key or page.translation_key, subscriber=OuterRef("pk")
    )
    return queryset.exclude(Exists(already))


def active_send_for(page):
    return (
        NewsletterSend.objects.filter(
            page=page, cancelled_at__isnull=True, finished_at__isnull=True
        )
        .order_by("-created_at")
        .first()
    )


def start_send(page, *, user=None, topics=(), processes=()):
    """Create the send record and hand the work to background tasks; returns at once.

    A second click while a send of this page is running returns that send instead.
    """
    with transaction.atomic():
        # Serialise concurrent clicks on PostgreSQL; SQLite serialises writers anyway.
        type(page).objects.select_for_update().filter(pk=page.pk).first()
        existing = active_send_for(page)
        if existing is not None:
            return existing, False
        send = NewsletterSend.objects.create(
            page=page,
            revision=page.live_revision,
            issue_key=page.translation_key,
            subject=page.subject,
            language=page.locale.language_code,
            created_by=user if user and user.is_authenticated else None,
        )
        if topics:
            send.topics.set(topics)
        if processes:
            send.processes.set(processes)
        transaction.on_commit(lambda: prepare_send.enqueue(send.pk))
        transaction.on_commit(engine.ensure_watchdog)
    return send, True


def freeze_recipients(send):
    """Write one pending Delivery per recipient with a single INSERT ... SELECT."""
    page = send.page
    if page is None:
        return 0
    queryset = recipients_for(
        page, list(send.topics.all()), send.issue_key, list(send.processes.all())
    ).values(recipient=F("pk"))
    select_sql, select_params = queryset.query.sql_with_params()
    table = db_connection.ops.quote_name(Delivery._meta.db_table)
    columns = ", ".join(
        db_connection.ops.quote_name(Delivery._meta.get_field(name).column)
        for name in ("send", "subscriber", "issue_key", "status", "attempts", "error")
    )
    issue_key = Delivery._meta.get_field("issue_key").get_db_prep_value(
        send.issue_key, db_connection
    )
    # "WHERE 1 = 1" keeps SQLite's parser from reading ON CONFLICT as a join condition.
    sql = (
        f"INSERT INTO {table} ({columns}) "
        f"SELECT %s, recipients.recipient, %s, %s, 0, '' FROM ({select_sql}) AS recipients "
        f"WHERE 1 = 1 ON CONFLICT DO NOTHING"
    )
    with db_connection.cursor() as cursor:
        cursor.execute(sql, [send.pk, issue_key, Delivery.Status.PENDING, *select_params])
    return send.deliveries.count()


@task()
def prepare_send(send_id):
    """Freeze the recipient list of a send (once), then start the senders. Safe to rerun."""
    with transaction.atomic():
        send = NewsletterSend.objects.select_for_update().filter(pk=send_id).first()
        if send is None or send.cancelled_at:
            return 0
        if send.prepared_at is None:
            send.recipient_count = freeze_recipients(send)
            send.prepared_at = timezone.now()
            send.progress_at = send.prepared_at
            if send.recipient_count == 0:
                send.finished_at = send.prepared_at
            send.save(
                update_fields=["recipient_count", "prepared_at", "progress_at", "finished_at"]
            )
            # The issue is in the archive now, with its date ("Sent on …").
            purge_public_pages()
        count = send.recipient_count
        if send.finished_at is None:
            transaction.on_commit(lambda: enqueue_senders(send_id))
    return count


def enqueue_senders(send_id, count=None):
    engine.enqueue_sender(NewsletterKind(), send_id, count=count or parallel_tasks())


# Delivering (the engine's "newsletter" kind) ------------------------------------------


class NewsletterKind(engine.Kind):
    """A newsletter issue, one Delivery per subscriber of a NewsletterSend."""

    name = "newsletter"
    model = Delivery
    message_field = "send"

    @property
    def batch_size(self):
        return batch_size()

    @property
    def time_budget(self):
        return task_time_budget()

    def records(self, queryset):
        return queryset.select_related("subscriber").only(
            "pk",
            "send_id",
            "attempts",
            "subscriber__id",
            "subscriber__email",
            "subscriber__language",
            "subscriber__status",
            "subscriber__secret",
        )

    def is_active(self, message_id):
        return NewsletterSend.objects.filter(
            pk=message_id, cancelled_at__isnull=True, prepared_at__isnull=False
        ).exists()

    def prepare(self, message_id):
        send = NewsletterSend.objects.select_related("page").get(pk=message_id)
        return render_issue(page_to_send(send), issue_date=send.created_at)

    def build(self, record, rendered, connection):
        subscriber = record.subscriber
        if subscriber.status != Subscriber.Status.CONFIRMED:
            raise engine.Skip(gettext("Unsubscribed or bounced before the message went out."))
        html, text, headers = rendered.personalise(
            subscriber.link_token, newsletter_stop_token(subscriber.email)
        )
        reply_to = setting("NEWSLETTER_REPLY_TO")
        message = EmailMultiAlternatives(
            rendered.subject,
            text,
            setting("NEWSLETTER_FROM_EMAIL"),
            [subscriber.email],
            headers=headers,
            reply_to=[reply_to] if reply_to else None,
            connection=connection,
        )
        message.attach_alternative(html, "text/html")
        return message

    def stop_url(self, record):
        """The one stop link of the newsletter for this subscriber (also in List-Unsubscribe)."""
        subscriber = record.subscriber
        return subscriptions.stop_url(subscriber.email, Kind.NEWSLETTER, "", subscriber.language)

    def bounced(self, record):
        Subscriber.objects.filter(pk=record.subscriber_id).update(status=Subscriber.Status.BOUNCED)

    def progressed(self, message_id):
        NewsletterSend.objects.filter(pk=message_id).update(progress_at=timezone.now())

    def settled(self, message_id, counts):
        NewsletterSend.objects.filter(pk=message_id).update(
            **{
                NewsletterSend.COUNTERS[status]: F(NewsletterSend.COUNTERS[status]) + n
                for status, n in counts.items()
            }
        )

    def finished(self, message_id):
        finish_if_done(message_id)


def page_to_send(send):
    """The page as it was when the official pressed send (its live revision)."""
    page = send.page
    if send.revision_id:
        revision_page = send.revision.as_object()
        revision_page.pk = page.pk if page else revision_page.pk
        return revision_page
    return page.specific


def finish_if_done(send_id):
    """Mark the send finished when nothing is pending or in flight."""
    busy = Delivery.objects.filter(
        send_id=send_id, status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    )
    if not busy.exists():
        NewsletterSend.objects.filter(pk=send_id, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )
        return True
    return False


def retry_failed(send):
    """Put failed deliveries back in the queue (skipped ones stay skipped)."""
    with transaction.atomic():
        count = send.deliveries.filter(status=Delivery.Status.FAILED).update(
            status=Delivery.Status.PENDING, error="", claim=None, next_attempt_at=None
        )
        if count:
            NewsletterSend.objects.filter(pk=send.pk).update(
                finished_at=None, failed_total=F("failed_total") - count
            )
            transaction.on_commit(lambda: enqueue_senders(send.pk))
            transaction.on_commit(engine.ensure_watchdog)
    return count


def cancel(send):
    """Stop a send: nothing more goes out; unsent rows are dropped so a later send can use them."""
    with transaction.atomic():
        NewsletterSend.objects.filter(pk=send.pk, cancelled_at__isnull=True).update(
            cancelled_at=timezone.now()
        )
        dropped = send.deliveries.filter(status=Delivery.Status.PENDING).delete()[0]
        NewsletterSend.objects.filter(pk=send.pk).update(dropped_total=F("dropped_total") + dropped)
        # An issue cancelled before anything went out leaves the archive.
        purge_public_pages()
        return dropped


class NewsletterTestKind(engine.NoticeKind):
    """ "Send a test to me": one copy of an issue's draft to an official, through the engine
    like every e-mail, as a delivery.Notice of its own mailing. It is no NewsletterSend and
    no Delivery: it does not count in the issue's send history, and a subscriber who tests
    an issue still gets it when it is sent. Links in it do nothing."""

    name = "newsletter-test"

    def build(self, record, context, connection):
        page = NewsletterPage.objects.filter(pk=record.data.get("page")).first()
        if page is None:
            raise engine.Skip("The issue was deleted.")
        revision = Revision.objects.filter(pk=record.data.get("revision") or 0).first()
        issue_page = revision.as_object() if revision is not None else page.specific
        rendered = render_issue(issue_page, preview=True)
        html, text, headers = rendered.personalise("test", "test")
        with translation.override(rendered.language):
            subject = gettext("[Test] %(subject)s") % {"subject": rendered.subject}
        message = EmailMultiAlternatives(
            subject,
            text,
            setting("NEWSLETTER_FROM_EMAIL"),
            [record.email],
            headers=headers,
            connection=connection,
        )
        message.attach_alternative(html, "text/html")
        return message


def send_test_message(page, email, revision=None):
    """Queue one copy of an issue (the given revision, else its latest draft) to `email`."""
    revision = revision or page.get_latest_revision()
    NewsletterTestKind().notify(
        uuid.uuid4().hex,
        [
            (
                email,
                page.locale.language_code,
                {"page": page.pk, "revision": revision.pk if revision else None},
            )
        ],
    )
