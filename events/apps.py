from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Events")

    # EventPage serves through events.views, which imports the models: ready() keeps it
    # here and the page reaches it through events.models.event_views()
    # (docs/architecture.md).
    views = None

    def ready(self):
        from core.pages import allow_subpage_types
        from events import (
            signals,  # noqa: F401 - connects the receivers
            views,
        )
        from home.models import HomePage
        from processes.models import ProcessPage

        self.views = views
        # An event may sit under a process. processes does not know events (it must not
        # import a feature app), so events adds itself to the process's allowed children.
        allow_subpage_types(ProcessPage, "events.EventPage")
        allow_subpage_types(HomePage, "events.EventIndexPage")
