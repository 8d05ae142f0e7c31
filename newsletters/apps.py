from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self):
        from core.exports import register_export_kind
        from newsletters import receivers  # noqa: F401 - write wishes through to delivery
        from newsletters.resources import subscriber_table

        register_export_kind("subscribers", subscriber_table)
