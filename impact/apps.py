from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "impact"
    verbose_name = _("Monitoring and impact")

    def ready(self):
        from impact import receivers  # noqa: F401 - keeps open-data packages current
