"""Settings of the real db_worker processes in the fault tests (tests/delivery/test_faults.py).

The test settings, plus the database task backend, a real SMTP server on EMAIL_PORT, and
the engine's timings shrunk so that a lease runs out and a retry comes due in seconds.
"""

import os

from townhall.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_TIMEOUT = 5
DELIVERY_LEASE_SECONDS = 2
DELIVERY_REQUEUE_SECONDS = 1
DELIVERY_RETRY_SECONDS = 0.5
DELIVERY_RETRY_MAX_SECONDS = 2
DELIVERY_MAX_ATTEMPTS = 100
NEWSLETTER_BATCH_SIZE = 25
NEWSLETTER_PARALLEL_TASKS = 2


class _NoMigrations(dict):
    """Every app's tables straight from its models (like pytest --nomigrations): fast."""

    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


MIGRATION_MODULES = _NoMigrations()
