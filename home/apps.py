from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Site")

    def ready(self):
        from home import checks  # noqa: F401 - registers the system checks
        from home.fragments import connect_purge_receivers

        connect_purge_receivers()
