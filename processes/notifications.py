"""Telling people what happens: reply notifications, following a process, and its reminders.

* **Replies.** A commenter who ticked "e-mail me when someone replies" (comments-xtd's
  ``followup`` flag) hears of each published reply in their conversation, in the
  language they wrote in, through django-tasks. ReplyNotice makes it once per reply.
* **Following a process.** Anyone can follow a process by e-mail: signed-in people with
  their account's address at once, others after confirming a link (double opt-in).
  Who follows what is a PROCESS subscription (delivery.subscriptions), scoped to the
  process's translation key: the one record of the wish. Its confirmation link signs the
  subscription's id; the SentReminder ledger hangs off it.
* **Notices to followers.** When a participation phase opens, a week before it closes
  (phases longer than eight days: shorter ones give the closing date when they open),
  and when feedback is published. SentReminder is unique per subscription × phase × kind and
  written before the notice is queued, so ``send_process_reminders`` can run every hour,
  or twice at once, and never sends the same notice twice.
* **Delivery.** Notices and reply notices go out through the delivery engine
  (delivery/engine.py, kinds "process-notice" and "reply-notice"): one delivery.Notice per
  recipient, retried with backoff when the mail server fails, re-queued by itself when a
  worker dies.
"""

import logging
import uuid
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from core import email as emails
from core.conf import setting
from core.forms import EmailAddressField
from delivery import engine, subscriptions
from delivery.models import Notice, Subscription
from home.placeholders import TRANSLATED
from processes.feedback.diff import consulted_revision
from processes.feedback.responses import live_feedback_pages, pick_translation
from processes.models import (
    Comment,
    ConsultationPage,
    ConsultedVersion,
    FeedbackPage,
    ProcessPage,
    ReplyNotice,
    SentReminder,
)

logger = logging.getLogger(__name__)

CONFIRM_SALT = "processes.follow.confirm"
REPLIES_STOP_SALT = "processes.replies.stop"
Kind = SentReminder.Kind


def confirmation_max_age():
    return int(setting("TOWNHALL_FOLLOW_CONFIRMATION_MAX_AGE"))


def confirmation_interval():
    """Seconds before a second confirmation e-mail may go to the same address."""
    return int(setting("TOWNHALL_FOLLOW_EMAIL_INTERVAL"))


CLOSING_NOTICE = timedelta(days=7)
SHORT_PHASE = timedelta(days=8)


def process_translation(process_key, language):
    """The live process in `language`, else in the default language, else any."""
    pages = {
        page.locale.language_code: page
        for page in ProcessPage.objects.live()
        .filter(TRANSLATED, translation_key=process_key)
        .select_related("locale")
        .prefetch_related("phases")
    }
    return (
        pages.get(language) or pages.get(settings.LANGUAGE_CODE) or next(iter(pages.values()), None)
    )


# -- following: the form ----------------------------------------------------------------------


class FollowForm(forms.Form):
    email = EmailAddressField(
        label=_("Your e-mail address"),
        error_messages={"required": _("Enter your e-mail address.")},
    )
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        if self.user is not None and self.user.email:
            del self.fields["email"]
            del self.fields["website"]

    def is_bot(self):
        return bool(self.cleaned_data.get("website"))

    def address(self):
        if "email" not in self.fields:
            return self.user.email.strip().lower()
        return self.cleaned_data["email"]


FOLLOW_STATES = {
    "requested": _(
        "Almost done: if this address does not follow the process yet, we have sent it a "
        "link. Follow the link to confirm."
    ),
    "following": _("You are following this process. We will e-mail you when something happens."),
    "confirmed": _("Thank you. You now follow this process by e-mail."),
    "stopped": _("You no longer follow this process."),
}


def follow_form_context(request, process, form=None):
    user = getattr(request, "user", None)
    following = False
    if user is not None and user.is_authenticated and user.email:
        following = subscriptions.wants(
            user.email, subscriptions.Kind.PROCESS, process.translation_key
        )
    state = request.GET.get("follow", "") if request is not None else ""
    return {
        "process": process,
        "form": form or FollowForm(user=user),
        "following": following,
        "status_message": FOLLOW_STATES.get(state, ""),
        "action": reverse("process_notifications:follow", kwargs={"process_id": process.pk}),
        "request": request,
    }


