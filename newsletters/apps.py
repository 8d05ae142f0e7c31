from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self):
        from core.exports import register_export_kind
        from core.pages import allow_subpage_types
        from home.models import HomePage
        from newsletters import receivers  # noqa: F401 - write wishes through to delivery
        from newsletters.resources import subscriber_table

        allow_subpage_types(HomePage, "newsletters.NewsletterIndexPage")

        register_export_kind("subscribers", subscriber_table)
