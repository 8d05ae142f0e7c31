"""What events add to the impact page (core/indicators.py): events held, and their
attendees, first-time and repeat. Each call costs a fixed number of queries (the figures of
events/figures.py), whatever the number of events or attendees."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.indicators import ACTIVITIES, OUTPUTS, Indicator
from events.figures import events_of, figures_for
from events.models import EventPage


def moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def held(start, end, process_key=None):
    """{translation key: starts_at} of the events held between the two days (started, and
    before now), under one process when `process_key` is given."""
    high = min(moment(end), timezone.now())
    if process_key is not None:
        events = events_of(process_key)
        return {key: at for key, at in events.items() if moment(start) <= at < high}
    return dict(
        EventPage.objects.live()
        .filter(starts_at__gte=moment(start), starts_at__lt=high)
        .values_list("translation_key", "starts_at")
        .distinct()
    )


def month_of(at):
    return timezone.localtime(at).date().replace(day=1)


class HeldEvents:
    """The events held in a span, and their figures when asked: read once for the four
    indicators of one list. core.indicators keeps that list until the pages change (an
    attendance change purges them) or a cached page would expire, no longer."""

    def __init__(self):
        self.events = {}
        self.figures = {}

    def held(self, start, end, process_key):
        key = (start, end, process_key)
        if key not in self.events:
            self.events[key] = held(start, end, process_key)
        return self.events[key]

    def figures_for(self, start, end, process_key):
        key = (start, end, process_key)
        if key not in self.figures:
            self.figures[key] = figures_for(self.held(start, end, process_key))
        return self.figures[key]


def counted(field=None, found=None):
    """(total, monthly) of events held (no field) or of one of their figures, read through
    `found` (a HeldEvents the indicators of one list share)."""
    found = found or HeldEvents()

    def by_event(start, end, process_key):
        events = found.held(start, end, process_key)
        if field is None:
            return {key: (at, 1) for key, at in events.items()}
        figures = found.figures_for(start, end, process_key)
        return {key: (at, getattr(figures[key], field)) for key, at in events.items()}

    def total(start, end, process_key=None):
        return sum(n for _at, n in by_event(start, end, process_key).values())

    def monthly(start, end, process_key=None):
        months = {}
        for at, n in by_event(start, end, process_key).values():
            months[month_of(at)] = months.get(month_of(at), 0) + n
        return months

    return total, monthly


def impact_indicators():
    found = HeldEvents()
    return [
        Indicator(
            "activities.events",
            ACTIVITIES,
            _("Events held"),
            _("Meetings, workshops and other events on the site that took place in the period."),
            *counted(found=found),
            per_process=True,
            additive=True,
        ),
        Indicator(
            "outputs.attendees",
            OUTPUTS,
            _("Event attendees"),
            _(
                "People who came to the events held in the period: checked in, walk-ins, or "
                "the headcount of an event without registration."
            ),
            *counted("attended", found=found),
            per_process=True,
            additive=True,
        ),
        Indicator(
            "outputs.attendees_first_time",
            OUTPUTS,
            _("First-time attendees"),
            _(
                "Attendees coming to an event on the site for the first time, recognised by "
                "the e-mail address they registered with."
            ),
            *counted("first_time", found=found),
            per_process=True,
            additive=True,
        ),
        Indicator(
            "outputs.attendees_repeat",
            OUTPUTS,
            _("Repeat attendees"),
            _("Attendees who had already come to an earlier event on the site."),
            *counted("repeat", found=found),
            per_process=True,
            additive=True,
        ),
    ]
