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


def counted(field=None):
    """(total, monthly) of events held (no field) or of one of their figures."""

    def by_event(start, end, process_key):
        events = held(start, end, process_key)
        if field is None:
            return {key: (at, 1) for key, at in events.items()}
        figures = figures_for(events)
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
    return [
        Indicator(
            "activities.events",
            ACTIVITIES,
            _("Events held"),
            _("Meetings, workshops and other events on the site that took place in the period."),
            *counted(),
            per_process=True,
        ),
        Indicator(
            "outputs.attendees",
            OUTPUTS,
            _("Event attendees"),
            _(
                "People who came to the events held in the period: checked in, walk-ins, or "
                "the headcount of an event without registration."
            ),
            *counted("attended"),
            per_process=True,
        ),
        Indicator(
            "outputs.attendees_first_time",
            OUTPUTS,
            _("First-time attendees"),
            _(
                "Attendees coming to an event on the site for the first time, recognised by "
                "the e-mail address they registered with."
            ),
            *counted("first_time"),
            per_process=True,
        ),
        Indicator(
            "outputs.attendees_repeat",
            OUTPUTS,
            _("Repeat attendees"),
            _("Attendees who had already come to an earlier event on the site."),
            *counted("repeat"),
            per_process=True,
        ),
    ]
