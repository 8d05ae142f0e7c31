"""Public views: process listings, the consultation document and its comment threads.

Every view works without JavaScript. consultation.js asks for the same thread views with
the ``X-Townhall-Fragment: 1`` header and gets just the thread, to show it in place.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django_comments_xtd import signed
from django_comments_xtd import views as xtd_views
from django_comments_xtd.conf import settings as xtd_settings

from home.models import Topic
from processes import metrics, pagination, rules
from processes.forms import CommentForm
from processes.models import (
    Comment,
    CommentReaction,
    EngagementLevel,
    Flag,
    ProcessIndexPage,
    ProcessPage,
    ProcessStatus,
)

THREADS_PER_PAGE = 20
FRAGMENT_HEADER = "X-Townhall-Fragment"
BROWSER_COOKIE = "townhall_browser"
BROWSER_COOKIE_SALT = "processes.browser"
BROWSER_COOKIE_AGE = 365 * 24 * 3600

STATUS_ORDER = {
    ProcessStatus.OPEN: 0,
    ProcessStatus.UPCOMING: 1,
    ProcessStatus.FEEDBACK_PUBLISHED: 2,
    ProcessStatus.CLOSED: 3,
}


# -- process listings -------------------------------------------------------------------


def _processes_under(parent):
    pages = (
        ProcessPage.objects.live()
        .public()
        .child_of(parent)
        .select_related("topic", "image")
        .prefetch_related("phases")
    )
    return list(ProcessPage.with_feedback_flag(pages))


def _sort_key(process):
    now = timezone.now()
    status = process.status_at(now)
    start = process.start or now
    if status == ProcessStatus.OPEN:
        return (STATUS_ORDER[status], process.end or now)  # closing soonest first
    if status == ProcessStatus.UPCOMING:
        return (STATUS_ORDER[status], start)
    return (STATUS_ORDER[status], -(process.end or now).timestamp())


def process_index_context(index, request):
    """Cards for every process under the index, filtered by status, topic and level."""
    processes = _processes_under(index)
    now = timezone.now()
    for process in processes:
        process.current_status = process.status_at(now)

    status = request.GET.get("status", "")
    topic = request.GET.get("topic", "")
    level = request.GET.get("level", "")
    if status not in ProcessStatus.values:
        status = ""
    if level not in EngagementLevel.values:
        level = ""
    topics = list(Topic.objects.filter(locale_id=index.locale_id).order_by("name"))
    if topic not in {item.slug for item in topics}:
        topic = ""

    shown = [
        process
        for process in processes
        if (not status or process.current_status == status)
        and (not topic or (process.topic and process.topic.slug == topic))
        and (not level or process.level == level)
    ]
    shown.sort(key=_sort_key)
    paginator = Paginator(shown, index.PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return {
        "processes": page_obj.object_list,
        "page_obj": page_obj,
        "total": len(shown),
        "filters": {"status": status, "topic": topic, "level": level},
        "is_filtered": bool(status or topic or level),
        "status_choices": ProcessStatus.choices,
        "level_choices": EngagementLevel.choices,
        "topics": topics,
    }


def open_processes_section(home_page, request):
    """The home page's "Have your say" section: open processes in this language."""
    index = ProcessIndexPage.objects.live().child_of(home_page).first()
    if index is None:
        return None
    now = timezone.now()
    open_processes = [
        process
        for process in _processes_under(index)
        if process.status_at(now) == ProcessStatus.OPEN
    ]
    if not open_processes:
        return None
    open_processes.sort(key=_sort_key)
    for process in open_processes:
        process.current_status = ProcessStatus.OPEN
    return {
        "template": "components/home_section.html",
        "id": "open-processes",
        "heading": _("Have your say now"),
        "items": open_processes[:3],
        "card_template": "processes/includes/process_card.html",
        "more_url": index.get_url(request=request),
        "more_label": _("See all processes"),
    }


# -- the consultation document ------------------------------------------------------------


