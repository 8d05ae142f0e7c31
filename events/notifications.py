"""E-mails of events, through the delivery engine (docs/delivery.md).

Two kinds, both ``delivery.Notice`` rows (``engine.NoticeKind``):

* ``event-registration``: "you have a place", "you are on the waiting list", "a place
  is free for you" (with an accept link and its deadline), one mailing per message;
* ``event-reminder``: the day before, one mailing per event (its translation key), so a
  registration is reminded once however often the reminder task runs.

Every one carries the person's cancel link (signed, core/signing.py), which is also the
message's ``List-Unsubscribe`` target: cancelling is how one stops an event's e-mails.

``queue_reminders`` is run by the task in events/tasks.py (scheduled like the engine's
re-queue; see there).
"""

import uuid
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext

from core import email as emails
from core import signing
from delivery import engine
from delivery.models import Notice
from events.models import EventPage, Registration, RegistrationStatus

CANCEL_SALT = "events.cancel"
ACCEPT_SALT = "events.accept"

REGISTRATION_KIND = "event-registration"
REMINDER_KIND = "event-reminder"

# message -> the status the registration must still have for it to go out
STILL = {
    "confirmed": RegistrationStatus.CONFIRMED,
    "waitlisted": RegistrationStatus.WAITLISTED,
    "offer": RegistrationStatus.OFFERED,
    "reminder": RegistrationStatus.CONFIRMED,
}


# -- signed links -----------------------------------------------------------------------------


def cancel_token(registration):
    return signing.dumps({"r": registration.pk, "c": registration.code}, salt=CANCEL_SALT)


def accept_token(registration):
    return signing.dumps({"r": registration.pk, "c": registration.code}, salt=ACCEPT_SALT)


def registration_for(token, salt):
    """The registration a signed link names, or None for a bad or foreign token."""
    data = signing.loads(token, salt=salt)
    if not isinstance(data, dict):
        return None
    return Registration.objects.filter(pk=data.get("r"), code=data.get("c")).first()


def cancel_url(registration):
    return emails.url_in(registration.language, "events:cancel", token=cancel_token(registration))


def accept_url(registration):
    return emails.url_in(registration.language, "events:accept", token=accept_token(registration))


# -- the messages -----------------------------------------------------------------------------


def event_in(event_key, language):
    """The live event in `language`, else in any language."""
    pages = EventPage.objects.live().filter(translation_key=event_key)
    return pages.filter(locale__language_code=language).first() or pages.order_by("pk").first()


SUBJECTS = {
    "confirmed": lambda: gettext("Your place at “%(title)s”"),
    "waitlisted": lambda: gettext("You are on the waiting list for “%(title)s”"),
    "offer": lambda: gettext("A place is free for you at “%(title)s”"),
    "reminder": lambda: gettext("Tomorrow: “%(title)s”"),
}


def registration_message(registration, message, connection=None):
    """The e-mail `message` to `registration`, or None when it no longer applies."""
    if registration is None or registration.status != STILL[message] or not registration.email:
        return None
    event = event_in(registration.event_key, registration.language)
    if event is None:
        return None
    stop = cancel_url(registration)
    context = {
        "message": message,
        "event": event,
        "event_url": emails.page_url(event),
        "calendar_url": emails.page_url(event) + "calendar/",
        "registration": registration,
        "cancel_url": stop,
        "accept_url": accept_url(registration) if message == "offer" else "",
        "online_url": event.online_url if event.is_online else "",
    }
    subject, text, html = emails.render(
        "events/email/registration",
        registration.language,
        lambda: SUBJECTS[message]() % {"title": event.title},
        context,
    )
    return emails.message(
        registration.email,
        subject,
        text,
        html,
        language=registration.language,
        stop_url=stop,
        connection=connection,
    )


class RegistrationKind(engine.NoticeKind):
    name = REGISTRATION_KIND

    def build(self, record, context, connection):
        registration = Registration.objects.filter(pk=record.data.get("registration")).first()
        email = registration_message(registration, record.data.get("message"), connection)
        if email is None:
            raise engine.Skip("Cancelled, changed or the event is gone before it went out.")
        return email

    def stop_url(self, record):
        registration = Registration.objects.filter(pk=record.data.get("registration")).first()
        return cancel_url(registration) if registration else ""


class ReminderKind(RegistrationKind):
    name = REMINDER_KIND


def send(registration, message):
    """Queue `message` ("confirmed", "waitlisted", "offer") to one registration."""
    if not registration.email:
        return None
    return RegistrationKind().notify(
        uuid.uuid4().hex,
        [
            (
                registration.email,
                registration.language,
                {"registration": registration.pk, "message": message},
            )
        ],
    )


# -- the day before ---------------------------------------------------------------------------


def queue_reminders(now=None):
    """Write the reminders of events starting within a day (each person once); returns how
    many were queued."""
    now = now or timezone.now()
    keys = set(
        EventPage.objects.live()
        .filter(
            registration_enabled=True, starts_at__gt=now, starts_at__lte=now + timedelta(days=1)
        )
        .values_list("translation_key", flat=True)
    )
    queued = 0
    for key in sorted(keys, key=str):
        already = Notice.objects.filter(mailing__kind=REMINDER_KIND, mailing__key=str(key))
        recipients = [
            (item.email, item.language, {"registration": item.pk, "message": "reminder"})
            for item in Registration.objects.filter(
                event_key=key, status=RegistrationStatus.CONFIRMED
            )
            .exclude(email="")
            .exclude(email__in=already.values("email"))
        ]
        if recipients:
            ReminderKind().notify(str(key), recipients)
            queued += len(recipients)
    return queued
