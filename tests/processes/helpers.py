"""Posting like a browser does: the comment form's hidden security fields plus the answers."""

import re
from urllib.parse import urlsplit

from processes.forms import CommentForm


def thread_url(page, clause_id=""):
    return page.url + page.thread_path(clause_id)


def form_data(page, clause_id="", **answers):
    form = CommentForm(page)
    data = {
        key: form.initial[key]
        for key in ("content_type", "object_pk", "timestamp", "security_hash")
    }
    data.update(
        {
            "name": "Amina",
            "email": "amina@example.org",
            "comment": "Please add a crossing near the school.",
            "clause_id": clause_id,
            "reply_to": 0,
            "honeypot": "",
        }
    )
    data.update(answers)
    return data


def post_comment(client, page, clause_id="", **answers):
    return client.post(thread_url(page, clause_id), form_data(page, clause_id, **answers))


def confirmation_link(outbox):
    """The confirmation address in the last e-mail of `outbox` (pytest-django's mailoutbox)."""
    body = outbox[-1].body
    match = re.search(r"https?://[^\s]+/comments/confirm/[^\s]+/", body)
    assert match, body
    return urlsplit(match.group(0)).path


def confirm(client, link):
    """Follow the e-mailed link and press its button, as a resident does."""
    shown = client.get(link)
    assert shown.status_code == 200, shown.status_code
    return client.post(link)


def clause_buttons(html):
    """{clause id or "document": the accessible name of its comments link} on a document page.

    The link has no aria-label, so its name is its text, visually hidden parts included,
    with the whitespace collapsed as a screen reader would.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return {
        link["data-thread-target"].removeprefix("thread-"): " ".join(link.get_text().split())
        for link in soup.select("a.clause__comments")
    }
