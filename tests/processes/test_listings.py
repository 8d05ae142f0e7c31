"""Process listings: status, order and pages worked out in the database from the stored
windows, the same as the rules in Python say, at a cost that does not grow with the number
of processes."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from processes.models import ProcessPage, ProcessStatus, ProcessWindow
from processes.models.process import listed_processes, listing_order
from tests.surveys.factories import SurveyPageFactory

DAY = timedelta(days=1)


def titles(response):
    assert response.status_code == 200
    return re.findall(r'class="card__link" href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.fixture
def every_kind(process_index, process_page_factory, consultation_page_factory):
    """One process of each kind a listing meets, created in an order unlike the listing's."""
    now = timezone.now()
    made = {}
    made["closed long ago"] = process_page_factory(
        parent=process_index,
        title="Closed long ago",
        phases=[("Comment", now - 90 * DAY, now - 60 * DAY, True)],
    )
    made["upcoming later"] = process_page_factory(
        parent=process_index,
        title="Upcoming later",
        phases=[("Comment", now + 20 * DAY, now + 40 * DAY, True)],
    )
    made["open, closing late"] = process_page_factory(
        parent=process_index,
        title="Open, closing late",
        phases=[("Comment", now - DAY, now + 30 * DAY, True)],
    )
    # Input only through a participation page with no closing date: a continuous survey.
    continuous = process_page_factory(
        parent=process_index,
        title="Continuous survey",
        phases=[("Information", now - 5 * DAY, now + 5 * DAY, False)],
    )
    SurveyPageFactory(parent=continuous, opens_at=now - 3 * DAY, closes_at=None)
    made["continuous"] = continuous
    made["closed recently"] = process_page_factory(
        parent=process_index,
        title="Closed recently",
        phases=[("Comment", now - 20 * DAY, now - 2 * DAY, True)],
    )
    made["upcoming soon"] = process_page_factory(
        parent=process_index,
        title="Upcoming soon",
        phases=[("Comment", now + 2 * DAY, now + 9 * DAY, True)],
    )
    # Between two windows: upcoming, opening again soon.
    made["between windows"] = process_page_factory(
        parent=process_index,
        title="Between windows",
        phases=[
            ("First round", now - 30 * DAY, now - 10 * DAY, True),
            ("Second round", now + 5 * DAY, now + 15 * DAY, True),
        ],
    )
    # Open only through a consultation with its own dates, closing soonest of all.
    own_dates = process_page_factory(
        parent=process_index,
        title="Open, closing soon",
        phases=[("Information", now - 40 * DAY, now - 30 * DAY, False)],
    )
    consultation_page_factory(parent=own_dates, opens_at=now - 2 * DAY, closes_at=now + 3 * DAY)
    made["open, closing soon"] = own_dates
    made["no dates"] = process_page_factory(
        parent=process_index,
        title="No dates yet",
        phases=[("Information", now - 5 * DAY, now + 5 * DAY, False)],
    )
    return made


def in_python(process_index, status=""):
    """The listing as the Python rules order it (what the index did before)."""
    now = timezone.now()
    processes = list(ProcessPage.objects.child_of(process_index).live())
    shown = [page for page in processes if not status or page.status_at(now) == status]
    return [page.title for page in sorted(shown, key=lambda page: listing_order(page, now))]


@pytest.mark.django_db
def test_the_database_lists_and_orders_as_the_rules_say(client, process_index, every_kind):
    # "No dates yet" has no window: upcoming, sorted as opening now, before the others.
    expected = [
        "Open, closing soon",
        "Open, closing late",
        "Continuous survey",
        "No dates yet",
        "Upcoming soon",
        "Between windows",
        "Upcoming later",
        "Closed recently",
        "Closed long ago",
    ]
    assert in_python(process_index) == expected
    database = listed_processes(process_index, timezone.now())
    assert [page.title for page in database] == expected
    assert titles(client.get(process_index.url)) == expected
    for status in ProcessStatus.values:
        wanted = in_python(process_index, status)
        assert titles(client.get(f"{process_index.url}?status={status}")) == wanted, status
    assert titles(client.get(f"{process_index.url}?status=open"))[2] == "Continuous survey"

    body = client.get(process_index.url).content.decode()
    card = body[body.index(">Continuous survey<") :]
    card = card[: card.index("</article>")]
    assert "Open now" in card and "Closed on" not in card


@pytest.mark.django_db
def test_the_home_page_shows_the_first_three_open_processes(client, home_page, every_kind):
    body = client.get(home_page.url).content.decode()
    section = body[body.index('id="home-section-open-processes"') :]
    shown = re.findall(r'class="card__link" href="[^"]+">([^<]+)</a>', section)
    assert shown == ["Open, closing soon", "Open, closing late", "Continuous survey"]


def stored(process):
    return sorted(
        ProcessWindow.objects.filter(process=process).values_list("page_id", "opens", "closes"),
        key=lambda row: (row[1], row[0] or 0),
    )


def worked_out(process):
    return sorted(process.current_windows(), key=lambda row: (row[1], row[0] or 0))


