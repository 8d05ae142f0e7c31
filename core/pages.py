"""Where a page type may be created, declared by the app that defines it.

A page type of a higher app goes under a page type of a lower one (a survey under a
process, the blog index under the home page), but a lower app never names a higher one
(docs/architecture.md). So each parent lists only its own app's page types in
``subpage_types``, and every other app adds its own page types to the parents it allows,
in its ``AppConfig.ready()``::

    def ready(self):
        from core.pages import allow_subpage_types
        from processes.models import ProcessPage

        allow_subpage_types(ProcessPage, "proposals.ProposalsPage")

The page type still says where it may go with ``parent_page_types``; Wagtail allows a
child under a parent when both agree. Removing the app removes the page type.
"""


def allow_subpage_types(parent, *labels):
    """Let pages of ``labels`` ("app.Model") be created under the page model ``parent``."""
    missing = [label for label in labels if label not in parent.subpage_types]
    if missing:
        parent.subpage_types = [*parent.subpage_types, *missing]
        parent._clean_subpage_models = None  # Wagtail's cache of the resolved list
