"""Time to first official response, across kinds of input: a member of staff's reply in a
conversation (on a consultation or on a proposal) and a proposal's first answer (or its
merge into a similar one) all count, through the participation interface."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone, translation

from core import participation
from impact import aggregates
from impact.figures import dashboard
from impact.models import ProcessFigures
from processes.models import build_comment
from proposals import services
from proposals.models import Proposal
from tests.proposals.factories import ProposalsPageFactory, make_proposal

pytestmark = pytest.mark.django_db


def said(page, text, *, at, email="", user=None, parent=None, clause_id=""):
    item = build_comment(
        page,
        text,
        name="Someone",
        email=email or (user.email if user else "resident@example.org"),
        user=user,
        clause_id=clause_id,
        parent_id=parent.pk if parent else 0,
    )
    item.save()
    type(item).objects.filter(pk=item.pk).update(submit_date=at)
    return item


def test_proposals_and_their_conversations_count_with_the_comments(consultation, process, official):
    now = timezone.now()
    ideas = ProposalsPageFactory(parent=process)
    # A consultation comment answered by staff after 5 hours.
    asked = said(consultation, "When?", at=now - timedelta(hours=30))
    said(consultation, "In May.", user=official, parent=asked, at=now - timedelta(hours=25))
    # A proposal answered after 10 hours, then answered again much later.
    answered = make_proposal(ideas, "Benches", created_at=now - timedelta(hours=20))
    with time_machine.travel(now - timedelta(hours=10), tick=False):
        services.answer([answered], state="considering", text="We are costing it.")
    # A proposal nobody answered yet, and a duplicate merged into it after an hour.
    waiting = make_proposal(ideas, "Trees", author_email="b@example.org")
    duplicate = make_proposal(
        ideas, "More trees", author_email="c@example.org", created_at=now - timedelta(hours=1)
    )
    services.merge(duplicate, waiting)
    # A resident's comment on the waiting proposal, a reply from staff 2 hours later.
    question = said(ideas, "Which trees?", at=now - timedelta(hours=4), clause_id=waiting.clause_id)
    said(
        ideas,
        "Oaks.",
        user=official,
        parent=question,
        clause_id=waiting.clause_id,
        at=now - timedelta(hours=2),
    )
    # A reply that is not from staff does not count as a response.
    said(ideas, "Me too", parent=question, clause_id=waiting.clause_id, at=now)

    found = participation.official_responses(process)
    assert (found.asked, found.answered) == (5, 4)  # two conversations, three proposals
    assert sorted(round(hours) for hours in found.hours) == [1, 2, 5, 10]

    aggregates.refresh(process)
    context = dashboard(process)
    assert (context["threads"], context["answered"]) == (5, 4)
    assert context["median_response_hours"] == pytest.approx(3.5, abs=0.01)
    assert context["responded_share"] == pytest.approx(0.8)

    # A later answer moves answered_at on, not the first response.
    with time_machine.travel(now + timedelta(days=3), tick=False):
        services.answer([answered], state="accepted", text="Twenty benches by spring.")
    answered.refresh_from_db()
    assert answered.answered_at > answered.first_answered_at
    assert dashboard(process)["median_response_hours"] == pytest.approx(3.5, abs=0.01)


def test_a_proposal_answer_shows_on_the_next_dashboard_view(process):
    ideas = ProposalsPageFactory(parent=process)
    proposal = make_proposal(ideas, "Benches")
    assert (dashboard(process)["threads"], dashboard(process)["answered"]) == (1, 0)
    services.answer([Proposal.objects.get(pk=proposal.pk)], state="accepted", text="Yes.")
    assert dashboard(process)["answered"] == 1


def test_the_stored_figures_are_named_for_every_kind_of_input_they_count(process):
    """Proposals alone fill `threads`: its name (the admin's, in every language) must not
    promise comments, and must be translated."""
    ideas = ProposalsPageFactory(parent=process)
    make_proposal(ideas, "Benches")
    figures = aggregates.refresh(process)
    assert (figures.threads, figures.answered) == (1, 0)
    english = {}
    for field in ("threads", "answered"):
        label = ProcessFigures._meta.get_field(field).verbose_name
        english[field] = str(label)
        assert "comment" not in english[field]
        for language in ("fr", "ar", "sw"):
            with translation.override(language):
                assert str(label) != english[field], (field, language)
    assert english["threads"] != english["answered"]


def test_a_question_asked_in_the_same_instant_as_the_last_refresh_is_counted(consultation, process):
    # Under a frozen clock two changes share one instant: the figures must still follow
    # the contributions, not the time they were last built.
    with time_machine.travel(timezone.now(), tick=False):
        said(consultation, "When?", at=timezone.now())
        assert aggregates.ensure_fresh(process).threads == 1
        said(consultation, "Where?", at=timezone.now())
        assert aggregates.ensure_fresh(process).threads == 2