@pytest.mark.django_db
def test_stored_windows_follow_every_publish_unpublish_move_and_delete(
    process_index, process_page_factory, consultation_page_factory
):
    now = timezone.now()
    first = process_page_factory(
        parent=process_index, phases=[("Information", now - DAY, now + DAY, False)]
    )
    second = process_page_factory(parent=process_index)
    assert stored(first) == [] and len(stored(second)) == 1

    consultation = consultation_page_factory(
        parent=first, opens_at=now + 3 * DAY, closes_at=now + 9 * DAY
    )
    assert stored(first) == [(consultation.pk, now + 3 * DAY, now + 9 * DAY)]
    assert listed_processes(process_index, now).get(pk=first.pk).current_status == "upcoming"

    # A new revision with other dates, published.
    consultation.opens_at = now - DAY
    consultation.save_revision().publish()
    assert stored(first) == worked_out(first) == [(consultation.pk, now - DAY, now + 9 * DAY)]
    assert listed_processes(process_index, now).get(pk=first.pk).current_status == "open"

    consultation.unpublish()
    assert stored(first) == []
    consultation.save_revision().publish()
    assert len(stored(first)) == 1

    consultation.move(second, pos="last-child")
    assert stored(first) == []
    consultation.refresh_from_db()
    assert consultation.pk in [page_id for page_id, _o, _c in stored(second)]

    # The process's phases edited and published as in the admin.
    second = ProcessPage.objects.get(pk=second.pk)
    before = stored(second)
    phase = second.phases.first()
    phase.start, phase.end = now - 20 * DAY, now - 10 * DAY
    second.phases = [phase]  # as the admin's form sets them
    second.save_revision().publish()
    phase.refresh_from_db()
    assert stored(second) != before
    assert stored(second) == worked_out(second)
    assert (None, phase.start, phase.end) in stored(second)
    assert listed_processes(process_index, now).get(pk=second.pk).current_status == "open"

    consultation.delete()
    assert stored(second) == worked_out(second) == [(None, phase.start, phase.end)]
    assert listed_processes(process_index, now).get(pk=second.pk).current_status == "closed"


def window_rewrites(captured):
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith("DELETE") and "processes_processwindow" in query["sql"]
    ]


@pytest.mark.django_db
def test_publishing_a_process_stores_its_windows_once(process_index, process_page_factory):
    """The page's save and each phase's save asked for the windows again: five times for
    one publish of a new process with one phase. Now once per publish, as before."""
    now = timezone.now()
    process = process_page_factory(
        parent=process_index,
        publish=False,
        phases=[
            ("First round", now - 30 * DAY, now - 10 * DAY, True),
            ("Second round", now + 5 * DAY, now + 15 * DAY, True),
        ],
    )
    with CaptureQueriesContext(connection) as captured:
        process.save_revision().publish()
    assert len(window_rewrites(captured)) == 1
    assert stored(process) == worked_out(process)
    assert stored(process) == [
        (None, now - 30 * DAY, now - 10 * DAY),
        (None, now + 5 * DAY, now + 15 * DAY),
    ]

    process = ProcessPage.objects.get(pk=process.pk)
    first, second = process.phases.order_by("sort_order")
    second.end = now + 25 * DAY
    process.phases = [first, second]
    with CaptureQueriesContext(connection) as captured:
        process.save_revision().publish()
    assert len(window_rewrites(captured)) == 1
    assert stored(process) == [
        (None, now - 30 * DAY, now - 10 * DAY),
        (None, now + 5 * DAY, now + 25 * DAY),
    ]


def queries_for(client, url):
    client.get(url)
    cache.clear()
    client.get(url)  # the header, footer and menu are cached per site and language
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def add_processes(process_index, process_page_factory, count):
    now = timezone.now()
    spans = [
        (now - DAY, now + 30 * DAY),  # open
        (now + 10 * DAY, now + 20 * DAY),  # upcoming
        (now - 40 * DAY, now - 20 * DAY),  # closed
    ]
    for i in range(count):
        opens, closes = spans[i % 3]
        process_page_factory(
            parent=process_index,
            title=f"Process {i}",
            phases=[("Comment", opens + i * timedelta(minutes=1), closes, True)],
            areas=(),
        )


# Large enough to show a query per process (30 more than at 10) and a query per card shown
# (the index shows 12 a page, every status has 13 or 14: more than one page each). Each
# process is a published page with its windows: the larger, the slower the test.
SMALL, LARGE = 10, 40


@pytest.mark.django_db
def test_the_index_and_home_cost_the_same_for_10_and_40_processes(
    client, home_page, process_index, process_page_factory
):
    add_processes(process_index, process_page_factory, SMALL)
    urls = [
        process_index.url,
        process_index.url + "?status=open",
        process_index.url + "?status=closed&page=2",
        home_page.url,
    ]
    small = {url: queries_for(client, url)[0] for url in urls}
    assert all(count <= 15 for count in small.values()), small

    add_processes(process_index, process_page_factory, LARGE - SMALL)
    large = {}
    for url in urls:
        large[url], response = queries_for(client, url)
    assert large == small
    assert len(titles(client.get(process_index.url))) == 12
    assert f"{LARGE} processes found." in client.get(process_index.url).content.decode()
    assert len(titles(client.get(home_page.url))) == 3


@pytest.mark.django_db
def test_a_private_process_is_not_listed(client, home_page, process_index, process_page_factory):
    process_page_factory(parent=process_index, title="Public one")
    private = process_page_factory(parent=process_index, title="Private one")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert titles(client.get(process_index.url)) == ["Public one"]
    body = client.get(home_page.url).content.decode()
    assert "Public one" in body and "Private one" not in body
