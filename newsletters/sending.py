"""Sending an issue: fix the recipient list, then deliver it in batches, each person once.

How "exactly once" holds:

* The recipient list is frozen as Delivery rows, unique per (send, subscriber) and per
  (issue, subscriber): a second click, a second send of the same issue in another
  language or a retried preparation task cannot add anyone twice (INSERT ... SELECT
  ... ON CONFLICT DO NOTHING).
* A worker claims a batch by moving rows from "pending" to "sending" under its own
  claim id (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite serialises
  writers). Only rows still "pending" can be claimed, so two workers, a retried task
  or a double-enqueued task never hold the same row.
* Rows are marked "sent" once their batch is through. A crash in the middle of a
  batch leaves at most that batch in "sending": those rows are not sent again
  automatically (they may have gone out); they become failures "interrupted" that an
  official can retry knowingly. Everything still "pending" continues on resume.
"""

import logging
import time
import uuid
from smtplib import SMTPRecipientsRefused, SMTPResponseException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import OperationalError, transaction
from django.db import connection as db_connection
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext

from delivery import subscriptions
from newsletters.models import Delivery, NewsletterSend, Subscriber
from newsletters.rendering import render_issue

logger = logging.getLogger(__name__)


def batch_size():
    return max(1, int(getattr(settings, "NEWSLETTER_BATCH_SIZE", 200)))


def task_time_budget():
    """Seconds one task keeps sending before it hands over to a fresh task."""
    return getattr(settings, "NEWSLETTER_TASK_TIME_BUDGET", 240)


def parallel_tasks():
    return max(1, int(getattr(settings, "NEWSLETTER_PARALLEL_TASKS", 1)))


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
    from newsletters.tasks import prepare_send

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


def prepare(send_id):
    """Freeze the recipient list of a send (once), then start the senders."""
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
        count = send.recipient_count
        if send.finished_at is None:
            transaction.on_commit(lambda: enqueue_senders(send_id))
    return count


def enqueue_senders(send_id, count=None):
    from newsletters.tasks import send_batches

    for _ in range(count or parallel_tasks()):
        send_batches.enqueue(send_id)


# Delivering --------------------------------------------------------------------------------


def retry_when_locked(operation, attempts=12):
    """Run a database write again while SQLite reports "database is locked".

    Several workers on one SQLite file take turns writing; PostgreSQL never gets here.
    Recording what was sent must not be lost to a busy moment, or those messages would
    later look interrupted.
    """
    for attempt in range(attempts):
        try:
            return operation()
        except OperationalError as error:
            if "locked" not in str(error).lower() or attempt == attempts - 1:
                raise
            time.sleep(0.1 * (attempt + 1))


def claim_batch(send_id, size):
    """Atomically take up to `size` pending deliveries of a send; returns them with subscribers."""
    return retry_when_locked(lambda: _claim_batch(send_id, size))


def _claim_batch(send_id, size):
    claim = uuid.uuid4()
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(send_id=send_id, status=Delivery.Status.PENDING)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SENDING,
            claim=claim,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    return list(
        Delivery.objects.filter(claim=claim, status=Delivery.Status.SENDING)
        .select_related("subscriber")
        .only(
            "pk",
            "send_id",
            "subscriber__id",
            "subscriber__email",
            "subscriber__status",
            "subscriber__secret",
        )
        .order_by("pk")
    )


