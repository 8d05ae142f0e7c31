from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Townhall core"

    def ready(self):
        from core import cache

        # What a public page shows changed: purge the page cache (core/cache.py).
        cache.connect_signals()
