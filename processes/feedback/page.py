"""The context of a FeedbackPage: figures, responses with what they cite, changes, next steps.

The number of queries does not grow with the number of themes, cited comments or clauses:
cited comments come in one query (StreamField bulk conversion), consultations in one,
comparisons in a few per consultation.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.text import Truncator

from core.cache import cached_for_pages
from core.participation import participation_types
from processes import metrics
from processes.feedback.blocks import ThemeDecision
from processes.feedback.diff import REMOVED, comparisons_for
from processes.feedback.figures import figures
from processes.feedback.responses import response_anchor
from processes.models import ConsultationPage


@dataclass
class CitedClause:
    id: str
    number: str
    label: str
    url: str = ""
    change: object = None
    kind: str = "clause"  # or another type's citable kind: "proposal", "question", "event"


@dataclass
class PreparedTheme:
    id: str
    anchor: str
    value: object
    decision_label: str
    clauses: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    unpublished_count: int = 0
    items: list = field(default_factory=list)  # what else it cites: proposals, questions…


def _clause_lookup(consultations, comparisons):
    """{clause_id: (number, label, url)} from the live documents, then the consulted ones."""
    lookup = {}
    for page in consultations:
        url = page.url or ""
        for item in page.numbered_items:
            if item.is_clause:
                lookup[item.id] = (item.number, item.label, f"{url}#clause-{item.id}")
    for comparison in comparisons:
        for change in comparison.changes:
            if change.clause_id not in lookup:
                # Removed since: its conversation stays readable, archived.
                words = change.old_text.split()
                label = " ".join(words[:12]) + ("…" if len(words) > 12 else "")
                url = comparison.page.url or ""
                url = url + comparison.page.thread_path(change.clause_id) if url else ""
                lookup[change.clause_id] = (change.old_number, label, url)
    return lookup


def _other_items(process):
    """{id: CitableItem} of what the process's other participation types let a theme cite
    (proposals, survey questions, events), read once through the participation interface.
    Each type gives its items' public addresses itself (``CitableItem.url``).

    Reading them all costs a query and a model per item (every proposal of the process)
    for the few a theme cites, so they are kept as they are (plain values) under the pages'
    version: pages, proposals (``metrics.invalidate``) and events change it."""
    if process is None:
        return {}

    def build():
        items = {}
        for participation_type in participation_types():
            if participation_type.model is ConsultationPage:
                continue
            for item in participation_type.citable_items(process):
                items.setdefault(item.id, item)
        return items

    return cached_for_pages(
        f"processes:feedback-citable:{process.pk}:{translation.get_language()}", build
    )


def prepare_themes(page, consultations, comparisons, request=None, process=None):
    by_key = {page_.translation_key: page_ for page_ in consultations}
    clauses = _clause_lookup(consultations, comparisons)
    others = None
    changes = {}
    for comparison in comparisons:
        changes.update(comparison.by_clause())
    themes = []
    for block in page.themes:
        if block.block_type != "theme":
            continue
        value = block.value
        try:
            decision_label = ThemeDecision(value["decision"]).label
        except ValueError:
            decision_label = ""
        theme = PreparedTheme(
            id=block.id,
            anchor=response_anchor(block.id),
            value=value,
            decision_label=decision_label,
        )
        for clause_id in value["clauses"]:
            if not clause_id:
                continue
            if clause_id not in clauses and ":" in clause_id:  # "proposal:12", not a clause
                if others is None:
                    others = _other_items(process)
                item = others.get(clause_id)
                if item is not None:
                    theme.items.append(
                        CitedClause(item.id, item.number, item.label, item.url, kind=item.kind)
                    )
                continue
            number, label, url = clauses.get(clause_id) or _archived(consultations, clause_id)
            change = changes.get(clause_id)
            theme.clauses.append(
                CitedClause(
                    clause_id,
                    number,
                    label,
                    url,
                    change if change is not None and change.is_change else None,
                )
            )
        for comment in value["comments"]:
            if comment is None or comment.is_removed:
                continue
            if not comment.is_shown_publicly:
                theme.unpublished_count += 1
                continue
            consultation = by_key.get(comment.target_key)
            comment.cited_url = (
                consultation.thread_url(comment.clause_id, request=request) + comment.in_thread
                if consultation is not None
                else ""
            )
            comment.excerpt = Truncator(comment.comment).words(40)
            theme.comments.append(comment)
        themes.append(theme)
    return themes


def prepare_comparisons(comparisons, themes):
    """Attach to each changed clause the responses that cite it, and to each removed clause
    that people commented on a link to its (archived) conversation."""
    citing = {}
    for theme in themes:
        for clause in theme.clauses:
            citing.setdefault(clause.id, []).append(theme)
    prepared = []
    for comparison in comparisons:
        counts = metrics.clause_counts(comparison.page)
        rows = [
            {
                "change": change,
                "responses": citing.get(change.clause_id, []),
                "thread_url": (
                    comparison.page.thread_url(change.clause_id)
                    if change.status == REMOVED and counts.get(change.clause_id)
                    else ""
                ),
            }
            for change in comparison.changed
        ]
        prepared.append({"comparison": comparison, "rows": rows, "counts": comparison.counts})
    return prepared


def feedback_context(page, request):
    parent = page.get_parent()
    process = parent.specific if parent is not None else None
    if process is None:
        return {}
    consultations = list(
        ConsultationPage.objects.child_of(process).live().order_by("path").select_related("locale")
    )
    comparisons = comparisons_for(page, consultations=consultations)
    themes = prepare_themes(page, consultations, comparisons, request, process)
    stats = figures(process)
    top_clauses = [
        {
            "id": clause_id,
            "number": number,
            "label": label,
            "count": count,
            "url": _top_clause_url(consultations, clause_id),
        }
        for clause_id, number, label, count in stats["top_clauses"]
    ]
    return {
        "process": process,
        "figures": stats,
        "top_clauses": top_clauses,
        "themes": themes,
        "decision_counts": _decision_counts(themes),
        "comparisons": prepare_comparisons(comparisons, themes),
        "has_changes": any(comparison.changed for comparison in comparisons),
        "consultations": consultations,
    }


def _archived(consultations, clause_id):
    """(number, label, url) of a clause removed before this language's consulted version
    was made (a translation made later): its conversation, archived, in the source text."""
    for consultation in consultations:
        archived = consultation.archived_clause(clause_id)
        if archived is not None:
            item = archived.item
            return item.number, item.label, consultation.thread_url(clause_id)
    return "", "", ""


def _top_clause_url(consultations, clause_id):
    """The clause in its document, or the archived conversation of a clause removed since."""
    for consultation in consultations:
        if consultation.get_clause(clause_id) is not None:
            return f"{consultation.url or ''}#clause-{clause_id}"
    return _archived(consultations, clause_id)[2]


def _decision_counts(themes):
    counts = dict.fromkeys(ThemeDecision.values, 0)
    for theme in themes:
        if theme.value["decision"] in counts:
            counts[theme.value["decision"]] += 1
    return [(ThemeDecision(value).label, value, count) for value, count in counts.items() if count]
