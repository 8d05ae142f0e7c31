"""Reading a consultation costs the same number of queries with 10 or 10,000 comments.

The comments are made once for the module (tests/module_data.py): two consultations built
alike in one process, a small one (10 comments on its first clause, 5 on its second) and a
large one (10,000 and 5). Each test compares the small one with the large one."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from processes.models import Comment
from tests.module_data import make_process, module_data

from .factories import (
    ConsultationPageFactory,
    bulk_comments,
    clause_ids,
)
from .helpers import clause_buttons, thread_url

SMALL, LARGE = 10, 10_000


@pytest.fixture(scope="module")
def consultations(django_db_setup, django_db_blocker):
    """{SMALL: the small consultation, LARGE: the large one}."""
    with module_data(django_db_blocker) as build:
        with build():
            process = make_process()
            made = {}
            for size in (SMALL, LARGE):
                consultation = ConsultationPageFactory(parent=process)
                first, second, *_ = clause_ids(consultation)
                bulk_comments(consultation, size, clause_id=first)
                bulk_comments(consultation, SMALL // 2, clause_id=second)
                made[size] = consultation
        yield made


def queries_for(client, url):
    client.get(url)  # warm the per-process caches (content types, site) the same way each time
    cache.clear()  # and measure the real work, not the cached figures
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.django_db
def test_the_document_page_needs_the_same_queries_for_10_and_10000_comments(
    client, consultations, django_assert_num_queries
):
    consultation = consultations[SMALL]
    first, second, *_ = clause_ids(consultation)
    small, response = queries_for(client, consultation.url)
    buttons = clause_buttons(response.content.decode())
    assert (buttons[first], buttons[second]) == (
        "10 comments on clause 1.1",
        "5 comments on clause 1.2",
    )

    consultation = consultations[LARGE]
    first, second, *_ = clause_ids(consultation)
    client.get(consultation.url)
    cache.clear()
    with django_assert_num_queries(small):
        response = client.get(consultation.url)
    buttons = clause_buttons(response.content.decode())
    assert buttons[first] in ("10,000 comments on clause 1.1", "10000 comments on clause 1.1")
    assert buttons[second] == "5 comments on clause 1.2"


def comment_ids(body):
    return [int(n) for n in re.findall(r'<article class="comment" id="c(\d+)"', body)]


@pytest.mark.django_db
def test_a_clause_thread_is_paginated_and_its_queries_do_not_grow(
    client, consultations, django_assert_num_queries
):
    consultation = consultations[SMALL]
    url = thread_url(consultation, clause_ids(consultation)[0])
    small, response = queries_for(client, url)
    assert len(comment_ids(response.content.decode())) == SMALL
    # A page further down the thread, at the small size: everything older than the newest.
    newest = max(comment_ids(response.content.decode()))
    small_deep, response = queries_for(client, f"{url}?before={newest}")
    assert len(comment_ids(response.content.decode())) == SMALL - 1

    consultation = consultations[LARGE]
    clause = clause_ids(consultation)[0]
    url = thread_url(consultation, clause)
    client.get(url)
    cache.clear()
    with django_assert_num_queries(small):
        response = client.get(url)
    body = response.content.decode()
    assert len(comment_ids(body)) == 20  # one page of conversations
    assert re.search(r"10,?000 conversations", body)

    # The 250th page costs what the second page of a small thread costs.
    middle = sorted(
        Comment.objects.for_target(consultation)
        .filter(clause_id=clause)
        .values_list("pk", flat=True)
    )[LARGE // 2]
    client.get(f"{url}?before={middle}")
    cache.clear()
    with django_assert_num_queries(small_deep):
        body = client.get(f"{url}?before={middle}").content.decode()
    shown = comment_ids(body)
    assert shown == list(range(middle - 1, middle - 21, -1))
    assert f"?after={middle - 1}" in body and f"?before={middle - 20}" in body
