from django.core.management.base import BaseCommand

from events.notifications import queue_reminders
from events.tasks import ensure_reminder_task, expire_all_offers, forget_no_shows


class Command(BaseCommand):
    help = (
        "Queue the reminders of events starting within a day, pass lapsed waitlist offers "
        "on, and make sure the periodic reminder task is scheduled (a cron backstop)."
    )

    def handle(self, *args, **options):
        lapsed = expire_all_offers()
        queued = queue_reminders()
        forgotten = forget_no_shows()
        ensure_reminder_task()
        self.stdout.write(
            f"{queued} reminder(s) queued, {lapsed} offer(s) lapsed, "
            f"{forgotten} no-show registration(s) erased."
        )
