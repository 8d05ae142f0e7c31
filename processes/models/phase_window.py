"""What a participation page under a process shares when its window is a phase or dates."""

from django.utils.functional import cached_property

from core.participation import ParticipationPage
from processes.dates import first_day, last_day

from .process import Area


class PhaseWindowPage(ParticipationPage):
    """Mixin for a participation page under a ``ProcessPage`` with a ``phase`` foreign key
    and its own ``opens_at`` / ``closes_at``: open while its own dates run when both are
    given, otherwise while its phase runs. The consultation and the proposals page use it.

    It also answers what the comment code asks of such a page: its process, the areas the
    process offers, and the key its comments are filed under.
    """

    @classmethod
    def with_window(cls, queryset):
        return queryset.select_related("phase")

    def participation_window(self):
        """(opens, closes): its own dates when given, otherwise its phase's."""
        if self.opens_at and self.closes_at:
            return self.opens_at, self.closes_at
        if self.phase_id and self.phase is not None:
            return self.phase.start, self.phase.end
        return None, None

    @property
    def first_day(self):
        return first_day(self.window[0])

    @property
    def last_day(self):
        return last_day(self.window[1])

    @cached_property
    def process(self):
        parent = self.get_parent()
        return parent.specific if parent is not None else None

    @cached_property
    def areas(self):
        """The areas its process offers, in this page's language."""
        process = self.process
        if process is None:
            return []
        return list(Area.objects.filter(page_id=process.pk).order_by("sort_order", "pk"))

    @property
    def comment_key(self):
        """What comments are filed under: shared by every translation of this page."""
        return self.translation_key
