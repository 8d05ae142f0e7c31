"""The one delivery engine: every e-mail kind goes out through it, and it heals itself.

The contract (docs/delivery.md tells the whole story):

* **One record per (message, recipient).** A kind's record model (a subclass of
  delivery.models.DeliveryRecord, or a model carrying DeliveryState) is unique per
  message and recipient, so nobody is listed twice.
* **Claimed atomically, under a short lease.** A worker moves up to a batch of due
  "pending" rows to "sending" under its own claim id (SELECT ... FOR UPDATE SKIP LOCKED on
  PostgreSQL; SQLite serialises writers and busy moments are retried). The claim holds a
  lease (DELIVERY_LEASE_SECONDS, 60 s) that the worker renews while it sends.
* **Marked sent after its own SMTP transaction.** Each message is recorded "sent" right
  after the server accepted it, so after a crash only the message in flight on each open
  SMTP connection is in doubt, never a batch.
* **It heals itself.** A lease that runs out (the worker died) puts its rows back to
  "pending"; ``requeue_deliveries`` does that and starts senders for every message with due
  work. It runs as a django-tasks task that schedules its own next run first
  (DELIVERY_REQUEUE_SECONDS), and as ``manage.py requeue_deliveries`` for a cron or systemd
  timer, so the chain restarts even if every worker was killed while it ran.
* **Temporary failures are retried with backoff** (SMTP 4xx, refused or dropped
  connections): the row waits DELIVERY_RETRY_SECONDS × 2^(attempts-1) (at most
  DELIVERY_RETRY_MAX_SECONDS), up to DELIVERY_MAX_ATTEMPTS. When the connection drops, the
  rest of the batch goes back to "pending" untouched. Only permanent refusals of the
  address (5xx) mark it bounced.

Kinds register through the Wagtail hook ``register_delivery_kind`` (a function returning a
Kind instance), in their app's wagtail_hooks.py.
"""

import logging
import smtplib
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.core.mail import get_connection
from django.db import OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django_tasks import task
from wagtail import hooks

from core.conf import setting
from delivery.models import Mailing, Notice

logger = logging.getLogger(__name__)


def lease_seconds():
    return float(setting("DELIVERY_LEASE_SECONDS"))


def requeue_seconds():
    return float(setting("DELIVERY_REQUEUE_SECONDS"))


def max_attempts():
    return max(1, int(setting("DELIVERY_MAX_ATTEMPTS")))


def backoff(attempts):
    """Seconds to wait before attempt `attempts + 1`: doubling from the base, capped."""
    base = float(setting("DELIVERY_RETRY_SECONDS"))
    ceiling = float(setting("DELIVERY_RETRY_MAX_SECONDS"))
    return min(ceiling, base * 2 ** max(0, attempts - 1))


# Kinds -------------------------------------------------------------------------------------


class Skip(Exception):
    """Raised by Kind.build: this recipient must not get the message (the reason is kept)."""


class Kind:
    """How one e-mail kind is delivered. Subclass, set the attributes, register an instance.

    ``model`` is the record model; ``message_field`` its foreign key to the message (the
    newsletter send, the outcome mailing...). The status values and the name of the reason
    field default to DeliveryRecord's.
    """

    name = ""
    model = None
    message_field = ""
    pending, sending, sent, failed, skipped = "pending", "sending", "sent", "failed", "skipped"
    error_field = "error"
    error_length = 500
    touched_field = None  # a "last change" timestamp the engine keeps up to date, if any
    batch_size = 200
    time_budget = 240  # seconds one task sends before it hands over to a fresh task

    def records(self, queryset):
        """The claimed rows as build() needs them (select_related, only...)."""
        return queryset

    def is_active(self, message_id):
        """False once the message is cancelled or gone: nothing more goes out."""
        return True

    def prepare(self, message_id):
        """Work done once per task for every recipient (render the issue once...)."""
        return None

    def build(self, record, context, connection):
        """The EmailMessage for one recipient, on `connection`; raise Skip to leave them out."""
        raise NotImplementedError

    def stop_url(self, record):
        """The link that stops this kind of e-mail for this recipient."""
        return ""

    def bounced(self, record):
        """The server refused the address for good (5xx)."""

    def progressed(self, message_id):
        """A batch went through (progress display)."""

    def finished(self, message_id):
        """No row of the message is pending or being sent any more."""

    def settled(self, message_id, counts):
        """Rows of the message reached a final state: ``counts`` is {status: number} (sent,
        failed, skipped), told once per batch. Keep stored counters with it, so a history
        shows them without counting every row on each load."""

    # Helpers the engine uses.

    def all(self):
        """Every record of this kind (kinds sharing a model narrow it)."""
        return self.model.objects.all()

    def of(self, message_id):
        return self.all().filter(**{f"{self.message_field}_id": message_id})

    def status_change(self, status, reason=""):
        changes = {"status": status, self.error_field: str(reason)[: self.error_length]}
        if self.touched_field:
            changes[self.touched_field] = timezone.now()
        return changes


