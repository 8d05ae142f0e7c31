"""Public views: process listings, the consultation document and its comment threads.

Every view works without JavaScript. consultation.js asks for the same thread views with
the ``X-Townhall-Fragment: 1`` header and gets just the thread, to show it in place.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language_info, ngettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from core import ratelimit
from core.cache import pages_version
from core.next_url import safe_next
from home.fragments import public_pages
from home.placeholders import TRANSLATED
from processes import metrics, pagination, rules
from processes.cards import cached_listing, process_cards
from processes.feedback.responses import feedback_index
from processes.forms import CommentForm
from processes.models import (
    Comment,
    CommentReaction,
    FeedbackPage,
    Flag,
    ModerationStatus,
    PendingComment,
    ProcessIndexPage,
    ProcessStatus,
    build_comment,
)
from processes.models.comments import writes_in_turn
from processes.models.process import listed_processes
from processes.tasks import send_comment_confirmation

THREADS_PER_PAGE = 20
HOME_CARDS = 3  # open processes on the home page
FRAGMENT_HEADER = "X-Townhall-Fragment"
# Stands for a clause id in its thread's address (any word the route accepts).
CLAUSE_PLACEHOLDER = "clause-id"
# Stands for a comment's id in its like and flag addresses (digits no page address has).
COMMENT_PLACEHOLDER = 9876543210123
BROWSER_COOKIE = "townhall_browser"
BROWSER_COOKIE_SALT = "processes.browser"
BROWSER_COOKIE_AGE = 365 * 24 * 3600

# -- process listings -------------------------------------------------------------------


def _process_index_under(home_page, request):
    """The live process index under `home_page` (its place in the tree and its link), or
    None. Cached under the pages' version, which changes whenever a page is published,
    moved or deleted, so a warm home page does not look it up again."""
    key = f"processes:index-under:{pages_version()}:{home_page.pk}:{request.get_host()}"
    found = cache.get(key)
    if found is None:
        index = ProcessIndexPage.objects.live().child_of(home_page).filter(TRANSLATED).first()
        found = (index.pk, index.path, index.depth, index.get_url(request=request)) if index else ()
        cache.set(key, found, 3600)
    if not found:
        return None
    pk, path, depth, url = found
    index = ProcessIndexPage(pk=pk, path=path, depth=depth)
    index.url_here = url
    return index


def open_processes_section(home_page, request):
    """The home page's "Have your say" section: open processes in this language."""
    index = _process_index_under(home_page, request)
    if index is None:
        return None
    # Only the cards it shows, filtered and ordered in the database, kept until the next
    # change (processes/cards.py).
    shown = cached_listing(
        request,
        f"home:{index.pk}",
        lambda now: process_cards(
            listed_processes(index, now, status=ProcessStatus.OPEN)[:HOME_CARDS], request
        ),
    )
    if not shown:
        return None
    return {
        "template": "components/home_section.html",
        "id": "open-processes",
        "heading": _("Have your say now"),
        "items": shown,
        "card_template": "processes/includes/process_card.html",
        "more_url": index.url_here,
        "more_label": _("See all processes"),
    }


# -- the consultation document ------------------------------------------------------------


class ClauseButtonLabels:
    """The words of a document's clause buttons (processes/includes/clause_button_label.html):
    what one shows ("3 comments", "Comment") and, for a clause, the visually hidden end of
    its name (" on clause 1.2"); also a clause's hidden "Clause 1.2" heading. Worked out
    here rather than with blocktranslate in the template, each text translated once for
    the document: a document shows one button per clause."""

    def __init__(self, allowed):
        self.no_count = (
            pgettext("verb: the clause button that opens the comment form", "Comment")
            if allowed
            else _("No comments")
        )
        self.on_clause = pgettext(
            "the end of a clause button's name, after “3 comments”", "on clause %(number)s"
        )
        self.clause = _("Clause %(number)s")
        self.counted = {}

    def __call__(self, count, number):
        """{"text", "on_clause"} of the button of clause `number` ("" for the document)."""
        if not number:
            text = ngettext(
                "%(counter)s comment on the whole document",
                "%(counter)s comments on the whole document",
                count,
            ) % {"counter": count}
            return {"text": text, "on_clause": ""}
        if not count:
            text = self.no_count
        elif count in self.counted:
            text = self.counted[count]
        else:
            text = ngettext("%(counter)s comment", "%(counter)s comments", count) % {
                "counter": count
            }
            self.counted[count] = text
        return {"text": text, "on_clause": self.on_clause % {"number": number}}


