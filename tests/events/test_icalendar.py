"""The .ics of an event and each language's feed, read with the icalendar library: what a
calendar application would see (summary, times with their zone, place, address), and
that past and withdrawn (unpublished) events leave the feed."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from tests.processes.factories import translate_page

pytestmark = pytest.mark.django_db

NAIROBI = ZoneInfo("Africa/Nairobi")


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    return calendar


def by_summary(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.events}


@pytest.fixture
def workshop(event_page_factory, event_index):
    start = (timezone.now() + timedelta(days=3)).astimezone(NAIROBI)
    start = start.replace(hour=18, minute=30, second=0, microsecond=0)
    return event_page_factory(
        parent=event_index,
        title="Riverside Park: plan, draw; decide",
        summary="Bring ideas, maps and questions.",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        time_zone="Africa/Nairobi",
        venue_name="Old Port hall",
        address="12 Quay Street\nRiverton",
    )


def test_the_event_ics_reads_back(client, workshop):
    calendar = read(client.get(workshop.url + "calendar/"))
    assert str(calendar["X-WR-TIMEZONE"]) == "Africa/Nairobi"
    [event] = calendar.events
    assert str(event["SUMMARY"]) == "Riverside Park: plan, draw; decide"
    assert event.start == workshop.starts_at
    assert event.end == workshop.ends_at
    assert event.start.utcoffset() is not None
    assert event.start.astimezone(NAIROBI).hour == 18
    assert str(event["LOCATION"]) == "Old Port hall, 12 Quay Street, Riverton"
    assert str(event["URL"]) == f"http://localhost{workshop.url}"
    assert str(event["UID"]) == f"event-{workshop.translation_key}@localhost"
    assert str(event["DESCRIPTION"]).startswith("Bring ideas, maps and questions.")
    assert isinstance(event.decoded("DTSTAMP"), datetime)


def test_an_online_event_gives_its_link_only_when_public(client, event_page_factory, event_index):
    private = event_page_factory(
        parent=event_index,
        title="Private link",
        format="online",
        online_url="https://meet.example.org/secret",
    )
    public = event_page_factory(
        parent=event_index,
        title="Public link",
        format="online",
        online_url="https://meet.example.org/open",
        online_url_public=True,
    )
    [event] = read(client.get(private.url + "calendar/")).events
    assert "secret" not in event.to_ical().decode()
    [event] = read(client.get(public.url + "calendar/")).events
    assert str(event["LOCATION"]) == "https://meet.example.org/open"


def test_each_language_feed_reads_back(client, home_pages, workshop, locales):
    translations = {
        "fr": "Atelier du parc",
        "ar": "ورشة الحديقة",
        "sw": "Warsha ya bustani",
    }
    for code, title in translations.items():
        translate_page(workshop, locales[code], title=title)
    uids = set()
    for code in ("en", "fr", "ar", "sw"):
        calendar = read(client.get(f"/{code}/events/feed.ics"))
        [event] = calendar.events
        expected = translations.get(code, "Riverside Park: plan, draw; decide")
        assert str(event["SUMMARY"]) == expected
        assert event.start == workshop.starts_at
        assert event.end == workshop.ends_at
        assert event.start.tzinfo is not None
        assert str(event["LOCATION"]) == "Old Port hall, 12 Quay Street, Riverton"
        assert str(event["URL"]).startswith(f"http://localhost/{code}/")
        assert calendar["X-WR-CALNAME"]
        uids.add(str(event["UID"]))
    assert len(uids) == 1  # one event, one UID, in every language


def test_past_and_withdrawn_events_leave_the_feed(
    client, event_page_factory, event_index, workshop
):
    past_start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=5)
    past = event_page_factory(
        parent=event_index,
        title="Past meeting",
        starts_at=past_start,
        ends_at=past_start + timedelta(hours=2),
    )
    now_start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    event_page_factory(
        parent=event_index,
        title="Happening now",
        starts_at=now_start,
        ends_at=now_start + timedelta(hours=3),
    )
    withdrawn = event_page_factory(parent=event_index, title="Called off")
    withdrawn_ics = withdrawn.url + "calendar/"
    assert "Called off" in by_summary(read(client.get("/en/events/feed.ics")))
    assert client.get(withdrawn_ics).status_code == 200
    withdrawn.unpublish()
    calendar = read(client.get("/en/events/feed.ics"))
    assert set(by_summary(calendar)) == {"Riverside Park: plan, draw; decide", "Happening now"}
    # A past event's own .ics is still there, for the record; a withdrawn one's is gone.
    [event] = read(client.get(past.url + "calendar/")).events
    assert event.end < datetime.now(UTC)
    assert client.get(withdrawn_ics).status_code == 404


def test_an_empty_feed_is_a_valid_calendar(client, event_index):
    calendar = read(client.get("/en/events/feed.ics"))
    assert calendar.events == []
