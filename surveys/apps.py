from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "surveys"
    verbose_name = _("Surveys")

    # surveys.views imports the models, so the page reaches it through this config
    # (see docs/architecture.md), connected once every model is loaded.
    views = None

    def ready(self):
        from core.pages import allow_subpage_types
        from home.models import HomePage
        from processes.models import ProcessPage
        from surveys import (
            signals,  # noqa: F401 - connects the receivers
            views,
        )

        self.views = views
        # A survey stands under a process or on its own under the home page.
        allow_subpage_types(ProcessPage, "surveys.SurveyPage")
        allow_subpage_types(HomePage, "surveys.SurveyPage")
