"""Reading a consultation costs the same number of queries with 10 or 10,000 comments."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from processes.models import Comment

from .factories import bulk_comments, clause_ids
from .helpers import clause_buttons, thread_url

SMALL, LARGE = 10, 10_000


def queries_for(client, url):
    client.get(url)  # warm the per-process caches (content types, site) the same way each time
    cache.clear()  # and measure the real work, not the cached figures
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.django_db
def test_the_document_page_needs_the_same_queries_for_10_and_10000_comments(
    client, consultation, django_assert_num_queries
):
    first, second, *_ = clause_ids(consultation)
    bulk_comments(consultation, SMALL // 2, clause_id=first)
    bulk_comments(consultation, SMALL // 2, clause_id=second)
    small, response = queries_for(client, consultation.url)
    assert clause_buttons(response.content.decode())[first] == "5 comments on clause 1.1"

    bulk_comments(consultation, LARGE // 2 - SMALL // 2, clause_id=first)
    bulk_comments(consultation, LARGE // 2 - SMALL // 2, clause_id=second)
    client.get(consultation.url)
    cache.clear()
    with django_assert_num_queries(small):
        response = client.get(consultation.url)
    name = clause_buttons(response.content.decode())[first]
    assert name in ("5,000 comments on clause 1.1", "5000 comments on clause 1.1")


def comment_ids(body):
    return [int(n) for n in re.findall(r'<article class="comment" id="c(\d+)"', body)]


@pytest.mark.django_db
def test_a_clause_thread_is_paginated_and_its_queries_do_not_grow(
    client, consultation, django_assert_num_queries
):
    clause = clause_ids(consultation)[0]
    url = thread_url(consultation, clause)
    bulk_comments(consultation, SMALL, clause_id=clause)
    small, response = queries_for(client, url)
    assert len(comment_ids(response.content.decode())) == SMALL
    # A page further down the thread, at the small size: everything older than the newest.
    newest = max(comment_ids(response.content.decode()))
    small_deep, response = queries_for(client, f"{url}?before={newest}")
    assert len(comment_ids(response.content.decode())) == SMALL - 1

    bulk_comments(consultation, LARGE - SMALL, clause_id=clause)
    client.get(url)
    cache.clear()
    with django_assert_num_queries(small):
        response = client.get(url)
    body = response.content.decode()
    assert len(comment_ids(body)) == 20  # one page of conversations
    assert re.search(r"10,?000 conversations", body)

    # The 250th page costs what the second page of a small thread costs.
    middle = sorted(Comment.objects.for_target(consultation).values_list("pk", flat=True))[
        LARGE // 2
    ]
    client.get(f"{url}?before={middle}")
    cache.clear()
    with django_assert_num_queries(small_deep):
        body = client.get(f"{url}?before={middle}").content.decode()
    shown = comment_ids(body)
    assert shown == list(range(middle - 1, middle - 21, -1))
    assert f"?after={middle - 1}" in body and f"?before={middle - 20}" in body
