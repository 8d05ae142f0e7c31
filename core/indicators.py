"""Indicators of the impact framework: what each app counts for "How we engage".

The impact page (impact/) shows a logic model: inputs → activities → outputs → outcomes →
impacts. Each app registers the indicators it can count with the Wagtail hook
``register_impact_indicators`` (a function returning a list of ``Indicator``); outcomes are
derived (each output's change over time). Events register meetings and attendees, surveys
their perception measures, and so on, without the impact page knowing them.

An indicator answers ``total(start, end, process_key)`` (the figure for days ``start`` ≤ day
< ``end``, for one process when ``process_key`` is given and the indicator can be narrowed,
else for the whole site) and optionally ``monthly(start, end, process_key)`` ({first day of
month: figure}). Each must cost a fixed number of queries, whatever the amount of data.

A figure that rests on people's answers (a perception measure) is a ``Reading``: its value,
the responses it rests on and every count it reveals; public views show "fewer than 5
responses" instead of its value when one of those counts is under the small-count
threshold. Such an indicator says how its change is read (``change=POINTS``: the
difference, since a percentage change of a share or a mean means little), whether it may be
shown in public (``public``) and which processes it belongs to (``processes``: the impact
page leaves it out when another process is chosen).

**Cost.** A page compares two periods: ``figures_of`` gives an indicator's figure for a
period, for the period before it and by month, in one go. An indicator whose figure over
whole months is the sum of its monthly figures (a count, a sum) says so (``additive``) and
costs one ``monthly`` call for all three; one that can do better itself gives ``figures``
(a perception measure: one grouped query); any other costs two ``total`` calls and one
``monthly``. The list itself (``indicators()``) is built once per language until the next
purge of the public pages (core.cache): building it reads the database (the live surveys'
measures, the forms), and a change to any of that purges the pages.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from wagtail import hooks

from core.cache import pages_version
from core.conf import setting

HOOK = "register_impact_indicators"
# The address of the public page that shows the indicators ("How we engage") in a language,
# for the pages that point at it (a survey's results mark its perception measures): a
# function of (language code, process page or None) returning the address or None.
PAGE_HOOK = "impact_page_url"

INPUTS, ACTIVITIES, OUTPUTS, OUTCOMES, IMPACTS = (
    "inputs",
    "activities",
    "outputs",
    "outcomes",
    "impacts",
)
STEPS = (INPUTS, ACTIVITIES, OUTPUTS, OUTCOMES, IMPACTS)
RELATIVE, POINTS = "relative", "points"  # how an indicator's change is given


@dataclass(frozen=True)
class Reading:
    """A figure resting on answers: its value (None without any), how many responses it
    rests on, and every count it reveals (suppressed in public when one is small)."""

    value: float | None
    responses: int
    counts: tuple = ()

    def is_small(self, threshold):
        return any(0 < count < threshold for count in (self.responses, *self.counts))


@dataclass(frozen=True)
class Indicator:
    key: str
    step: str
    label: str
    definition: str
    total: Callable
    monthly: Callable | None = None
    per_process: bool = False  # total() and monthly() can be narrowed to one process
    decimals: int = 0
    source: str = ""  # where a figure entered by hand comes from
    unit: str = ""  # "%" for a share
    change: str = RELATIVE  # or POINTS: the difference from the previous period
    public: bool = True  # False: officials only (never on a public page)
    processes: frozenset = frozenset()  # the processes it belongs to, when only some
    # The figure over whole months is the sum of the monthly figures (module docstring).
    additive: bool = False
    # figures(start, end, previous_start, process_key) -> (total, previous total, monthly)
    figures: Callable | None = None


def figures_of(indicator, start, end, previous_start, process_key=None):
    """(figure for days ``start`` ≤ day < ``end``, figure for ``previous_start`` ≤ day <
    ``start``, monthly figures over the first span or None): the same as two ``total``
    calls and one ``monthly`` call, at the cost of one call when the indicator allows it.
    ``start`` must be the first day of a month for the monthly shortcut."""
    if indicator.figures is not None:
        return indicator.figures(start, end, previous_start, process_key)
    if indicator.additive and indicator.monthly is not None and start.day == 1:
        months = indicator.monthly(previous_start, end, process_key)
        series = {month: value for month, value in months.items() if month >= start}
        before = [value for month, value in months.items() if month < start]
        return sum(series.values()), sum(before), series
    series = None
    if indicator.monthly is not None:
        series = indicator.monthly(start, end, process_key)
    return (
        indicator.total(start, end, process_key),
        indicator.total(previous_start, start, process_key),
        series,
    )


# (pages version, language) -> (when built, [Indicator]): kept in the process, not in the
# shared cache, because an indicator holds functions (which do not pickle).
_built = {}


def indicators():
    """Every registered indicator, in hook order, each key once.

    Built once per language (labels and definitions are in the reader's language) and
    kept until the pages' version changes (core.cache.purge_public_pages: a page published,
    a survey response, an attendance, a form...) or ``PAGE_CACHE_TIMEOUT`` seconds pass:
    whether a measure's results are public and which events were held follow the clock,
    and an indicator may keep what it read for the life of its list (events do), so never
    staler than a cached page.
    """
    key = (pages_version(), translation.get_language() or settings.LANGUAGE_CODE)
    now = timezone.now()
    kept = _built.get(key)
    if kept is not None and kept[0] <= now < kept[0] + _lifetime():
        return list(kept[1])
    found = {}
    for provide in hooks.get_hooks(HOOK):
        for indicator in provide() or []:
            found.setdefault(indicator.key, indicator)
    built = list(found.values())
    for old in [old for old in _built if old[0] != key[0]]:
        _built.pop(old, None)
    _built[key] = (now, built)
    return list(built)


def _lifetime():
    return datetime.timedelta(seconds=setting("PAGE_CACHE_TIMEOUT"))


def impact_page_url(language, process=None):
    """The address of the live, public impact page in `language` (narrowed to `process`
    when given), or None when that language has none (one query)."""
    for find in hooks.get_hooks(PAGE_HOOK):
        url = find(language, process)
        if url:
            return url
    return None
