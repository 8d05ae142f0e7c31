"""Events on the impact page and in the open-data package: events held, attendees,
first-time and repeat, counted without anybody's address leaving the site."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from frictionless import validate

from core.indicators import figures_of, indicators
from impact import logic, opendata

from .test_attendance import attend, past_event

pytestmark = pytest.mark.django_db


def values(start, end, process_key=None):
    return {
        item.key: item.total(start, end, process_key)
        for item in indicators()
        if item.key.startswith(("activities.events", "outputs.attendees"))
    }


def test_the_impact_page_counts_events_and_first_time_and_repeat_attendees(
    event_page_factory, cycling
):
    first = past_event(event_page_factory, cycling, 40)
    second = past_event(event_page_factory, cycling, 10)
    event_page_factory(parent=cycling)  # upcoming: not held yet
    attend(first, "a@example.org", "b@example.org")
    attend(second, "A@example.org", "c@example.org")
    today = timezone.localdate()
    found = values(today.replace(year=today.year - 1), today + timezone.timedelta(days=1))
    assert found == {
        "activities.events": 2,
        "outputs.attendees": 4,
        "outputs.attendees_first_time": 3,
        "outputs.attendees_repeat": 1,
    }
    by_process = values(
        today.replace(year=today.year - 1),
        today + timezone.timedelta(days=1),
        cycling.translation_key,
    )
    assert by_process == found


def test_the_four_event_figures_of_two_periods_are_read_once_and_agree(event_page_factory, cycling):
    """The impact page asks each indicator for a period, the period before and its months
    at once (core.indicators.figures_of): the four event indicators then read the events
    and their figures once between them, and give what they give asked one by one."""
    attend(past_event(event_page_factory, cycling, 500), "a@example.org")
    attend(past_event(event_page_factory, cycling, 40), "A@example.org", "b@example.org")
    attend(past_event(event_page_factory, cycling, 10), "c@example.org")
    period = logic.period_from("12m")
    previous = period.previous()
    shown = [
        item for item in indicators() if item.key.startswith(("activities.events", "outputs.att"))
    ]
    with CaptureQueriesContext(connection) as queries:
        together = {
            item.key: figures_of(item, period.start, period.end, previous.start) for item in shown
        }
    assert len(queries) <= 7  # the events held, then their figures (events.figures_for)
    one_by_one = {
        item.key: (
            item.total(period.start, period.end),
            item.total(previous.start, previous.end),
            item.monthly(period.start, period.end),
        )
        for item in shown
    }
    assert together == one_by_one
    assert together["outputs.attendees"][:2] == (3, 1)
    assert together["outputs.attendees_repeat"][:2] == (1, 0)


def test_the_open_data_package_lists_the_events_without_addresses(
    event_page_factory, cycling, tmp_path
):
    event = past_event(event_page_factory, cycling, 10, title="Hillside cycling meeting")
    attend(event, "amina@example.org")
    content = opendata.build_bytes(cycling)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        archive.extractall(tmp_path)
        rows = json.loads(archive.read("data/events.json"))
        everything = "".join(archive.read(name).decode() for name in archive.namelist())
    assert validate(str(tmp_path / "datapackage.json")).valid
    assert [(row["title"], row["attended"], row["first_time"]) for row in rows] == [
        ("Hillside cycling meeting", 1, 1)
    ]
    assert "amina" not in everything
