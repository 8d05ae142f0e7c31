"""Processes, consultations and comments, split by concept and re-exported here."""

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
from .consultation import ConsultationPage, ParticipationState
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
    "EngagementLevel",
    "Flag",
    "ModerationAction",
    "ModerationMode",
    "ModerationStatus",
    "ParticipationRule",
    "ParticipationState",
    "Phase",
    "ProcessIndexPage",
    "ProcessPage",
    "ProcessStatus",
    "build_comment",
    "create_offline_comment",
    "feedback_page_model",
    "flag_threshold",
]
