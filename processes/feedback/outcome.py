"""Personal outcome e-mails: each contributor who asked hears, once, what became of their input.

How "exactly once" holds:

* The first publication of any translation of a process's FeedbackPage creates its
  OutcomeMailing (unique per process); later publications find it and do nothing.
* Recipients are frozen as OutcomeNotification rows, unique per (process, e-mail):
  a retried preparation task cannot add anyone twice.
* The rows are sent by the delivery engine (delivery/engine.py, kind "outcome"): claimed
  atomically under a short lease, each recorded as sent right after the mail server took
  it, temporary failures retried with backoff, and the rows of a worker that died put back
  in the queue by themselves. Officials retry only what failed for good.

Each e-mail is in the language the person wrote in, from the FeedbackPage translation in
that language when it is live (else the default language's).
"""

import logging

from django.core import signing
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext
from django_tasks import task

from core import email as emails
from core.conf import setting
from delivery import engine, subscriptions
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
    return max(1, int(setting("TOWNHALL_OUTCOME_BATCH_SIZE")))


# -- starting -----------------------------------------------------------------------------


def start_mailing(feedback_page):
    """Create the process's mailing at the first publication; returns (mailing, created).

    The preparation task is enqueued once the publishing transaction has committed, so
    the publishing request itself sends nothing.
    """
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
        transaction.on_commit(engine.ensure_watchdog)
    return mailing, created


def contributors(process_key):
    """{e-mail: (name, language)} of everyone who asked to hear back, from counted comments.

    Who asked is an OUTCOME subscription for the process (delivery.subscriptions, written
    when a comment with the box ticked is saved); those who since stopped every outcome
    e-mail stay listed, and send_batch records them as not sent. Their name and language are
    those of their latest counted comment on the process (someone with none, all rejected
    or removed, is not written to); addresses compare case-blind.
    """
    wanted = subscriptions.asked(subscriptions.Kind.OUTCOME, process_key)
    rows = (
        Comment.objects.filter(process_key=process_key)
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


@task()
def prepare_outcome_mailing(mailing_id):
    """Freeze the recipients of a mailing and start its sender (safe to rerun)."""
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
    queued = mailing.notifications.filter(status=Status.QUEUED).count()
    if queued:
        engine.enqueue_sender(OutcomeKind(), mailing.pk)
    return queued


def retry(queryset):
    """Queue failed e-mails again and start their senders; returns how many.

    Rows a dead worker left "sending" need no official: the engine re-queues them when
    their lease runs out.
    """
    retriable = queryset.filter(status=Status.FAILED)
    rows = list(retriable.values_list("pk", "mailing_id"))
    if not rows:
        return 0
    OutcomeNotification.objects.filter(pk__in=[pk for pk, _mailing in rows]).update(
        status=Status.QUEUED, updated_at=timezone.now(), next_attempt_at=None
    )
    for mailing_id in sorted({mailing for _pk, mailing in rows}):
        transaction.on_commit(
            lambda mailing_id=mailing_id: engine.enqueue_sender(OutcomeKind(), mailing_id)
        )
    transaction.on_commit(engine.ensure_watchdog)
    return len(rows)


# -- sending: the engine's "outcome" kind ---------------------------------------------------


class OutcomeKind(engine.Kind):
    """An outcome e-mail, one OutcomeNotification per contributor of a process's mailing."""

    name = "outcome"
    model = OutcomeNotification
    message_field = "mailing"
    pending = Status.QUEUED
    error_field = "reason"
    error_length = 1000
    touched_field = "updated_at"

    @property
    def batch_size(self):
        return batch_size()

    def records(self, queryset):
        return queryset.select_related("mailing")

    def prepare(self, message_id):
        return OutcomeRenderer()

    def build(self, record, renderer, connection):
        if not subscriptions.wants(record.email, subscriptions.Kind.OUTCOME, record.process_key):
            raise engine.Skip(gettext("The person asked not to receive these e-mails."))
        try:
            return renderer.message(record, connection=connection, stop_url=self.stop_url(record))
        except NothingToSay as reason:
            raise engine.Skip(str(reason)) from None

    def stop_url(self, record):
        return outcome_stop_url(record.language, record.email)


def _reason(exc):
    text = f"{type(exc).__name__}: {exc}".strip()
    return text[:1000]


class NothingToSay(Exception):
    pass


# -- what each person gets -----------------------------------------------------------------


def stop_token(email):
    """The token of outcome stop links sent before delivery.subscriptions (still read)."""
    return signing.dumps(email.strip().lower(), salt=STOP_SALT)


def outcome_stop_url(language, email):
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

    def context(self, notification, stop_url=None):
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
            "stop_url": stop_url or outcome_stop_url(language, notification.email),
            "contact_email": getattr(process.specific, "contact_email", "") if process else "",
        }, language

    def message(self, notification, connection=None, stop_url=None):
        context, language = self.context(notification, stop_url)
        subject, text, html = emails.render(
            "processes/email/outcome",
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