# -- following: requests and confirmation -----------------------------------------------------


def follow(process, email, language, user=None):
    """Record a follow request; returns "following" (known account) or "requested".

    A signed-in person following with their account's address is confirmed at once;
    anyone else gets a confirmation link, at most one every few minutes. The answer does
    not depend on whether the address already follows, so it reveals nothing.
    """
    email = email.strip().lower()
    language = emails.supported_language(language)
    now = timezone.now()
    trusted = bool(user and user.is_authenticated and (user.email or "").strip().lower() == email)
    with transaction.atomic():
        wish = subscriptions.subscribe(
            email,
            subscriptions.Kind.PROCESS,
            process.translation_key,
            language=language,
            user=user if trusted else None,
            confirmed=trusted,
            source="follow form",
        )
        if trusted:
            return "following"
        if wish.is_confirmed:
            return "requested"
        recent = wish.link_sent_at and (
            (now - wish.link_sent_at).total_seconds() < confirmation_interval()
        )
        if recent:
            return "requested"
        Subscription.objects.filter(pk=wish.pk).update(link_sent_at=now)
        transaction.on_commit(lambda: send_follow_confirmation.enqueue(wish.pk))
    return "requested"


def confirmation_token(item):
    """The signed, dated token of the link confirming the PROCESS subscription `item`."""
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(item.pk))


def follow_for_confirmation(token):
    """(subscription, None) for a valid link, else (None, "expired" | "invalid")."""
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            token, max_age=confirmation_max_age()
        )
    except signing.SignatureExpired:
        return None, "expired"
    except signing.BadSignature:
        return None, "invalid"
    item = (
        Subscription.objects.filter(pk=int(value), kind=subscriptions.Kind.PROCESS).first()
        if value.isdigit()
        else None
    )
    return (item, None) if item is not None else (None, "invalid")


def is_following(item):
    return subscriptions.wants(item.address, subscriptions.Kind.PROCESS, item.scope)


def confirm(item):
    """Confirm a follow; a link from before the person stopped following confirms nothing."""
    return subscriptions.confirm(item.address, subscriptions.Kind.PROCESS, item.scope) or item


def stop_url(item):
    return subscriptions.stop_url(
        item.address, subscriptions.Kind.PROCESS, item.scope, item.language
    )


def pending_follow(subscription_id):
    """The PROCESS subscription waiting for its confirmation link, or None."""
    return Subscription.objects.filter(
        pk=subscription_id, kind=subscriptions.Kind.PROCESS, status=subscriptions.Status.PENDING
    ).first()


class FollowConfirmationKind(engine.NoticeKind):
    """The link that confirms following a process (double opt-in)."""

    name = "follow-confirmation"

    def build(self, record, context, connection):
        item = pending_follow(record.data.get("subscription"))
        message = follow_confirmation_message(item, connection) if item is not None else None
        if message is None:
            raise engine.Skip("Already confirmed, gone, or the process is not published.")
        return message


@task()
def send_follow_confirmation(subscription_id):
    """Queue the confirmation link of a follow request; returns 1 once it has gone out."""
    item = pending_follow(subscription_id)
    if item is None or process_translation(item.scope, item.language) is None:
        return 0
    mailing = FollowConfirmationKind().notify(
        uuid.uuid4().hex, [(item.address, item.language, {"subscription": item.pk})]
    )
    return mailing.notices.filter(status="sent").count()


