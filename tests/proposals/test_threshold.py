"""The support threshold with its date: progress before it; after it, proposals below the
threshold are marked, take no more supports and are listed apart for officials; supports
count toward it only until the date."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from processes.models import Area
from proposals import rules, threshold
from proposals.models import Proposal, Support
from tests.html import parse

from .factories import make_proposal, make_support

pytestmark = pytest.mark.django_db

NOW = timezone.now()
BEFORE = NOW - timedelta(days=3)


@pytest.fixture(autouse=True)
def _clock_stands_still():
    """NOW is read once, at import: the clock stands still there for every test here, so a
    run across midnight reads the same day in the tests and in the code."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def open_page(process, proposals_page_factory):
    """Open for ten more days; the threshold of 3 supports is due in five."""
    return proposals_page_factory(
        parent=process,
        opens_at=NOW - timedelta(days=10),
        closes_at=NOW + timedelta(days=10),
        support_threshold=3,
        threshold_date=timezone.localdate() + timedelta(days=5),
    )


@pytest.fixture
def past_date(process, proposals_page_factory):
    """Still open, but the threshold date was yesterday."""
    return proposals_page_factory(
        parent=process,
        opens_at=NOW - timedelta(days=10),
        closes_at=NOW + timedelta(days=10),
        support_threshold=3,
        threshold_date=timezone.localdate() - timedelta(days=1),
    )


def supports(proposal, n, *, at=BEFORE, **fields):
    for i in range(n):
        make_support(
            proposal,
            email=f"{proposal.pk}-{at.timestamp()}-{i}@example.org",
            confirmed_at=at,
            **fields,
        )


def card(doc, title):
    return next(c for c in doc.select(".proposal-card") if title in c.text)


def test_progress_shows_on_cards_and_the_proposal_page_before_the_date(client, open_page):
    idea = make_proposal(open_page, "Benches")
    supports(idea, 2)
    day = date_format(open_page.threshold_date, "DATE_FORMAT")
    doc = parse(client.get(open_page.url))
    shown = card(doc, "Benches")
    assert f"2 of the 3 supports needed by {day}." in " ".join(shown.text.split())
    bar = shown.one("progress")
    assert (bar["max"], bar["value"]) == ("3", "2")
    page = parse(client.get(open_page.url + f"{idea.pk}/"))
    assert f"2 of the 3 supports needed by {day}." in " ".join(page.one("#support").text.split())
    supports(idea, 1, at=NOW)
    doc = parse(client.get(open_page.url))
    assert "Threshold reached" in card(doc, "Benches").text
    assert not card(doc, "Benches").select("progress")


def test_after_the_date_proposals_below_it_are_marked_and_take_no_supports(client, past_date):
    reached = make_proposal(past_date, "Benches")
    supports(reached, 3)
    missed = make_proposal(past_date, "Boats")
    supports(missed, 2)
    doc = parse(client.get(past_date.url))
    assert "Did not reach the threshold" in card(doc, "Boats").text
    assert "Did not reach the threshold" not in card(doc, "Benches").text
    assert "Threshold reached" in card(doc, "Benches").text

    page = parse(client.get(past_date.url + f"{missed.pk}/"))
    assert "It will not be assessed" in page.one("#support").text
    assert not page.select("#support form")  # no support form
    decision = rules.support_decision(AnonymousUser(), past_date, missed)
    assert decision.reason == "threshold"
    response = client.post(past_date.url + f"{missed.pk}/support/", {"email": "late@example.org"})
    assert response.status_code == 403
    assert "did not reach the 3 supports" in parse(response).one(".notice--warning").text
    assert Support.objects.filter(proposal=missed).count() == 2
    # Proposals that reached it take supports until the phase ends.
    assert rules.support_decision(AnonymousUser(), past_date, reached)


def test_supports_count_toward_it_only_until_the_date(past_date):
    late = make_proposal(past_date, "Late supports")
    supports(late, 2)
    supports(late, 5, at=NOW)  # confirmed after the deadline: in the total, not the threshold
    assert threshold.progress(past_date, late).missed
    withdrawn_late = make_proposal(past_date, "Withdrawn after the date")
    supports(withdrawn_late, 3)
    Support.objects.filter(proposal=withdrawn_late).update(withdrawn_at=NOW)
    assert threshold.progress(past_date, withdrawn_late).reached  # the count is frozen
    withdrawn_early = make_proposal(past_date, "Withdrawn before the date")
    supports(withdrawn_early, 3)
    Support.objects.filter(proposal=withdrawn_early).update(withdrawn_at=BEFORE)
    assert threshold.progress(past_date, withdrawn_early).missed
    paper = make_proposal(past_date, "Paper typed in late")
    supports(paper, 3, at=NOW, channel="paper", input_date=timezone.localdate() - timedelta(days=2))
    assert threshold.progress(past_date, paper).reached  # given before the date


