"""A proposal's conversation speaks of the proposal, not of a document's clauses, on its
page, in the comment form and in the comment e-mails, in the visitor's language."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from processes.models import PendingComment
from processes.tasks import confirmation_message
from tests.html import parse
from tests.processes.factories import translate_page

from .factories import make_proposal

pytestmark = pytest.mark.django_db

FORM_TITLE = "Your comment on this proposal"
OUTCOME = "Tell me what happens: e-mail me once when the answers to these proposals are published."


def _in(language, text):
    with translation.override(language):
        return gettext(text)


def test_the_proposal_page_asks_for_a_comment_on_the_proposal(client, ideas):
    proposal = make_proposal(ideas)
    doc = parse(client.get(ideas.url + f"{proposal.pk}/"))
    section = doc.one("#comments")
    assert section.one(".comment-form__title").text.strip() == FORM_TITLE
    assert "clause" not in section.text.lower()
    assert "document" not in section.one(".comment-form__title").text
    assert OUTCOME in section.text


def test_in_swahili_too(client, home_pages, ideas, locales):
    proposal = make_proposal(ideas)
    swahili = translate_page(ideas, locales["sw"])
    doc = parse(client.get(swahili.url + f"{proposal.pk}/"))
    title = doc.one("#comments .comment-form__title").text.strip()
    assert title == _in("sw", FORM_TITLE) != FORM_TITLE
    assert _in("sw", OUTCOME) in doc.one("#comments").text


def test_the_comment_confirmation_names_the_proposal(ideas):
    proposal = make_proposal(ideas, "Chess tables under the trees")
    pending = PendingComment.objects.create(
        page=ideas,
        clause_id=proposal.clause_id,
        name="Neema",
        email="neema@example.org",
        text="Yes, near the café.",
        language="en",
    )
    message = confirmation_message(pending)
    assert "Chess tables under the trees" in message.body
    assert "clause" not in message.body.lower()