def consultation_context(request, page):
    counts = metrics.clause_counts(page)
    decision = rules.comment_decision(request.user, page)
    process = page.process
    # One address for the page and one for a clause's thread: each clause's link is the
    # two joined around its id, not a URL looked up per clause.
    document_url = page.get_url(request=request) or ""
    before, _id, after = page.thread_path(CLAUSE_PLACEHOLDER).partition(CLAUSE_PLACEHOLDER)
    feedback = (
        feedback_index(process.translation_key, request=request) if process is not None else None
    )
    labels = ClauseButtonLabels(decision.allowed)
    items = []
    # Clauses are headed one level below the section they sit in; before the first section
    # heading they sit directly under the page's h1, so the outline never skips a level.
    in_section = False
    for item in page.numbered_items:
        in_section = in_section or not item.is_clause
        entry = {"item": item}
        if item.is_clause:
            count = counts.get(item.id, 0)
            entry.update(
                count=count,
                thread_url=f"{document_url}{before}{item.id}{after}",
                heading_level=3 if in_section else 2,
                number_label=labels.clause % {"number": item.number},
                label=labels(count, item.number),
            )
        items.append(entry)
    document_count = counts.get("", 0)
    return {
        "items": items,
        "document_url": document_url,
        "document_count": document_count,
        "document_label": labels(document_count, ""),
        "total_count": sum(counts.values()),
        "process": process,
        "decision": decision,
        # Whether any clause can have feedback under it (a live feedback page).
        "clause_feedback": feedback is not None,
        "opens_at": page.window[0],
        "closes_at": page.window[1],
        "document_thread_url": document_url + page.thread_path(""),
        "login_url": _login_url(request),
        # The document's HTML is kept per page address under the pages' version; its
        # buttons' words follow whether this reader may comment (open, closed, signed in).
        "document_kept_as": "document:open" if decision.allowed else "document:closed",
    }


# -- comment threads ----------------------------------------------------------------------


def is_fragment(request):
    return request.headers.get(FRAGMENT_HEADER) == "1"


def get_browser_key(request):
    return request.get_signed_cookie(BROWSER_COOKIE, default="", salt=BROWSER_COOKIE_SALT)


