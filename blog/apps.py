from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "blog"
    verbose_name = _("News and data stories")

    def ready(self):
        from blog.sections import latest_news_section
        from home.models.pages import HOME_SECTION_PROVIDERS

        if latest_news_section not in HOME_SECTION_PROVIDERS:
            HOME_SECTION_PROVIDERS.append(latest_news_section)
