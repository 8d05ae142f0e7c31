"""Sign-up, double opt-in and the e-mails a subscriber gets about their subscription."""

import logging
import uuid

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from core import email, signing
from core.conf import setting
from core.email import get_base_url
from delivery import engine
from home.models import Topic
from newsletters.consent import BASIS_WEB_REQUEST
from newsletters.models import ConsentRecord, Subscriber, canonical_topics
from processes.models import ProcessPage

logger = logging.getLogger(__name__)

CONFIRM_SALT = "newsletters.confirm"


def confirmation_max_age():
    return setting("NEWSLETTER_CONFIRMATION_MAX_AGE")


def confirmation_token(subscriber):
    return signing.make_token(subscriber.link_token, salt=CONFIRM_SALT)


def subscriber_for_confirmation(token):
    """(subscriber, None) for a valid confirmation token, else (None, "expired" | "invalid").

    A link issued before the address was last unsubscribed no longer confirms it: an
    old e-mail cannot undo a later "unsubscribe".
    """
    link_token, problem = signing.read_token(
        token, salt=CONFIRM_SALT, max_age=confirmation_max_age()
    )
    if problem:
        return None, problem
    subscriber = Subscriber.objects.by_link_token(link_token)
    if subscriber is None:
        return None, "invalid"
    issued_at = signing.issued_at(token, salt=CONFIRM_SALT)
    if subscriber.unsubscribed_at and issued_at < subscriber.unsubscribed_at.replace(microsecond=0):
        return None, "expired"
    return subscriber, None


def signup_email_interval():
    return setting("NEWSLETTER_SIGNUP_EMAIL_INTERVAL")


@task()
def request_subscription(
    *, email, language, topic_ids=(), source_url="", wording="", version="", process_ids=()
):
    """Handle a sign-up request (a task: out of the web request, so its answer never varies).
    Returns what was done, for tests and logs.

    Unknown address: a pending subscriber and a confirmation e-mail. Pending: the
    choices are updated and the confirmation is sent again. Confirmed: a notice with the
    preferences link, nothing changed. Unsubscribed or bounced: a confirmation e-mail;
    the status changes only when the link is followed. Repeated requests within
    NEWSLETTER_SIGNUP_EMAIL_INTERVAL get no further e-mail.
    """
    topics = canonical_topics(Topic.objects.filter(pk__in=list(topic_ids or [])))
    processes = []
    if process_ids:
        processes = list(ProcessPage.objects.live().filter(pk__in=list(process_ids)))
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                subscriber, created = Subscriber.objects.get_or_create(
                    email=email, defaults={"language": language}
                )
        except IntegrityError:  # a simultaneous request created it first
            subscriber, created = Subscriber.objects.get(email=email), False
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status != Subscriber.Status.CONFIRMED:
            subscriber.language = language
            subscriber.save(update_fields=["language", "updated_at"])
            subscriber.topics.set(topics)
            subscriber.set_processes(processes)
        subscriber.consents.create(
            action=ConsentRecord.Action.REQUESTED,
            basis=BASIS_WEB_REQUEST,
            wording=wording,
            wording_version=version,
            source_url=source_url[:500],
            language=language,
        )
        recent = subscriber.signup_email_sent_at and (
            (now - subscriber.signup_email_sent_at).total_seconds() < signup_email_interval()
        )
        if recent and not created:
            return "throttled"
        subscriber.signup_email_sent_at = now
        subscriber.save(update_fields=["signup_email_sent_at"])
    if subscriber.status == Subscriber.Status.CONFIRMED:
        send_already_subscribed_email(subscriber)
        return "notified"
    send_confirmation_email(subscriber)
    return "confirmation_sent"


def _subscription_email(subscriber, template, subject, extra, connection=None):
    base_url = get_base_url()
    with translation.override(email.supported_language(subscriber.language)):
        context = {
            key: value(base_url) if callable(value) else value for key, value in extra.items()
        }
    subject, text, html = email.render(
        f"newsletters/email/{template}", subscriber.language, subject, context
    )
    return email.message(
        subscriber.email,
        subject,
        text,
        html,
        language=subscriber.language,
        from_email=setting("NEWSLETTER_FROM_EMAIL"),
        connection=connection,
    )


class SubscriptionEmailKind(engine.NoticeKind):
    """ "Confirm your subscription" and "you are already subscribed" e-mails."""

    name = "subscription"

    def build(self, record, context, connection):
        subscriber = Subscriber.objects.filter(pk=record.data.get("subscriber")).first()
        if subscriber is None:
            raise engine.Skip("The subscriber was deleted.")
        builder = {
            "confirm_subscription": confirmation_message,
            "already_subscribed": already_subscribed_message,
        }[record.data["template"]]
        return builder(subscriber, connection=connection)


def _queue(subscriber, template):
    SubscriptionEmailKind().notify(
        uuid.uuid4().hex,
        [
            (
                subscriber.email,
                subscriber.language,
                {"subscriber": subscriber.pk, "template": template},
            )
        ],
    )


def _url(base_url, language, name, token):
    with translation.override(language):
        return base_url + reverse(name, kwargs={"token": token})


def send_confirmation_email(subscriber):
    """Queue the confirmation link (written, with its token, when it is sent)."""
    _queue(subscriber, "confirm_subscription")


def send_already_subscribed_email(subscriber):
    _queue(subscriber, "already_subscribed")


def confirmation_message(subscriber, connection=None):
    token = confirmation_token(subscriber)
    return _subscription_email(
        subscriber,
        "confirm_subscription",
        lambda: gettext("Confirm your subscription to the %(site_name)s newsletter"),
        {
            "confirm_url": lambda base: _url(
                base, subscriber.language, "newsletters:confirm", token
            ),
            "days": max(1, confirmation_max_age() // 86400),
        },
        connection=connection,
    )


def already_subscribed_message(subscriber, connection=None):
    return _subscription_email(
        subscriber,
        "already_subscribed",
        lambda: gettext("You are already subscribed to the %(site_name)s newsletter"),
        {
            "preferences_url": lambda base: _url(
                base, subscriber.language, "newsletters:preferences", subscriber.link_token
            )
        },
        connection=connection,
    )


@task()
def send_confirmation_emails(subscriber_ids):
    """Ask imported (or re-activated) addresses to confirm; already confirmed ones are skipped."""
    count = 0
    pending = Subscriber.objects.filter(pk__in=subscriber_ids, status=Subscriber.Status.PENDING)
    for subscriber in pending.iterator():
        send_confirmation_email(subscriber)
        Subscriber.objects.filter(pk=subscriber.pk).update(signup_email_sent_at=timezone.now())
        count += 1
    return count
