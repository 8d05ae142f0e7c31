"""``manage.py send_process_reminders``: e-mail the followers of processes what is due now.

Run it every hour (cron, a scheduler, or a systemd timer). It sends, to people who follow
a process, each notice once: a participation phase has opened, a phase closes in a week,
the feedback is published. Running it twice, or two copies at once, sends nothing twice:
every notice is recorded (unique per follower, phase and kind) before it goes out. A notice
that fails is tried again on the next run.

It also pins the consulted version of every consultation that has closed, so the
"what changed" comparison survives ``purge_revisions``.
"""

from django.core.management.base import BaseCommand

from processes.notifications import pin_closed_consultations, send_due_notices


class Command(BaseCommand):
    help = (
        "Send due notices to the followers of processes (a phase opened, closes in a week, "
        "feedback published), each once. Safe to run every hour."
    )

    def handle(self, *args, **options):
        pinned = pin_closed_consultations()
        counts = send_due_notices()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Sent {counts['sent']} notice(s); {counts['failed']} failed and will be "
                f"tried again by the delivery engine. Pinned {pinned} consulted version(s)."
            )