class NoticeKind(Kind):
    """A kind whose records are the generic delivery.Notice rows of a delivery.Mailing.

    Subclasses set `name` and write `build()`; `notify()` lists the recipients.
    """

    message_field = "mailing"
    batch_size = 50

    model = Notice

    def all(self):
        return self.model.objects.filter(mailing__kind=self.name)

    def finished(self, message_id):
        Mailing.objects.filter(pk=message_id, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )

    def notify(self, key, recipients):
        """Write one Notice per recipient [(email, language, data)] of the message `key`
        (once: a second call adds only newcomers) and start its sender; returns the Mailing.
        """
        mailing, _created = Mailing.objects.get_or_create(kind=self.name, key=str(key)[:200])
        Notice.objects.bulk_create(
            [
                Notice(mailing=mailing, email=email, language=language or "", data=data or {})
                for email, language, data in recipients
            ],
            ignore_conflicts=True,
        )
        Mailing.objects.filter(pk=mailing.pk).update(finished_at=None)
        enqueue_sender(self, mailing.pk)
        ensure_watchdog()
        return mailing


def kinds():
    """{name: Kind} from every app's ``register_delivery_kind`` hook."""
    registered = {}
    for hook in hooks.get_hooks("register_delivery_kind"):
        kind = hook()
        registered[kind.name] = kind
    return registered


def get_kind(name):
    return kinds()[name]


# Claiming ----------------------------------------------------------------------------------


def retry_when_locked(operation, attempts=12):
    """Run a database write again while SQLite reports "database is locked".

    Several workers on one SQLite file take turns writing; PostgreSQL never gets here.
    Recording what was sent must not be lost to a busy moment.
    """
    for attempt in range(attempts):
        try:
            return operation()
        except OperationalError as error:
            if "locked" not in str(error).lower() or attempt == attempts - 1:
                raise
            time.sleep(0.1 * (attempt + 1))


def due(now):
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)


def claim(kind, message_id, size=None):
    """Atomically take up to `size` due pending rows of a message: (claim id, rows)."""
    return retry_when_locked(lambda: _claim(kind, message_id, size or kind.batch_size))


def _claim(kind, message_id, size):
    token = uuid.uuid4()
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            kind.of(message_id)
            .select_for_update(skip_locked=True)
            .filter(due(now), status=kind.pending)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        if not ids:
            return token, []
        changes = {
            "status": kind.sending,
            "claim": token,
            "lease_until": now + timedelta(seconds=lease_seconds()),
            "attempts": F("attempts") + 1,
        }
        if hasattr(kind.model, "claimed_at"):
            changes["claimed_at"] = now
        kind.model.objects.filter(pk__in=ids, status=kind.pending).update(**changes)
    rows = kind.records(kind.model.objects.filter(claim=token, status=kind.sending))
    return token, list(rows.order_by("pk"))


