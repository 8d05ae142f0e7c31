"""The events' periodic task: reminders the day before, and lapsed waitlist offers.

``queue_event_reminders`` is scheduled like the delivery engine's re-queue
(docs/delivery.md): it queues its own next run *first* (``EVENTS_REMINDER_SECONDS``,
default one hour, with django-tasks-db's ``run_after``), so a worker killed while it runs
does not break the chain; then it writes the reminders of events starting within a day
(one ``event-reminder`` mailing per event: each person is reminded once however often it
runs), passes offers whose deadline went by to the next person waiting, and erases the
personal data of no-shows once ``EVENTS_NO_SHOW_RETENTION_DAYS`` have passed. Registering for
an event makes sure a run is waiting. ``manage.py queue_event_reminders`` does the same
from cron or a systemd timer, as a backstop::

    15 * * * *  cd /srv/townhall && .venv/bin/python manage.py queue_event_reminders
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from core.conf import setting
from events import notifications, registrations
from events.models import EventPage, Registration, RegistrationStatus


def reminder_task_scheduled():
    if not isinstance(queue_event_reminders.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        task_path=queue_event_reminders.module_path, status="READY"
    ).exists()


def ensure_reminder_task():
    """Schedule the next reminder run unless one is waiting (needs a backend that can wait)."""
    if not queue_event_reminders.get_backend().supports_defer or reminder_task_scheduled():
        return False
    at = timezone.now() + timedelta(seconds=setting("EVENTS_REMINDER_SECONDS"))
    queue_event_reminders.using(run_after=at).enqueue()
    return True


@task()
def queue_event_reminders():
    """Schedule the next run first (the chain survives a killed worker), then queue the
    reminders and pass lapsed offers on."""
    ensure_reminder_task()
    lapsed = expire_all_offers()
    return {
        "reminders": notifications.queue_reminders(),
        "lapsed_offers": lapsed,
        "forgotten": forget_no_shows(),
    }


def forget_no_shows(now=None):
    """Erase the personal data of people who registered but did not come, once
    ``EVENTS_NO_SHOW_RETENTION_DAYS`` have passed since their event ended.

    The rows stay, emptied of name, address and needs, so every count (registered,
    cancelled, waitlisted) is kept exactly; nothing identifies anyone any more."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=setting("EVENTS_NO_SHOW_RETENTION_DAYS"))
    ended = EventPage.objects.filter(ends_at__lt=cutoff).values("translation_key")
    return (
        Registration.objects.filter(event_key__in=ended, attended_at__isnull=True)
        .exclude(name="", email="", accessibility_needs="")
        .update(name="", email="", accessibility_needs="")
    )


def expire_all_offers(now=None):
    """Offers past their deadline lapse; the next person waiting is offered the place."""
    now = now or timezone.now()
    keys = set(
        Registration.objects.filter(
            status=RegistrationStatus.OFFERED, offered_until__lte=now
        ).values_list("event_key", flat=True)
    )
    count = 0
    for key in keys:
        event = notifications.event_in(key, "")
        if event is not None:
            count += registrations.expire_offers(event, now=now)
    return count
