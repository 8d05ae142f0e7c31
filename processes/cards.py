"""Process cards (home page, process index) as plain data, kept until what they show changes.

Working a listing out costs more in Python than in the database: the query that gives each
process its status and listing order (``listed_processes``) takes Django longer to build
than SQLite or PostgreSQL to answer. So the cards a listing shows are kept as plain data
(``ProcessCard``: strings, dates and the image's address, never a model instance), and the
template only prints them.

A card's status and dates depend on the clock as well as on the data: a process opens or
closes at an instant of its windows or phases. A kept listing therefore lives under

- the pages' version (``core.cache.cached_for_pages``): any publish, edit, move, deletion
  or view restriction of a page, any topic or image change, gives a new one;
- the next instant after now at which any process's status or order may change (the next
  start or end of a stored window or of a phase): once the clock passes it, the key changes
  and the listing is worked out again, so a process shows as open from the second it opens.
"""

import bisect
import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.images.shortcuts import get_rendition_or_not_found

from core.cache import cached_for_pages

CARD_IMAGE = "fill-640x360"


@dataclass(frozen=True)
class CardImage:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class ProcessCard:
    """What processes/includes/process_card.html shows of a process."""

    title: str
    url: str
    summary: str
    status: str  # a ProcessStatus value, at the listing's "now"
    status_label: str  # in the listing's language, as every text of the card
    level_label: str
    topic: str
    open_until: datetime.datetime | None
    next_opening: datetime.datetime | None
    participation_end: datetime.datetime | None
    image: CardImage | None


def process_card(process, request):
    """The card of a process from ``listed_processes`` (its status and dates annotated)."""
    image = None
    if process.image is not None:
        rendition = get_rendition_or_not_found(process.image, CARD_IMAGE)
        image = CardImage(rendition.url, rendition.width, rendition.height)
    return ProcessCard(
        title=process.title,
        url=process.get_url(request=request),
        summary=process.summary,
        status=process.current_status,
        status_label=str(process.status_label),
        level_label=str(process.get_level_display()),
        topic=process.topic.name if process.topic else "",
        open_until=process.open_until,
        next_opening=process.next_opening,
        participation_end=process.participation_end,
        image=image,
    )


def process_cards(processes, request):
    return [process_card(process, request) for process in processes]


def _changes_after(now):
    """The instants after `now` at which a process's status or listing order may change,
    sorted: every start and end of a stored window or a phase still to come."""

    def build(since):
        # The models' module imports this one: the app registry breaks the cycle.
        window_model = apps.get_model("processes", "ProcessWindow")
        phase_model = apps.get_model("processes", "Phase")
        instants = set()
        windows = window_model.objects.filter(Q(opens__gt=since) | Q(closes__gt=since))
        instants.update(*windows.values_list("opens", "closes"))
        phases = phase_model.objects.filter(Q(start__gt=since) | Q(end__gt=since))
        instants.update(*phases.values_list("start", "end"))
        return sorted(instant for instant in instants if instant is not None and instant > since)

    built_at, instants = cached_for_pages("processes:status-changes", lambda: (now, build(now)))
    if now < built_at:  # the clock went back (a test travelling in time): those are too few
        return build(now)
    return instants


def cached_listing(request, key, build):
    """``build(now)`` (plain data about listed processes, in this language and on this
    host), kept under the pages' version until the next status change (module docstring)."""
    now = timezone.now()
    changes = _changes_after(now)
    following = bisect.bisect_right(changes, now)
    until = changes[following].isoformat() if following < len(changes) else "never"
    return cached_for_pages(
        f"processes:listing:{get_language()}:{request.get_host()}:{key}:{until}",
        lambda: build(now),
    )
