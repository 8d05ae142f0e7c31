"""Processes, consultations and comments, split by concept and re-exported here."""

from core.participation import ParticipationState

from .comments import (
    Channel,
    Comment,
    CommentCount,
    CommentQuerySet,
    CommentReaction,
    Flag,
    ModerationAction,
    ModerationStatus,
    PublishedCommentCount,
    build_comment,
    create_offline_comment,
    flag_threshold,
)
from .consultation import ConsultationPage
from .feedback import (
    ConsultedVersion,
    FeedbackPage,
    LegacyFollowLink,
    OutcomeMailing,
    OutcomeNotification,
    ReplyNotice,
    SentReminder,
    ThemeDecision,
)
from .pending_comments import PendingComment
from .phase_window import PhaseWindowPage
from .process import (
    Area,
    EngagementLevel,
    ModerationMode,
    ParticipationRule,
    Phase,
    ProcessIndexPage,
    ProcessPage,
    ProcessStatus,
    ProcessWindow,
)

__all__ = [
    "Area",
    "Channel",
    "Comment",
    "CommentCount",
    "CommentQuerySet",
    "CommentReaction",
    "ConsultationPage",
    "ConsultedVersion",
    "EngagementLevel",
    "FeedbackPage",
    "LegacyFollowLink",
    "Flag",
    "ModerationAction",
    "ModerationMode",
    "ModerationStatus",
    "OutcomeMailing",
    "OutcomeNotification",
    "ParticipationRule",
    "ParticipationState",
    "PendingComment",
    "Phase",
    "PhaseWindowPage",
    "ProcessIndexPage",
    "ProcessPage",
    "ProcessStatus",
    "ProcessWindow",
    "PublishedCommentCount",
    "ReplyNotice",
    "SentReminder",
    "ThemeDecision",
    "build_comment",
    "create_offline_comment",
    "flag_threshold",
]
