"""Check-in (list, code, walk-ins, headcount), first-time versus repeat counting, the
reminder queued once, the permission matrix, the attendance source and the listing's
query count."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.participation import contribution_sources
from delivery.models import Notice
from events import figures, registrations
from events.models import Headcount, MeetingInput, Registration
from events.notifications import queue_reminders
from events.participation import attendance
from events.tasks import forget_no_shows
from processes.models import Channel
from tests.html import parse

pytestmark = pytest.mark.django_db


def ago(days):
    return timezone.now().replace(microsecond=0) - timedelta(days=days)


def past_event(factory, parent, days, **fields):
    return factory(
        parent=parent, starts_at=ago(days), ends_at=ago(days) + timedelta(hours=2), **fields
    )


def attend(event, *emails):
    for email in emails:
        registration = registrations.create(
            event.translation_key, name=email, email=email, language="en"
        )
        registrations.check_in(event.translation_key, pk=registration.pk)


def test_first_time_and_repeat_across_events(event_page_factory, cycling):
    first = past_event(event_page_factory, cycling, 20, title="First cycling meeting")
    second = past_event(event_page_factory, cycling, 10, title="Second cycling meeting")
    attend(first, "a@example.org", "b@example.org")
    attend(second, "A@example.org", "c@example.org")
    registrations.add_walk_in(second.translation_key, name="No address")
    result = figures.figures_for([first.translation_key, second.translation_key])
    assert (result[first.translation_key].first_time, result[first.translation_key].repeat) == (
        2,
        0,
    )
    assert (result[second.translation_key].first_time, result[second.translation_key].repeat) == (
        1,
        1,
    )
    assert result[second.translation_key].attended == 3
    assert result[second.translation_key].walk_ins == 1
    total = figures.process_figures(cycling)
    assert (total.attended, total.first_time, total.repeat, total.walk_ins) == (5, 3, 1, 1)


def test_attendance_source_counts_meeting_input_by_language_and_day(event_page_factory, cycling):
    event = past_event(event_page_factory, cycling, 3, registration_enabled=False)
    other = past_event(event_page_factory, cycling, 5)
    attend(other, "a@example.org")
    Registration.objects.filter(event_key=other.translation_key).update(language="fr")
    Headcount.objects.create(event_key=event.translation_key, count=12)
    counts = attendance.counts(cycling)
    assert {(c.channel, c.language, c.count) for c in counts} == {
        (Channel.MEETING, "fr", 1),
        (Channel.MEETING, "en", 12),
    }
    assert {c.day for c in counts} == {
        timezone.localtime(event.starts_at).date(),
        timezone.localtime(other.starts_at).date(),
    }
    people = attendance.participants(cycling)
    assert people.identities == {"email:a@example.org"}
    assert people.anonymous == 12
    assert attendance in contribution_sources()


def test_reminder_queued_once(event_page_factory, event_index, mailoutbox):
    soon = timezone.now().replace(microsecond=0) + timedelta(hours=20)
    event = event_page_factory(
        parent=event_index, starts_at=soon, ends_at=soon + timedelta(hours=1)
    )
    later = event_page_factory(parent=event_index)  # in two days: not yet
    registrations.register(event, name="A", email="a@example.org", language="sw")
    registrations.register(later, name="A", email="a@example.org", language="sw")
    assert queue_reminders() == 1
    assert queue_reminders() == 0
    notices = Notice.objects.filter(mailing__kind="event-reminder")
    assert [(n.email, n.status) for n in notices] == [("a@example.org", "sent")]
    [reminder] = [m for m in mailoutbox if m.extra_headers["Content-Language"] == "sw"]
    assert reminder.to == ["a@example.org"]


# -- the check-in screen ----------------------------------------------------------------------


def test_check_in_by_code_list_and_walk_ins(client, checker, event):
    amina = registrations.register(event, name="Amina", email="amina@example.org", language="fr")
    juma = registrations.register(event, name="Juma", email="juma@example.org", language="sw")
    client.force_login(checker)
    url = f"/admin/events/{event.pk}/check-in/"
    page = parse(client.get(url).content)
    assert "Amina" in page.one(f"#registration-{amina.registration.pk}").text
    response = client.post(url, {"action": "code", "code": amina.registration.code.lower()})
    assert response.status_code == 302
    response = client.post(url, {"action": "mark", "registration": juma.registration.pk})
    assert response.status_code == 302
    for name in ("Walk-in one", "Walk-in two"):
        assert client.post(url, {"action": "walk_in", "name": name}).status_code == 302
    result = figures.event_figures(event)
    assert (result.attended, result.walk_ins, result.registered) == (4, 2, 2)


def test_unknown_code_keeps_the_code_and_says_so(client, checker, event):
    client.force_login(checker)
    url = f"/admin/events/{event.pk}/check-in/"
    response = client.post(url, {"action": "code", "code": "ZZZZZZ"})
    assert response.status_code == 400
    html = parse(response.content)
    assert html.one("#id_code")["value"] == "ZZZZZZ"
    assert "No confirmed registration" in html.one("main").text


def test_headcount_for_an_event_without_registration(client, checker, event_page_factory, cycling):
    event = past_event(event_page_factory, cycling, 1, registration_enabled=False)
    client.force_login(checker)
    url = f"/admin/events/{event.pk}/check-in/"
    assert client.post(url, {"action": "headcount", "count": "-3"}).status_code == 400
    assert client.post(url, {"action": "headcount", "count": "23"}).status_code == 302
    assert figures.event_figures(event).attended == 23


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("editor", 302), ("checker", 200)])
def test_permission_matrix_check_in(client, event, who, status, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(f"/admin/events/{event.pk}/check-in/")
    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), [("editor", 302), ("checker", 302)])
def test_permission_matrix_meeting_input(client, event, who, status, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(f"/admin/events/{event.pk}/input/")
    assert response.status_code == status


def test_public_page_shows_counts_not_names(client, event_page_factory, cycling):
    event = past_event(event_page_factory, cycling, 2)
    attend(event, "amina@example.org")
    html = parse(client.get(event.url).content)
    assert "amina" not in html.one("main").text.lower()
    assert "1" in html.one(".event-figures").text


def test_meeting_comments_are_linked_and_listed(
    admin_client, event_page_factory, consultation_page_factory, cycling
):
    consultation = consultation_page_factory(parent=cycling)
    event = past_event(event_page_factory, cycling, 2)
    response = admin_client.post(
        f"/admin/events/{event.pk}/input/",
        {
            "consultation": consultation.pk,
            "comment": "More bike parking at the station.",
            "language": "en",
            "show_publicly": "on",
        },
    )
    assert response.status_code == 302
    link = MeetingInput.objects.get()
    assert link.contribution.channel == Channel.MEETING
    assert link.contribution.meeting_name == event.title
    assert figures.event_figures(event).contributions == 1
    html = parse(admin_client.get(event.url).content)
    assert "More bike parking" in html.one("main").text
    # Empty input keeps the form.
    response = admin_client.post(
        f"/admin/events/{event.pk}/input/", {"consultation": consultation.pk, "comment": "  "}
    )
    assert response.status_code == 400


def test_index_query_count_is_flat(client, event_index, event_page_factory, cycling):
    for _ in range(2):
        event_page_factory(parent=event_index)
    past_event(event_page_factory, cycling, 3)
    client.get(event_index.url)  # the first request of a site creates its settings row
    with CaptureQueriesContext(connection) as few:
        assert client.get(event_index.url).status_code == 200
    for _ in range(4):
        event_page_factory(parent=event_index)
        past_event(event_page_factory, cycling, 4)
    client.get(event_index.url)  # publishing purged the cached header and menu: warm again
    with CaptureQueriesContext(connection) as many:
        html = parse(client.get(event_index.url).content)
    assert len(html.select("#upcoming-events ~ ul .event-card")) == 6
    assert len(many) == len(few)


def test_index_filters_without_javascript(client, event_index, event_page_factory, cycling):
    event_page_factory(
        parent=event_index,
        title="Dataset release party",
        format="online",
        online_url="https://meet.example.org/x",
    )
    event_page_factory(parent=cycling, title="Cycling workshop")
    html = parse(client.get(event_index.url, {"process": "cycling"}).content)
    assert [t.strip() for t in html.texts(".event-card .card__title")] == ["Cycling workshop"]
    html = parse(client.get(event_index.url, {"format": "online"}).content)
    assert [t.strip() for t in html.texts(".event-card .card__title")] == ["Dataset release party"]
    html = parse(client.get(event_index.url, {"format": "nonsense"}).content)
    assert len(html.select(".event-card")) == 2


def test_registration_queries_do_not_grow(event):
    for i in range(3):
        registrations.register(
            event, name="x", email=f"warm{i}@example.org", language="en", waitlist=True
        )
    with CaptureQueriesContext(connection) as few:
        registrations.register(
            event, name="x", email="one@example.org", language="en", waitlist=True
        )
    for i in range(20):
        registrations.register(
            event, name="x", email=f"more{i}@example.org", language="en", waitlist=True
        )
    with CaptureQueriesContext(connection) as many:
        registrations.register(
            event, name="x", email="two@example.org", language="en", waitlist=True
        )
    assert len(many) == len(few)


def test_no_shows_are_forgotten_after_the_retention_and_counts_kept(
    event_page_factory, cycling, settings
):
    settings.EVENTS_NO_SHOW_RETENTION_DAYS = 30
    old = past_event(event_page_factory, cycling, 40)
    recent = past_event(event_page_factory, cycling, 10)
    for event in (old, recent):
        attend(event, "came@example.org")
        registrations.create(
            event.translation_key, name="Stayed home", email="home@example.org", language="fr"
        )
    before = figures.event_figures(old)
    assert forget_no_shows() == 1
    assert forget_no_shows() == 0
    assert not Registration.objects.filter(
        event_key=old.translation_key, name="Stayed home"
    ).exists()
    assert Registration.objects.filter(
        event_key=recent.translation_key, name="Stayed home"
    ).exists()
    assert Registration.objects.filter(email="came@example.org").count() == 2
    assert figures.event_figures(old) == before
