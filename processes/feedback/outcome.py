"""Personal outcome e-mails: each contributor who asked hears, once, what became of their input.

How "exactly once" holds:

* The first publication of any translation of a process's FeedbackPage creates its
  OutcomeMailing (unique per process); later publications find it and do nothing.
* Recipients are frozen as OutcomeNotification rows, unique per (process, e-mail):
  a retried preparation task cannot add anyone twice.
* A row is claimed by moving it from "queued" to "sending" in one UPDATE; only a queued
  row can be claimed, so two workers or a retried task never send the same row. A crash
  while sending leaves the row in "sending": it is not sent again automatically; an
  official can retry it (with the failed ones) from the admin.

Each e-mail is in the language the person wrote in, from the FeedbackPage translation in
that language when it is live (else the default language's).
"""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import get_connection
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext

from delivery import subscriptions
from processes.feedback import emails
from processes.feedback.blocks import ThemeDecision
from processes.feedback.responses import live_feedback_pages, pick_translation, response_anchor
from processes.models import (
    Comment,
    OutcomeMailing,
    OutcomeNotification,
    ProcessPage,
)

logger = logging.getLogger(__name__)

STOP_SALT = "processes.outcome.stop"
Status = OutcomeNotification.Status


def batch_size():
    return max(1, int(getattr(settings, "TOWNHALL_OUTCOME_BATCH_SIZE", 50)))


def stale_after():
    """Seconds after which a row still "sending" counts as interrupted (retriable)."""
    return int(getattr(settings, "TOWNHALL_OUTCOME_STALE_AFTER", 30 * 60))


# -- starting -----------------------------------------------------------------------------


def start_mailing(feedback_page):
    """Create the process's mailing at the first publication; returns (mailing, created).

    The preparation task is enqueued once the publishing transaction has committed, so
    the publishing request itself sends nothing.
    """
    from processes.feedback.tasks import prepare_outcome_mailing

    key = feedback_page.process_key
    if key is None:
        return None, False
    parent = feedback_page.get_parent()
    mailing, created = OutcomeMailing.objects.get_or_create(
        process_key=key,
        defaults={
            "feedback_page": feedback_page,
            "process": ProcessPage.objects.filter(pk=parent.pk).first() if parent else None,
        },
    )
    if created:
        transaction.on_commit(lambda: prepare_outcome_mailing.enqueue(mailing.pk))
    return mailing, created


def contributors(process_key):
    """{e-mail: (name, language)} of everyone who asked to hear back, from counted comments.

    Who asked is an OUTCOME subscription for the process (delivery.subscriptions, written
    when a comment with the box ticked is saved); those who since stopped every outcome
    e-mail stay listed, and send_batch records them as not sent. The language is the one
    of their latest such comment; addresses compare case-blind.
    """
    wanted = subscriptions.asked(subscriptions.Kind.OUTCOME, process_key)
    rows = (
        Comment.objects.filter(process_key=process_key, wants_outcome=True)
        .counted()
        .exclude(user_email="")
        .annotate(email_lower=Lower("user_email"))
        .filter(email_lower__in=wanted.values("address"))
        .order_by("submit_date", "pk")
        .values_list("user_email", "user_name", "language")
    )
    people = {}
    for email, name, language in rows:
        people[email.strip().lower()] = (name, emails.supported_language(language))
    return people


