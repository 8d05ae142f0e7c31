"""A consultation's document is rendered once per change to what pages show and kept as HTML
(templates/processes/consultation_page.html, ``{% kept %}``), yet each reader sees on the next
request a new comment's count, the comments closing, and the words their own right to comment
gives the buttons (a process open to signed-in residents only)."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from processes.models import ParticipationRule, build_comment
from tests.html import parse

from .factories import clause_ids

pytestmark = pytest.mark.django_db


def button_words(client, page):
    """The visible words of each clause's comments button, in document order."""
    response = client.get(page.url)
    assert response.status_code == 200
    return parse(response).texts(".clause .clause__count")


def test_a_new_comment_shows_in_its_clause_button_on_the_next_request(client, consultation):
    first = clause_ids(consultation)[0]
    before = button_words(client, consultation)
    assert before[0] == "Comment" and button_words(client, consultation) == before  # kept

    comment = build_comment(
        consultation, "A crossing, please.", clause_id=first, name="Amina", email="a@example.org"
    )
    comment.save()
    after = button_words(client, consultation)
    assert after[0] == "1 comment"
    assert after[1:] == before[1:]


def test_the_buttons_change_when_the_comments_close_with_nothing_purged(client, consultation):
    closes = consultation.window[1]
    assert button_words(client, consultation)[0] == "Comment"
    with time_machine.travel(closes + timedelta(days=2), tick=False):
        assert consultation.state_at(timezone.now()) != "open"
        assert button_words(client, consultation)[0] == "No comments"


def test_a_signed_in_resident_and_a_visitor_each_get_their_own_buttons(client, consultation):
    process = consultation.process
    process.participation_rule = ParticipationRule.SIGNED_IN
    process.save_revision().publish()
    assert button_words(client, consultation)[0] == "No comments"  # kept for visitors

    resident = get_user_model().objects.create_user("amina", "amina@example.org", "pw")
    client.force_login(resident)
    assert button_words(client, consultation)[0] == "Comment"
    client.logout()
    assert button_words(client, consultation)[0] == "No comments"