def follow_confirmation_message(item, connection=None):
    """The confirmation e-mail of a follow request, or None when the process is gone."""
    process = process_translation(item.scope, item.language)
    if process is None:
        return None
    context = {
        "process_title": process.title,
        "process_url": emails.page_url(process),
        "confirm_url": emails.url_in(
            item.language, "process_notifications:follow_confirm", token=confirmation_token(item)
        ),
        "days": max(1, confirmation_max_age() // 86400),
    }
    subject, text, html = emails.render(
        "processes/email/follow_confirm",
        item.language,
        lambda: gettext("Confirm that you want to follow “%(title)s”") % {"title": process.title},
        context,
    )
    return emails.message(
        item.address, subject, text, html, language=item.language, connection=connection
    )


# -- notices to followers ---------------------------------------------------------------------


def _claim(item, phase_key, kind):
    """Record the notice before queueing it; None when it was already decided."""
    try:
        with transaction.atomic():
            return SentReminder.objects.create(subscription=item, phase_key=phase_key, kind=kind)
    except IntegrityError:
        return None


class ProcessNoticeKind(engine.NoticeKind):
    """A notice to one follower of a process: a phase opened, closes soon, results are out."""

    name = "process-notice"

    def follow(self, record):
        return (
            subscriptions.who_wants(subscriptions.Kind.PROCESS, record.data.get("process", ""))
            .filter(pk=record.data.get("subscription"))
            .first()
        )

    def build(self, record, context, connection):
        item = self.follow(record)
        if item is None:
            raise engine.Skip("No longer follows the process.")
        message = notice_message(
            item,
            record.data.get("kind"),
            record.data.get("phase", ""),
            connection=connection,
            stop=self.stop_url(record),
        )
        if message is None:
            raise engine.Skip("The process or its phase is no longer published.")
        return message

    def stop_url(self, record):
        item = self.follow(record)
        return stop_url(item) if item is not None else ""


def queue_notices(due):
    """Queue [(subscription, kind, phase_key)] through the engine, each at most once ever.

    Returns the Notice rows queued (the immediate backend has sent them already)."""
    kind = ProcessNoticeKind()
    queued = []
    for item, notice_kind, phase_key in due:
        if _claim(item, phase_key, notice_kind) is None:
            continue
        data = {
            "subscription": item.pk,
            "process": item.scope,
            "kind": notice_kind,
            "phase": phase_key,
        }
        mailing = kind.notify(
            f"{item.scope}:{phase_key}:{notice_kind}", [(item.address, item.language, data)]
        )
        queued.append((mailing.pk, item.address))
    return queued


def notice_counts(queued):
    """{"sent": n, "failed": n} of the queued notices: not sent yet counts as failed."""
    sent = sum(
        Notice.objects.filter(mailing_id=mailing_id, email=email, status="sent").exists()
        for mailing_id, email in queued
    )
    return {"sent": sent, "failed": len(queued) - sent}


def send_notice(item, kind, phase_key=""):
    """Queue one notice to one follower, once. Returns True when it has gone out."""
    return notice_counts(queue_notices([(item, kind, phase_key)]))["sent"] == 1


def notice_message(item, kind, phase_key="", connection=None, stop=None):
    """The notice to the follower `item` (a PROCESS subscription), or None when gone."""
    process = process_translation(item.scope, item.language)
    if process is None:
        return None
    phase = None
    if phase_key:
        phase = next((p for p in process.phases.all() if str(p.translation_key) == phase_key), None)
        if phase is None:
            return None
    feedback_url = ""
    if kind == Kind.FEEDBACK:
        page = pick_translation(live_feedback_pages(item.scope), item.language)
        if page is None:
            return None
        feedback_url = emails.page_url(page)
    consultations = []
    if kind in (Kind.OPENED, Kind.CLOSING):
        consultations = [
            {"title": page.title, "url": emails.page_url(page)}
            for page in ConsultationPage.objects.child_of(process).live().order_by("path")
        ]
    context = {
        "kind": kind,
        "process_title": process.title,
        "process_url": emails.page_url(process),
        "phase": phase,
        "feedback_url": feedback_url,
        "consultations": consultations,
        "stop_url": stop or stop_url(item),
    }
    subjects = {
        Kind.OPENED: lambda: gettext("“%(title)s” is open: have your say"),
        Kind.CLOSING: lambda: gettext("One week left to take part in “%(title)s”"),
        Kind.FEEDBACK: lambda: gettext("The results of “%(title)s” are published"),
    }
    subject, text, html = emails.render(
        "processes/email/reminder",
        item.language,
        lambda: subjects[kind]() % {"title": process.title},
        context,
    )
    return emails.message(
        item.address,
        subject,
        text,
        html,
        language=item.language,
        stop_url=context["stop_url"],
        connection=connection,
    )


def _feedback_published_at(process_key):
    return (
        FeedbackPage.objects.live()
        .filter(process_key=process_key)
        .aggregate(first=Min("first_published_at"))["first"]
    )


def due_notices(process, follows, now):
    """[(subscription, kind, phase_key)] due at `now` for the confirmed follows of a process."""
    due = []
    for phase in process.participation_phases:
        key = str(phase.translation_key)
        running = phase.start <= now < phase.end
        if not running:
            continue
        for item in follows:
            if item.confirmed_at and item.confirmed_at < phase.start:
                due.append((item, Kind.OPENED, key))
        closing_from = phase.end - CLOSING_NOTICE
        if now >= closing_from and phase.end - phase.start > SHORT_PHASE:
            for item in follows:
                if item.confirmed_at and item.confirmed_at < closing_from:
                    due.append((item, Kind.CLOSING, key))
    published_at = _feedback_published_at(process.translation_key)
    if published_at is not None:
        for item in follows:
            if item.confirmed_at and item.confirmed_at <= published_at:
                due.append((item, Kind.FEEDBACK, ""))
    return due


def followers(process_key):
    """The PROCESS subscriptions that want this process's notices, with their language and
    confirmation time (delivery.subscriptions)."""
    return list(subscriptions.who_wants(subscriptions.Kind.PROCESS, process_key))


def send_due_notices(now=None, stdout=None):
    """Queue everything due now, each at most once, and catch up on notices waiting for a
    retry. Returns {"sent": n, "failed": n} for the notices queued by this run."""
    now = now or timezone.now()
    queued = []
    for process_key in subscriptions.scopes_wanted(subscriptions.Kind.PROCESS):
        process = process_translation(process_key, settings.LANGUAGE_CODE)
        if process is None:
            continue
        follows = followers(process_key)
        sent = set(
            SentReminder.objects.filter(subscription__in=follows).values_list(
                "subscription_id", "phase_key", "kind"
            )
        )
        due = [
            (item, kind, phase_key)
            for item, kind, phase_key in due_notices(process, follows, now)
            if (item.pk, phase_key, kind) not in sent
        ]
        queued.extend(queue_notices(due))
    engine.requeue(now)
    return notice_counts(queued)


@task()
def notify_followers_of_feedback(process_key):
    """Tell the followers of a process that its feedback is published (each once)."""
    follows = followers(process_key)
    return notice_counts(queue_notices([(item, Kind.FEEDBACK, "") for item in follows]))["sent"]


def pin_closed_consultations(now=None):
    """Pin the consulted version of every consultation that has closed (see feedback.diff)."""
    now = now or timezone.now()
    pinned = set(ConsultedVersion.objects.values_list("page_id", flat=True))
    count = 0
    for page in ConsultationPage.objects.live().exclude(pk__in=pinned).select_related("phase"):
        if page.window[1] is not None and page.window[1] <= now:
            if consulted_revision(page, now=now) is not None:
                count += 1
    return count


# -- replies ----------------------------------------------------------------------------------


def replies_stop_token(thread_id, email):
    """The token of reply-notice stop links sent before delivery.subscriptions (still read)."""
    return signing.dumps({"t": thread_id, "e": email.strip().lower()}, salt=REPLIES_STOP_SALT)


def replies_stop_url(thread_id, email, language):
    return subscriptions.stop_url(email, subscriptions.Kind.REPLIES, thread_id, language)


def replies_stop_data(token):
    try:
        data = signing.loads(token, salt=REPLIES_STOP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or "t" not in data or "e" not in data:
        return None
    return data


def stop_replies(thread_id, email):
    """Stop reply notifications for one person in one conversation; True when it changed."""
    return subscriptions.stop(email, subscriptions.Kind.REPLIES, thread_id)


def reply_wants_notice(comment):
    return bool(comment.is_reply and comment.is_shown_publicly)


class ReplyNoticeKind(engine.NoticeKind):
    """A notice to one follower of a conversation: someone replied."""

    name = "reply-notice"

    def prepare(self, message_id):
        return {}

    def build(self, record, replies, connection):
        reply_id = record.data.get("reply")
        if reply_id not in replies:
            replies[reply_id] = Comment.objects.filter(pk=reply_id).first()
        reply = replies[reply_id]
        own = Comment.objects.filter(pk=record.data.get("own")).first()
        if reply is None or own is None or not reply_wants_notice(reply):
            raise engine.Skip("The reply or the comment is no longer published.")
        return reply_message(
            reply, own, record.email, connection=connection, stop=self.stop_url(record)
        )

    def stop_url(self, record):
        reply = Comment.objects.filter(pk=record.data.get("reply")).first()
        if reply is None:
            return ""
        return replies_stop_url(reply.thread_id, record.email, record.language)


def _own_words(page, clause_id):
    """A page not about clauses (a proposal's conversation: it has ``comment_wording``) is
    named by what the conversation is about, without a clause number."""
    if page is None or not clause_id or not getattr(page, "comment_wording", None):
        return {}
    clause = page.get_clause(clause_id)
    return {"page_title": clause.label, "clause_number": ""} if clause is not None else {}


def reply_message(reply, own, email, connection=None, stop=None):
    """The e-mail telling `email` (who wrote `own`) about `reply`, in their language."""
    language = emails.supported_language(own.language)
    page = reply.content_object
    with translation.override(language):
        localized = page.localized if page is not None else None
        thread_url = ""
        if localized is not None and hasattr(localized, "thread_url"):
            thread_url = emails.page_url(localized) + localized.thread_path(reply.clause_id)
    context = {
        "name": own.user_name,
        "replier": reply.user_name,
        "reply_excerpt": Truncator(reply.comment).words(80),
        "own_excerpt": Truncator(own.comment).words(30),
        "page_title": localized.title if localized is not None else "",
        "clause_number": reply.clause_number_snapshot,
        **_own_words(localized, reply.clause_id),
        "thread_url": f"{thread_url}{reply.in_thread}" if thread_url else "",
        "stop_url": stop or replies_stop_url(reply.thread_id, email, language),
    }
    subject, text, html = emails.render(
        "processes/email/reply",
        language,
        lambda: (
            gettext("%(name)s replied to your comment")
            % {"name": context["replier"] or gettext("Someone")}
        ),
        context,
    )
    return emails.message(
        email,
        subject,
        text,
        html,
        language=language,
        stop_url=context["stop_url"],
        connection=connection,
    )


@task()
def send_reply_notifications(comment_id):
    """Tell the followers of a conversation about a new reply, once, each in their language."""
    reply = Comment.objects.filter(pk=comment_id).first()
    if reply is None or not reply_wants_notice(reply):
        return 0
    try:
        with transaction.atomic():
            notice = ReplyNotice.objects.create(comment=reply)
    except IntegrityError:
        return 0  # already notified
    author = (reply.user_email or "").strip().lower()
    wishes = dict(
        subscriptions.who_wants(subscriptions.Kind.REPLIES, reply.thread_id).values_list(
            "address", "language"
        )
    )
    wishes.pop(author, None)
    followers = {}
    rows = (
        Comment.objects.filter(thread_id=reply.thread_id, is_removed=False)
        .exclude(pk=reply.pk)
        .exclude(user_email="")
        .annotate(email_lower=Lower("user_email"))
        .filter(email_lower__in=list(wishes))
        .order_by("submit_date", "pk")
    )
    for comment in rows:
        email = comment.user_email.strip().lower()
        if email != author:
            followers[email] = comment
    mailing = ReplyNoticeKind().notify(
        f"reply:{reply.pk}",
        [
            (email, emails.supported_language(own.language), {"reply": reply.pk, "own": own.pk})
            for email, own in followers.items()
        ],
    )
    notice.recipients = len(followers)
    notice.save(update_fields=["recipients"])
    return mailing.notices.filter(status="sent").count()
