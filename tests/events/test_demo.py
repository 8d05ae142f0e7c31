"""The issue's demo: four events in four languages (a full hybrid workshop with a waiting
list, two past cycling meetings with repeat attendees, minutes and the comments made there,
a release party not tied to a process), and the cycling process's figures that follow."""

from collections import defaultdict

import pytest
from django.utils import timezone

from events import figures, registrations
from events.models import EventIndexPage, EventPage
from processes.models import ProcessPage
from tests.html import parse

pytestmark = pytest.mark.django_db

SLUGS = {
    "riverside-park-workshop",
    "hillside-cycling-meeting",
    "old-port-cycling-meeting",
    "dataset-release-party",
}


def test_the_demo_events_and_the_cycling_figures(client, demo_site):
    versions = defaultdict(dict)
    for event in EventPage.objects.live().select_related("locale"):
        versions[event.translation_key][event.locale.language_code] = event
    english = {langs["en"].slug: langs["en"] for langs in versions.values()}
    assert set(english) == SLUGS
    for langs in versions.values():
        assert set(langs) == {"en", "fr", "ar", "sw"}
        assert len({page.title for page in langs.values()}) == 4  # translated, not copied
    now = timezone.now()

    workshop = english["riverside-park-workshop"]
    assert (workshop.format, workshop.starts_at > now) == ("hybrid", True)
    assert registrations.places_left(workshop) == 0
    numbers = figures.event_figures(workshop)
    assert numbers.registered > 0 and numbers.waitlisted > 0

    meetings = [english["hillside-cycling-meeting"], english["old-port-cycling-meeting"]]
    cycling = meetings[0].get_parent().specific
    assert isinstance(cycling, ProcessPage)
    for meeting in meetings:
        assert meeting.get_parent().specific == cycling
        assert meeting.ends_at < now and meeting.minutes
        numbers = figures.event_figures(meeting)
        assert numbers.attended > 0 and numbers.contributions > 0
    assert figures.event_figures(meetings[1]).repeat > 0  # some came to both

    party = english["dataset-release-party"]
    assert isinstance(party.get_parent().specific, EventIndexPage)

    # The cycling process's page: how many came, how many for the first time, and what
    # was said at the meetings.
    total = figures.process_figures(cycling)
    html = parse(client.get(cycling.url).content)
    shown = dict(
        zip(
            html.texts(".process-timeline .event-figures dt"),
            html.texts(".process-timeline .event-figures dd"),
            strict=True,
        )
    )
    assert shown["Attended"] == str(total.attended) != "0"
    assert shown["First time at one of our events"] == str(total.first_time) != "0"
    assert shown["Came before"] == str(total.repeat) != "0"
    assert shown["Contributions made at the events"] == str(total.contributions) != "0"
    # and each meeting's page lists the comments made there
    html = parse(client.get(meetings[0].url).content)
    assert html.select(".event-outcomes li")
