from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "blog"
    verbose_name = _("News and data stories")

    def ready(self):
        from core.pages import allow_subpage_types
        from home.models import HomePage

        allow_subpage_types(HomePage, "blog.BlogIndexPage")
