"""The home page's next events are kept (events/cards.py), yet an event leaves them the second
it ends and a newly published one shows on the next request."""

from datetime import timedelta

import pytest
import time_machine

from tests.html import parse

pytestmark = pytest.mark.django_db


def next_events(client, home_page):
    html = parse(client.get(home_page.url).content)
    return html.texts('section[aria-labelledby="home-section-next-events"] .card__title')


def test_an_event_leaves_the_home_page_the_second_it_ends(
    client, home_page, event_index, event_page_factory
):
    first = event_page_factory(parent=event_index, title="First")
    event_page_factory(
        parent=event_index, title="Second", starts_at=first.starts_at + timedelta(days=1)
    )
    with time_machine.travel(first.ends_at - timedelta(seconds=10), tick=False):
        assert next_events(client, home_page) == ["First", "Second"]
        assert next_events(client, home_page) == ["First", "Second"]  # now kept
    with time_machine.travel(first.ends_at, tick=False):
        assert next_events(client, home_page) == ["Second"]


def test_a_published_event_shows_on_the_next_request(
    client, home_page, event_index, event_page_factory
):
    first = event_page_factory(parent=event_index, title="First")
    assert next_events(client, home_page) == ["First"]
    second = event_page_factory(
        parent=event_index, title="Earlier", starts_at=first.starts_at - timedelta(hours=3)
    )
    assert next_events(client, home_page) == ["Earlier", "First"]
    second.unpublish()
    assert next_events(client, home_page) == ["First"]
