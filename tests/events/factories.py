"""Factories for events (registered as fixtures in tests/conftest.py)."""

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import EventFormat, EventIndexPage, EventPage
from tests.processes.factories import (
    ProcessIndexPageFactory,
    ProcessPageFactory,
    PublishedPageFactory,
)


class EventIndexPageFactory(PublishedPageFactory):
    """The events index under a home page."""

    title = "Events"
    slug = "events"

    class Meta:
        model = EventIndexPage


class EventPageFactory(PublishedPageFactory):
    """An in-person workshop in two days, for two hours, registration on, 10 places."""

    title = factory.Sequence(lambda n: f"Riverside Park workshop {n}")
    summary = "Plan the new riverside park together."
    format = EventFormat.IN_PERSON
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda page: page.starts_at + timedelta(hours=2))
    time_zone = "Europe/Paris"
    venue_name = "Old Port community hall"
    address = "12 Quay Street\nRiverton"
    step_free = True
    registration_enabled = True
    capacity = 10
    reserved_places = 0

    class Meta:
        model = EventPage


def make_cycling(home):
    """The cycling strategy process (slug "cycling") under the "Have your say" page of `home`."""
    index = ProcessIndexPageFactory(parent=home)
    return ProcessPageFactory(parent=index, title="Cycling strategy", slug="cycling")
