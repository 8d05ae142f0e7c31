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

A process's own page keeps what it shows of the process the same way (``ProcessFacts``:
its status and dates, its phases, its image and topic, and the cards of its participation
pages), so an uncached visit reads none of it from the database. A preview works it out
from the page being edited, never from (or into) the cache.
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
PAGE_IMAGE = "fill-1200x600"


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


def card_image(image, spec):
    if image is None:
        return None
    rendition = get_rendition_or_not_found(image, spec)
    return CardImage(rendition.url, rendition.width, rendition.height)


def process_card(process, request):
    """The card of a process from ``listed_processes`` (its status and dates annotated)."""
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
        image=card_image(process.image, CARD_IMAGE),
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


# -- a process's own page -----------------------------------------------------------------


@dataclass(frozen=True)
class PhaseRow:
    """A phase of the timeline (processes/process_page.html)."""

    title: str
    description: str
    first_day: datetime.date | None
    last_day: datetime.date | None
    state: str  # upcoming / current / past, at the facts' "now"


@dataclass(frozen=True)
class ParticipationCard:
    """A participation page under a process (processes/includes/participation_card.html).
    A type with a card of its own names its template and gives what it shows as plain
    values (``card_fields()``: events, their date and place)."""

    title: str
    url: str
    description: str
    state: str  # a ParticipationState value, at the facts' "now"
    state_label: str
    window: tuple  # (opens, closes)
    card_template: str = ""
    fields: dict | None = None


@dataclass(frozen=True)
class ProcessFacts:
    """What a process page shows of its process, at one "now" (see the module docstring)."""

    status: str
    status_label: str
    open_until: datetime.datetime | None
    next_opening: datetime.datetime | None
    participation_end: datetime.datetime | None
    topic: str
    image: CardImage | None
    phases: list
    participation_pages: list


def participation_card(page, request):
    template = getattr(page, "card_template", "")
    return ParticipationCard(
        title=page.title,
        url=page.get_url(request=request),
        description=page.search_description,
        state=str(page.state),
        state_label=str(page.state_label),
        window=tuple(page.window),
        card_template=template,
        fields=page.card_fields(request) if template else None,
    )


def process_facts(process, request, now):
    return ProcessFacts(
        status=process.status_at(now),
        status_label=str(process.status_label),
        open_until=process.open_until_at(now),
        next_opening=process.next_opening_at(now),
        participation_end=process.participation_end,
        topic=process.topic.name if process.topic_id and process.topic else "",
        image=card_image(process.image, PAGE_IMAGE) if process.image_id else None,
        phases=[
            PhaseRow(
                phase.title,
                phase.description,
                phase.first_day,
                phase.last_day,
                phase.state_at(now),
            )
            for phase in process.sorted_phases
        ],
        participation_pages=[
            participation_card(page, request) for page in process.participation_pages()
        ],
    )


def cached_process_facts(process, request):
    """The ProcessFacts of `process` now: kept as a listing is (``cached_listing``), worked
    out afresh for a preview (the page being edited is not the one kept)."""
    if getattr(request, "is_preview", False):
        return process_facts(process, request, timezone.now())
    return cached_listing(
        request, f"process:{process.pk}", lambda now: process_facts(process, request, now)
    )
