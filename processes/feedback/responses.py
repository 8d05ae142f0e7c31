"""Which responses answer which clause or comment, for links outside the feedback page.

Built from the live FeedbackPage's raw StreamField data (ids only, no lookups), in the
reader's language when that translation is live, else in the default language. Which pages
are live is kept with the site's frame, one query reads the page; results are kept on the
request, so a consultation with hundreds of clauses and comments costs the same few queries
as one with a single clause.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation

from home.fragments import cached
from processes.feedback.blocks import ThemeDecision
from processes.models import FeedbackPage

REQUEST_CACHE = "_townhall_feedback_indexes"


@dataclass
class Response:
    id: str
    title: str
    decision: str
    url: str
    clause_ids: list = field(default_factory=list)
    comment_ids: list = field(default_factory=list)

    @property
    def decision_label(self):
        try:
            return ThemeDecision(self.decision).label
        except ValueError:
            return ""

    @property
    def anchor(self):
        return f"response-{self.id}"


@dataclass
class FeedbackIndex:
    page: object
    url: str
    responses: list
    by_clause: dict
    by_comment: dict

    def for_clause(self, clause_id):
        return self.by_clause.get(clause_id, [])

    def for_comment(self, comment_id):
        return self.by_comment.get(comment_id, [])


def response_anchor(block_id):
    return f"response-{block_id}"


def pick_translation(pages, language):
    """The page in `language`, else the default language's, else any."""
    by_language = {page.locale.language_code: page for page in pages}
    return (
        by_language.get(language)
        or by_language.get(settings.LANGUAGE_CODE)
        or (pages[0] if pages else None)
    )


def live_feedback_pages(process_key):
    return list(
        FeedbackPage.objects.live()
        .public()
        .filter(process_key=process_key)
        .select_related("locale")
        .order_by("pk")
    )


def _live_feedback_page_languages(process_key):
    """[(primary key, language code)] of the process's live public feedback pages, kept with
    the site's frame (home.fragments: purged whenever a page is saved, published, moved or
    deleted), so a process page or a consultation asks nothing when none is live."""
    return cached(
        f"feedback-pages:{process_key}",
        lambda: [(page.pk, page.locale.language_code) for page in live_feedback_pages(process_key)],
    )


def _feedback_page(process_key, language):
    """The live feedback page in `language`, else the default language's, else any."""
    by_language = {}
    found = _live_feedback_page_languages(process_key)
    for pk, code in found:
        by_language.setdefault(code, pk)
    pk = by_language.get(language) or by_language.get(settings.LANGUAGE_CODE)
    if pk is None and found:
        pk = found[0][0]
    if pk is None:
        return None
    return FeedbackPage.objects.filter(pk=pk).select_related("locale").first()


def responses_of(page, url):
    """[Response] of a FeedbackPage from its raw data (no database queries)."""
    responses = []
    for block in page.themes.raw_data:
        if block.get("type") != "theme":
            continue
        value = block.get("value") or {}
        responses.append(
            Response(
                id=block.get("id") or "",
                title=value.get("title") or "",
                decision=value.get("decision") or "",
                url=f"{url}#{response_anchor(block.get('id'))}",
                clause_ids=[_item(v) for v in value.get("clauses") or [] if _item(v)],
                comment_ids=[
                    int(_item(v)) for v in value.get("comments") or [] if str(_item(v)).isdigit()
                ],
            )
        )
    return responses


def _item(value):
    """A ListBlock item's value: stored as {"type": "item", "value": …, "id": …} or bare."""
    if isinstance(value, dict):
        return value.get("value")
    return value


def build_index(page, request=None):
    url = page.get_url(request=request) or ""
    responses = responses_of(page, url)
    by_clause, by_comment = {}, {}
    for response in responses:
        for clause_id in response.clause_ids:
            by_clause.setdefault(clause_id, []).append(response)
        for comment_id in response.comment_ids:
            by_comment.setdefault(comment_id, []).append(response)
    return FeedbackIndex(
        page=page, url=url, responses=responses, by_clause=by_clause, by_comment=by_comment
    )


def feedback_index(process_key, request=None, language=None):
    """The FeedbackIndex of a process, or None when no feedback page is live."""
    if not process_key:
        return None
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    cache_key = (str(process_key), language)
    store = getattr(request, REQUEST_CACHE, None) if request is not None else None
    if store is not None and cache_key in store:
        return store[cache_key]
    page = _feedback_page(process_key, language)
    index = build_index(page, request) if page is not None else None
    if request is not None:
        if store is None:
            store = {}
            setattr(request, REQUEST_CACHE, store)
        store[cache_key] = index
    return index