class Lease:
    """The claim's lease, renewed (one UPDATE) whenever a third of it has passed.

    ``since`` is when the claim was made (``time.monotonic()``; by default now): preparing the
    message between the claim and the first row counts against the lease.
    """

    def __init__(self, kind, token, since=None):
        self.kind = kind
        self.token = token
        self.renewed = time.monotonic() if since is None else since

    def renew_if_due(self):
        """Renew the lease when a third of it has passed. Returns None, or, when so long has
        passed that the lease may have run out (the worker stalled: a slow preparation, a
        starved process), the ids of the rows this claim still holds: the re-queue may have
        given the others to another worker, which sends them, so this one must not."""
        elapsed = time.monotonic() - self.renewed
        if elapsed < lease_seconds() / 3:
            return None
        until = timezone.now() + timedelta(seconds=lease_seconds())
        held = self.kind.model.objects.filter(claim=self.token, status=self.kind.sending)
        retry_when_locked(lambda: held.update(lease_until=until))
        self.renewed = time.monotonic()
        if elapsed < lease_seconds() * 2 / 3:
            return None  # far from running out: every row is still this claim's
        return set(held.values_list("pk", flat=True))


# Sending -----------------------------------------------------------------------------------

PERMANENT, TEMPORARY, CONNECTION = "permanent", "temporary", "connection"


def classify(error):
    """(verdict, reason, bounce): what a sending error means for the row and the address.

    * 5xx refusal of the recipient: permanent, and the address counts as bounced;
    * other 5xx answers (message refused): permanent for this message only;
    * 4xx answers: temporary, retried later on the same connection;
    * 421, dropped or refused connections, timeouts: the connection is gone.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        code = codes[0] if codes else ""
        reason = gettext("The mail server refused the address (code %(code)s).") % {"code": code}
        if codes and all(c >= 500 for c in codes):
            return PERMANENT, reason, True
        return TEMPORARY, reason, False
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error
        if isinstance(message, bytes):
            message = message.decode(errors="replace")
        reason = gettext("The mail server answered %(code)s: %(message)s") % {
            "code": error.smtp_code,
            "message": message,
        }
        if error.smtp_code == 421 or error.smtp_code < 400:
            return CONNECTION, reason, False
        if error.smtp_code < 500:
            return TEMPORARY, reason, False
        return PERMANENT, reason, False
    reason = f"{type(error).__name__}: {error}"
    if isinstance(error, smtplib.SMTPServerDisconnected | OSError | smtplib.SMTPConnectError):
        return CONNECTION, reason, False
    return PERMANENT, reason, False


@dataclass
class BatchResult:
    sent: int = 0
    connection_lost: bool = False


def _update(kind, record, token, **changes):
    """Change one claimed row, only while this claim still holds it."""
    return retry_when_locked(
        lambda: kind.model.objects.filter(pk=record.pk, claim=token).update(**changes)
    )


def _settle(kind, record, status, tally):
    """Count a row that reached a final state: in the batch's tally, or told at once."""
    if tally is not None:
        tally[status] += 1
    else:
        kind.settled(getattr(record, f"{kind.message_field}_id"), {status: 1})


def mark_sent(kind, record, token, tally=None):
    if _update(
        kind,
        record,
        token,
        **kind.status_change(kind.sent),
        sent_at=timezone.now(),
        claim=None,
        lease_until=None,
        next_attempt_at=None,
    ):
        _settle(kind, record, kind.sent, tally)
    else:
        logger.warning("%s %s was sent after its lease ran out", kind.name, record.pk)


def mark_final(kind, record, token, status, reason, tally=None):
    if _update(
        kind,
        record,
        token,
        **kind.status_change(status, reason),
        claim=None,
        lease_until=None,
        next_attempt_at=None,
    ):
        _settle(kind, record, status, tally)


