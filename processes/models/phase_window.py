"""What a participation page under a process shares when its window is a phase or dates."""

from django.utils.functional import cached_property

from core.cache import cached_for_pages
from core.participation import ParticipationPage
from processes.dates import first_day, last_day

from .process import Area, Phase

AREA_FIELDS = ("id", "translation_key", "locale_id", "sort_order", "page_id", "name")


def phase_dates(phase_id):
    """(start, end) of a phase, or None when it is gone: kept under the pages' version. A
    phase's rows change only when its process is published, which purges the pages (a
    draft keeps its edited phases in the revision), so what is kept is what the database
    holds; a lone consultation or thread page then asks nothing for its dates."""
    return cached_for_pages(
        f"processes:phase-dates:{phase_id}",
        lambda: Phase.objects.filter(pk=phase_id).values_list("start", "end").first(),
    )


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
        if not self.phase_id:
            return None, None
        if self._meta.get_field("phase").is_cached(self):  # read with the page, or set
            phase = self.phase
            return (phase.start, phase.end) if phase is not None else (None, None)
        return phase_dates(self.phase_id) or (None, None)

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
        """The areas its process offers, in this page's language. Their rows are kept under
        the pages' version (a process's areas change with its publish, or a saved area
        purges the pages: processes/apps.py), so a thread page asks nothing for them."""
        process = self.process
        if process is None:
            return []
        rows = cached_for_pages(
            f"processes:areas:{process.pk}",
            lambda: list(
                Area.objects.filter(page_id=process.pk)
                .order_by("sort_order", "pk")
                .values_list(*AREA_FIELDS)
            ),
        )
        return [Area.from_db(None, AREA_FIELDS, row) for row in rows]

    @property
    def comment_key(self):
        """What comments are filed under: shared by every translation of this page."""
        return self.translation_key
