"""`manage.py requeue_deliveries`: heal the delivery engine now and keep its re-queue running.

Cron or a systemd timer runs it every few minutes as a backstop (docs/delivery.md): it puts
back the rows of dead workers, enqueues a sender for every message with due work, and makes
sure the self-scheduling ``requeue_deliveries`` task is waiting in the queue. Safe to run
at any time, as often as wanted; it sends nothing itself.
"""

from django.core.management.base import BaseCommand

from delivery import engine


class Command(BaseCommand):
    help = "Re-queue deliveries whose worker died and start senders for due work."

    def handle(self, *args, **options):
        requeued, started = engine.requeue()
        scheduled = engine.ensure_watchdog()
        self.stdout.write(
            f"{requeued} deliveries re-queued, {started} senders started"
            + (", periodic re-queue scheduled" if scheduled else "")
        )
