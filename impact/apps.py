from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "impact"
    verbose_name = _("Monitoring and impact")

    def ready(self):
        from core.pages import allow_subpage_types
        from home.models import HomePage
        from impact import receivers  # noqa: F401 - keeps open-data packages current

        allow_subpage_types(HomePage, "impact.ImpactPage")
