"""Processes, consultations and comments, split by concept and re-exported here."""

from core.participation import ParticipationState

from .comments import (
    Channel,
    Comment,
    CommentQuerySet,
    CommentReaction,
    Flag,
    ModerationAction,
    ModerationStatus,
    build_comment,
    create_offline_comment,
    flag_threshold,
)
from .consultation import ConsultationPage
from .feedback import (
    ConsultedVersion,
    Decision,
    FeedbackPage,
    OutcomeMailing,
    OutcomeNotification,
    OutcomeOptOut,
    ProcessFollow,
    ReplyNotice,
    SentReminder,
)
from .pending_comments import PendingComment
from .process import (
    Area,
    EngagementLevel,
    ModerationMode,
    ParticipationRule,
    Phase,
    ProcessIndexPage,
    ProcessPage,
    ProcessStatus,
    feedback_page_model,
)

__all__ = [
    "Area",
    "Channel",
    "Comment",
    "CommentQuerySet",
    "CommentReaction",
    "ConsultationPage",
    "ConsultedVersion",
    "Decision",
    "EngagementLevel",
    "FeedbackPage",
    "Flag",
    "ModerationAction",
    "ModerationMode",
    "ModerationStatus",
    "OutcomeMailing",
    "OutcomeNotification",
    "OutcomeOptOut",
    "ParticipationRule",
    "ParticipationState",
    "PendingComment",
    "Phase",
    "ProcessFollow",
    "ProcessIndexPage",
    "ProcessPage",
    "ProcessStatus",
    "ReplyNotice",
    "SentReminder",
    "build_comment",
    "create_offline_comment",
    "feedback_page_model",
    "flag_threshold",
]
