"""Events as a participation type (see core/participation.py and docs/participation.md).

* ``AttendanceSource``: people who came to an event under a process, counted as input
  with channel "meeting" on the day of the event, in the language they chose when they
  registered (the event's language for a headcount). Participants are the attendees'
  addresses; walk-ins without one and headcounts are anonymous.
* Comments entered after a meeting are comments: the type lists the consultation's
  comment source beside attendance, so they are counted once.
* ``EventParticipation``: its export (registrations and attendance, personal data only
  when asked), its e-mail kinds, its key figures for the process's feedback page and
  dashboard (registered, attended, walk-ins, first-time, repeat, contributions made at the
  events) and its held events as items a feedback theme can cite (``"event:<key>"``).
"""

import uuid
from collections import Counter

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import get_language, gettext, gettext_lazy

from core.participation import (
    CitableItem,
    ContributionCount,
    ContributionSource,
    DataField,
    ExportTable,
    KeyFigure,
    OpenDataTable,
    Participants,
    ParticipationType,
)
from core.spreadsheets import sheet_title
from events.figures import EventFigures, events_of, figures_for
from events.models import EventPage, Headcount, Registration
from events.notifications import REGISTRATION_KIND, REMINDER_KIND
from processes import metrics
from processes.models import Channel
from processes.participation import comments


def local_day(value):
    return timezone.localtime(value).date() if value else None


class AttendanceSource(ContributionSource):
    key = "event-attendance"
    label = gettext_lazy("Attendance at events")

    def counts(self, process):
        starts = events_of(process)
        if not starts:
            return []
        totals = Counter()
        rows = (
            Registration.objects.filter(event_key__in=starts, attended_at__isnull=False)
            .order_by()
            .values_list("event_key", "language")
            .annotate(n=Count("pk"))
        )
        attended = Counter()
        for key, language, n in rows:
            totals[(language or settings.LANGUAGE_CODE, local_day(starts[key]))] += n
            attended[key] += n
        for key, count in Headcount.objects.filter(event_key__in=starts).values_list(
            "event_key", "count"
        ):
            extra = max(0, count - attended[key])
            if extra:
                totals[(settings.LANGUAGE_CODE, local_day(starts[key]))] += extra
        return [
            ContributionCount(Channel.MEETING, language, day, None, n)
            for (language, day), n in sorted(totals.items(), key=str)
        ]

    def participants(self, process):
        starts = events_of(process)
        if not starts:
            return Participants()
        identities, anonymous = set(), 0
        attended = Counter()
        for key, email in Registration.objects.filter(
            event_key__in=starts, attended_at__isnull=False
        ).values_list("event_key", "email"):
            attended[key] += 1
            if email:
                identities.add(f"email:{email.lower()}")
            else:
                anonymous += 1
        for key, count in Headcount.objects.filter(event_key__in=starts).values_list(
            "event_key", "count"
        ):
            anonymous += max(0, count - attended[key])
        return Participants(frozenset(identities), anonymous)

    def review_entries(self):
        return []


attendance = AttendanceSource()


CITABLE_PREFIX = "event:"


def citable(event):
    """An event as a feedback theme's citation: its date, title, and its minutes (else its
    summary) as the text."""
    text = " ".join(strip_tags(event.minutes).split()) if event.minutes else event.summary
    return CitableItem(
        id=f"{CITABLE_PREFIX}{event.translation_key}",
        number=date_format(event.local_start.date(), "SHORT_DATE_FORMAT"),
        label=event.title,
        text=text,
        page_id=event.pk,
        page_title=event.title,
        current=event.live,
        kind="event",
        url=(event.url or "") if event.live else "",
    )


def yes_no(value):
    return gettext("yes") if value else gettext("no")