def prepare(mailing_id):
    """Freeze the recipients of a mailing and hand them to sending tasks (safe to rerun)."""
    from processes.feedback.tasks import send_outcome_batch

    mailing = OutcomeMailing.objects.filter(pk=mailing_id).first()
    if mailing is None:
        return 0
    people = contributors(mailing.process_key)
    OutcomeNotification.objects.bulk_create(
        [
            OutcomeNotification(
                mailing=mailing,
                process_key=mailing.process_key,
                email=email,
                name=(name or "")[:50],
                language=language,
            )
            for email, (name, language) in people.items()
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    if mailing.prepared_at is None:
        mailing.prepared_at = timezone.now()
        mailing.save(update_fields=["prepared_at"])
    queued = list(
        mailing.notifications.filter(status=Status.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    size = batch_size()
    for start in range(0, len(queued), size):
        send_outcome_batch.enqueue(queued[start : start + size])
    return len(queued)


def retry(queryset):
    """Queue failed (and interrupted) e-mails again and enqueue their sending; returns how many."""
    from processes.feedback.tasks import send_outcome_batch

    stale = timezone.now() - timezone.timedelta(seconds=stale_after())
    retriable = queryset.filter(status=Status.FAILED) | queryset.filter(
        status=Status.SENDING, updated_at__lt=stale
    )
    ids = list(retriable.values_list("pk", flat=True))
    if not ids:
        return 0
    OutcomeNotification.objects.filter(pk__in=ids).update(
        status=Status.QUEUED, updated_at=timezone.now()
    )
    size = batch_size()
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        transaction.on_commit(lambda chunk=chunk: send_outcome_batch.enqueue(chunk))
    return len(ids)


# -- sending ------------------------------------------------------------------------------


def _claim(notification_id):
    return (
        OutcomeNotification.objects.filter(pk=notification_id, status=Status.QUEUED).update(
            status=Status.SENDING, updated_at=timezone.now()
        )
        == 1
    )


def _finish(notification, status, reason=""):
    now = timezone.now()
    changes = {"status": status, "reason": reason, "updated_at": now}
    if status in (Status.SENT, Status.FAILED):
        changes["attempts"] = notification.attempts + 1
    if status == Status.SENT:
        changes["sent_at"] = now
    OutcomeNotification.objects.filter(pk=notification.pk).update(**changes)
    for field, value in changes.items():
        setattr(notification, field, value)


def send_batch(notification_ids):
    """Send the queued notifications among `notification_ids`; returns how many went out."""
    notifications = list(
        OutcomeNotification.objects.filter(pk__in=notification_ids, status=Status.QUEUED)
        .select_related("mailing")
        .order_by("pk")
    )
    if not notifications:
        return 0
    opted_out = set()
    for process_key in {notification.process_key for notification in notifications}:
        addresses = {n.email for n in notifications if n.process_key == process_key}
        wanted = subscriptions.who_wants(subscriptions.Kind.OUTCOME, process_key)
        opted_out |= addresses - set(
            wanted.filter(address__in=addresses).values_list("address", flat=True)
        )
    renderer = OutcomeRenderer()
    sent = 0
    connection = get_connection()
    try:
        for notification in notifications:
            if not _claim(notification.pk):
                continue
            notification.status = Status.SENDING
            if notification.email in opted_out:
                _finish(
                    notification,
                    Status.SKIPPED,
                    gettext("The person asked not to receive these e-mails."),
                )
                continue
            try:
                email = renderer.message(notification, connection=connection)
            except NothingToSay as reason:
                _finish(notification, Status.SKIPPED, str(reason))
                continue
            except Exception as exc:  # noqa: BLE001 - recorded for the officials, retriable
                logger.exception("Outcome e-mail %s could not be prepared", notification.pk)
                _finish(notification, Status.FAILED, _reason(exc))
                continue
            try:
                email.send()
            except Exception as exc:  # noqa: BLE001 - any mail server failure is recorded
                logger.warning("Outcome e-mail %s failed: %s", notification.pk, exc)
                _finish(notification, Status.FAILED, _reason(exc))
                continue
            _finish(notification, Status.SENT)
            sent += 1
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection must not hide the work done
            logger.warning("Could not close the mail connection", exc_info=True)
    return sent


def _reason(exc):
    text = f"{type(exc).__name__}: {exc}".strip()
    return text[:1000]


class NothingToSay(Exception):
    pass


# -- what each person gets -----------------------------------------------------------------


def stop_token(email):
    """The token of outcome stop links sent before delivery.subscriptions (still read)."""
    return signing.dumps(email.strip().lower(), salt=STOP_SALT)


def stop_url(email, language):
    """Outcome e-mails stop as a whole (every process), as their stop page has always said."""
    return subscriptions.stop_url(email, subscriptions.Kind.OUTCOME, "", language)


def email_from_stop_token(token):
    try:
        return signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None


class OutcomeRenderer:
    """Builds the personal e-mails, preparing each language's responses once per batch."""

    def __init__(self):
        self._pages = {}
        self._themes = {}

    def page_for(self, process_key, language):
        key = (str(process_key), language)
        if key not in self._pages:
            self._pages[key] = pick_translation(live_feedback_pages(process_key), language)
        return self._pages[key]

    def themes_for(self, page, language):
        if page.pk not in self._themes:
            url = emails.page_url(page)
            themes = []
            with translation.override(language):
                for block in page.themes:
                    if block.block_type != "theme":
                        continue
                    value = block.value
                    try:
                        decision = ThemeDecision(value["decision"]).label
                    except ValueError:
                        decision = ""
                    themes.append(
                        {
                            "id": block.id,
                            "title": value["title"],
                            "decision": str(decision),
                            "decision_value": value["decision"],
                            "we_did_html": emails.email_html(value["we_did"], language),
                            "we_did_text": emails.email_text(value["we_did"]),
                            "reason_html": emails.email_html(value["reason"], language),
                            "reason_text": emails.email_text(value["reason"]),
                            "url": f"{url}#{response_anchor(block.id)}",
                            "clause_ids": {clause for clause in value["clauses"] if clause},
                            "comment_ids": {c.pk for c in value["comments"] if c is not None},
                        }
                    )
            self._themes[page.pk] = themes
        return self._themes[page.pk]

    def context(self, notification):
        language = emails.supported_language(notification.language)
        page = self.page_for(notification.process_key, language)
        if page is None:
            raise RuntimeError("The feedback page of this process is not published.")
        own = list(
            Comment.objects.filter(process_key=notification.process_key)
            .counted()
            .annotate(email_lower=Lower("user_email"))
            .filter(email_lower=notification.email.lower())
            .order_by("submit_date", "pk")
        )
        if not own:
            raise NothingToSay(gettext("None of their contributions is published any more."))
        themes = self.themes_for(page, language)
        own_ids = {comment.pk for comment in own}
        own_clauses = {comment.clause_id for comment in own if comment.clause_id}
        direct = [theme for theme in themes if theme["comment_ids"] & own_ids]
        by_clause = [
            theme for theme in themes if theme not in direct and theme["clause_ids"] & own_clauses
        ]
        contributions = []
        for comment in own:
            answers = [
                theme
                for theme in themes
                if comment.pk in theme["comment_ids"] or comment.clause_id in theme["clause_ids"]
            ]
            contributions.append(
                {
                    "comment": comment,
                    "excerpt": Truncator(comment.comment).words(60),
                    "clause_number": comment.clause_number_snapshot,
                    "clause_text": Truncator(comment.clause_text_snapshot).words(30),
                    "answers": answers,
                }
            )
        process = page.get_parent()
        return {
            "name": notification.name,
            "page": page,
            "page_title": page.title,
            "process_title": process.title if process else page.title,
            "page_url": emails.page_url(page),
            "contributions": contributions,
            "direct": direct,
            "by_clause": by_clause,
            "other_count": len(themes) - len(direct) - len(by_clause),
            "next_steps": [block.value for block in page.next_steps if block.block_type == "step"][
                :3
            ],
            "stop_url": stop_url(notification.email, language),
            "contact_email": getattr(process.specific, "contact_email", "") if process else "",
        }, language

    def message(self, notification, connection=None):
        context, language = self.context(notification)
        subject, text, html = emails.render(
            "outcome",
            language,
            lambda: (
                gettext("What we did with your feedback on “%(title)s”")
                % {"title": context["process_title"]}
            ),
            context,
        )
        return emails.message(
            notification.email,
            subject,
            text,
            html,
            language=language,
            stop_url=context["stop_url"],
            reply_to=context["contact_email"] or None,
            connection=connection,
        )
