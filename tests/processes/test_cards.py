"""Process cards are kept (processes/cards.py), yet a visitor sees every change on the next
request: a process published or unpublished, and a process opening or closing as the clock
passes its date, even within the seconds a kept listing would otherwise live."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

DAY = timedelta(days=1)


def cards(client, url):
    """[(title, status label)] of the process cards on the page at `url`."""
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    return re.findall(
        r'process-status[^"]*">([^<]+)</span>.*?class="card__link" href="[^"]+">([^<]+)</a>',
        body,
        re.S,
    )


def listed(client, url):
    return {title: status for status, title in cards(client, url)}


@pytest.fixture
def boundary():
    """An instant ahead, on the second, at which a process opens or closes."""
    return (timezone.now() + 30 * DAY).replace(microsecond=0)


@pytest.fixture
def process_taking_input(process_index, process_page_factory):
    """make(title, opens, closes): a process taking input between the two."""
    return lambda title, opens, closes: process_page_factory(
        parent=process_index, title=title, phases=[("Comment", opens, closes, True)]
    )


@pytest.mark.django_db
def test_a_process_closing_leaves_the_home_page_the_second_it_closes(
    client, home_page, process_index, process_taking_input, boundary
):
    process_taking_input("Closing", boundary - 9 * DAY, boundary)
    with time_machine.travel(boundary - timedelta(seconds=10), tick=False):
        assert listed(client, home_page.url) == {"Closing": "Open"}
        assert listed(client, process_index.url) == {"Closing": "Open"}
        assert listed(client, home_page.url) == {"Closing": "Open"}  # now kept
    # Ten seconds later: well within what the kept listing would otherwise live.
    with time_machine.travel(boundary, tick=False):
        assert listed(client, home_page.url) == {}
        assert listed(client, process_index.url) == {"Closing": "Closed"}


@pytest.mark.django_db
def test_a_process_opening_shows_as_open_the_second_it_opens(
    client, home_page, process_index, process_taking_input, boundary
):
    process_taking_input("Opening", boundary, boundary + 9 * DAY)
    with time_machine.travel(boundary - timedelta(seconds=1), tick=False):
        assert listed(client, process_index.url) == {"Opening": "Upcoming"}
        assert listed(client, process_index.url + "?status=open") == {}
        assert listed(client, home_page.url) == {}
    with time_machine.travel(boundary, tick=False):
        assert listed(client, process_index.url) == {"Opening": "Open"}
        assert listed(client, process_index.url + "?status=open") == {"Opening": "Open"}
        assert listed(client, home_page.url) == {"Opening": "Open"}


@pytest.mark.django_db
def test_a_process_published_or_unpublished_shows_on_the_next_request(
    client, home_page, process_index, process_page_factory
):
    process_page_factory(parent=process_index, title="First")
    assert listed(client, home_page.url) == {"First": "Open"}
    assert listed(client, process_index.url) == {"First": "Open"}

    second = process_page_factory(parent=process_index, title="Second")
    assert set(listed(client, home_page.url)) == {"First", "Second"}
    assert set(listed(client, process_index.url)) == {"First", "Second"}
    assert "2 processes found." in client.get(process_index.url).content.decode()

    second.unpublish()
    assert set(listed(client, home_page.url)) == {"First"}
    assert set(listed(client, process_index.url)) == {"First"}
    assert "1 process found." in client.get(process_index.url).content.decode()


@pytest.mark.django_db
def test_a_kept_listing_asks_the_database_nothing_about_processes(
    client, home_page, process_index, process_page_factory
):
    process_page_factory(parent=process_index, title="Kept")
    for url in (home_page.url, process_index.url):
        client.get(url)  # the first visit makes the site's settings, which purges
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert listed(client, url) == {"Kept": "Open"}
        asked = " ".join(query["sql"] for query in captured)
        assert "processes_processwindow" not in asked, url
