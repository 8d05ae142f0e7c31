"""The home page's "Next events" as plain data, kept until what it shows changes.

``EventCard`` holds what events/includes/event_card.html prints (strings and the start as an
aware datetime, never a model instance). The next events depend on the clock as well as on
the data: an event leaves the list when it ends. A kept list therefore lives under

- the pages' version (``core.cache.cached_for_pages``): any publish, edit, move, deletion or
  view restriction of a page gives a new one;
- the next end of an event after now (in the home page's language): once the clock passes
  it, the key changes and the list is worked out again.
"""

import bisect
import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language

from core.cache import cached_for_pages
from events.models import EventPage
from home.fragments import public_pages


@dataclass(frozen=True)
class EventCard:
    title: str
    card_url: str
    format_label: str
    starts_at: datetime.datetime
    time_zone: str
    zone_label: str
    venue_name: str
    summary: str


def event_card(event, request):
    return EventCard(
        title=event.title,
        card_url=event.get_url(request) or "",
        format_label=str(event.get_format_display()),
        starts_at=event.starts_at,
        time_zone=event.time_zone,
        zone_label=str(event.zone_label),
        venue_name=event.venue_name,
        summary=event.summary,
    )


def _ends_after(locale_id, now):
    """The ends after `now` of the live events in this language, sorted."""

    def build(since):
        events = public_pages(EventPage.objects.live()).filter(
            locale_id=locale_id, ends_at__gt=since
        )
        return sorted(set(events.values_list("ends_at", flat=True)))

    built_at, ends = cached_for_pages(f"events:ends:{locale_id}", lambda: (now, build(now)))
    if now < built_at:  # the clock went back (a test travelling in time): those are too few
        return build(now)
    return ends


def cached_next_events(request, locale_id, key, build):
    """``build(now)`` (plain data about the next events in this language, on this host),
    kept under the pages' version until the next event ends (module docstring)."""
    now = timezone.now()
    ends = _ends_after(locale_id, now)
    following = bisect.bisect_right(ends, now)
    until = ends[following].isoformat() if following < len(ends) else "never"
    return cached_for_pages(
        f"events:next:{get_language()}:{request.get_host()}:{locale_id}:{key}:{until}",
        lambda: build(now),
    )
