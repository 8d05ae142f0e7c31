"""Input gathered at a meeting (core.meetings): proposals and survey questionnaires typed in
on their own screens with the event chosen are stored with channel "meeting", linked to the
event, counted in its figures and beside online input, and listed on the event page (only
what their own public pages show)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.meetings import find_meeting, meetings_for
from events import figures
from events.meetings import meeting_id
from events.models import MeetingInput
from processes import metrics
from proposals import services
from proposals.models import Proposal
from surveys.models import Response
from tests.html import parse
from tests.proposals.factories import make_proposal
from tests.surveys.helpers import name

pytestmark = pytest.mark.django_db


def held(event_page_factory, parent, days=2, **fields):
    start = timezone.now().replace(microsecond=0) - timedelta(days=days)
    return event_page_factory(
        parent=parent, starts_at=start, ends_at=start + timedelta(hours=2), **fields
    )


@pytest.fixture
def ideas(cycling, proposals_page_factory):
    return proposals_page_factory(parent=cycling)


@pytest.fixture
def survey(cycling, survey_page_factory):
    return survey_page_factory(
        parent=cycling, access="open", opens_at=timezone.now() - timedelta(days=10)
    )


def channels(process):
    totals = {}
    for row in metrics.contribution_rows(process):
        totals[row.channel] = totals.get(row.channel, 0) + row.count
    return totals


def test_meetings_offered_are_the_held_events_beside_the_page(
    event_page_factory, cycling, ideas, event_index
):
    meeting = held(event_page_factory, cycling, title="Cycling meeting", time_zone="Asia/Tokyo")
    event_page_factory(parent=cycling, title="Next cycling meeting")  # not held yet
    held(event_page_factory, event_index, title="Not in the process")
    [offered] = meetings_for(ideas)
    assert (offered.id, offered.label) == (meeting_id(meeting), "Cycling meeting")
    assert offered.day == meeting.local_start.date()
    assert find_meeting(offered.id) == offered
    assert find_meeting("event:nonsense") is None


def test_a_proposal_given_at_the_meeting_is_linked_counted_and_listed(
    admin_client, event_page_factory, cycling, ideas
):
    event = held(event_page_factory, cycling, title="Cycling meeting")
    url = reverse("proposals_admin:offline", args=[ideas.pk])
    form = parse(admin_client.get(url, {"meeting": meeting_id(event)}).content)
    assert form.one("#id_meeting option[selected]")["value"] == meeting_id(event)
    assert form.one("#id_channel option[selected]")["value"] == "meeting"
    response = admin_client.post(
        url,
        {
            "title": "Covered bike parking",
            "description": "Asked for by many at the meeting.",
            "language": "en",
            "channel": "paper",  # the meeting wins
            "input_date": event.local_start.date().isoformat(),
            "meeting": meeting_id(event),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}?meeting=event%3A{event.pk}"
    proposal = Proposal.objects.get()
    assert proposal.channel == "meeting"
    assert MeetingInput.objects.get().contribution == proposal
    assert figures.event_figures(event).contributions == 1
    assert channels(cycling) == {"meeting": 1}
    page = parse(admin_client.get(event.url).content)
    [link] = page.select(".event-outcomes a")
    assert link.text == "Covered bike parking"
    assert link["href"] == ideas.url + f"{proposal.pk}/"
    # A hidden proposal stays counted for officials, not listed on the public page.
    Proposal.objects.update(is_hidden=True)
    page = parse(admin_client.get(event.url).content)
    assert not page.select(".event-outcomes a")
    screen = parse(admin_client.get(f"/admin/events/{event.pk}/input/").content)
    assert "Covered bike parking" in screen.one(".th-meeting-input__linked").text


def test_a_proposal_without_a_meeting_is_not_linked(
    admin_client, event_page_factory, cycling, ideas
):
    held(event_page_factory, cycling)
    response = admin_client.post(
        reverse("proposals_admin:offline", args=[ideas.pk]),
        {
            "title": "A pond",
            "description": "On a card.",
            "language": "en",
            "channel": "paper",
            "input_date": "2026-03-02",
            "meeting": "",
        },
    )
    assert response.status_code == 302
    assert Proposal.objects.get().channel == "paper"
    assert not MeetingInput.objects.exists()


def test_a_questionnaire_filled_in_at_the_meeting(
    admin_client, event_page_factory, cycling, survey
):
    event = held(event_page_factory, cycling, title="Cycling meeting")
    url = reverse("surveys_admin:paper", args=[survey.pk])
    form = parse(admin_client.get(url, {"meeting": meeting_id(event)}).content)
    assert form.one("#id_paper-meeting option[selected]")["value"] == meeting_id(event)
    assert form.one("#id_paper-given_on")["value"] == event.local_start.date().isoformat()
    response = admin_client.post(
        url,
        {
            "paper-language": "sw",
            "paper-given_on": event.local_start.date().isoformat(),
            "paper-meeting": meeting_id(event),
            name("uses"): "no",
            name("ok"): "on",
            name("modes"): ["car"],
        },
    )
    assert response.status_code == 302
    assert f"meeting=event%3A{event.pk}" in response["Location"]
    stored = Response.objects.get()
    assert (stored.channel, stored.language) == ("meeting", "sw")
    assert MeetingInput.objects.get().contribution == stored
    assert figures.event_figures(event).contributions == 1
    assert channels(cycling) == {"meeting": 1}
    page = parse(admin_client.get(event.url).content)
    outcomes = page.one(".event-outcomes").text
    assert "1 questionnaire filled in for" in outcomes
    assert survey.title in outcomes
    assert "car" not in outcomes.lower()


def test_the_input_screen_offers_the_entry_screens_it_may(
    admin_client, event_page_factory, cycling, ideas, survey
):
    event = held(event_page_factory, cycling)
    page = parse(admin_client.get(f"/admin/events/{event.pk}/input/").content)
    hrefs = [a["href"] for a in page.select(".th-meeting-input__entry a")]
    assert hrefs == [
        reverse("proposals_admin:offline", args=[ideas.pk]) + f"?meeting=event%3A{event.pk}",
        reverse("surveys_admin:paper", args=[survey.pk]) + f"?meeting=event%3A{event.pk}",
    ]


def test_unpublished_meeting_comments_are_counted_not_shown(
    admin_client, event_page_factory, consultation_page_factory, cycling
):
    consultation = consultation_page_factory(parent=cycling)
    event = held(event_page_factory, cycling)
    url = f"/admin/events/{event.pk}/input/"
    for text, public in (("Shown comment", "on"), ("Private comment", "")):
        data = {"consultation": consultation.pk, "comment": text, "language": "en"}
        if public:
            data["show_publicly"] = public
        assert admin_client.post(url, data).status_code == 302
    assert figures.event_figures(event).contributions == 2
    outcomes = parse(admin_client.get(event.url).content).one(".event-outcomes").text
    assert "Shown comment" in outcomes
    assert "Private comment" not in outcomes
    assert "1 more comment, counted but not published" in outcomes


def figure(html, scope, label):
    """The number beside `label` in the figures list inside `scope`, or None."""
    for row in html.select(f"{scope} .event-figures > div"):
        if row.one("dt").text == label:
            return int(row.one("dd").text)
    return None


def test_contributions_made_at_the_event_count_only_what_counts_elsewhere(
    client,
    event_page_factory,
    consultation_page_factory,
    cycling,
    ideas,
    survey,
    django_capture_on_commit_callbacks,
):
    from events.participation import EventParticipation
    from processes.models import Comment
    from tests.processes.factories import bulk_comments
    from tests.surveys.helpers import make_response

    consultation = consultation_page_factory(parent=cycling)
    event = held(event_page_factory, cycling, title="Cycling meeting")
    bulk_comments(consultation, 3, channel="meeting", show_publicly_with_channel=True)
    comments = list(Comment.objects.order_by("pk"))
    proposal = make_proposal(ideas, channel="meeting")
    answered = make_response(survey, {"uses": "yes"}, channel="meeting")
    for record in (*comments, proposal, answered):
        MeetingInput.link(event, record)

    def figures_shown():
        key_figures = {f.key: f.value for f in EventParticipation().key_figures(cycling)}
        event_page = parse(client.get(event.url).content)
        timeline = parse(client.get(cycling.url).content)
        return (
            figures.event_figures(event).contributions,
            key_figures["contributions"],
            figure(event_page, "main", "Contributions made at the event"),
            figure(timeline, ".process-timeline", "Contributions made at the events"),
        )

    assert figures_shown() == (5, 5, 5, 5)
    # A comment removed by a moderator, one awaiting review, a proposal withdrawn, a
    # questionnaire deleted: none counts any more, on any page showing the figure.
    with django_capture_on_commit_callbacks(execute=True):
        comments[0].is_removed = True
        comments[0].save()
        comments[1].is_hidden_pending_review = True
        comments[1].save()
        proposal.withdrawn_at = timezone.now()
        proposal.save()
        answered.delete()
    assert figures_shown() == (1, 1, 1, 1)
    # The public list of what came out of the event shows the one comment left, as counted.
    outcomes = parse(client.get(event.url).content).one(".event-outcomes")
    assert [a.text for a in outcomes.select("a")] == [comments[2].comment]
    # Figures for many events stay a fixed number of queries: one per kind of record.
    with CaptureQueriesContext(connection) as queries:
        figures.counted_inputs([event.translation_key])
    assert len(queries) == 1 + 3


def test_a_proposal_merged_after_the_meeting_is_listed_as_it_is_counted(
    client, event_page_factory, cycling, ideas
):
    event = held(event_page_factory, cycling, title="Cycling meeting")
    given = make_proposal(ideas, "Covered bike parking", channel="meeting")
    MeetingInput.link(event, given)
    kept = make_proposal(ideas, "Bike shelters", author_email="b@example.org")
    services.merge(given, kept)
    assert figures.event_figures(event).contributions == 1
    [link] = parse(client.get(event.url).content).select(".event-outcomes a")
    assert link.text == "Covered bike parking (merged into “Bike shelters”)"
    assert link["href"] == ideas.url + f"{given.pk}/"
    assert client.get(link["href"]).status_code == 200
