from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "proposals"
    verbose_name = _("Proposals")

    # proposals.views imports the models, so the page reaches it through this config
    # (docs/architecture.md: a page and its views).
    views = None

    def ready(self):
        from core.pages import allow_subpage_types
        from processes.models import ProcessPage
        from proposals import signals, views  # noqa: F401 - signals connects the receivers

        self.views = views
        # A process offers proposals pages without processes naming this app: the feature
        # plugs in on top (docs/architecture.md), and removing it removes the page type.
        allow_subpage_types(ProcessPage, "proposals.ProposalsPage")
