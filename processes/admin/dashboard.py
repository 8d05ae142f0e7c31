"""Panels on the Wagtail dashboard for the people who run participation.

* "Comments to review": how many comments await approval and how many readers' flags have
  hidden, each linked to the queue filtered on it, and how many items of each other
  contribution source await review (moderators);
* "Consultations closing soon": live consultations whose comment window ends within
  CLOSING_SOON_DAYS, soonest first, with their report (moderators and analysts).

Registered with Wagtail's ``construct_homepage_panels`` hook in processes/wagtail_hooks.py.
Each panel runs a fixed number of queries whatever the number of comments or pages, and
shows nothing to a user without the permission its links need.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone, translation
from wagtail.admin.ui.components import Component
from wagtail.models import Page

from processes.models import Comment, ConsultationPage, ModerationStatus, ProcessPage
from processes.rules import can_moderate, can_view_reports

from .queries import language_rank, review_sections
from .views import queue_url, report_url

CLOSING_SOON_DAYS = 14
CLOSING_SOON_LIMIT = 8


class ReviewPanel(Component):
    name = "townhall_comments_to_review"
    template_name = "processes/admin/dashboard/review.html"
    order = 50  # before Wagtail's own panels: it is what a moderator comes for

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        pending, flagged = ModerationStatus.PENDING, ModerationStatus.FLAGGED
        counts = Comment.objects.aggregate(
            pending=Count("pk", filter=_status_q(pending)),
            flagged=Count("pk", filter=_status_q(flagged)),
        )
        context.update(
            {
                "pending": counts["pending"],
                "flagged": counts["flagged"],
                "pending_url": queue_url(status=pending),
                "flagged_url": queue_url(status=flagged),
                "queue_url": queue_url(),
                # Other contributions awaiting review (core.participation), per source.
                "others": review_sections(),
            }
        )
        return context


def _status_q(status):
    """The filter of CommentQuerySet.with_status, as a Q for a conditional count."""
    if status == ModerationStatus.PENDING:
        return Q(is_public=False, is_removed=False, is_hidden_pending_review=False)
    return Q(is_hidden_pending_review=True, is_removed=False)


class ClosingSoonPanel(Component):
    name = "townhall_consultations_closing_soon"
    template_name = "processes/admin/dashboard/closing_soon.html"
    order = 60

    def __init__(self, consultations):
        self.consultations = consultations

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["consultations"] = self.consultations
        context["days"] = CLOSING_SOON_DAYS
        return context


def consultations_closing_soon(now=None):
    """[{page, process, closes, report_url}] closing within CLOSING_SOON_DAYS, soonest first.

    One page per translation key (the admin's language when translated). The database
    narrows by date with a day's margin either side; the page's own ``window`` decides, so
    the list always agrees with when the consultation really stops taking comments.
    """
    now = now or timezone.now()
    soon = now + timedelta(days=CLOSING_SOON_DAYS)
    margin = timedelta(days=1)
    own_dates = Q(opens_at__isnull=False, closes_at__isnull=False)
    candidates = ConsultationPage.objects.live().filter(
        (own_dates & Q(closes_at__gt=now - margin, closes_at__lte=soon + margin))
        | (~own_dates & Q(phase__end__gt=now - margin, phase__end__lte=soon + margin))
    )
    language = translation.get_language() or settings.LANGUAGE_CODE
    chosen = {}
    for page in candidates.select_related("locale", "phase").defer_streamfields().order_by("pk"):
        current = chosen.get(page.translation_key)
        if current is None or language_rank(page, language) < language_rank(current, language):
            chosen[page.translation_key] = page
    pages = list(chosen.values())
    rows = []
    for page in pages:
        opens, closes = page.window
        if opens is not None and opens <= now < closes <= soon:
            rows.append({"page": page, "closes": closes, "report_url": report_url(page)})
    rows.sort(key=lambda row: row["closes"])
    rows = rows[:CLOSING_SOON_LIMIT]
    parents = _parents([row["page"] for row in rows])
    for row in rows:
        row["process"] = parents.get(row["page"].path[: -Page.steplen])
    return rows


def _parents(pages):
    paths = {page.path[: -Page.steplen] for page in pages}
    if not paths:
        return {}
    return {process.path: process for process in ProcessPage.objects.filter(path__in=paths)}


def dashboard_panels(request, panels):
    """construct_homepage_panels: the participation panels this user may act on."""
    user = request.user
    if can_moderate(user):
        panels.append(ReviewPanel())
    if can_view_reports(user):
        panels.append(ClosingSoonPanel(consultations_closing_soon()))
