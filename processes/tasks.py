"""Background work for processes: e-mails sent through django-tasks, never in the request."""

from django.utils.translation import gettext
from django_tasks import task

from core import email as emails
from processes import rules
from processes.models import PendingComment


def confirmation_url(language, token):
    """The short link in the e-mail: ``<site root>/<lang>/comments/confirm/<token>/``."""
    return emails.url_in(language, "processes:confirm_comment", token=token)


@task()
def send_comment_confirmation(pending_id):
    """Ask an anonymous commenter to confirm their comment, in the language they wrote in.

    The task makes the link's token itself (processes/models/pending_comments.py): only
    the e-mail carries it, neither the database nor the task queue. Returns 1 when sent.
    """
    pending = (
        PendingComment.objects.filter(pk=pending_id, confirmed_at__isnull=True)
        .select_related("page")
        .first()
    )
    if pending is None or pending.page is None or not pending.email:
        return 0
    page = pending.page.specific
    token = pending.issue_token()
    clause = page.get_clause(pending.clause_id) if pending.clause_id else None
    context = {
        "name": pending.name,
        "confirm_url": confirmation_url(pending.language, token),
        "page_title": page.title,
        "page_url": emails.page_url(page) + page.thread_path(pending.clause_id),
        "clause_number": clause.number if clause else "",
        "excerpt": pending.text[:300],
        "moderated": not rules.published_on_arrival(page),
    }
    subject, text, html = emails.render(
        "processes/email/comment_confirm",
        pending.language,
        lambda: gettext("Please confirm your comment on “%(title)s”") % {"title": page.title},
        context,
    )
    emails.message(pending.email, subject, text, html, language=pending.language).send()
    return 1