def retry_later(kind, record, token, reason, tally=None):
    """A temporary failure: wait and try again, or give up after the last attempt."""
    attempts = record.attempts
    if attempts >= max_attempts():
        message = ngettext(
            "Gave up after %(count)s attempt: %(reason)s",
            "Gave up after %(count)s attempts: %(reason)s",
            attempts,
        ) % {
            "count": attempts,
            "reason": reason,
        }
        return mark_final(kind, record, token, kind.failed, message, tally)
    _update(
        kind,
        record,
        token,
        **kind.status_change(kind.pending, reason),
        claim=None,
        lease_until=None,
        next_attempt_at=timezone.now() + timedelta(seconds=backoff(attempts)),
    )


def release(kind, token, records):
    """Give claimed rows back untouched: they were not tried, so the attempt is not counted."""
    if not records:
        return
    retry_when_locked(
        lambda: kind.model.objects.filter(
            pk__in=[record.pk for record in records], claim=token
        ).update(status=kind.pending, claim=None, lease_until=None, attempts=F("attempts") - 1)
    )


def send_claimed(kind, token, records, context, claimed_at=None):
    """Send claimed rows on one SMTP connection, recording each right after its transaction.
    ``claimed_at``: when the rows were claimed (``time.monotonic()``), by default now."""
    result = BatchResult()
    lease = Lease(kind, token, since=claimed_at)
    tally = Counter()  # rows settled in this batch, told to the kind once at the end
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - the server is unreachable: retry later
        _verdict, reason, _bounce = classify(error)
        logger.warning("%s: cannot reach the mail server: %s", kind.name, reason)
        for record in records:
            retry_later(kind, record, token, reason, tally)
        result.connection_lost = True
        tell_settled(kind, records, tally)
        return result
    try:
        lost = set()  # rows the re-queue took back while this worker stalled
        for index, record in enumerate(records):
            held = lease.renew_if_due()
            if held is not None:
                lost.update(other.pk for other in records[index:] if other.pk not in held)
            if record.pk in lost:
                continue  # another worker's now: sending it here would send it twice
            try:
                message = kind.build(record, context, connection)
            except Skip as reason:
                mark_final(kind, record, token, kind.skipped, str(reason), tally)
                continue
            except Exception as error:  # noqa: BLE001 - recorded for the officials
                logger.exception("%s %s could not be prepared", kind.name, record.pk)
                mark_final(
                    kind, record, token, kind.failed, f"{type(error).__name__}: {error}", tally
                )
                continue
            try:
                message.send()
            except Exception as error:  # noqa: BLE001 - classified and recorded per recipient
                verdict, reason, bounce = classify(error)
                logger.warning("%s %s not sent (%s): %s", kind.name, record.pk, verdict, reason)
                if verdict == PERMANENT:
                    mark_final(kind, record, token, kind.failed, reason, tally)
                    if bounce:
                        kind.bounced(record)
                    continue
                retry_later(kind, record, token, reason, tally)
                if verdict == CONNECTION:
                    release(kind, token, records[index + 1 :])
                    result.connection_lost = True
                    return result
                continue
            mark_sent(kind, record, token, tally)
            result.sent += 1
    finally:
        tell_settled(kind, records, tally)
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection must not hide the work
            logger.warning("Could not close the mail connection", exc_info=True)
    return result


def tell_settled(kind, records, tally):
    """Tell the kind, once, how many rows of the batch settled in each final state."""
    counts = {status: n for status, n in tally.items() if n}
    if counts and records:
        kind.settled(getattr(records[0], f"{kind.message_field}_id"), counts)
    tally.clear()


def deliver_message(kind, message_id, *, time_budget=None):
    """Send a message's due rows batch by batch until none is left or the budget is spent.

    Returns the number of e-mails sent by this call. When rows wait for a retry, a sender is
    scheduled for the moment the first one is due.
    """
    budget = kind.time_budget if time_budget is None else time_budget
    deadline = time.monotonic() + budget
    context = None
    prepared = False
    total = 0
    while True:
        if not kind.is_active(message_id):
            return total
        claimed_at = time.monotonic()
        token, records = claim(kind, message_id)
        if not records:
            settle(kind, message_id)
            return total
        if not prepared:
            try:
                context = kind.prepare(message_id)
            except BaseException:
                release(kind, token, records)
                raise
            prepared = True
        # A lost connection sent its row to wait for a retry and the rest of the batch back
        # to "pending": the next round claims them on a fresh connection (if the server is
        # still away, they wait for their retry too, and settle() wakes a sender then).
        result = send_claimed(kind, token, records, context, claimed_at)
        total += result.sent
        retry_when_locked(lambda: kind.progressed(message_id))
        if time.monotonic() > deadline:
            enqueue_sender(kind, message_id)
            return total


