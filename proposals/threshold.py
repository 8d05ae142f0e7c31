"""The support threshold: the supports a proposal needs, by a date, to be assessed.

A page may set ``support_threshold`` (N) and ``threshold_date`` (the last day to reach it).
The rules, in one place (docs/proposals.md):

* Supports count toward the threshold until the **deadline**: the end of the threshold
  date in the site's time zone, or, without a date, the end of the phase (when supports
  close). A support counts when it was confirmed before the deadline and not withdrawn
  before it; a paper or meeting support counts by the day it was given, even when an
  official types it in later. After the deadline the count toward the threshold is frozen:
  a later support or withdrawal changes the public total, not whether it was reached.
* Before the deadline, cards and the proposal's page show the progress ("12 of 50").
* After it, a proposal below the threshold has **missed** it: it is marked so publicly,
  takes no more supports (proposals that reached it take supports until the phase ends,
  as the phase rules say) and is not assessed: its page says so, and the officials' list
  marks it and filters on it. Officials may still answer it (for instance with a template
  "did not reach the threshold"); its state is theirs to set, never changed by the site.
"""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from processes.dates import ONE_DAY, day_start, last_day

from .models import Support


def deadline(page):
    """When supports stop counting toward `page`'s threshold; None without a threshold."""
    if not page.support_threshold:
        return None
    if page.threshold_date:
        return day_start(page.threshold_date) + ONE_DAY
    return page.window[1]


def passed(page, now=None):
    end = deadline(page)
    return end is not None and (now or timezone.now()) >= end


def counted_by(end):
    """Q on Support: what counted toward a threshold whose deadline is `end`."""
    return (
        Q(confirmed_at__isnull=False)
        & (Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=end))
        & (
            Q(input_date__isnull=False, input_date__lte=last_day(end))
            | Q(input_date__isnull=True, confirmed_at__lt=end)
        )
    )


def annotate(queryset, page, now=None):
    """Add ``threshold_count`` (supports counted by the deadline) once it has passed, in
    the same query; before it, the count is the live support count."""
    if not passed(page, now):
        return queryset
    rows = (
        Support.objects.filter(counted_by(deadline(page)), proposal=OuterRef("pk"))
        .order_by()
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        threshold_count=Coalesce(Subquery(rows, output_field=IntegerField()), 0)
    )


def filter_reached(queryset, page, *, reached, now=None):
    """Keep the proposals that reached the threshold (or, ``reached=False``, those below
    it): by the count frozen at the deadline once it passed, else by the live support
    count. `queryset` carries ``support_count`` and, after the deadline, ``annotate``'s
    ``threshold_count`` (proposals.views.annotated gives both)."""
    field = "threshold_count" if passed(page, now) else "support_count"
    lookup = {f"{field}__gte": page.support_threshold}
    return queryset.filter(**lookup) if reached else queryset.exclude(**lookup)


@dataclass(frozen=True)
class Progress:
    needed: int
    count: int  # supports counted toward it (frozen at the deadline once it passed)
    day: object  # the last day to reach it (a date), or None when no date is known
    passed: bool

    @property
    def reached(self):
        return self.count >= self.needed

    @property
    def missed(self):
        return self.passed and not self.reached

    @property
    def percent(self):
        return min(100, self.count * 100 // self.needed) if self.needed else 100

    @property
    def remaining(self):
        return max(0, self.needed - self.count)


def progress(page, proposal, now=None):
    """The proposal's Progress toward the page's threshold, or None without one. Reads the
    ``threshold_count`` / ``support_count`` annotations when present, else counts."""
    if not page.support_threshold:
        return None
    end = deadline(page)
    is_passed = passed(page, now)
    if is_passed:
        count = getattr(proposal, "threshold_count", None)
        if count is None:
            count = Support.objects.filter(counted_by(end), proposal=proposal).count()
    else:
        count = getattr(proposal, "support_count", None)
        if count is None:
            count = Support.objects.active().filter(proposal=proposal).count()
    return Progress(page.support_threshold, count, last_day(end), is_passed)
