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
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

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


def indicators():
    """Every registered indicator, in hook order, each key once."""
    found = {}
    for provide in hooks.get_hooks(HOOK):
        for indicator in provide() or []:
            found.setdefault(indicator.key, indicator)
    return list(found.values())


def impact_page_url(language, process=None):
    """The address of the live, public impact page in `language` (narrowed to `process`
    when given), or None when that language has none (one query)."""
    for find in hooks.get_hooks(PAGE_HOOK):
        url = find(language, process)
        if url:
            return url
    return None
