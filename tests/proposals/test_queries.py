"""The listing and a proposal's page make the same number of queries at 10 and at 5,000
proposals; so does the officials' listing, whoever the proposals are assigned to.

The proposals are made once for the module (tests/module_data.py): two proposals pages
built alike in one process, one with 10 proposals and one with 5,000, each proposal
supported once. Each test compares the small page with the large one."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models.functions import Mod
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals.models import Proposal, Support
from tests.module_data import make_process, module_data

from .factories import ProposalsPageFactory, make_proposal

pytestmark = pytest.mark.django_db

SMALL, LARGE = 10, 5000


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


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """{size: (proposals page, the proposal its page test reads)}; on the large page that
    proposal has 200 supporters more."""
    with module_data(django_db_blocker) as build:
        with build():
            process = make_process(title="Riverside Park")
            pages = {}
            for size in (SMALL, LARGE):
                page = ProposalsPageFactory(parent=process)
                proposal = make_proposal(page)
                bulk(page, size)
                pages[size] = (page, proposal)
            Support.objects.bulk_create(
                [
                    Support(
                        proposal=proposal, email=f"x{n}@example.org", confirmed_at=timezone.now()
                    )
                    for n in range(200)
                ]
            )
        yield pages


def remove_proposals(page):
    """Delete a page's proposals and their supports in two statements: a queryset's delete()
    would send a signal per row (10,000 of them). Cached figures are dropped with them."""
    proposals = Proposal.objects.for_page(page).values("pk")
    Support.objects.filter(proposal__in=proposals)._raw_delete(Support.objects.db)
    Proposal.objects.filter(pk__in=proposals)._raw_delete(Proposal.objects.db)
    cache.clear()


def count(client, url):
    client.get(url)  # warm the route, frame and figure caches
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def assert_same_cost(client, small_url, large_url, django_assert_num_queries):
    small = count(client, small_url)
    client.get(large_url)  # warmed as the small one was
    client.get(large_url)
    with django_assert_num_queries(small):
        assert client.get(large_url).status_code == 200


@pytest.mark.parametrize("query", ["", "?sort=supported", "?sort=newest&state=accepted"])
def test_listing_queries_do_not_grow(client, seeded, django_assert_num_queries, query):
    small, large = (seeded[size][0].url + query for size in (SMALL, LARGE))
    assert_same_cost(client, small, large, django_assert_num_queries)


def test_proposal_page_queries_do_not_grow(client, seeded, django_assert_num_queries, resident):
    client.force_login(resident)
    small, large = (page.url + f"{proposal.pk}/" for page, proposal in seeded.values())
    assert_same_cost(client, small, large, django_assert_num_queries)


def test_the_officials_listing_queries_do_not_grow(
    client, seeded, official, evaluator, django_assert_num_queries
):
    # Every other proposal assigned to the official, the rest to the evaluator.
    numbered = Proposal.objects.annotate(odd=Mod("pk", 2))
    numbered.filter(odd=0).update(evaluator=official)
    numbered.filter(odd=1).update(evaluator=evaluator)
    client.force_login(official)
    index = reverse("proposals_admin:index")

    def mine(size):
        return index + f"?page={seeded[size][0].translation_key}&evaluator=me"

    assert_same_cost(client, mine(SMALL), mine(LARGE), django_assert_num_queries)

    # Everyone's proposals, with the large page's and without them.
    everyone = count(client, index)
    remove_proposals(seeded[LARGE][0])
    assert Proposal.objects.count() == SMALL + 1
    client.get(index)
    with django_assert_num_queries(everyone):
        client.get(index)