def settle(kind, message_id):
    """Finish the message when nothing is left, else wake a sender when the next row is due."""
    busy = kind.of(message_id).filter(status__in=[kind.pending, kind.sending])
    if not busy.exists():
        retry_when_locked(lambda: kind.finished(message_id))
        return
    waiting = (
        busy.filter(status=kind.pending, next_attempt_at__isnull=False)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if waiting is not None:
        enqueue_sender(kind, message_id, at=waiting)


# Tasks -------------------------------------------------------------------------------------


def can_defer():
    return deliver.get_backend().supports_defer


@task()
def deliver(kind_name, message_id):
    """The sender task: deliver the due rows of one message of one kind."""
    return deliver_message(get_kind(kind_name), message_id)


def enqueue_sender(kind, message_id, at=None, count=1):
    """Start `count` sender tasks for a message (after `at`, when the backend can wait)."""
    if at is not None and at > timezone.now():
        if not can_defer():
            return  # the immediate backend (tests) cannot wait: requeue_deliveries will
        for _ in range(count):
            deliver.using(run_after=at).enqueue(kind.name, message_id)
        return
    for _ in range(count):
        deliver.enqueue(kind.name, message_id)


def requeue_expired(now=None):
    """Rows whose lease ran out (their worker died) go back to "pending"; returns how many."""
    now = now or timezone.now()
    count = 0
    for kind in kinds().values():
        count += retry_when_locked(
            lambda kind=kind: (
                kind.all()
                .filter(status=kind.sending, lease_until__lt=now)
                .update(status=kind.pending, claim=None, lease_until=None)
            )
        )
    return count


def messages_with_due_work(now=None):
    """[(kind, message id)] with due pending rows and no live lease (no sender at work)."""
    now = now or timezone.now()
    found = []
    for kind in kinds().values():
        field = f"{kind.message_field}_id"
        waiting = set(
            kind.all()
            .filter(due(now), status=kind.pending)
            .order_by()
            .values_list(field, flat=True)
            .distinct()
        )
        held = set(
            kind.all()
            .filter(status=kind.sending, lease_until__gte=now)
            .order_by()
            .values_list(field, flat=True)
            .distinct()
        )
        found.extend((kind, message_id) for message_id in sorted(waiting - held))
    return found


def requeue(now=None):
    """Heal: put expired leases back, start a sender for every message with due work.

    Returns (rows requeued, senders started). Safe to run at any time, as often as wanted.
    """
    requeued = requeue_expired(now)
    started = 0
    for kind, message_id in messages_with_due_work(now):
        if kind.is_active(message_id):
            enqueue_sender(kind, message_id)
            started += 1
    return requeued, started


def watchdog_scheduled():
    """True when a future run of requeue_deliveries is already waiting in the database queue."""
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is installed here
        return False
    if not isinstance(requeue_deliveries.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        task_path=requeue_deliveries.module_path, status="READY"
    ).exists()


def ensure_watchdog():
    """Schedule the next requeue_deliveries run unless one is already waiting."""
    if not can_defer() or watchdog_scheduled():
        return False
    at = timezone.now() + timedelta(seconds=requeue_seconds())
    requeue_deliveries.using(run_after=at).enqueue()
    return True


@task()
def requeue_deliveries():
    """The periodic re-queue, run by the task worker: it schedules its next run first, so the
    chain survives a worker killed while this runs; then it heals (see requeue())."""
    ensure_watchdog()
    requeued, started = requeue()
    return {"requeued": requeued, "senders": started}
