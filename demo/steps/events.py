"""Registrations, attendance and linked meeting comments of the demo events (events.yaml)."""

import datetime

from events import registrations
from events.models import MeetingInput, Registration, RegistrationStatus
from processes.models import Channel, Comment

LANGUAGES = ["en", "fr", "ar", "sw"]


def people(loader, spec):
    """People ``person<n>@example.org`` for n in ``people`` (inclusive) register in turn (a
    full event puts the rest on its waiting list); the first ``attended`` came, plus
    ``walk_ins``; the process's comments from ``meeting`` are linked to the event. Once."""
    event = loader.page(spec["event"])
    key = event.translation_key
    if Registration.objects.filter(event_key=key).exists():
        return
    first, last = spec["people"]
    came = spec.get("attended", 0)
    for n in range(first, last + 1):
        left = registrations.places_left(event)
        status = RegistrationStatus.CONFIRMED if left is None or left > 0 else "waitlisted"
        when = event.starts_at - datetime.timedelta(days=7, hours=-n)
        registration = registrations.create(
            key,
            name=f"Person {n}",
            email=f"person{n}@example.org",
            language=LANGUAGES[n % 4],
            status=status,
            created_at=when,
        )
        if n - first < came:
            registrations.check_in(key, pk=registration.pk, now=event.starts_at)
    for n in range(spec.get("walk_ins", 0)):
        registrations.add_walk_in(key, language=LANGUAGES[n % 4], now=event.starts_at)
    if "meeting" in spec:
        said = Comment.objects.for_process(event.get_parent().specific).filter(
            channel=Channel.MEETING, meeting_name=spec["meeting"]
        )
        for comment in said:
            MeetingInput.link(event, comment)
