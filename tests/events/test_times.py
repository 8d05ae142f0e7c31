"""Times: the editor shows and takes them in the event's own time zone, the check-in screen
and public listings name the zone, and Swahili writes Swahili time ("saa … alasiri")."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.test.utils.form_data import nested_form_data, rich_text

from core.formats import format_time
from events.models import EventPage
from tests.html import parse
from tests.processes.factories import translate_page

pytestmark = pytest.mark.django_db

NAIROBI = ZoneInfo("Africa/Nairobi")


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")


def event_form(**fields):
    data = {
        "title": "Dataset release party",
        "slug": "dataset-release-party",
        "summary": "New open data, with cake.",
        "format": "in-person",
        "topic": "",
        "starts_at": "2027-03-10 18:00",
        "ends_at": "2027-03-10 20:30",
        "time_zone": "Africa/Nairobi",
        "venue_name": "Library",
        "address": "",
        "directions": "",
        "access_notes": "",
        "languages_spoken": "",
        "interpretation": "",
        "agenda": rich_text(""),
        "online_url": "",
        "capacity": "",
        "reserved_places": "0",
        "registration_closes_at": "2027-03-10 12:00",
        "minutes": rich_text(""),
        "minutes_document": "",
        "recording_url": "",
    }
    data.update(fields)
    return nested_form_data(data)


def test_the_editor_takes_and_shows_times_in_the_events_zone(client, settings, admin, event_index):
    settings.TIME_ZONE = "Europe/London"  # neither the official's nor the site's zone counts
    timezone.deactivate()
    client.force_login(admin)
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", event_index.pk))
    response = client.post(url, event_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(slug="dataset-release-party")
    assert event.starts_at == datetime(2027, 3, 10, 18, 0, tzinfo=NAIROBI)
    assert event.ends_at == datetime(2027, 3, 10, 20, 30, tzinfo=NAIROBI)
    assert event.registration_closes_at == datetime(2027, 3, 10, 12, 0, tzinfo=NAIROBI)
    page = parse(client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content)
    assert page.one("#id_starts_at")["value"].startswith("2027-03-10 18:00")
    assert page.one("#id_ends_at")["value"].startswith("2027-03-10 20:30")
    assert "In the event’s time zone" in page.one("main").text
    # Saved again untouched, the times do not move.
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[event.pk]),
        event_form(time_zone="Africa/Nairobi"),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.starts_at == datetime(2027, 3, 10, 18, 0, tzinfo=NAIROBI)


def test_an_event_moved_to_another_zone_keeps_its_wall_clock_time(client, admin, event_index):
    client.force_login(admin)
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", event_index.pk))
    assert client.post(url, event_form(time_zone="Asia/Tokyo")).status_code == 302
    event = EventPage.objects.get(slug="dataset-release-party")
    assert event.local_start.hour == 18
    assert event.starts_at == datetime(2027, 3, 10, 18, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


def test_the_check_in_screen_shows_the_events_time_and_zone(
    client, checker, event_page_factory, event_index
):
    start = datetime(2027, 3, 10, 15, 0, tzinfo=NAIROBI)
    event = event_page_factory(
        parent=event_index,
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        time_zone="Africa/Nairobi",
    )
    client.force_login(checker)
    page = parse(client.get(f"/admin/events/{event.pk}/check-in/").content)
    when = page.one(".th-checkin__when").text
    assert "3:00 PM" in when and "7:00 PM" in when
    assert "(Time zone: Nairobi time, UTC+03:00)" in when


def test_public_listings_name_the_zone(client, event_page_factory, event_index, cycling):
    event_page_factory(parent=event_index, title="Party", time_zone="Africa/Nairobi")
    html = parse(client.get(event_index.url).content)
    assert html.one(".event-card .event-zone").text == "(Nairobi time, UTC+03:00)"
    start = datetime(2027, 7, 1, 18, 0, tzinfo=ZoneInfo("Europe/Paris"))
    event_page_factory(parent=cycling, title="Cycling", time_zone="Europe/Paris", starts_at=start)
    html = parse(client.get(cycling.url).content)
    # Summer time: the offset is the one on the day of the event.
    assert html.one("#process-events ~ ol .event-zone").text == "(Paris time, UTC+02:00)"


@pytest.mark.parametrize(
    ("moment", "written"),
    [
        (time(8, 30), "saa 2:30 asubuhi"),
        (time(15, 0), "saa 9:00 alasiri"),
        (time(17, 11), "saa 11:11 jioni"),
        (time(19, 0), "saa 1:00 jioni"),
        (time(20, 0), "saa 2:00 usiku"),
    ],
)
def test_swahili_time_follows_the_glossary(moment, written):
    assert format_time(moment, "sw") == written


def test_the_swahili_event_page_writes_swahili_time_in_the_events_zone(
    client, home_pages, event_index, event_page_factory, locales
):
    start = datetime(2027, 3, 10, 15, 0, tzinfo=NAIROBI)
    event = event_page_factory(
        parent=event_index,
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        time_zone="Africa/Nairobi",
    )
    swahili = translate_page(event, locales["sw"], title="Sherehe ya data")
    with translation.override("sw"):
        html = parse(client.get(swahili.url).content)
    start_time, end_time = html.select("#when ~ p time")
    assert start_time.text.endswith("saa 9:00 alasiri")
    assert end_time.text == "saa 1:00 jioni"
    assert start_time["datetime"] == "2027-03-10T15:00:00+03:00"
    assert html.one(".event-facts__zone").text == "Saa za eneo: Nairobi, UTC+03:00"


NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("language", "when", "zone"),
    [
        ("en", "6:00 PM", "(New York time, UTC−05:00)"),
        ("fr", "14 janvier 2027 à 18 h", "(New York, UTC−05:00)"),
        ("ar", "", "(توقيت نيويورك، UTC−05:00)"),
    ],
)
def test_event_emails_give_the_time_and_a_named_zone_in_the_readers_language(
    language, when, zone, event_page_factory, event_index
):
    from events import notifications
    from events.models import Registration, RegistrationStatus

    start = datetime(2027, 1, 14, 18, 0, tzinfo=NEW_YORK)  # 23:00 UTC
    event = event_page_factory(
        parent=event_index,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        time_zone="America/New_York",
    )
    person = Registration.objects.create(
        event_key=event.translation_key,
        name="Ines",
        email="ines@example.org",
        language=language,
        status=RegistrationStatus.CONFIRMED,
    )
    for message, status in [
        ("confirmed", RegistrationStatus.CONFIRMED),
        ("reminder", RegistrationStatus.CONFIRMED),
        ("waitlisted", RegistrationStatus.WAITLISTED),
        ("offer", RegistrationStatus.OFFERED),
    ]:
        person.status = status
        person.offered_until = start - timedelta(days=1)
        email = notifications.registration_message(person, message)
        html = parse(email.alternatives[0][0])
        # Every one carries the person's cancel link, also as the one-click stop header.
        [cancel] = [w for w in email.body.split() if "/events/cancel/" in w]
        token = cancel.rstrip("/").rsplit("/", 1)[1]
        assert notifications.registration_for(token, notifications.CANCEL_SALT) == person
        assert cancel in [a["href"] for a in html.select("a")], message
        assert email.extra_headers["List-Unsubscribe"].startswith(f"<{cancel}>"), message
        for text in (email.body.replace("\xa0", " "), html.text.replace("\xa0", " ")):
            assert "America/New_York" not in text and "New_York" not in text, message
            assert zone in text, message
            assert when in text, message
            assert not any(utc in text for utc in ("23:00", "11:00 PM", "23 h")), message