def test_without_a_date_the_threshold_falls_due_when_supports_close(
    client, process, proposals_page_factory
):
    page = proposals_page_factory(
        parent=process,
        opens_at=NOW - timedelta(days=20),
        closes_at=NOW - timedelta(days=2),
        support_threshold=3,
    )
    missed = make_proposal(page, "Few supports", created_at=NOW - timedelta(days=15))
    supports(missed, 1, at=NOW - timedelta(days=10))
    assert threshold.deadline(page) == page.window[1]
    assert threshold.progress(page, missed).missed
    assert "Did not reach the threshold" in card(parse(client.get(page.url)), "Few supports").text


def test_officials_list_the_proposals_that_missed_it_apart(client, official, past_date):
    reached = make_proposal(past_date, "Benches")
    supports(reached, 3)
    missed = make_proposal(past_date, "Boats")
    client.force_login(official)
    index = reverse("proposals_admin:index")
    key = str(past_date.translation_key)
    doc = parse(client.get(index, {"page": key, "threshold": "missed"}))
    assert [a.text for a in doc.select("tbody td a")] == ["Boats"]
    doc = parse(client.get(index, {"page": key, "threshold": "reached"}))
    assert [a.text for a in doc.select("tbody td a")] == ["Benches"]
    assert missed.pk


def test_listing_queries_do_not_grow_once_the_date_passed(client, past_date):
    def add(count):
        Proposal.objects.bulk_create(
            [
                Proposal(
                    page_key=past_date.translation_key,
                    process_key=past_date.get_parent().translation_key,
                    title=f"Idea {n}",
                    description="Something.",
                    confirmed_at=BEFORE,
                )
                for n in range(count)
            ]
        )

    def queries(query=""):
        client.get(past_date.url + query)
        client.get(past_date.url + query)
        with CaptureQueriesContext(connection) as context:
            assert client.get(past_date.url + query).status_code == 200
        return len(context)

    filtered = "?threshold=missed&state=received&sort=supported"
    add(10)
    small, small_filtered = queries(), queries(filtered)
    add(500)
    assert (queries(), queries(filtered)) == (small, small_filtered)


def test_residents_filter_the_listing_on_the_threshold_with_the_other_filters(
    client, process, past_date
):
    """A plain GET form: reached / did not reach, combined with state and area, kept by
    the pagination links."""
    north = Area.objects.create(page=process, name="North bank", locale=process.locale)
    south = Area.objects.create(page=process, name="South bank", locale=process.locale)
    for n in range(23):  # more than a page of results that reached it, in the north
        supports(make_proposal(past_date, f"Reached {n}", area=north, state="accepted"), 3)
    make_proposal(past_date, "Reached but received", area=north)
    supports(Proposal.objects.get(title="Reached but received"), 3)
    supports(make_proposal(past_date, "Reached in the south", area=south, state="accepted"), 3)
    supports(make_proposal(past_date, "Missed", area=north, state="accepted"), 2)

    doc = parse(client.get(past_date.url))
    choices = {o["value"]: o.text for o in doc.select("select[name=threshold] option")}
    assert choices == {
        "": "All",
        "reached": "Threshold reached",
        "missed": "Did not reach the threshold",
    }
    query = {"threshold": "reached", "state": "accepted", "area": str(north.translation_key)}
    first = parse(client.get(past_date.url, query | {"sort": "newest"}))
    titles = [c.one("h3").text for c in first.select(".proposal-card")]
    assert len(titles) == 20 and all(t.startswith("Reached ") for t in titles)
    assert first.one("select[name=threshold] option[selected]")["value"] == "reached"
    second = parse(client.get(past_date.url + first.one("a[rel=next]")["href"]))
    more = [c.one("h3").text for c in second.select(".proposal-card")]
    assert len(more) == 3 and not set(more) & set(titles)
    assert "Reached in the south" not in titles + more
    assert "Reached but received" not in titles + more

    missed = parse(client.get(past_date.url, {"threshold": "missed"}))
    assert [c.one("h3").text for c in missed.select(".proposal-card")] == ["Missed"]


def test_before_the_date_the_filter_says_not_reached_yet(client, open_page):
    supports(make_proposal(open_page, "Benches"), 3)
    supports(make_proposal(open_page, "Boats"), 1)
    doc = parse(client.get(open_page.url, {"threshold": "missed"}))
    option = doc.one("select[name=threshold] option[selected]")
    assert (option["value"], option.text) == ("missed", "Not reached yet")
    assert [c.one("h3").text for c in doc.select(".proposal-card")] == ["Boats"]
    doc = parse(client.get(open_page.url, {"threshold": "reached"}))
    assert [c.one("h3").text for c in doc.select(".proposal-card")] == ["Benches"]


def test_a_page_without_a_threshold_offers_no_such_filter(client, ideas):
    make_proposal(ideas, "Benches")
    doc = parse(client.get(ideas.url, {"threshold": "reached"}))
    assert not doc.select("select[name=threshold]")
    assert len(doc.select(".proposal-card")) == 1  # an unknown filter is ignored
