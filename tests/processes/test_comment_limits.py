"""Comments are limited per client; the refusal keeps what was typed."""

import pytest

from processes.models import Comment, PendingComment
from tests.html import parse

from .helpers import form_data, post_comment

pytestmark = pytest.mark.django_db

TEXT = "Please add a crossing near the school."


def sent():
    return Comment.objects.count() + PendingComment.objects.count()


def test_comments_from_one_client_stop_at_the_limit_and_the_text_is_kept(
    client, consultation, settings
):
    settings.RATE_LIMIT_COMMENT = (2, 600)
    for number in range(2):
        post_comment(client, consultation, comment=f"{TEXT} ({number})")
    assert sent() == 2
    response = post_comment(client, consultation, comment="A third idea.")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert sent() == 2
    assert parse(response).one("textarea#kept-text").text == "A third idea."


def test_the_threads_own_fetch_gets_the_refusal_in_place(client, consultation, settings):
    settings.RATE_LIMIT_COMMENT = (1, 600)
    post_comment(client, consultation)
    url = consultation.url + consultation.thread_path("")

    response = client.post(
        url, form_data(consultation, comment="Kept."), HTTP_X_TOWNHALL_FRAGMENT="1"
    )
    assert response.status_code == 429
    page = parse(response)
    assert not page.exists("html")  # a fragment, not a whole page
    assert page.one("textarea#refused-text").text == "Kept."
