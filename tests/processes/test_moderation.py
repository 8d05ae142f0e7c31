"""The comment model's moderation API that the officials' admin builds on."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from processes.models import (
    Channel,
    Comment,
    ModerationAction,
    ModerationStatus,
    build_comment,
    create_offline_comment,
)

from .factories import clause_ids
from .helpers import clause_buttons, thread_url


@pytest.fixture
def moderator(db):
    return get_user_model().objects.create_user("mod", "mod@riverton.example", "pw")


def make(page, text, **kwargs):
    kwargs.setdefault("name", "Resident")
    kwargs.setdefault("email", "resident@example.org")
    comment = build_comment(page, text, **kwargs)
    comment.save()
    return comment


@pytest.mark.django_db
def test_approve_hide_and_restore_are_logged_with_who_and_why(consultation, moderator):
    comment = make(consultation, "Waiting", is_public=False)
    assert comment.moderation_status == ModerationStatus.PENDING
    assert list(Comment.objects.needing_review()) == [comment]

    comment.approve(moderator)
    assert comment.moderation_status == ModerationStatus.PUBLISHED
    with pytest.raises(ValueError):
        comment.hide(moderator, "  ")
    comment.hide(moderator, "Shares a neighbour's phone number")
    comment.refresh_from_db()
    assert comment.moderation_status == ModerationStatus.HIDDEN
    assert comment.hidden_reason == "Shares a neighbour's phone number"
    comment.restore(moderator)

    log = list(comment.moderation_actions.order_by("created_at", "pk"))
    assert [(entry.action, entry.actor) for entry in log] == [
        ("approve", moderator),
        ("hide", moderator),
        ("restore", moderator),
    ]
    assert log[1].reason == "Shares a neighbour's phone number"
    assert Comment.objects.with_status(ModerationStatus.PUBLISHED).get() == comment


@pytest.mark.django_db
def test_moderating_a_comment_leaves_its_replies_as_they_were(consultation, moderator):
    """comments-xtd would re-publish every reply when the parent is saved; not here."""
    root = make(consultation, "Root")
    pending_reply = make(consultation, "Pending reply", parent_id=root.pk, is_public=False)
    hidden_reply = make(consultation, "Hidden reply", parent_id=root.pk)
    hidden_reply.hide(moderator, "Off topic")

    root.hide(moderator, "Insulting")
    root.restore(moderator)
    root.approve(moderator)

    pending_reply.refresh_from_db()
    hidden_reply.refresh_from_db()
    assert pending_reply.moderation_status == ModerationStatus.PENDING
    assert hidden_reply.moderation_status == ModerationStatus.HIDDEN


@pytest.mark.django_db
def test_a_moderators_review_clears_the_flags(consultation, moderator, settings):
    settings.TOWNHALL_COMMENT_FLAG_THRESHOLD = 2
    comment = make(consultation, "Contested")
    assert comment.record_flag(browser_key="one", reason="abuse") is True
    assert comment.record_flag(browser_key="one", reason="abuse") is False
    assert comment.record_flag(browser_key="two") is True
    assert comment.moderation_status == ModerationStatus.FLAGGED
    assert ModerationAction.objects.get().action == "auto-hide"

    comment.restore(moderator, "Robust but fair")
    assert comment.abuse_flags.filter(resolved=False).count() == 0
    comment.record_flag(browser_key="three")
    assert comment.moderation_status == ModerationStatus.PUBLISHED  # one new flag, not two


@pytest.mark.django_db
def test_offline_input_is_counted_and_shown_labelled_only_when_chosen(
    client, consultation, moderator
):
    clause = clause_ids(consultation)[0]
    shown = create_offline_comment(
        consultation,
        "Said at the Old Port hall: more bike parking.",
        clause_id=clause,
        channel=Channel.MEETING,
        entered_by=moderator,
        meeting_name="Old Port hall, 12 May",
        input_date=date(2026, 5, 12),
        show_publicly=True,
    )
    unshown = create_offline_comment(
        consultation,
        "A letter from Mr Okafor.",
        clause_id=clause,
        channel=Channel.PAPER,
        entered_by=moderator,
    )
    assert shown.entered_by == moderator and shown.is_counted and unshown.is_counted
    assert shown.is_shown_publicly and not unshown.is_shown_publicly
    assert shown.moderation_actions.get().action == "offline-entry"
    assert Comment.objects.for_target(consultation).counted().count() == 2

    page = client.get(thread_url(consultation, clause)).content.decode()
    assert "Said at a public meeting: Old Port hall, 12 May" in page
    assert "more bike parking" in page
    assert "Mr Okafor" not in page
    buttons = clause_buttons(client.get(consultation.url).content.decode())
    assert buttons[clause] == "2 comments on clause 1.1"

    with pytest.raises(ValueError):
        create_offline_comment(consultation, "x", channel=Channel.ONLINE, entered_by=moderator)
    with pytest.raises(ValueError):
        create_offline_comment(
            consultation, "x", clause_id="nope", channel=Channel.PAPER, entered_by=moderator
        )


@pytest.mark.django_db
def test_hidden_comments_leave_a_placeholder_with_the_reason(client, consultation, moderator):
    comment = make(consultation, "Something nasty")
    comment.hide(moderator, "Personal attack")
    page = client.get(thread_url(consultation)).content.decode()
    assert "Something nasty" not in page
    assert "A moderator hid this comment." in page and "Personal attack" in page
