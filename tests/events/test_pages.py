"""The event page, the process's timeline and "Take part" list, the home page section."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import registrations
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_event_page_shows_time_in_its_zone_access_and_agenda(
    client, event_page_factory, event_index
):
    start = timezone.now().replace(microsecond=0, minute=0) + timedelta(days=3)
    event = event_page_factory(
        parent=event_index,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        time_zone="Africa/Nairobi",
        hearing_loop=True,
        languages_spoken="English, Swahili",
        interpretation="Sign language",
        agenda="<p>Welcome and maps</p>",
    )
    html = parse(client.get(event.url).content)
    start_time, _end_time = html.select("#when ~ p time")
    assert start_time["datetime"]
    assert html.one(".event-facts__zone").text == "Time zone: Nairobi time, UTC+03:00"
    assert "Hearing loop" in html.one(".event-access").text
    assert "Sign language" in html.one(".event-layout__aside").text
    assert "Welcome and maps" in html.one("#agenda ~ .rich-text").text
    assert html.one("a[download]")["href"] == event.url + "calendar/"


def test_process_page_lists_its_events_and_their_figures(client, event_page_factory, cycling):
    event_page_factory(parent=cycling, title="Cycling workshop")
    past = timezone.now().replace(microsecond=0) - timedelta(days=3)
    held = event_page_factory(
        parent=cycling, title="Cycling meeting", starts_at=past, ends_at=past + timedelta(hours=2)
    )
    registrations.add_walk_in(held.translation_key, email="a@example.org")
    registrations.add_walk_in(held.translation_key)
    html = parse(client.get(cycling.url).content)
    assert "Cycling workshop" in html.one("#process-events ~ ol").text
    cards = html.texts("#take-part ~ ul .event-card .card__title")
    assert sorted(title.strip() for title in cards) == ["Cycling meeting", "Cycling workshop"]
    figures = dict(
        zip(
            html.texts("#process-events ~ dl dt"),
            html.texts("#process-events ~ dl dd"),
            strict=True,
        )
    )
    assert figures["Attended"] == "2"
    assert figures["First time at one of our events"] == "1"


def test_home_page_shows_the_next_events(client, home_page, event_index, event_page_factory):
    event_page_factory(parent=event_index, title="Riverside Park workshop")
    past = timezone.now() - timedelta(days=3)
    event_page_factory(
        parent=event_index, title="Old meeting", starts_at=past, ends_at=past + timedelta(hours=1)
    )
    html = parse(client.get(home_page.url).content)
    titles = html.texts('section[aria-labelledby="home-section-next-events"] .card__title')
    assert [title.strip() for title in titles] == ["Riverside Park workshop"]
