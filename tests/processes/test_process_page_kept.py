"""A process page keeps what it shows of its process as plain data (processes/cards.py),
and a consultation its phase's dates: yet a visitor sees every change on the next request,
a phase saved on its own and a page opening or closing as the clock passes its date."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.html import parse

DAY = timedelta(days=1)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return parse(response)


@pytest.fixture
def boundary():
    """An instant ahead, on the second, at which a consultation opens."""
    return (timezone.now() + 30 * DAY).replace(microsecond=0)


def open_process(process_index, process_page_factory, consultation_page_factory):
    """A process taking input now and its consultation ("The draft"), in its phase."""
    now = timezone.now()
    process = process_page_factory(
        parent=process_index, phases=[("Comment", now - DAY, now + 9 * DAY, True)]
    )
    consultation = consultation_page_factory(
        parent=process, title="The draft", phase=process.phases.get()
    )
    return process, consultation


@pytest.mark.django_db
def test_a_kept_process_page_asks_nothing_about_its_phases_and_pages(
    client, process_index, process_page_factory, consultation_page_factory
):
    process, _consultation = open_process(
        process_index, process_page_factory, consultation_page_factory
    )
    client.get(process.url)  # the first visit makes the site's settings, which purges
    client.get(process.url)
    with CaptureQueriesContext(connection) as captured:
        document = page(client, process.url)
    assert document.one(".process-status").text == "Open"
    assert document.texts(".participation-card .card__link") == ["The draft"]
    asked = " ".join(query["sql"] for query in captured)
    for table in ("processes_phase", "processes_processwindow", "processes_consultationpage"):
        assert table not in asked


@pytest.mark.django_db
def test_a_phase_saved_on_its_own_shows_its_new_dates_on_the_next_request(
    client, process_index, process_page_factory, consultation_page_factory
):
    process, consultation = open_process(
        process_index, process_page_factory, consultation_page_factory
    )
    assert page(client, process.url).one(".process-status").text == "Open"
    assert page(client, consultation.url).one(".consultation-state .badge").text == (
        "Open for comments"
    )

    phase = process.phases.get()
    now = timezone.now()
    phase.start, phase.end = now - 20 * DAY, now - 10 * DAY
    phase.save()
    assert page(client, process.url).one(".process-status").text == "Closed"
    assert page(client, consultation.url).one(".consultation-state .badge").text == "Closed"


@pytest.mark.django_db
def test_a_participation_card_opens_the_second_its_consultation_opens(
    client, process_index, process_page_factory, consultation_page_factory, boundary
):
    process = process_page_factory(
        parent=process_index, phases=[("Information", boundary - 9 * DAY, boundary, False)]
    )
    consultation_page_factory(
        parent=process, title="The draft", opens_at=boundary, closes_at=boundary + 9 * DAY
    )
    with time_machine.travel(boundary - timedelta(seconds=1), tick=False):
        assert page(client, process.url).one(".participation-card .badge").text == ("Not open yet")
        assert page(client, process.url).one(".process-status").text == "Upcoming"  # kept
    with time_machine.travel(boundary, tick=False):
        document = page(client, process.url)
        assert document.one(".participation-card .badge").text == "Open for comments"
        assert document.one(".process-status").text == "Open"


@pytest.mark.django_db
def test_an_area_saved_on_its_own_shows_on_the_next_thread(
    client, process_index, process_page_factory, consultation_page_factory
):
    process = process_page_factory(parent=process_index, areas=["North"])
    consultation = consultation_page_factory(parent=process)
    url = consultation.thread_url()
    options = page(client, url).texts("select[name$=area] option")
    assert options[1:] == ["North"]

    area = process.areas.get()
    area.name = "North bank"
    area.save()
    assert page(client, url).texts("select[name$=area] option")[1:] == ["North bank"]
