from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "processes"
    verbose_name = _("Engagement processes")

    def ready(self):
        from processes import signals  # noqa: F401 - connects the receivers
        from processes.feedback import receivers  # noqa: F401 - outcome, follow-up e-mails
