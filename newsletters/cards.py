"""The newsletter archive's issues as plain data.

The archive lists each sent issue's subject, address, date and preview text. Its first
page, as most visitors see it (no page number, no other query), is the same for all of
them: worked out once into ``IssueCard`` (strings and a date, never a model instance) and
kept under the pages' version (``core.cache.cached_for_pages``). A publish, an
unpublish, a move or a deletion of an issue purges it, and so do a send's preparation,
which puts the issue in the archive, and its cancellation (newsletters/sending.py).
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class IssueCard:
    """What newsletters/newsletter_index_page.html shows of an issue."""

    subject: str
    url: str
    sent_at: datetime.datetime
    preview_text: str


def issue_cards(issues, request):
    """The cards of ``issues`` (from ``NewsletterIndexPage.sent_issues()``)."""
    return [
        IssueCard(
            subject=issue.subject,
            url=issue.get_url(request) or "",
            sent_at=issue.sent_at,
            preview_text=issue.preview_text,
        )
        for issue in issues
    ]
