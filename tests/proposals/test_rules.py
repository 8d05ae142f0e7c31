"""The permission matrix: actor × phase × action (submit, support, comment, edit,
withdraw, answer, merge, assign, private notes), and what a refusal in a closed phase tells
the resident."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from processes import rules as comment_rules
from processes.models import ParticipationRule
from proposals import rules
from proposals.models import Proposal
from tests.html import parse

from .factories import make_proposal, make_support

pytestmark = pytest.mark.django_db

NOW = timezone.now()
PHASES = {
    "upcoming": (NOW + timedelta(days=2), NOW + timedelta(days=10)),
    "open": (NOW - timedelta(days=2), NOW + timedelta(days=10)),
    "closed": (NOW - timedelta(days=10), NOW - timedelta(days=2)),
}


@pytest.fixture(autouse=True)
def _clock_stands_still():
    """The phases are set around NOW, read once at import: the clock stands still there."""
    with time_machine.travel(NOW, tick=False):
        yield


ACTORS = ("anonymous", "resident", "author", "evaluator", "official")

# What each actor may do in each phase.
EXPECTED = {
    "submit": {"open": set(ACTORS)},
    "support": {"open": set(ACTORS)},
    "comment": {"open": set(ACTORS)},
    "edit": {"open": {"author"}},
    "withdraw": {phase: {"author"} for phase in PHASES},
    # The anonymous actor holds the signed link of its support's confirmation e-mail, the
    # resident signed in when supporting; the author and the official support nothing.
    "withdraw_support": {"open": {"anonymous", "resident"}},
    "answer": {phase: {"official"} for phase in PHASES},
    "merge": {phase: {"official"} for phase in PHASES},
    "assign": {phase: {"official"} for phase in PHASES},
    # The evaluator the proposal is assigned to keeps its private notes.
    "notes": {phase: {"official", "evaluator"} for phase in PHASES},
}


def decide(action, user, page, proposal, supports=None):
    if action == "submit":
        return rules.submit_decision(user, page).allowed
    if action == "support":
        return rules.support_decision(user, page, proposal).allowed
    if action == "comment":
        return comment_rules.comment_decision(user, page, clause_id=proposal.clause_id).allowed
    if action == "edit":
        return rules.edit_decision(user, page, proposal).allowed
    if action == "withdraw":
        return rules.withdraw_decision(user, page, proposal).allowed
    if action == "withdraw_support":
        support = (supports or {}).get(user.pk)
        return rules.withdraw_support_decision(
            user, page, proposal, support, by_link=not user.is_authenticated
        ).allowed
    if action == "notes":
        return rules.can_read_notes(user, proposal)
    return rules.can_answer(user)  # answer, merge and assign: the admin screens' one test


@pytest.fixture
def actors(resident, official, evaluator, django_user_model):
    author = django_user_model.objects.create_user("author", "author@example.org", "pw-a-1")
    return {
        "anonymous": AnonymousUser(),
        "resident": resident,
        "author": author,
        "evaluator": evaluator,
        "official": official,
    }


@pytest.mark.parametrize("phase", list(PHASES))
def test_permission_matrix(process, proposals_page_factory, actors, phase):
    opens, closes = PHASES[phase]
    page = proposals_page_factory(parent=process, opens_at=opens, closes_at=closes)
    proposal = make_proposal(
        page, author=actors["author"], created_at=timezone.now(), evaluator=actors["evaluator"]
    )
    supports = {
        None: make_support(proposal, email="by-link@example.org"),  # found by its link
        actors["resident"].pk: make_support(proposal, user=actors["resident"]),
    }
    for action, allowed in EXPECTED.items():
        for name, user in actors.items():
            expected = name in allowed.get(phase, set())
            assert decide(action, user, page, proposal, supports) == expected, (action, name, phase)


def test_a_support_cannot_be_withdrawn_by_someone_else_or_twice(ideas, resident, official):
    proposal = make_proposal(ideas)
    support = make_support(proposal, user=resident)
    assert rules.withdraw_support_decision(official, ideas, proposal, support).reason == "none"
    assert rules.withdraw_support_decision(resident, ideas, proposal, support).allowed
    support.withdrawn_at = timezone.now()
    assert rules.withdraw_support_decision(resident, ideas, proposal, support).reason == "none"
    other = make_proposal(ideas, "Another idea")
    moved = make_support(other, email="x@example.org")
    assert not rules.withdraw_support_decision(None, ideas, proposal, moved, by_link=True)


def test_signed_in_processes_refuse_anonymous_with_a_reason(process, ideas):
    process.participation_rule = ParticipationRule.SIGNED_IN
    process.save()
    page = type(ideas).objects.get(pk=ideas.pk)
    decision = rules.support_decision(AnonymousUser(), page, make_proposal(page))
    assert decision.reason == "login"


def test_edit_window_closes(ideas, resident, settings):
    settings.PROPOSAL_EDIT_MINUTES = 30
    proposal = make_proposal(ideas, author=resident, created_at=timezone.now() - timedelta(hours=1))
    assert rules.edit_decision(resident, ideas, proposal).reason == "late"


def test_closed_phase_refuses_a_proposal_and_keeps_the_text(
    client, process, proposals_page_factory
):
    opens, closes = PHASES["closed"]
    page = proposals_page_factory(parent=process, opens_at=opens, closes_at=closes)
    response = client.post(
        page.url + "new/",
        {
            "title": "Ping-pong tables",
            "description": "Two tables.",
            "name": "A",
            "email": "a@x.org",
        },
    )
    assert response.status_code == 403
    doc = parse(response)
    assert "Proposals closed on" in doc.one(".notice--warning").text
    assert doc.one("blockquote").text == "Two tables."
    assert not Proposal.objects.exists()


def test_closed_phase_refuses_a_support_with_a_clear_message(
    client, process, proposals_page_factory
):
    opens, closes = PHASES["closed"]
    page = proposals_page_factory(parent=process, opens_at=opens, closes_at=closes)
    proposal = make_proposal(page)
    response = client.post(page.url + f"{proposal.pk}/support/", {"email": "b@example.org"})
    assert response.status_code == 403
    assert "Supports closed on" in parse(response).one(".notice--warning").text
    detail = parse(client.get(page.url + f"{proposal.pk}/"))
    assert "Supports closed on" in detail.one("#support").text


def test_answer_screens_are_refused_to_residents(client, ideas, resident):
    client.force_login(resident)
    assert client.get(reverse("proposals_admin:index")).status_code == 302
