"""Feedback themes cite proposals: the feedback page links each cited proposal; the demo's
park has a response that cites its ideas, in four languages."""

import pytest

from processes.models import FeedbackPage, ProcessPage, ProcessStatus
from proposals.models import Proposal
from tests.html import parse
from tests.processes.test_feedback_support import make_feedback, theme

from .factories import make_proposal

pytestmark = pytest.mark.django_db


def test_a_theme_lists_and_links_the_proposals_it_answers(client, ideas):
    benches = make_proposal(ideas, "More benches along the river", state="accepted")
    other = make_proposal(ideas, "A car park by the gate")
    page = make_feedback(
        ideas.process, [theme("Places to rest", clauses=[f"proposal:{benches.pk}"])]
    )
    response = client.get(page.url)
    assert response.status_code == 200
    doc = parse(response)
    items = doc.select(".feedback-theme__items li")
    assert [li.text.strip() for li in items] == [f"#{benches.pk}: More benches along the river"]
    assert items[0].one("a")["href"] == ideas.url + f"{benches.pk}/"
    assert "A car park by the gate" not in doc.one(".feedback-theme").text
    assert other.pk


def test_a_first_response_does_not_close_a_process_still_taking_ideas(ideas):
    make_feedback(ideas.process, [])
    assert ideas.is_open
    assert ProcessPage.objects.get(pk=ideas.process.pk).status == ProcessStatus.OPEN


def test_demo_park_response_cites_proposals_in_four_languages(client, demo_site):
    pages = FeedbackPage.objects.live().filter(slug="first-answers")
    assert {p.locale.language_code for p in pages} == {"en", "fr", "ar", "sw"}
    titles = {}
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200
        doc = parse(response)
        links = doc.select(".feedback-theme__items a")
        assert len(links) == 9
        titles[page.locale.language_code] = doc.select(".feedback-theme__title")[0].text.strip()
        # Each link leads to the proposal's page in this language.
        first = links[0]["href"]
        assert first.startswith(f"/{page.locale.language_code}/")
        pk = int(first.rstrip("/").rsplit("/", 1)[1])
        assert client.get(first).status_code == 200
        assert Proposal.objects.get(pk=pk).state in {"accepted", "implemented", "accepted_changes"}
    assert len(set(titles.values())) == 4  # translated, not copied
    assert titles["sw"] == "Mahali pa kupumzika, kivuli na vyoo"
