"""Querysets and look-ups shared by the queue, the reports and the export.

Everything here runs a fixed number of queries whatever the number of comments: counts
are subqueries, pages are fetched once per list by translation key.
"""

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import translation

from core.participation import contribution_sources, participation_types
from processes.models import (
    Comment,
    CommentReaction,
    Flag,
    ModerationStatus,
    ProcessPage,
)


def _count_of(model, **filters):
    rows = (
        model.objects.filter(comment=OuterRef("pk"), **filters)
        .order_by()
        .values("comment")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_counts(queryset):
    """Annotate flags (all, and not yet reviewed) and likes."""
    return queryset.annotate(
        flag_count=_count_of(Flag),
        open_flag_count=_count_of(Flag, resolved=False),
        like_count=_count_of(CommentReaction, kind=CommentReaction.Kind.LIKE),
    )


def admin_comments():
    """Every comment with what the admin lists show, newest first."""
    return with_counts(
        Comment.objects.select_related("user", "entered_by", "area").order_by("-submit_date", "-pk")
    )


def language_rank(page, language):
    """0 for a page in `language`, 1 in the default language, 2 otherwise: lower is better."""
    code = page.locale.language_code
    if code == language:
        return 0
    if code == settings.LANGUAGE_CODE:
        return 1
    return 2


def pages_by_key(model, keys, *, with_body=False):
    """{translation key: page}, in the admin's language when translated, else the default."""
    keys = {key for key in keys if key}
    if not keys:
        return {}
    language = translation.get_language() or settings.LANGUAGE_CODE
    queryset = model.objects.filter(translation_key__in=keys).select_related("locale")
    if not with_body:
        queryset = queryset.defer_streamfields()
    chosen = {}
    for page in queryset.order_by("pk"):
        current = chosen.get(page.translation_key)
        if current is None or language_rank(page, language) < language_rank(current, language):
            chosen[page.translation_key] = page
    return chosen


def attach_pages(comments):
    """Set ``process_page`` and ``consultation_page`` (the participation page the comment is
    on, whatever its type) on each comment: one query, plus one per participation type."""
    processes = pages_by_key(ProcessPage, {c.process_key for c in comments})
    targets = {}
    keys = {c.target_key for c in comments}
    for participation_type in participation_types():
        if participation_type.model is not None and keys - targets.keys():
            targets.update(pages_by_key(participation_type.model, keys - targets.keys()))
    for comment in comments:
        comment.process_page = processes.get(comment.process_key)
        comment.consultation_page = targets.get(comment.target_key)
    return comments


def review_sections():
    """[{"label", "entries"}]: items awaiting review that other contribution sources declare
    (core.participation.ReviewEntry); comments are the queue's own table."""
    sections = []
    for source in contribution_sources():
        entries = source.review_entries()
        if entries:
            sections.append({"label": source.label, "entries": list(entries)})
    return sections


def process_choices():
    """[(translation key, title)] of every process, one entry per process."""
    keys = ProcessPage.objects.values_list("translation_key", flat=True)
    pages = pages_by_key(ProcessPage, set(keys))
    return sorted(
        ((str(key), page.title) for key, page in pages.items()), key=lambda item: item[1].lower()
    )


STATUS_FILTERS = {
    ModerationStatus.PENDING: Q(is_public=False, is_removed=False, is_hidden_pending_review=False),
    ModerationStatus.PUBLISHED: Q(is_public=True, is_removed=False, is_hidden_pending_review=False),
    ModerationStatus.FLAGGED: Q(is_hidden_pending_review=True, is_removed=False),
    ModerationStatus.HIDDEN: Q(is_removed=True),
}


def status_counts(queryset):
    """{status: count} for the four moderation states, in one pass over the comments (the
    same conditions as ``CommentQuerySet.with_status``)."""
    counts = queryset.order_by().aggregate(
        **{
            status: Count("pk", filter=STATUS_FILTERS[ModerationStatus(status)])
            for status in ModerationStatus.values
        }
    )
    return {status: counts[status] or 0 for status in ModerationStatus.values}


def counts_by(queryset, field):
    return dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))


def deleted_clause_filter(page):
    """Comments on clauses that are no longer in the page's document."""
    return ~Q(clause_id="") & ~Q(clause_id__in=list(page.clauses))