def consultation_context(request, page):
    counts = metrics.clause_counts(page)
    items = []
    for item in page.numbered_items:
        items.append(
            {
                "item": item,
                "count": counts.get(item.id, 0) if item.is_clause else 0,
                "thread_url": page.thread_path(item.id) if item.is_clause else "",
            }
        )
    return {
        "items": items,
        "document_count": counts.get("", 0),
        "total_count": sum(counts.values()),
        "process": page.process,
        "decision": rules.comment_decision(request.user, page),
        "opens_at": page.window[0],
        "closes_at": page.window[1],
        "document_thread_url": page.thread_path(""),
        "login_url": _login_url(request),
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
    position = request.GET if position is None else position
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
    process = page.process
    area_names = {area.translation_key: area.name for area in page.areas}
    page_language = page.locale.language_code
    for comment in [*threads, *(r for rs in replies.values() for r in rs)]:
        comment.like_path = page.reverse_subpage("like", kwargs={"comment_id": comment.pk})
        comment.flag_path = page.reverse_subpage("flag", kwargs={"comment_id": comment.pk})
        comment.area_name = area_names.get(comment.area_key, "")
        comment.language_name = (
            get_language_info(comment.language)["name_translated"]
            if comment.language != page_language and comment.language
            else ""
        )
        comment.thread_replies = replies.get(comment.pk, [])
    decision = rules.comment_decision(request.user, page, clause_id=clause_id)
    fragment = is_fragment(request)
    if form is None and decision:
        initial = {"clause_id": clause_id}
        if reply_to is not None:
            initial["reply_to"] = reply_to.pk
        form = make_form(request, page, clause_id, initial=initial)
    return {
        "page": page,
        "self": page,
        "clause": clause,
        "clause_id": clause_id,
        "archived": archived,
        "archive_notes": archive_notes(request, page, archived) if archived else {},
        "threads": threads,
        "threads_page": threads_page,
        "total": metrics.conversations(page, clause_id),
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
        "clause_count": metrics.clause_counts(page).get(clause_id or "", 0) if fragment else 0,
        "login_url": _login_url(request),
        "sign_in_required": rules.requires_sign_in(page),
        "flag_reasons": Flag.Reason.choices,
        "form_anchor": form_anchor(clause_id),
    }


def archive_notes(request, page, archived):
    """What the notice on a removed clause's conversation says and links to."""
    from processes.models import FeedbackPage

    language = page.locale.language_code
    feedback = None
    if page.process is not None:
        feedback = FeedbackPage.objects.child_of(page.process).live().public().first()
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
    login = getattr(settings, "LOGIN_URL", None)
    try:
        url = resolve_url(login) if login else reverse("wagtailadmin_login")
    except NoReverseMatch:
        url = reverse("wagtailadmin_login")
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


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

    form.initial_is_public = published
    tmp = form.get_comment_object(site_id=_site_id(request))
    # The clause text is copied when the link is followed; it would only lengthen the link.
    tmp["clause_text_snapshot"] = ""
    key = signed.dumps(tmp, compress=True, extra_key=xtd_settings.COMMENTS_XTD_SALT).decode()
    confirm_url = request.build_absolute_uri(reverse("processes:confirm_comment", args=[key]))
    from processes.tasks import send_comment_confirmation

    clause = page.get_clause(clause_id)
    send_comment_confirmation.enqueue(
        email=tmp["user_email"],
        name=tmp["user_name"],
        language=page.locale.language_code,
        confirm_url=confirm_url,
        page_title=page.title,
        page_url=request.build_absolute_uri(page.url + page.thread_path(clause_id)),
        clause_number=clause.number if clause else "",
        excerpt=tmp["comment"][:300],
        moderated=not published,
    )
    messages.success(
        request,
        _(
            "Almost done: we have sent a link to %(email)s. Your comment will be sent "
            "when you follow it."
        )
        % {"email": tmp["user_email"]},
    )
    return _after_post(request, page, clause_id, None, around=getattr(form, "parent_comment", None))


def _site_id(request):
    from django.contrib.sites.shortcuts import get_current_site

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
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = page.url + page.thread_path(comment.clause_id)
    return HttpResponseRedirect(f"{next_url.split('#')[0]}#c{comment.pk}")


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
    if existing.exists():
        existing.delete()
        messages.info(request, _("You no longer like this comment."))
    else:
        CommentReaction.objects.get_or_create(
            comment=comment, kind=CommentReaction.Kind.LIKE, **lookup
        )
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
    if request.user.is_authenticated:
        created = comment.record_flag(user=request.user, reason=reason)
    else:
        created = comment.record_flag(browser_key=browser_key, reason=reason)
    if created:
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


def confirm_comment(request, key):
    """Follow the link from the confirmation e-mail (comments-xtd's confirmation flow)."""
    try:
        pending = signed.loads(str(key), extra_key=xtd_settings.COMMENTS_XTD_SALT)
    except Exception:  # noqa: BLE001 - a damaged link, whatever the damage
        return render(request, "processes/confirm_invalid.html", status=400)
    # The same words sent twice (a double click sends two e-mails) are stored once.
    twin = (
        Comment.objects.filter(
            target_key=pending.target_key,
            clause_id=pending.clause_id or "",
            user_email=pending.user_email,
            comment=pending.comment,
        )
        .order_by()
        .first()
    )
    if twin is not None:
        return HttpResponseRedirect(twin.get_absolute_url())
    response = xtd_views.confirm(request, key)
    if isinstance(response, HttpResponseRedirect) and getattr(request, "townhall_accepted", False):
        messages.success(request, _("Thank you. Your comment is published."))
    return response
