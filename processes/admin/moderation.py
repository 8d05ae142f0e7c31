"""Moderation actions as the admin offers them: which apply to which status, and doing them.

The work itself is the model's (``Comment.approve`` / ``hide`` / ``restore``): each saves
the comment — so the cached figures are invalidated by the post_save signal — and writes
a ModerationAction with who, when and why.
"""

from django.db import transaction

from processes.models import CommentCount, ModerationStatus

from .forms import ModerationForm

APPROVE, HIDE, RESTORE = ModerationForm.APPROVE, ModerationForm.HIDE, ModerationForm.RESTORE

# What each action can be applied to. Approving a comment hidden by flags keeps it
# published and sets its flags aside; restoring brings back one a moderator hid.
APPLIES_TO = {
    APPROVE: {ModerationStatus.PENDING, ModerationStatus.FLAGGED},
    HIDE: {ModerationStatus.PENDING, ModerationStatus.FLAGGED, ModerationStatus.PUBLISHED},
    RESTORE: {ModerationStatus.HIDDEN, ModerationStatus.FLAGGED},
}


def available_actions(comment):
    status = comment.moderation_status
    return [action for action, statuses in APPLIES_TO.items() if status in statuses]


def applies(action, comment):
    return comment.moderation_status in APPLIES_TO.get(action, ())


def moderate(comment, action, actor, reason=""):
    """Apply `action` to `comment`; False (and nothing changed) when it does not apply."""
    if not applies(action, comment):
        return False
    if action == APPROVE:
        comment.approve(actor, reason)
    elif action == HIDE:
        comment.hide(actor, reason)
    elif action == RESTORE:
        comment.restore(actor, reason)
    return True


def moderate_many(comments, action, actor, reason=""):
    """Apply `action` to each comment it applies to, all or nothing; returns (done, skipped)."""
    done, skipped = [], []
    # The status counters change once per clause at the end, in one order (CommentCount).
    with transaction.atomic(), CommentCount.batched():
        for comment in comments:
            (done if moderate(comment, action, actor, reason) else skipped).append(comment)
    return done, skipped
