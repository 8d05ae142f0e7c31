"""Background work for processes: e-mails sent through django-tasks and the delivery
engine (kind "comment-confirmation"), never in the request."""

import uuid

from django.utils.translation import gettext
from django_tasks import task

from core import email as emails
from delivery import engine
from processes import rules
from processes.models import PendingComment


def confirmation_url(language, token):
    """The short link in the e-mail: ``<site root>/<lang>/comments/confirm/<token>/``."""
    return emails.url_in(language, "processes:confirm_comment", token=token)


def unconfirmed(pending_id):
    pending = (
        PendingComment.objects.filter(pk=pending_id, confirmed_at__isnull=True)
        .select_related("page")
        .first()
    )
    if pending is None or pending.page is None or not pending.email:
        return None
    return pending


class CommentConfirmationKind(engine.NoticeKind):
    """The e-mail asking an anonymous commenter to confirm their comment."""

    name = "comment-confirmation"

    def build(self, record, context, connection):
        pending = unconfirmed(record.data.get("pending"))
        if pending is None:
            raise engine.Skip("The comment is confirmed or gone.")
        return confirmation_message(pending, connection=connection)


@task()
def send_comment_confirmation(pending_id):
    """Ask an anonymous commenter to confirm their comment, in the language they wrote in.

    The message makes the link's token itself when it is written (processes/models/
    pending_comments.py): only the e-mail carries it, neither the database nor the task
    queue. Returns 1 once sent (at once with the immediate backend).
    """
    pending = unconfirmed(pending_id)
    if pending is None:
        return 0
    mailing = CommentConfirmationKind().notify(
        uuid.uuid4().hex, [(pending.email, pending.language, {"pending": pending.pk})]
    )
    return mailing.notices.filter(status="sent").count()


def confirmation_message(pending, connection=None):
    """The confirmation e-mail of a pending comment, with a fresh token."""
    page = pending.page.specific
    token = pending.issue_token()
    clause = page.get_clause(pending.clause_id) if pending.clause_id else None
    # A page not about clauses (a proposal's conversation) is named by what it is about.
    own_words = clause is not None and bool(getattr(page, "comment_wording", None))
    context = {
        "name": pending.name,
        "confirm_url": confirmation_url(pending.language, token),
        "page_title": clause.label if own_words else page.title,
        "page_url": emails.page_url(page) + page.thread_path(pending.clause_id),
        "clause_number": clause.number if clause and not own_words else "",
        "excerpt": pending.text[:300],
        "moderated": not rules.published_on_arrival(page),
    }
    subject, text, html = emails.render(
        "processes/email/comment_confirm",
        pending.language,
        lambda: gettext("Please confirm your comment on “%(title)s”") % {"title": page.title},
        context,
    )
    return emails.message(
        pending.email, subject, text, html, language=pending.language, connection=connection
    )