def _failure_reason(error):
    if isinstance(error, SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        code = codes[0] if codes else ""
        return gettext("The mail server refused the address (code %(code)s).") % {"code": code}, (
            bool(codes) and all(c >= 500 for c in codes)
        )
    if isinstance(error, SMTPResponseException):
        return gettext("The mail server answered %(code)s: %(message)s") % {
            "code": error.smtp_code,
            "message": error.smtp_error.decode(errors="replace")
            if isinstance(error.smtp_error, bytes)
            else error.smtp_error,
        }, False
    return f"{type(error).__name__}: {error}", False


def deliver_batch(deliveries, rendered, mail_connection):
    """Send one claimed batch; record every outcome with a constant number of queries."""
    sent, failed, skipped, bounced = [], [], [], []
    from_email = getattr(settings, "NEWSLETTER_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL)
    reply_to = getattr(settings, "NEWSLETTER_REPLY_TO", "")
    for delivery in deliveries:
        subscriber = delivery.subscriber
        if subscriber.status != Subscriber.Status.CONFIRMED:
            skipped.append(delivery.pk)
            continue
        html, text, headers = rendered.personalise(subscriber.link_token)
        message = EmailMultiAlternatives(
            rendered.subject,
            text,
            from_email,
            [subscriber.email],
            headers=headers,
            reply_to=[reply_to] if reply_to else None,
            connection=mail_connection,
        )
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except Exception as error:  # recorded per recipient, the batch goes on
            reason, permanent = _failure_reason(error)
            delivery.status = Delivery.Status.FAILED
            delivery.error = reason[:500]
            delivery.claim = None
            failed.append(delivery)
            if permanent:
                bounced.append(subscriber.pk)
        else:
            sent.append(delivery.pk)
    retry_when_locked(lambda: _record_outcomes(sent, failed, skipped, bounced))
    return len(sent), len(failed), len(skipped)


def _record_outcomes(sent, failed, skipped, bounced):
    now = timezone.now()
    with transaction.atomic():
        if sent:
            Delivery.objects.filter(pk__in=sent).update(
                status=Delivery.Status.SENT, sent_at=now, error="", claim=None
            )
        if failed:
            Delivery.objects.bulk_update(failed, ["status", "error", "claim"], batch_size=1000)
        if skipped:
            Delivery.objects.filter(pk__in=skipped).update(
                status=Delivery.Status.SKIPPED,
                error=gettext("Unsubscribed or bounced before the message went out."),
                claim=None,
            )
        if bounced:
            Subscriber.objects.filter(pk__in=bounced).update(status=Subscriber.Status.BOUNCED)


def release(deliveries):
    """Give claimed rows back untouched (the mail server could not be reached at all)."""
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
        status=Delivery.Status.PENDING, claim=None, attempts=F("attempts") - 1
    )


def page_to_send(send):
    """The page as it was when the official pressed send (its live revision)."""
    page = send.page
    if send.revision_id:
        revision_page = send.revision.as_object()
        revision_page.pk = page.pk if page else revision_page.pk
        return revision_page
    return page.specific


def send_batches(send_id, *, time_budget=None):
    """Deliver batches until none is left or the time budget is spent, then hand over.

    Returns the number of messages sent by this call.
    """
    budget = task_time_budget() if time_budget is None else time_budget
    deadline = time.monotonic() + budget
    size = batch_size()
    rendered = None
    total = 0
    while True:
        send = NewsletterSend.objects.filter(pk=send_id).select_related("page").first()
        if send is None or send.cancelled_at or send.prepared_at is None:
            return total
        deliveries = claim_batch(send_id, size)
        if not deliveries:
            retry_when_locked(lambda: finish_if_done(send_id))
            return total
        if rendered is None:
            try:
                rendered = render_issue(page_to_send(send), issue_date=send.created_at)
            except Exception:
                release(deliveries)
                raise
        mail_connection = get_connection()
        try:
            mail_connection.open()
        except Exception:
            release(deliveries)
            raise
        try:
            sent, _failed, _skipped = deliver_batch(deliveries, rendered, mail_connection)
        finally:
            mail_connection.close()
        total += sent
        retry_when_locked(
            lambda: NewsletterSend.objects.filter(pk=send_id).update(progress_at=timezone.now())
        )
        if time.monotonic() > deadline:
            enqueue_senders(send_id, count=1)
            return total


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


def recover_interrupted(send_id, older_than=None):
    """Rows stuck in "sending" after a crash become failures an official may retry.

    They are not re-sent automatically: the message may already have gone out.
    """
    seconds = older_than
    if seconds is None:
        seconds = getattr(settings, "NEWSLETTER_STALL_SECONDS", 600)
    limit = timezone.now() - timezone.timedelta(seconds=seconds)
    return Delivery.objects.filter(
        send_id=send_id, status=Delivery.Status.SENDING, claimed_at__lt=limit
    ).update(
        status=Delivery.Status.FAILED,
        claim=None,
        error=gettext("Interrupted while sending: the message may or may not have gone out."),
    )


def resume(send):
    """Continue a stalled send: recover interrupted rows, start senders again."""
    recover_interrupted(send.pk)
    if send.prepared_at is None:
        from newsletters.tasks import prepare_send

        prepare_send.enqueue(send.pk)
        return
    if not finish_if_done(send.pk):
        enqueue_senders(send.pk)


def retry_failed(send):
    """Put failed deliveries back in the queue (skipped ones stay skipped)."""
    with transaction.atomic():
        count = send.deliveries.filter(status=Delivery.Status.FAILED).update(
            status=Delivery.Status.PENDING, error="", claim=None
        )
        if count:
            NewsletterSend.objects.filter(pk=send.pk).update(finished_at=None)
            transaction.on_commit(lambda: enqueue_senders(send.pk))
    return count


def cancel(send):
    """Stop a send: nothing more goes out; unsent rows are dropped so a later send can use them."""
    with transaction.atomic():
        NewsletterSend.objects.filter(pk=send.pk, cancelled_at__isnull=True).update(
            cancelled_at=timezone.now()
        )
        return send.deliveries.filter(status=Delivery.Status.PENDING).delete()[0]


def send_test_message(page, email, revision=None):
    """One copy of an issue (its latest draft) to an official; links in it do nothing."""
    from django.utils import translation

    issue_page = revision.as_object() if revision is not None else page.specific
    rendered = render_issue(issue_page, preview=True)
    html, text, headers = rendered.personalise("test")
    with translation.override(rendered.language):
        subject = gettext("[Test] %(subject)s") % {"subject": rendered.subject}
    message = EmailMultiAlternatives(
        subject,
        text,
        getattr(settings, "NEWSLETTER_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL),
        [email],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    message.send()
