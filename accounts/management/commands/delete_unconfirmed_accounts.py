"""``manage.py delete_unconfirmed_accounts``: forget accounts nobody confirmed.

Run it daily (cron, a scheduler, or a systemd timer). An account whose e-mail link was
never followed holds a name and an address we have no use for: after --days days
(30 by default) it is deleted. Accounts confirmed once are never touched, even when
staff have deactivated them; neither are accounts made in the admin (no profile).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone


def unconfirmed_accounts(older_than):
    return get_user_model()._default_manager.filter(
        is_active=False,
        account_profile__confirmed_at__isnull=True,
        account_profile__created_at__lt=timezone.now() - older_than,
    )


class Command(BaseCommand):
    help = "Delete resident accounts never confirmed within --days days (default 30)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days, **options):
        deleted = 0
        # Deleting in small batches keeps each transaction (and its cascades) short.
        while True:
            ids = list(
                unconfirmed_accounts(timedelta(days=days)).values_list("pk", flat=True)[:500]
            )
            if not ids:
                break
            get_user_model()._default_manager.filter(pk__in=ids).delete()
            deleted += len(ids)
        if options["verbosity"] >= 1:
            self.stdout.write(f"Deleted {deleted} unconfirmed account(s).")