class EventParticipation(ParticipationType):
    key = "event"
    label = gettext_lazy("Event")
    model = EventPage
    sources = (attendance, comments)
    notification_kinds = (REGISTRATION_KIND, REMINDER_KIND)

    figures_heading = gettext_lazy("Meetings and events")

    def key_figures(self, process):
        """The process's events in figures, once one has been held: the same counts as its
        timeline and each event's page (events.figures), nobody's identity."""

        def count():
            now = timezone.now()
            held = [key for key, start in events_of(process).items() if start <= now]
            total = EventFigures()
            for item in figures_for(held).values():
                total = total + item
            return len(held), total

        # Eight queries: kept with the process's figures, which a registration, a check-in
        # or a meeting input forgets (events/signals.py).
        held, total = metrics.cached(metrics.figures_key(process), "events-held", count)
        if not held:
            return []
        return [
            KeyFigure("events", gettext("Events held"), held),
            KeyFigure("registered", gettext("Registered"), total.registered),
            KeyFigure("attended", gettext("Attended"), total.attended),
            KeyFigure("walk_ins", gettext("Walk-ins"), total.walk_ins),
            KeyFigure("first_time", gettext("First time at one of our events"), total.first_time),
            KeyFigure("repeat", gettext("Came before"), total.repeat),
            KeyFigure(
                "contributions", gettext("Contributions made at the events"), total.contributions
            ),
        ]

    def citable_items(self, process):
        """The process's held events, so a theme can cite what came out of one."""
        now = timezone.now()
        events = (
            EventPage.objects.child_of(process)
            .filter(starts_at__lte=now)
            .order_by("starts_at", "pk")
        )
        return [citable(event) for event in events]

    def find_citable(self, item_id):
        value = str(item_id)
        if not value.startswith(CITABLE_PREFIX):
            return None
        try:
            key = uuid.UUID(value[len(CITABLE_PREFIX) :])
        except ValueError:
            return None
        pages = EventPage.objects.filter(translation_key=key).select_related("locale")
        event = pages.filter(locale__language_code=get_language()).first() or pages.first()
        return citable(event) if event is not None else None

    def export_table(self, page, *, params=None, include_personal_data=False):
        columns = [
            gettext("Status"),
            gettext("Walk-in"),
            gettext("Reserved place"),
            gettext("Preferred language"),
            gettext("Registered"),
            gettext("Checked in"),
        ]
        if include_personal_data:
            columns += [gettext("Name"), gettext("E-mail address"), gettext("Accessibility needs")]
        rows = []
        for item in Registration.objects.filter(event_key=page.translation_key).order_by(
            "created_at", "pk"
        ):
            row = [
                item.get_status_display(),
                yes_no(item.walk_in),
                yes_no(item.reserved),
                item.language,
                timezone.localtime(item.created_at).replace(tzinfo=None),
                timezone.localtime(item.attended_at).replace(tzinfo=None)
                if item.attended_at
                else "",
            ]
            if include_personal_data:
                row += [item.name, item.email, item.accessibility_needs]
            rows.append(row)
        return ExportTable(
            title=sheet_title(gettext("Registrations"), page.title),
            columns=columns,
            rows=rows,
            name="registrations",
        )

    def open_data_tables(self, process):
        """Each event of the process with its counts (no names, no addresses)."""
        starts = events_of(process)
        figures = figures_for(starts)
        titles = {}
        for page in EventPage.objects.filter(translation_key__in=starts).select_related("locale"):
            if page.translation_key not in titles or page.locale_id == process.locale_id:
                titles[page.translation_key] = (page.title, page.format)
        rows = []
        for key, at in sorted(starts.items(), key=lambda item: item[1]):
            title, event_format = titles.get(key, ("", ""))
            item = figures[key]
            rows.append(
                [
                    str(key),
                    title,
                    event_format,
                    at.isoformat(),
                    item.registered,
                    item.waitlisted,
                    item.attended,
                    item.walk_ins,
                    item.first_time,
                    item.repeat,
                    item.contributions,
                ]
            )
        return [
            OpenDataTable(
                name="events",
                title=gettext_lazy("Events"),
                description=gettext_lazy(
                    "The process's events with their counts: registrations, attendance "
                    "and the contributions gathered there. Nobody's name or address."
                ),
                fields=[
                    DataField("event", "string", gettext_lazy("The event's id")),
                    DataField("title", "string", gettext_lazy("Title")),
                    DataField("format", "string", gettext_lazy("in-person, online or hybrid")),
                    DataField("starts", "datetime", gettext_lazy("When it started")),
                    DataField("registered", "integer", gettext_lazy("Confirmed registrations")),
                    DataField("waitlisted", "integer", gettext_lazy("People on the waiting list")),
                    DataField("attended", "integer", gettext_lazy("People who came")),
                    DataField("walk_ins", "integer", gettext_lazy("Of them, walk-ins")),
                    DataField(
                        "first_time", "integer", gettext_lazy("Attendees at their first event")
                    ),
                    DataField("repeat", "integer", gettext_lazy("Attendees who came before")),
                    DataField(
                        "contributions", "integer", gettext_lazy("Contributions gathered there")
                    ),
                ],
                rows=rows,
            )
        ]
