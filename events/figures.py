"""Figures of events: registered, attended, walk-ins, first-time and repeat, input gathered.

First-time versus repeat is worked out across every event from the attendees' e-mail
addresses (lower-cased), in a fixed number of queries whatever the number of events: an
attendee is *repeat* at an event when they attended an earlier one. Only counts leave this
module; nobody's identity is shown on a public page. Walk-ins who gave no address count as
attended and as walk-ins, neither first-time nor repeat.
"""

import functools
import operator
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.db.models.functions import Lower
from wagtail.models import Page

from core import meetings
from events.models import EventPage, Headcount, MeetingInput, Registration, RegistrationStatus


@dataclass
class EventFigures:
    registered: int = 0
    waitlisted: int = 0
    attended: int = 0
    walk_ins: int = 0
    headcount: int | None = None
    first_time: int = 0
    repeat: int = 0
    contributions: int = 0

    def __add__(self, other):
        return EventFigures(
            self.registered + other.registered,
            self.waitlisted + other.waitlisted,
            self.attended + other.attended,
            self.walk_ins + other.walk_ins,
            None,
            self.first_time + other.first_time,
            self.repeat + other.repeat,
            self.contributions + other.contributions,
        )


def first_attendance():
    """{identity: translation key of the first event they attended} (two queries)."""
    starts = dict(EventPage.objects.values_list("translation_key", "starts_at").distinct())
    rows = (
        Registration.objects.filter(attended_at__isnull=False)
        .exclude(email="")
        .annotate(address=Lower("email"))
        .values_list("address", "event_key")
        .distinct()
    )
    first = {}
    for address, key in rows:
        start = starts.get(key)
        if start is None:
            continue
        current = first.get(address)
        if current is None or (start, str(key)) < current[0]:
            first[address] = ((start, str(key)), key)
    return {address: key for address, (_order, key) in first.items()}


def figures_for(keys):
    """{event key: EventFigures} for events with these translation keys, in six queries and
    one per kind of input linked to them."""
    keys = list(keys)
    result = {key: EventFigures() for key in keys}
    rows = (
        Registration.objects.filter(event_key__in=keys)
        .order_by()
        .values("event_key")
        .annotate(
            registered=Count("pk", filter=Q(walk_in=False, status=RegistrationStatus.CONFIRMED)),
            waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
            attended=Count("pk", filter=Q(attended_at__isnull=False)),
            walk_ins=Count("pk", filter=Q(walk_in=True)),
        )
    )
    for row in rows:
        figures = result[row["event_key"]]
        figures.registered = row["registered"]
        figures.waitlisted = row["waitlisted"]
        figures.attended = row["attended"]
        figures.walk_ins = row["walk_ins"]
    for key, count in Headcount.objects.filter(event_key__in=keys).values_list(
        "event_key", "count"
    ):
        result[key].headcount = count
        result[key].attended = max(result[key].attended, count)
    first = first_attendance()
    attendees = (
        Registration.objects.filter(event_key__in=keys, attended_at__isnull=False)
        .exclude(email="")
        .annotate(address=Lower("email"))
        .values_list("event_key", "address")
        .distinct()
    )
    for key, address in attendees:
        if first.get(address) == key:
            result[key].first_time += 1
        else:
            result[key].repeat += 1
    for key, count in counted_inputs(keys).items():
        result[key].contributions = count
    return result


def counted_inputs(keys):
    """{event key: how many of its linked records count as input}: what each kind's figures
    count (core.meetings ``counted``), so a comment hidden or deleted after the meeting,
    a withdrawn proposal or an unfinished questionnaire is not a contribution made there.
    One query for the links, one per kind of record linked."""
    linked = defaultdict(list)
    for key, content_type_id, object_id in MeetingInput.objects.filter(
        event_key__in=keys
    ).values_list("event_key", "content_type_id", "object_id"):
        linked[content_type_id].append((key, object_id))
    result = Counter()
    for content_type_id, links in linked.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        kind = meetings.kind_for(model) if model is not None else None
        if kind is None:
            continue
        ids = {object_id for _key, object_id in links}
        counted = {str(pk) for pk in kind.counted().filter(pk__in=ids).values_list("pk", flat=True)}
        for key, object_id in links:
            if object_id in counted:
                result[key] += 1
    return result


def event_figures(event):
    return figures_for([event.translation_key])[event.translation_key]


def events_of(process):
    """{translation key: starts_at} of the events under `process` in any of its languages."""
    key = getattr(process, "translation_key", process)
    parents = Page.objects.filter(translation_key=key).values_list("path", "depth")
    under = [Q(path__startswith=path, depth=depth + 1) for path, depth in parents]
    if not under:
        return {}
    return dict(
        EventPage.objects.filter(functools.reduce(operator.or_, under))
        .values_list("translation_key", "starts_at")
        .distinct()
    )


def process_figures(process):
    """The sum over the events under `process` (each event once, whatever its languages)."""
    keys = set(events_of(process))
    total = EventFigures()
    per_event = figures_for(keys)
    for figures in per_event.values():
        total = total + figures
    total.events = len(keys)
    return total


def meeting_inputs(event, *, public=True):
    """What came out of the event: [(heading, [core.meetings.Outcome])], one entry per kind
    of input linked to it (comments, proposals, survey responses: core.meetings), in the
    kinds' order. ``public``: only what each kind's public pages show; else every record,
    for officials. Records of a model no kind knows are listed to officials only."""
    linked = defaultdict(list)
    for content_type_id, object_id in (
        MeetingInput.objects.filter(event_key=event.translation_key)
        .order_by("created_at", "pk")
        .values_list("content_type_id", "object_id")
    ):
        linked[content_type_id].append(object_id)
    found = []
    for content_type_id, ids in linked.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        by_pk = {str(item.pk): item for item in model._default_manager.filter(pk__in=ids)}
        records = [by_pk[pk] for pk in ids if pk in by_pk]
        if records:
            found.append((model, records))
    kinds = meetings.input_kinds()
    result = []
    for kind in kinds:
        for model, records in found:
            if kind.model is not None and issubclass(model, kind.model):
                lines = kind.outcomes(records, public=public)
                if lines:
                    result.append((str(kind.label), lines))
    if not public:
        for model, records in found:
            if meetings.kind_for(model) is None:
                label = str(model._meta.verbose_name_plural)
                result.append((label, [meetings.Outcome(str(item)) for item in records]))
    return result
