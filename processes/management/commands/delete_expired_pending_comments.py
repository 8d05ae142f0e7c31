"""``manage.py delete_expired_pending_comments``: forget comments nobody confirmed.

Run it daily (cron, a scheduler, or a systemd timer), beside ``send_process_reminders``.
A comment whose confirmation link was never followed holds a name, an address and a
text we have no use for: it is deleted PENDING_COMMENT_RETENTION after its link
expired (until then, the expired link offers to send a new one). Links already used
keep only their hash and are deleted once they would have expired.
"""

from django.core.management.base import BaseCommand

from processes.models import PendingComment


class Command(BaseCommand):
    help = "Delete comments never confirmed by e-mail, and used confirmation links, once expired."

    def handle(self, *args, **options):
        deleted, _by_model = PendingComment.objects.to_delete().delete()
        if options["verbosity"] >= 1:
            self.stdout.write(f"Deleted {deleted} expired comment confirmation(s).")