def remember_browser(request, response, key):
    """Keep the anonymous key that makes one like / one flag per browser possible."""
    if request.COOKIES.get(BROWSER_COOKIE) and get_browser_key(request) == key:
        return
    response.set_signed_cookie(
        BROWSER_COOKIE,
        key,
        salt=BROWSER_COOKIE_SALT,
        max_age=BROWSER_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def _reader_filter(request, browser_key):
    if request.user.is_authenticated:
        return Q(user=request.user)
    if browser_key:
        return Q(browser_key=browser_key)
    return None


def _annotated(queryset, request, browser_key):
    likes = (
        CommentReaction.objects.filter(comment=OuterRef("pk"), kind=CommentReaction.Kind.LIKE)
        .order_by()
        .values("comment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    queryset = queryset.annotate(
        like_count=Coalesce(Subquery(likes), Value(0)),
        area_key=F("area__translation_key"),
    )
    reader = _reader_filter(request, browser_key)
    if reader is None:
        return queryset.annotate(liked=Value(False), flagged=Value(False))
    return queryset.annotate(
        liked=Exists(CommentReaction.objects.filter(reader, comment=OuterRef("pk"))),
        flagged=Exists(Flag.objects.filter(reader, comment=OuterRef("pk"))),
    )


def thread_context(request, page, clause_id, *, form=None, reply_to=None, position=None):
    clause = page.get_clause(clause_id) if clause_id else None
    # A clause removed from the document: its conversation is read-only, as consulted.
    archived = page.archived_clause(clause_id) if clause_id and clause is None else None
    if archived is not None:
        clause = archived.item
        form = reply_to = None
    browser_key = get_browser_key(request)
    decision = rules.comment_decision(request.user, page, clause_id=clause_id)
    reader = _reader_filter(request, browser_key)
    # The newest conversations as every anonymous reader sees them (nothing liked or
    # reported by this browser, no position asked for) are rendered once and kept until
    # the next change to what pages show (processes/templatetags/thread_tags.py). A
    # preview shows a draft: nothing of it is kept.
    previewed = getattr(request, "is_preview", False)
    keep_listing = (
        not previewed
        and position is None
        and reader is None
        and request.method in {"GET", "HEAD"}
        and "before" not in request.GET
        and "after" not in request.GET
    )
    position = request.GET if position is None else position

    def load_listing():
        return _listing(request, page, clause_id, position, browser_key)

    fragment = is_fragment(request)
    process = page.process
    if form is None and decision:
        initial = {"clause_id": clause_id}
        if reply_to is not None:
            initial["reply_to"] = reply_to.pk
        form = make_form(request, page, clause_id, initial=initial)
        if not previewed:
            # Its visible fields are the same for every visitor in this language
            # (form_tags.kept_fields); the hidden ones carry a new timestamp each time.
            signed = "signed" if form.user else "anonymous"
            form.kept_key = f"comment:{page.pk}:{clause_id}:{signed}"
    context = {
        "page": page,
        "self": page,
        "clause": clause,
        "clause_id": clause_id,
        "archived": archived,
        "archive_notes": archive_notes(request, page, archived) if archived else {},
        "form": form,
        "reply_to": reply_to,
        "decision": decision,
        "process": process,
        "thread_url": page.thread_path(clause_id),
        "document_url": page.url,
        "fragment": fragment,
        # Headings follow the page's outline: in place, under the clause's h3 (or the whole
        # document's h2); on its own page, under the h1.
        "title_level": 4 if clause_id else 3,
        "form_level": (5 if clause_id else 4) if fragment else 2,
        # In place, the clause's button shows its count again after a post (consultation.js).
        "clause_label": ClauseButtonLabels(decision.allowed)(
            metrics.clause_counts(page).get(clause_id or "", 0),
            getattr(clause, "number", "") or "",
        )
        if fragment
        else None,
        "login_url": _login_url(request),
        "sign_in_required": rules.requires_sign_in(page),
        "flag_reasons": Flag.Reason.choices,
        "form_anchor": form_anchor(clause_id),
    }
    if keep_listing:
        context["listing_key"] = (
            f"{page.pk}:{clause_id}:{'allowed' if decision.allowed else 'closed'}"
            f":{'archived' if archived else 'current'}"
        )
        context["load_listing"] = load_listing
    else:
        context.update(load_listing())
    return context


def _listing(request, page, clause_id, position, browser_key):
    """{"threads", "threads_page", "total"}: a window of a thread's conversations, each
    with its replies, likes, area and language, as processes/includes/thread_listing.html
    shows them."""
    listed = Comment.objects.for_target(page).for_clause(clause_id).listed_publicly()
    # Newest conversations first, a window of them at a time (processes/pagination.py).
    threads_page = pagination.window(
        _annotated(listed.filter(level=0), request, browser_key),
        THREADS_PER_PAGE,
        before=pagination.cursor(position.get("before")),
        after=pagination.cursor(position.get("after")),
    )
    threads = threads_page.items
    replies = {}
    if threads:
        # Found through their thread ids (indexed), not by reading the whole clause.
        reply_rows = _annotated(
            Comment.objects.listed_publicly().filter(
                level__gt=0, thread_id__in=[c.pk for c in threads]
            ),
            request,
            browser_key,
        ).order_by("thread_id", "order")
        for reply in reply_rows:
            replies.setdefault(reply.thread_id, []).append(reply)
    area_names = {area.translation_key: area.name for area in page.areas}
    page_language = page.locale.language_code
    # Each comment's like and flag addresses: the route's two halves around its id.
    like_before, like_after = _around_id(page, "like")
    flag_before, flag_after = _around_id(page, "flag")
    for comment in [*threads, *(r for rs in replies.values() for r in rs)]:
        comment.like_path = f"{like_before}{comment.pk}{like_after}"
        comment.flag_path = f"{flag_before}{comment.pk}{flag_after}"
        comment.area_name = area_names.get(comment.area_key, "")
        comment.language_name = (
            get_language_info(comment.language)["name_translated"]
            if comment.language != page_language and comment.language
            else ""
        )
        comment.thread_replies = replies.get(comment.pk, [])
    return {
        "threads": threads,
        "threads_page": threads_page,
        "total": metrics.conversations(page, clause_id),
    }


def _around_id(page, route):
    """The sub-address of a comment's `route` (like, flag) before and after its id."""
    path = page.reverse_subpage(route, kwargs={"comment_id": COMMENT_PLACEHOLDER})
    before, _id, after = path.partition(str(COMMENT_PLACEHOLDER))
    return before, after


def archive_notes(request, page, archived):
    """What the notice on a removed clause's conversation says and links to."""

    language = page.locale.language_code
    feedback = None
    if page.process is not None:
        feedback = public_pages(FeedbackPage.objects.child_of(page.process).live()).first()
    feedback_url = ""
    if feedback is not None:
        feedback_url = feedback.get_url(request=request) or ""
        if feedback_url and archived.compared:
            feedback_url += f"#change-{archived.item.id}"
    return {
        "text_language": archived.language,
        "text_language_name": (
            get_language_info(archived.language)["name_translated"]
            if archived.language != language
            else ""
        ),
        "feedback": feedback,
        "feedback_url": feedback_url,
    }


def form_anchor(clause_id):
    return f"comment-form-{clause_id or 'document'}"


def make_form(request, page, clause_id, **kwargs):
    """The comment form, its field ids unique to the clause (several threads can be open)."""
    return CommentForm(page, user=request.user, auto_id=f"{form_anchor(clause_id)}-%s", **kwargs)


def _login_url(request):
    """Residents sign in on accounts' page (settings.LOGIN_URL), never the admin's."""
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"


def render_thread(request, page, clause_id, *, status=200, **kwargs):
    context = thread_context(request, page, clause_id, **kwargs)
    template = (
        "processes/includes/thread.html"
        if context["fragment"]
        else "processes/consultation_thread.html"
    )
    response = TemplateResponse(request, template, context, status=status)
    response["Vary"] = FRAGMENT_HEADER
    return response


def thread_view(request, page, clause_id):
    """A clause's (or the whole document's) thread: read it, reply, comment.

    A clause the document had and no longer has keeps its conversation, read-only.
    """
    if clause_id and page.get_clause(clause_id) is None:
        archived = page.archived_clause(clause_id) is not None
        if archived and request.method in {"GET", "HEAD"}:
            return render_thread(request, page, clause_id)
        if archived and request.method == "POST":
            decision = rules.comment_decision(request.user, page, clause_id=clause_id)
            return refuse_comment(request, page, clause_id, decision.message)
        if archived:
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        if request.method == "POST":
            return refuse_comment(
                request,
                page,
                clause_id,
                _("The clause you commented on is not part of this document any more."),
                status=404,
            )
        return TemplateResponse(
            request, "processes/clause_missing.html", {"page": page, "self": page}, status=404
        )
    if request.method == "POST":
        return csrf_protect(post_comment)(request, page, clause_id)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    reply_to = None
    if request.GET.get("reply"):
        reply_to = (
            Comment.objects.for_target(page)
            .for_clause(clause_id)
            .shown_publicly()
            .filter(pk=_int(request.GET.get("reply")))
            .first()
        )
    return render_thread(request, page, clause_id, reply_to=reply_to)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def refuse_comment(request, page, clause_id, message, *, status=403):
    """Say why the comment was not taken and hand the typed text back."""
    context = {
        "page": page,
        "self": page,
        "message": message,
        "text": request.POST.get("comment", ""),
        "clause": page.get_clause(clause_id) if clause_id and page.live else None,
        "thread_url": page.thread_path(clause_id) if page.live else "",
        "fragment": is_fragment(request),
        "show_document": page.live,
    }
    return TemplateResponse(request, "processes/comment_refused.html", context, status=status)


def post_comment(request, page, clause_id):
    decision = rules.comment_decision(request.user, page, clause_id=clause_id)
    if not decision:
        return refuse_comment(request, page, clause_id, decision.message)
    wait = ratelimit.wait("RATE_LIMIT_COMMENT", request)
    if wait and is_fragment(request):  # the thread's own fetch: an answer it can show in place
        refusal = refuse_comment(request, page, clause_id, ratelimit.message(wait))
        return ratelimit.refused(refusal, wait)
    if wait:
        return ratelimit.too_many_requests(request, wait, kept_text=request.POST.get("comment", ""))

    data = request.POST.copy()
    data["clause_id"] = clause_id  # the address says which clause; the form cannot change it
    form = make_form(request, page, clause_id, data=data)
    if form.security_errors():
        # An expired form (open for hours) or a tampered one: keep what was typed, ask again.
        kept = {key: data.get(key) for key in ("name", "email", "comment", "area", "reply_to")}
        kept["clause_id"] = clause_id
        kept["wants_outcome"] = bool(data.get("wants_outcome"))
        fresh = make_form(request, page, clause_id, initial=kept)
        fresh.expired = True
        return render_thread(request, page, clause_id, form=fresh, status=400)
    if not form.is_valid():
        reply_to = getattr(form, "parent_comment", None)
        return render_thread(
            request,
            page,
            clause_id,
            form=form,
            reply_to=reply_to,
            position=_around(reply_to),
            status=400,
        )

    ratelimit.hit("RATE_LIMIT_COMMENT", request)
    published = rules.published_on_arrival(page)
    duplicate = _recent_duplicate(page, clause_id, form)
    if duplicate is not None:
        messages.info(request, _("You already sent this comment."))
        return _after_post(request, page, clause_id, duplicate, around=_reply_or_none(duplicate))

    if not rules.needs_email_confirmation(request.user):
        comment = form.build(site_id=_site_id(request), is_public=published)
        comment.save()
        if published:
            messages.success(request, _("Thank you. Your comment is published."))
        else:
            messages.success(
                request, _("Thank you. Your comment will appear once a moderator has approved it.")
            )
        return _after_post(request, page, clause_id, comment, around=_reply_or_none(comment))

    # Stored until its author follows the e-mailed link (a short one: see PendingComment).
    pending = form.build_pending(site_id=_site_id(request))
    send_comment_confirmation.enqueue(pending.pk)
    messages.success(
        request,
        _(
            "Almost done: we have sent a link to %(email)s. Your comment will be sent "
            "when you follow it."
        )
        % {"email": pending.email},
    )
    return _after_post(request, page, clause_id, None, around=getattr(form, "parent_comment", None))


def _site_id(request):
    return getattr(get_current_site(request), "pk", None) or settings.SITE_ID


def _recent_duplicate(page, clause_id, form):
    """The same text from the same person on the same clause in the last ten minutes."""
    email = form.user.email if form.user is not None else form.cleaned_data.get("email", "")
    return (
        Comment.objects.for_target(page)
        .for_clause(clause_id)
        .filter(
            user_email=email,
            comment=form.cleaned_data["comment"],
            submit_date__gte=timezone.now() - timedelta(minutes=10),
        )
        .order_by()
        .first()
    )


def _around(conversation):
    """The window of a thread that shows this conversation (any comment in it)."""
    window = conversation.thread_window if conversation is not None else None
    return {"before": str(window)} if window else {}


def _reply_or_none(comment):
    """A reply is shown where its conversation is; a new conversation on the first page."""
    return comment if comment is not None and comment.level else None


def _after_post(request, page, clause_id, comment, *, around=None):
    position = _around(around)
    if is_fragment(request):
        return render_thread(request, page, clause_id, position=position)
    url = page.thread_path(clause_id)
    full = page.url + url if page.url else url
    if position:
        full += f"?{urlencode(position)}"
    if comment is not None and comment.is_shown_publicly:
        full += f"#c{comment.pk}"
    else:
        full += f"#{form_anchor(clause_id)}-status"
    return HttpResponseRedirect(full)


# -- like and flag --------------------------------------------------------------------------


def _reaction_target(request, page, comment_id):
    return Comment.objects.for_target(page).shown_publicly().filter(pk=comment_id).first()


def _back(request, page, comment):
    if is_fragment(request):
        return render_thread(request, page, comment.clause_id, position=request.POST)
    next_url = safe_next(
        request, request.POST.get("next"), page.url + page.thread_path(comment.clause_id)
    )
    return HttpResponseRedirect(f"{next_url.split('#')[0]}#c{comment.pk}")


def _reaction_refused(request, page, comment, limit):
    """The answer when this client gave too many likes or reports: 429, in place for the
    thread's own fetch, else the 429 page; None while within `limit`."""
    wait = ratelimit.wait(limit, request)
    if not wait:
        return None
    if is_fragment(request):
        messages.error(request, ratelimit.message(wait))
        thread = render_thread(request, page, comment.clause_id, position=request.POST)
        return ratelimit.refused(thread, wait)
    return ratelimit.too_many_requests(request, wait)


@csrf_protect
def like_view(request, page, comment_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    comment = _reaction_target(request, page, comment_id)
    if comment is None or not rules.can_react(request.user, page, comment):
        return TemplateResponse(
            request, "processes/clause_missing.html", {"page": page, "self": page}, status=404
        )
    browser_key = get_browser_key(request) or secrets.token_urlsafe(24)
    lookup = (
        {"user": request.user}
        if request.user.is_authenticated
        else {"browser_key": browser_key, "user": None}
    )
    existing = CommentReaction.objects.filter(
        comment=comment, kind=CommentReaction.Kind.LIKE, **lookup
    )
    if existing.exists():  # taking a like back is never limited
        existing.delete()
        messages.info(request, _("You no longer like this comment."))
    else:
        refused = _reaction_refused(request, page, comment, "RATE_LIMIT_LIKE")
        if refused is not None:
            return refused
        CommentReaction.objects.get_or_create(
            comment=comment, kind=CommentReaction.Kind.LIKE, **lookup
        )
        ratelimit.hit("RATE_LIMIT_LIKE", request)
        messages.success(request, _("You like this comment."))
    response = _back(request, page, comment)
    if not request.user.is_authenticated:
        remember_browser(request, response, browser_key)
    return response


@csrf_protect
def flag_view(request, page, comment_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    comment = _reaction_target(request, page, comment_id)
    if comment is None or not rules.can_react(request.user, page, comment):
        return TemplateResponse(
            request, "processes/clause_missing.html", {"page": page, "self": page}, status=404
        )
    browser_key = get_browser_key(request) or secrets.token_urlsafe(24)
    reason = request.POST.get("reason", "")
    if reason not in Flag.Reason.values:
        reason = ""
    refused = _reaction_refused(request, page, comment, "RATE_LIMIT_FLAG")
    if refused is not None:
        return refused
    if request.user.is_authenticated:
        created = comment.record_flag(user=request.user, reason=reason)
    else:
        created = comment.record_flag(browser_key=browser_key, reason=reason)
    if created:
        ratelimit.hit("RATE_LIMIT_FLAG", request)
        messages.success(
            request, _("Thank you for telling us. A moderator will look at this comment.")
        )
    else:
        messages.info(request, _("You have already reported this comment."))
    response = _back(request, page, comment)
    if not request.user.is_authenticated:
        remember_browser(request, response, browser_key)
    return response


# -- e-mail confirmation ------------------------------------------------------------------
#
# The e-mailed link opens a page that shows the comment and a button; only the POST from
# that page stores it (mail scanners fetch links, they do not press buttons). The rules
# of the one-use, expiring link are in processes/models/pending_comments.py.

RESEND_INTERVAL = timedelta(minutes=10)


def _confirm_page(request, state, *, pending=None, page=None, status=200, **extra):
    clause = None
    if page is not None and pending is not None and pending.clause_id:
        clause = page.get_clause(pending.clause_id)
    own_words = clause is not None and bool(getattr(page, "comment_wording", None))
    context = {
        "state": state,
        "pending": pending,
        "target": page,
        "clause_number": clause.number if clause and not own_words else "",
        **extra,
    }
    return render(request, "processes/comment_confirm.html", context, status=status)


def _invalid_link(request):
    return render(request, "processes/confirm_invalid.html", status=404)


def _live_page(pending):
    page = pending.page.specific if pending.page_id else None
    return page if page is not None and page.live else None


def confirmation_refusal(pending, page):
    """Why this pending comment cannot be published now, or "" when it can."""
    if page is None:
        return "gone"
    # Written while the consultation was open, so accepted even if the author follows the
    # link after it closed: the rules refuse a late POST, and this one was not late. Its
    # date is when it was sent (created_at), not when it was confirmed.
    if not rules.accepted_at(page, pending.created_at):
        return "closed"
    if pending.clause_id and page.get_clause(pending.clause_id) is None:
        return "gone"
    if pending.reply_to and not (
        Comment.objects.for_target(page)
        .for_clause(pending.clause_id)
        .shown_publicly()
        .filter(pk=pending.reply_to)
        .exists()
    ):
        return "parent"
    return ""


REFUSALS = {
    "closed": lambda: _("This consultation was not open when the comment was sent."),
    "parent": lambda: _("The comment you are replying to is not available any more."),
}


def _after_confirmation(request, comment, *, again=False):
    if comment is not None and comment.is_shown_publicly:
        if again:
            messages.info(request, _("You have already confirmed this comment."))
        else:
            messages.success(request, _("Thank you. Your comment is published."))
        return HttpResponseRedirect(comment.get_absolute_url())
    if comment is not None and comment.moderation_status == ModerationStatus.PENDING:
        return render(request, "django_comments_xtd/moderated.html", {"comment": comment})
    return _confirm_page(request, "used")


def _twin(pending, page):
    """The same words from the same address on the same clause, already stored."""
    return (
        Comment.objects.for_target(page)
        .for_clause(pending.clause_id)
        .filter(user_email=pending.email, comment=pending.text)
        .order_by()
        .first()
    )


def _publish(pending, page):
    """Create the comment a pending one describes (once: the caller has claimed it)."""
    area = None
    if pending.area_id:
        area = next((item for item in page.areas if item.pk == pending.area_id), None)
    comment = build_comment(
        page,
        pending.text,
        clause_id=pending.clause_id,
        language=pending.language,
        name=pending.name,
        email=pending.email,
        area=area,
        wants_outcome=pending.wants_outcome,
        followup=pending.followup,
        parent_id=pending.reply_to,
        is_public=rules.published_on_arrival(page),
        site_id=pending.site_id,
    )
    comment.submit_date = pending.created_at  # when it was written
    comment.save()
    return comment


@csrf_protect
def confirm_comment(request, token):
    """The page the confirmation e-mail links to: GET shows the comment, POST sends it."""
    if request.method not in {"GET", "HEAD", "POST"}:
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    # PostgreSQL orders simultaneous clicks by the row lock of PendingComment.claim();
    # SQLite has a single writer, and its shared in-memory test database cannot wait
    # for it, so there confirmations take turns like the comments' own writes.
    with writes_in_turn(connection.alias):
        return _confirm(request, token)


def _confirm(request, token):
    pending = PendingComment.objects.for_token(token).select_related("page").first()
    if pending is None:
        return _invalid_link(request)
    if pending.is_confirmed:
        return _after_confirmation(request, pending.comment, again=True)
    page = _live_page(pending)
    if pending.is_expired():
        if request.method == "POST" and request.POST.get("action") == "resend":
            return _resend(request, pending, page)
        return _confirm_page(request, "expired", pending=pending, page=page, status=410)
    refusal = confirmation_refusal(pending, page)
    if refusal:
        # Nothing is lost: the text is shown to copy, and kept until the link expires.
        reason = REFUSALS[refusal]() if refusal in REFUSALS else ""
        return render(
            request,
            "django_comments_xtd/discarded.html",
            {"comment": {"comment": pending.text}, "reason": reason},
        )
    if request.method != "POST" or request.POST.get("action") == "resend":
        # A "new link" button from a page shown before the link was renewed: just ask.
        return _confirm_page(request, "confirm", pending=pending, page=page)
    with transaction.atomic():
        if not pending.claim():
            pending.refresh_from_db()
            if pending.is_confirmed:
                return _after_confirmation(request, pending.comment, again=True)
            return _confirm_page(request, "expired", pending=pending, page=page, status=410)
        # A double click on "Send" sends two e-mails: the same words are stored once.
        comment = _twin(pending, page) or _publish(pending, page)
        pending.forget_personal_data(comment)
    return _after_confirmation(request, comment)


def _resend(request, pending, page):
    """A new link for an expired one, to the address the comment was sent from."""
    if page is None:
        return render(
            request,
            "django_comments_xtd/discarded.html",
            {"comment": {"comment": pending.text}},
        )
    if pending.sent_at and timezone.now() - pending.sent_at < RESEND_INTERVAL:
        return _confirm_page(request, "throttled", pending=pending, page=page, status=429)
    send_comment_confirmation.enqueue(pending.pk)
    return _confirm_page(request, "sent", pending=pending, page=page)
