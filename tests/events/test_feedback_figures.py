"""Event figures on the process's feedback page and dashboard (a participation type's key
figures), and held events as items a feedback theme can cite."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.cache import purge_public_pages
from core.participation import citable_items, find_citable
from events import registrations
from events.models import EventPage, MeetingInput
from impact.figures import dashboard
from processes.feedback import figures as feedback_figures
from processes.models import Channel, ProcessIndexPage, ProcessPage, create_offline_comment
from tests.events.factories import EventPageFactory
from tests.html import parse
from tests.module_data import make_home_page, module_data
from tests.processes.factories import (
    ConsultationPageFactory,
    ProcessIndexPageFactory,
    ProcessPageFactory,
)
from tests.processes.test_feedback_support import make_feedback, theme

pytestmark = pytest.mark.django_db

EXPECTED = {
    "Events held": 2,
    "Registered": 1,
    "Attended": 4,
    "Walk-ins": 3,
    "First time at one of our events": 2,
    "Came before": 1,
    "Contributions made at the events": 1,
}


def held(event_page_factory, parent, days, **fields):
    start = timezone.now().replace(microsecond=0) - timedelta(days=days)
    return event_page_factory(
        parent=parent, starts_at=start, ends_at=start + timedelta(hours=2), **fields
    )


def make_meetings(cycling, official):
    """Two held cycling meetings (one repeat attendee, two walk-ins, a comment given at the
    second) and one to come."""
    first = held(EventPageFactory, cycling, 20, title="First cycling meeting")
    second = held(
        EventPageFactory,
        cycling,
        10,
        title="Second cycling meeting",
        minutes="<p>People asked for <b>covered</b> parking.</p>",
    )
    EventPageFactory(parent=cycling, title="Next cycling meeting")
    registrations.add_walk_in(first.translation_key, email="amina@example.org")
    place = registrations.create(
        second.translation_key, name="Amina", email="AMINA@example.org", language="fr"
    )
    registrations.check_in(second.translation_key, pk=place.pk)
    registrations.add_walk_in(second.translation_key, email="juma@example.org")
    registrations.add_walk_in(second.translation_key)  # no address: neither first nor repeat
    consultation = ConsultationPageFactory(parent=cycling)
    comment = create_offline_comment(
        consultation, "Covered parking", channel=Channel.MEETING, entered_by=official
    )
    MeetingInput.link(second, comment)
    return first, second


@pytest.fixture(scope="module")
def _made(django_db_setup, django_db_blocker):
    """The cycling process and its meetings, built once for the module
    (tests/module_data.py): each test runs in a savepoint of them. The official who entered
    the meeting's comment is pytest-django's ``admin_user`` (which finds it by name)."""
    with module_data(django_db_blocker) as build:
        with build():
            index = ProcessIndexPageFactory(parent=make_home_page())
            cycling = ProcessPageFactory(parent=index, title="Cycling strategy", slug="cycling")
            official = get_user_model().objects.create_superuser(
                "admin", "admin@example.com", "password"
            )
            first, second = make_meetings(cycling, official)
        yield {"index": index.pk, "cycling": cycling.pk, "meetings": (first.pk, second.pk)}


@pytest.fixture
def cycling(_made, db):
    """The module's process, read again for each test (a page a test adds under it changes
    it in memory, treebeard's numchild, and the test's savepoint is rolled back)."""
    return ProcessPage.objects.get(pk=_made["cycling"])


@pytest.fixture
def meetings(_made, db):
    """The first and the second held meeting (see make_meetings)."""
    return tuple(EventPage.objects.get(pk=pk) for pk in _made["meetings"])


@pytest.fixture
def process_without_meetings(_made, db, process_page_factory):
    index = ProcessIndexPage.objects.get(pk=_made["index"])
    return process_page_factory(parent=index, title="Walking strategy", slug="walking")


def figures_of(type_figures):
    [(heading, items)] = [(h, i) for h, i in type_figures if h == "Meetings and events"]
    return items


def test_feedback_figures_and_page_show_the_event_figures(client, meetings, cycling):
    items = figures_of(feedback_figures.figures(cycling)["type_figures"])
    assert {label: value for _key, label, value in items} == EXPECTED
    page = make_feedback(cycling, [])
    html = parse(client.get(page.url).content)
    shown = dict(
        zip(
            html.texts("#figures .feedback-figures--type dt"),
            html.texts("#figures .feedback-figures--type dd"),
            strict=True,
        )
    )
    assert shown == {label: str(value) for label, value in EXPECTED.items()}


def test_feedback_figures_follow_a_new_check_in(meetings, cycling):
    first, _second = meetings
    before = figures_of(feedback_figures.figures(cycling)["type_figures"])
    registrations.add_walk_in(first.translation_key)
    after = figures_of(feedback_figures.figures(cycling)["type_figures"])
    attended = {key: value for key, _label, value in after}["attended"]
    assert attended == {key: value for key, _label, value in before}["attended"] + 1


def test_the_dashboard_shows_the_event_figures(admin_client, meetings, cycling):
    items = figures_of(dashboard(cycling)["type_figures"])
    assert {item.label: item.value for item in items} == EXPECTED
    html = parse(admin_client.get(f"/admin/impact/{cycling.pk}/").content)
    shown = dict(
        zip(
            html.texts(".impact-type-figures dt"),
            html.texts(".impact-type-figures dd"),
            strict=True,
        )
    )
    assert shown == {label: str(value) for label, value in EXPECTED.items()}


def test_no_figures_before_an_event_is_held(event_page_factory, process_without_meetings):
    event_page_factory(parent=process_without_meetings)
    assert feedback_figures.figures(process_without_meetings)["type_figures"] == []


def test_held_events_are_citable_by_feedback_themes(meetings, cycling):
    first, second = meetings
    events = [item for item in citable_items(cycling) if item.kind == "event"]
    assert [item.label for item in events] == ["First cycling meeting", "Second cycling meeting"]
    item = events[1]
    assert item.id == f"event:{second.translation_key}"
    assert item.text == "People asked for covered parking."
    assert item.page_id == second.pk
    assert find_citable(item.id) == item
    assert find_citable("event:not-a-key") is None
    assert find_citable(f"event:{first.translation_key}").label == "First cycling meeting"


def test_a_theme_citing_an_event_shows_it_on_the_feedback_page(client, meetings, cycling):
    _first, second = meetings
    item_id = f"event:{second.translation_key}"
    page = make_feedback(cycling, [theme("Covered parking", clauses=[item_id])])
    html = parse(client.get(page.url).content)
    [cited] = html.select(".feedback-theme__items li")
    assert cited.text.split() == [
        *f"{find_citable(item_id).number}: Second cycling meeting".split()
    ]
    assert cited.one("a")["href"] == second.url


def test_citable_events_and_questions_carry_their_address(meetings, cycling, survey_page_factory):
    first, second = meetings
    survey = survey_page_factory(parent=cycling)
    items = citable_items(cycling)
    events = {item.id: item.url for item in items if item.kind == "event"}
    assert events == {
        f"event:{first.translation_key}": first.url,
        f"event:{second.translation_key}": second.url,
    }
    questions = [item for item in items if item.kind == "question"]
    assert questions and {item.url for item in questions} == {survey.url}
    assert find_citable(f"event:{second.translation_key}").url == second.url
    second.unpublish()
    assert find_citable(f"event:{second.translation_key}").url == ""


def test_the_feedback_page_asks_for_no_address_of_its_own(meetings, cycling):
    """What the feedback page reads of the cited items is what the types give, not one
    query more (it used to look up the events' pages to fill in their addresses), and it
    reads them once until the pages change."""
    from core.participation import participation_types
    from processes.feedback.page import _other_items

    others = [t for t in participation_types() if t.key != "consultation"]
    _other_items(cycling)  # warm the site's root paths
    with CaptureQueriesContext(connection) as by_types:
        for participation_type in others:
            participation_type.citable_items(cycling)
    purge_public_pages()  # forget the items the feedback page keeps: count building them
    with CaptureQueriesContext(connection) as by_page:
        items = _other_items(cycling)
    assert len(by_page) == len(by_types)
    with CaptureQueriesContext(connection) as kept:  # and the next page view reads them kept
        assert _other_items(cycling) == items
    assert len(kept) == 0
    _first, second = meetings
    assert items[f"event:{second.translation_key}"].url == second.url
