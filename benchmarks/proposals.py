"""Does a proposals page slow down as proposals grow? Measure it.

    .venv/bin/python benchmarks/proposals.py [--repeat 25]
    DATABASE_URL=postgres://…/th_bench .venv/bin/python benchmarks/proposals.py

Builds two proposals pages with 10 and 5,000 proposals (one support each, and 50 supports
and 20 comments on the first proposal), then prints, for the listing (in each sort order)
and for the busy proposal's page, the number of queries and the median server time at
each size, and the ratio of the 5,000 time to the 10 time. Times are taken in-process
with Django's test client on a throwaway test database (in-memory SQLite, or
test_<name> on PostgreSQL, dropped at the end); db.sqlite3 is never opened.

The listing's cost should not grow with the number of proposals beyond what the
database's sort over one indexed table costs; the query counts must be equal (they are
also asserted in tests/proposals/test_queries.py).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings.test")

SIZES = (10, 5_000)


def build(sizes):
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage
    from processes.models import build_comment
    from proposals.models import Proposal, Support
    from tests.processes.factories import ProcessIndexPageFactory, ProcessPageFactory
    from tests.proposals.factories import ProposalsPageFactory

    ContentType.objects.clear_cache()
    locale, _created = Locale.objects.get_or_create(language_code="en")
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Riverton", slug="riverton-bench", hero_title="R", locale=locale)
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "root_page": home}
    )
    index = ProcessIndexPageFactory(parent=home)
    process = ProcessPageFactory(parent=index, title="Riverside Park")
    now = timezone.now()
    pages = {}
    for size in sizes:
        page = ProposalsPageFactory(parent=process, title=f"Ideas {size}")
        Proposal.objects.bulk_create(
            Proposal(
                page_key=page.translation_key,
                process_key=process.translation_key,
                title=f"Idea number {n}",
                description="Something for the park.\n\nWith a second paragraph.",
                language=("en", "fr", "ar", "sw")[n % 4],
                state=("received", "accepted", "not_accepted")[n % 3],
                confirmed_at=now,
            )
            for n in range(size)
        )
        ids = list(Proposal.objects.for_page(page).order_by("pk").values_list("pk", flat=True))
        Support.objects.bulk_create(
            Support(proposal_id=pk, email=f"s{pk}@example.org", confirmed_at=now) for pk in ids
        )
        busy = ids[0]
        Support.objects.bulk_create(
            Support(proposal_id=busy, email=f"b{n}@example.org", confirmed_at=now)
            for n in range(50)
        )
        for n in range(20):
            build_comment(page, f"Comment {n}", clause_id=f"proposal-{busy}", name="A").save()
        pages[size] = (page, busy)
    return pages


def timed(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        count = len(connection.queries_log) - queries.initial_queries
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _n in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return count, statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=25, help="requests per measurement")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment

    settings.ALLOWED_HOSTS = ["testserver"]
    setup_test_environment()
    original_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    assert "db.sqlite3" not in str(test_name), "refusing to benchmark on the development database"
    try:
        print(f"Database: {connection.vendor} ({test_name}); {args.repeat} requests each")
        started = time.perf_counter()
        pages = build(SIZES)
        print(f"Built {sum(SIZES):,} proposals in {time.perf_counter() - started:.1f} s\n")
        client = Client()
        views = {
            "listing (random)": lambda page, busy: page.url,
            "listing (most supported)": lambda page, busy: page.url + "?sort=supported",
            "listing (newest, accepted)": lambda page, busy: (
                page.url + "?sort=newest&state=accepted"
            ),
            "proposal page": lambda page, busy: page.url + f"{busy}/",
        }
        small, large = SIZES
        print(f"{'view':30} {'queries':>9} {small:>8} ms {large:>8} ms {'ratio':>7}")
        for name, url_of in views.items():
            q_small, t_small = timed(client, url_of(*pages[small]), args.repeat)
            q_large, t_large = timed(client, url_of(*pages[large]), args.repeat)
            queries = f"{q_small}/{q_large}"
            print(
                f"{name:30} {queries:>9} {t_small:>11.1f} {t_large:>11.1f} "
                f"{t_large / t_small:>7.2f}"
            )
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
