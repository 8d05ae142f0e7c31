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


def test_events_go_under_a_process_or_the_events_index(home_page, event_index, cycling):
    from events.models import EventIndexPage, EventPage
    from processes.models import ConsultationPage, ProcessIndexPage, ProcessPage

    assert set(EventPage.allowed_parent_page_models()) == {ProcessPage, EventIndexPage}
    assert EventPage.can_create_at(cycling)
    assert EventPage.can_create_at(event_index)
    assert not EventPage.can_create_at(home_page)
    assert not EventPage.can_create_at(cycling.get_parent().specific)
    assert ProcessIndexPage not in EventPage.allowed_parent_page_models()
    assert ConsultationPage not in EventPage.allowed_parent_page_models()
    assert EventPage.allowed_subpage_models() == []


def test_after_the_event_its_page_gives_the_minutes_a_document_and_the_recording(
    client, event_page_factory, event_index
):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    minutes = get_document_model().objects.create(
        title="Minutes of the meeting (PDF)", file=ContentFile(b"%PDF-1.4", name="minutes.pdf")
    )
    past = timezone.now().replace(microsecond=0) - timedelta(days=3)
    event = event_page_factory(
        parent=event_index,
        starts_at=past,
        ends_at=past + timedelta(hours=2),
        minutes="<p>Thirty people came; most asked for a safer crossing.</p>",
        minutes_document=minutes,
        recording_url="https://video.riverton.example/meeting-12",
    )
    html = parse(client.get(event.url).content)
    section = html.one('section[aria-labelledby="after-the-event"]')
    assert "most asked for a safer crossing" in section.one(".rich-text").text
    links = {a.text: a["href"] for a in section.select("a")}
    assert links["Minutes of the meeting (PDF)"] == minutes.url
    assert links["Watch the recording"] == "https://video.riverton.example/meeting-12"
    # Before it is held, an event has no such section (nothing happened yet).
    upcoming = event_page_factory(parent=event_index)
    assert not parse(client.get(upcoming.url).content).exists(
        'section[aria-labelledby="after-the-event"]'
    )


def test_the_index_lists_upcoming_first_then_past_and_filters_by_topic(
    client, event_index, event_page_factory, topic_factory
):
    parks = topic_factory(name="Parks", slug="parks")
    now = timezone.now().replace(microsecond=0)

    def at(days, title, **fields):
        start = now + timedelta(days=days)
        return event_page_factory(
            parent=event_index,
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            **fields,
        )

    at(-20, "Older meeting")
    at(-5, "Recent meeting", topic=parks)
    at(9, "Later workshop", topic=parks)
    at(2, "Sooner workshop")
    html = parse(client.get(event_index.url).content)
    upcoming = [t.strip() for t in html.texts("#upcoming-events ~ ul .card__title")]
    past = [t.strip() for t in html.texts("#past-events ~ ul .card__title")]
    assert upcoming == ["Sooner workshop", "Later workshop"]
    assert past == ["Recent meeting", "Older meeting"]
    html = parse(client.get(event_index.url, {"topic": "parks"}).content)
    assert [t.strip() for t in html.texts(".event-card .card__title")] == [
        "Later workshop",
        "Recent meeting",
    ]
