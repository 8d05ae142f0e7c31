"""Links from the process, the consultation and its comments to the published feedback.

Each tag asks processes.feedback.responses, which finds the live feedback page in one
query and keeps the result on the request: a document with hundreds of clauses and a
thread with hundreds of comments cost the same few queries.
"""

from django import template

from processes.feedback.blocks import ThemeDecision
from processes.feedback.diff import compare
from processes.feedback.responses import feedback_index
from processes.notifications import follow_form_context

register = template.Library()

_COMPARISON_CACHE = "_townhall_consultation_comparisons"


@register.filter
def decision_label(value):
    try:
        return ThemeDecision(value).label
    except ValueError:
        return ""


@register.simple_tag(takes_context=True)
def process_feedback(context, process):
    """The FeedbackIndex of a process (ProcessPage) or None."""
    if process is None:
        return None
    return feedback_index(process.translation_key, request=context.get("request"))


def _comparison(request, page, index):
    store = getattr(request, _COMPARISON_CACHE, None) if request is not None else None
    if store is not None and page.pk in store:
        return store[page.pk]
    final_document = None
    if index.page.final_document_id:
        candidate = index.page.final_document
        if candidate is not None and set(candidate.clauses) & set(page.clauses):
            final_document = candidate.localized.specific
            if final_document.pk == page.pk:
                final_document = None
    comparison = compare(page, final_document) if page.live else None
    if request is not None:
        if store is None:
            store = {}
            setattr(request, _COMPARISON_CACHE, store)
        store[page.pk] = comparison
    return comparison


@register.simple_tag(takes_context=True)
def consultation_feedback(context, page):
    """{"index", "comparison", "changes"} for a ConsultationPage, or None without feedback."""
    process = getattr(page, "process", None)
    if process is None:
        return None
    request = context.get("request")
    index = feedback_index(process.translation_key, request=request)
    if index is None:
        return None
    comparison = _comparison(request, page, index)
    changed = comparison.changed if comparison is not None else []
    return {
        "index": index,
        "comparison": comparison,
        "changed": changed,
        "counts": comparison.counts if comparison is not None else {},
        "changes_url": f"{index.url}#changes",
    }


@register.simple_tag(takes_context=True)
def clause_feedback(context, page, clause_id):
    """{"responses", "change", "change_url"} for one clause of a consultation, or None."""
    feedback = consultation_feedback(context, page)
    if feedback is None:
        return None
    responses = feedback["index"].for_clause(clause_id)
    change = None
    if feedback["comparison"] is not None:
        change = feedback["comparison"].by_clause().get(clause_id)
        if change is not None and not change.is_change:
            change = None
    if not responses and change is None:
        return None
    return {
        "responses": responses,
        "change": change,
        "change_url": f"{feedback['index'].url}#change-{clause_id}",
    }


@register.simple_tag(takes_context=True)
def comment_feedback(context, comment):
    """The responses that cite this comment ([] when none, or no feedback yet)."""
    key = getattr(comment, "process_key", None)
    if not key or not getattr(comment, "pk", None):
        return []
    index = feedback_index(key, request=context.get("request"))
    return index.for_comment(comment.pk) if index is not None else []


@register.inclusion_tag("processes/feedback/follow_form.html", takes_context=True)
def follow_form(context, process):
    result = follow_form_context(context.get("request"), process)
    result["csrf_token"] = context.get("csrf_token")
    return result
