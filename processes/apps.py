from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "processes"
    verbose_name = _("Engagement processes")

    def ready(self):
        from home.models.pages import HOME_SECTION_PROVIDERS
        from processes import signals  # noqa: F401 - connects the receivers
        from processes.feedback import receivers  # noqa: F401 - outcome, follow-up e-mails
        from processes.views import open_processes_section

        if open_processes_section not in HOME_SECTION_PROVIDERS:
            HOME_SECTION_PROVIDERS.append(open_processes_section)
