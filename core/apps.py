from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Townhall core"

    def ready(self):
        from core import (
            cache,
            checks,  # noqa: F401 - registers the system checks
            csrf,  # noqa: F401 - registers its system check
        )

        # What a public page shows changed: purge the page cache (core/cache.py).
        cache.connect_signals()
