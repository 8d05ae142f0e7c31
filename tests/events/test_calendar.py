"""The .ics of an event and the per-language feed, read back line by line (RFC 5545)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import ical
from tests.processes.factories import translate_page

pytestmark = pytest.mark.django_db


def properties(text):
    """[(name, params, value)] of an iCalendar text, checking the wire format on the way."""
    assert text.endswith("\r\n")
    for raw in text.split("\r\n"):
        assert len(raw.encode("utf-8")) <= 75, raw
    found = []
    for line in ical.unfold(text)[:-1]:
        head, value = line.split(":", 1)
        name, *params = head.split(";")
        found.append((name, params, ical.unescape(value)))
    return found


def events_in(text):
    events, current = [], None
    for name, _params, value in properties(text):
        if name == "BEGIN" and value == "VEVENT":
            current = {}
        elif name == "END" and value == "VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name] = value
    return events


def test_escaping_and_folding_round_trip():
    text = "Café, bread; and \\ tea\nsecond line " + "ü" * 60
    line = ical.fold("DESCRIPTION:" + ical.escape(text))
    assert all(len(part.encode()) <= 75 for part in line.split("\r\n"))
    [unfolded] = ical.unfold(line)
    assert ical.unescape(unfolded.split(":", 1)[1]) == text


def test_event_ics(client, event_page_factory, event_index):
    event = event_page_factory(
        parent=event_index,
        title="Riverside Park: plan, draw; decide",
        summary="Bring ideas, maps and questions.\nChildren welcome.",
        address="12 Quay Street\nRiverton",
    )
    response = client.get(event.url + "calendar/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    names = [name for name, _p, _v in properties(text)]
    assert names[:2] == ["BEGIN", "VERSION"]
    [vevent] = events_in(text)
    assert vevent["SUMMARY"] == "Riverside Park: plan, draw; decide"
    assert vevent["DTSTART"] == ical.utc(event.starts_at)
    assert vevent["DTEND"] == ical.utc(event.ends_at)
    assert vevent["UID"] == f"event-{event.translation_key}@localhost"
    assert "Old Port community hall, 12 Quay Street, Riverton" == vevent["LOCATION"]
    assert vevent["DESCRIPTION"].startswith("Bring ideas, maps and questions.\nChildren welcome.")


def test_feed_per_language(client, home_pages, event_page_factory, event_index, locales):
    upcoming = event_page_factory(parent=event_index, title="Upcoming workshop")
    past_start = timezone.now().replace(microsecond=0) - timedelta(days=5)
    event_page_factory(
        parent=event_index,
        title="Past meeting",
        starts_at=past_start,
        ends_at=past_start + timedelta(hours=2),
    )
    translate_page(upcoming, locales["fr"], title="Atelier à venir")
    english = events_in(client.get("/en/events/feed.ics").content.decode())
    french = events_in(client.get("/fr/events/feed.ics").content.decode())
    assert [item["SUMMARY"] for item in english] == ["Upcoming workshop"]
    assert [item["SUMMARY"] for item in french] == ["Atelier à venir"]
    # One event, one UID, whatever the language.
    assert english[0]["UID"] == french[0]["UID"]
    assert "/fr/" in french[0]["URL"]
