"""The listing and a proposal's page make the same number of queries at 10 and at 5,000
proposals; so does the officials' listing, whoever the proposals are assigned to."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals.models import Proposal, Support

from .factories import make_proposal

pytestmark = pytest.mark.django_db


def bulk(page, count):
    now = timezone.now()
    Proposal.objects.bulk_create(
        [
            Proposal(
                page_key=page.translation_key,
                process_key=page.get_parent().translation_key,
                title=f"Idea {n}",
                description="Something for the park.",
                confirmed_at=now,
                language=("en", "fr", "ar", "sw")[n % 4],
                state=("received", "accepted")[n % 2],
            )
            for n in range(count)
        ]
    )
    Support.objects.bulk_create(
        [
            Support(proposal=p, email=f"s{p.pk}@example.org", confirmed_at=now)
            for p in Proposal.objects.for_page(page)[:count]
        ]
    )


def count(client, url):
    client.get(url)  # warm the route, frame and figure caches
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("query", ["", "?sort=supported", "?sort=newest&state=accepted"])
def test_listing_queries_do_not_grow(client, ideas, django_assert_num_queries, query):
    bulk(ideas, 10)
    small = count(client, ideas.url + query)
    bulk(ideas, 4990)
    with django_assert_num_queries(small):
        client.get(ideas.url + query)


def test_proposal_page_queries_do_not_grow(client, ideas, django_assert_num_queries, resident):
    proposal = make_proposal(ideas)
    bulk(ideas, 10)
    client.force_login(resident)
    url = ideas.url + f"{proposal.pk}/"
    small = count(client, url)
    bulk(ideas, 4990)
    Support.objects.bulk_create(
        [
            Support(proposal=proposal, email=f"x{n}@example.org", confirmed_at=timezone.now())
            for n in range(200)
        ]
    )
    with django_assert_num_queries(small):
        client.get(url)


def test_the_officials_listing_queries_do_not_grow(
    client, ideas, official, evaluator, django_assert_num_queries
):
    def assign():
        for n, pk in enumerate(
            Proposal.objects.filter(evaluator=None).values_list("pk", flat=True)
        ):
            Proposal.objects.filter(pk=pk).update(evaluator=(official, evaluator)[n % 2])

    bulk(ideas, 10)
    assign()
    client.force_login(official)
    url = reverse("proposals_admin:index") + f"?page={ideas.translation_key}&evaluator=me"
    small = count(client, url)
    everyone = count(client, reverse("proposals_admin:index"))
    bulk(ideas, 990)
    assign()
    with django_assert_num_queries(small):
        client.get(url)
    with django_assert_num_queries(everyone):
        client.get(reverse("proposals_admin:index"))
