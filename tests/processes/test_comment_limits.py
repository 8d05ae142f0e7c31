"""Comments are limited per client; the refusal keeps what was typed."""

import pytest
from django.test import Client
from django.utils import translation

from processes.models import Comment, PendingComment, build_comment
from tests.html import parse

from .factories import translate_page
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


# -- likes and reports: a new browser each time must not get round the limit -----------------


def action_url(page, action, comment):
    return page.url + page.reverse_subpage(action, kwargs={"comment_id": comment.pk})


def in_french(text):
    with translation.override("fr"):
        translated = translation.gettext(text)
    assert translated != text
    return translated


def test_likes_from_one_client_stop_at_the_limit_but_taking_one_back_still_works(
    client, consultation, settings
):
    settings.RATE_LIMIT_LIKE = (2, 600)
    comment = build_comment(consultation, "Likeable", name="A", email="a@example.org")
    comment.save()
    like = action_url(consultation, "like", comment)
    browsers = [Client() for _ in range(3)]  # the same address, three browsers
    assert [browser.post(like).status_code for browser in browsers[:2]] == [302, 302]
    response = browsers[2].post(like)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    assert parse(response).one("h1").text == "Please wait a few minutes"
    assert comment.reactions.count() == 2

    assert browsers[0].post(like).status_code == 302  # un-liking is never refused
    assert comment.reactions.count() == 1
    neighbour = Client(REMOTE_ADDR="198.51.100.20")
    assert neighbour.post(like).status_code == 302
    assert comment.reactions.count() == 2


def test_the_threads_own_fetch_of_a_like_gets_the_refusal_in_place(client, consultation, settings):
    settings.RATE_LIMIT_LIKE = (1, 600)
    comment = build_comment(consultation, "Likeable", name="A", email="a@example.org")
    comment.save()
    like = action_url(consultation, "like", comment)
    Client().post(like)
    response = Client().post(like, HTTP_X_TOWNHALL_FRAGMENT="1")
    assert response.status_code == 429
    page = parse(response)
    assert not page.exists("html")  # the thread, to put back in place
    assert "We have received many forms from your connection" in response.content.decode()
    assert comment.reactions.count() == 1


def test_reports_from_one_client_stop_at_the_limit_in_the_visitors_language(
    client, consultation, home_pages, settings
):
    settings.RATE_LIMIT_FLAG = (2, 3600)
    settings.TOWNHALL_COMMENT_FLAG_THRESHOLD = 3
    french = translate_page(consultation, home_pages["fr"].locale)
    comment = build_comment(french, "Des mots", name="A", email="a@example.org", language="fr")
    comment.save()
    flag = action_url(french, "flag", comment)
    for _ in range(2):
        assert Client().post(flag, {"reason": "abuse"}).status_code == 302
    response = Client().post(flag, {"reason": "abuse"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    page = parse(response)
    assert page.one("html")["lang"] == "fr"
    assert page.one("h1").text == in_french("Please wait a few minutes")
    comment.refresh_from_db()
    # One client alone cannot hide a comment by reporting it from fresh browsers.
    assert comment.abuse_flags.count() == 2
    assert not comment.is_hidden_pending_review
