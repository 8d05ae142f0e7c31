"""Personal outcome e-mails: each contributor who asked hears what became of their input,
once per feedback page.

A process's FeedbackPage may first be published as an interim response (``is_interim``:
answering the ideas, say) and later as the final one. Each stage has its own mailing:

* The first publication of any translation of a FeedbackPage in a stage creates that
  stage's OutcomeMailing (unique per feedback page and stage: ``feedback_key``, the page's
  translation key, and ``stage``); republishing or translating it finds the mailing and
  does nothing.
* Recipients are frozen as OutcomeNotification rows, unique per (mailing, e-mail): a
  retried preparation task cannot add anyone twice.
* The first mailing goes to everyone who asked. The final one, after an interim one,
  goes to those it concerns: whoever has had no outcome e-mail yet, and whoever's contributions read
  differently now (their state or answer, or the responses about them). Each e-mail
  records what it told about each contribution (``told``), so the next one marks what is
  new or changed since, with what it was; the others are recorded as not sent, with the
  reason.
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
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from core import email as emails
from core.conf import setting
from core.participation import contribution_sources
from delivery import engine, subscriptions
from processes.feedback.blocks import ThemeDecision
from processes.feedback.responses import live_feedback_pages, pick_translation, response_anchor
from processes.models import (
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
    """Create the mailing of the feedback page's stage (interim or final) at its first
    publication in that stage, of any translation; returns (mailing, created).

    The preparation task is enqueued once the publishing transaction has committed, so
    the publishing request itself sends nothing. Once the final response is out, ticking
    "interim" again sends nothing.
    """
    key = feedback_page.process_key
    if key is None:
        return None, False
    Stage = OutcomeMailing.Stage
    stage = Stage.INTERIM if feedback_page.is_interim else Stage.FINAL
    mailings = OutcomeMailing.objects.filter(feedback_key=feedback_page.translation_key)
    if stage == Stage.INTERIM and mailings.filter(stage=Stage.FINAL).exists():
        return None, False
    parent = feedback_page.get_parent()
    mailing, created = OutcomeMailing.objects.get_or_create(
        feedback_key=feedback_page.translation_key,
        stage=stage,
        defaults={
            "process_key": key,
            "feedback_page": feedback_page,
            "process": ProcessPage.objects.filter(pk=parent.pk).first() if parent else None,
        },
    )
    if created:
        transaction.on_commit(lambda: prepare_outcome_mailing.enqueue(mailing.pk))
        transaction.on_commit(engine.ensure_watchdog)
    return mailing, created


def contributors(process_key):
    """{e-mail: (name, language)} of everyone who asked to hear back, from every source.

    Who asked is an OUTCOME subscription for the process (delivery.subscriptions, written
    when a comment with the box ticked is saved, or a proposal whose author asked to hear
    about its answer is confirmed); those who since stopped every outcome e-mail stay
    listed, and send_batch records them as not sent. Each source (comments, proposals…,
    core.participation) says who among its contributors asked; the language is the one of
    the person's latest such contribution, whatever its kind; addresses compare case-blind.
    """
    wanted = subscriptions.asked(subscriptions.Kind.OUTCOME, process_key)
    latest = {}
    for source in contribution_sources():
        for email, person in source.outcome_recipients(process_key, wanted).items():
            known = latest.get(email)
            if known is None or (person.at and known.at and person.at >= known.at):
                latest[email] = person
    return {
        email: (person.name, emails.supported_language(person.language))
        for email, person in latest.items()
    }


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


def earlier_email(notification):
    """The last outcome e-mail sent to this address about this process before this one."""
    return (
        OutcomeNotification.objects.filter(
            process_key=notification.process_key,
            email=notification.email,
            status=Status.SENT,
        )
        .exclude(mailing_id=notification.mailing_id)
        .order_by("-sent_at", "-pk")
        .only("told", "sent_at")
        .first()
    )


def what_it_tells(entry):
    """(key, {"fingerprint", "summary"}) of what an e-mail says about one contribution:
    its state and answer, and the responses that refer to it. The summary, in the reader's
    language, is what a later e-mail shows as "it was"."""
    item = entry["item"]
    responses = sorted(f"{theme['title']} ({theme['decision']})" for theme in entry["answers"])
    fingerprint = "\n".join(
        [item.state, item.answer]
        + sorted(f"{theme['title']}:{theme['decision_value']}" for theme in entry["answers"])
    )
    summary = item.state or "; ".join(responses)
    return min(item.own_ids) if item.own_ids else item.heading, {
        "fingerprint": fingerprint,
        "summary": summary,
    }


def _change(previous, before, said):
    """What a later e-mail marks on a contribution: "new" (not in the last e-mail),
    "changed", or "" (as told; the first e-mail marks nothing)."""
    if previous is None:
        return ""
    if before is None:
        return "new"
    return "" if before["fingerprint"] == said["fingerprint"] else "changed"


def _answered_kind(cites, own):
    """ "proposal" or "comment" when a theme citing `cites` answers one of `own`, else ""."""
    kinds = {item.kind for item in own if item.own_ids & cites}
    if "proposal" in kinds:
        return "proposal"
    return "comment" if kinds else ""


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

    def page_for(self, notification, language):
        """The mailing's feedback page in `language` (else the default language's); for a
        mailing made when there was one per process, the process's live feedback page."""
        mailing = notification.mailing
        feedback_key = mailing.feedback_key if mailing is not None else None
        key = (str(feedback_key or notification.process_key), language)
        if key not in self._pages:
            pages = live_feedback_pages(notification.process_key)
            if feedback_key is not None:
                pages = [page for page in pages if page.translation_key == feedback_key]
            self._pages[key] = pick_translation(pages, language)
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
                            # What it cites, as PersonalContribution ids: clause and
                            # proposal ids ("proposal:12"), and "comment:<pk>".
                            "cites": {clause for clause in value["clauses"] if clause}
                            | {f"comment:{c.pk}" for c in value["comments"] if c is not None},
                        }
                    )
            self._themes[page.pk] = themes
        return self._themes[page.pk]

    def context(self, notification, stop_url=None):
        language = emails.supported_language(notification.language)
        page = self.page_for(notification, language)
        if page is None:
            raise RuntimeError("The feedback page of this process is not published.")
        with translation.override(language):
            own = sorted(
                (
                    item
                    for source in contribution_sources()
                    for item in source.contributions_of(
                        notification.process_key, notification.email
                    )
                ),
                key=lambda item: (item.at is None, item.at or 0),
            )
        if not own:
            raise NothingToSay(gettext("None of their contributions is published any more."))
        themes = self.themes_for(page, language)
        about_ids = set().union(*(item.about_ids for item in own))
        direct = [
            # What the response answers of theirs: a proposal, else a comment.
            dict(theme, answers=kind)
            for theme in themes
            for kind in [_answered_kind(theme["cites"], own)]
            if kind
        ]
        direct_ids = {theme["id"] for theme in direct}
        by_clause = [
            theme
            for theme in themes
            if theme["id"] not in direct_ids and theme["cites"] & about_ids
        ]
        contributions = [
            {
                "item": item,
                "answers": [
                    theme for theme in themes if theme["cites"] & (item.own_ids | item.about_ids)
                ],
            }
            for item in own
        ]
        previous = earlier_email(notification)
        told = {}
        for entry in contributions:
            key, said = what_it_tells(entry)
            told[key] = said
            before = previous.told.get(key) if previous is not None else None
            entry["change"] = _change(previous, before, said)
            entry["before"] = (before or {}).get("summary", "")
        if previous is not None and not any(entry["change"] for entry in contributions):
            raise NothingToSay(
                gettext("Nothing about their contributions changed since their last e-mail.")
            )
        process = page.get_parent()
        return {
            "told": told,
            "previous_sent_at": previous.sent_at if previous is not None else None,
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
        # Recorded before sending: the next page's e-mail compares with what this one said
        # (read only from e-mails that were sent).
        OutcomeNotification.objects.filter(pk=notification.pk).update(told=context["told"])
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
