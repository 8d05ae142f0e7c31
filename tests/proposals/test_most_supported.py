"""The "most supported" order counts every listed proposal's supports in one aggregate (a
grouped join), not in a subquery run once per proposal; the listing makes the same queries
at 5 proposals as at 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from proposals.models import Proposal, Support
from tests.html import parse

pytestmark = pytest.mark.django_db


def add_proposals(page, count):
    """`count` new proposals, each supported once; returns them."""
    now = timezone.now()
    made = Proposal.objects.bulk_create(
        Proposal(
            page_key=page.translation_key,
            process_key=page.get_parent().translation_key,
            title=f"Idea {n}",
            description="Something for the park.",
            confirmed_at=now,
        )
        for n in range(count)
    )
    Support.objects.bulk_create(
        Support(proposal=p, email=f"s{p.pk}@example.org", confirmed_at=now) for p in made
    )
    return made


def listing(client, url):
    # Warm the route, frame and figure caches (twice: the first visit makes the site's
    # settings, which purges what pages keep).
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return response, [query["sql"] for query in context.captured_queries]


def test_most_supported_counts_supports_in_one_aggregate(client, ideas, django_assert_num_queries):
    url = ideas.url + "?sort=supported"
    add_proposals(ideas, 5)
    _response, small = listing(client, url)
    *_others, busy = add_proposals(ideas, 45)
    for n in range(3):
        Support.objects.create(
            proposal=busy, email=f"b{n}@example.org", confirmed_at=timezone.now()
        )
    client.get(url)
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200
    response, large = listing(client, url)
    counting = [sql for sql in large if '"proposals_support"' in sql]
    assert counting, large
    for sql in counting:
        assert 'JOIN "proposals_support"' in sql, sql
        assert 'FROM "proposals_support"' not in sql, sql
    cards = parse(response.content.decode()).select(".proposal-card")
    assert len(cards) == 20
    assert busy.title in cards[0].text and "4 supports" in cards[0].text
