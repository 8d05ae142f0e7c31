from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "processes"
    verbose_name = _("Engagement processes")

    # The page models serve through their view modules, which import the models. So the
    # models do not import them: ready() connects them here, once every model is loaded,
    # and the pages reach them through page_views() and feedback_views()
    # (see docs/architecture.md).
    views = None  # processes.views: the consultation document and its threads
    feedback_views = None  # processes.feedback.page: the feedback page

    def ready(self):
        from core.cache import purge_on_change
        from core.pages import allow_subpage_types
        from home.models import HomePage
        from processes import (
            signals,  # noqa: F401 - connects the receivers
            views,
        )
        from processes.feedback import page as feedback_page
        from processes.feedback import receivers  # noqa: F401 - outcome, follow-up e-mails
        from processes.models import Area, CommentReaction, Flag, Phase

        # Like counts show in threads, flags hide comments: a changed one changes pages. A
        # phase or an area is saved with its process's publish, but one saved on its own (a
        # script, a fixture) changes what its process's pages show, which is kept
        # (processes/cards.py, processes/models/phase_window.py).
        purge_on_change(CommentReaction, Flag, Phase, Area)
        self.views = views
        self.feedback_views = feedback_page
        allow_subpage_types(HomePage, "processes.ProcessIndexPage")
