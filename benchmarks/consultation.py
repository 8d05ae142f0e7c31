"""Does reading a consultation slow down as comments grow? Measure it.

    .venv/bin/python benchmarks/consultation.py [--repeat 25]
    DATABASE_URL=postgres://…/townhall_bench .venv/bin/python benchmarks/consultation.py

Builds four consultations with 0, 100, 2,000 and 10,000 comments (half of them on one
clause, the rest spread over the others, a reply for every tenth), then prints for each
the number of queries and the median server time of the document page and of the busy
clause's thread, and each time's ratio to the same view with 0 comments (and, for the
thread, to the 0-comment document page and to the first size that fills a page of
20 conversations, since drawing 20 comments costs more than drawing none). A last
table times the page of the thread halfway down it (``?before=``), which must cost
what the first page costs. Times are taken in-process with Django's test client; the
"cold" tables clear the cache before every request so nothing is served from it.

It runs on a throwaway test database created by Django's test machinery (in-memory
SQLite, or test_<name> on PostgreSQL, dropped at the end) with the test settings: the
development site's db.sqlite3 is never opened.
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

SIZES = (0, 100, 2_000, 10_000)


def build(sizes):
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage
    from processes.models import build_comment
    from tests.processes.factories import (
        ConsultationPageFactory,
        ProcessIndexPageFactory,
        ProcessPageFactory,
        bulk_comments,
        clause_ids,
    )

    ContentType.objects.clear_cache()
    locale, _created = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(
            title="Riverton", slug="riverton-bench", hero_title="Riverton", locale=locale
        )
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "root_page": home}
    )
    index = ProcessIndexPageFactory(parent=home)
    process = ProcessPageFactory(parent=index, title="Benchmark process", now=timezone.now())
    consultations = {}
    for size in sizes:
        page = ConsultationPageFactory(
            parent=process, title=f"{size} comments", slug=f"bench-{size}"
        )
        ids = clause_ids(page)
        busy, others = ids[0], ids[1:]
        bulk_comments(page, size // 2, clause_id=busy)
        for position, clause in enumerate(others):
            share = (size - size // 2) // len(others) + (
                1 if position < (size - size // 2) % len(others) else 0
            )
            bulk_comments(page, share, clause_id=clause)
        # Replies go through the model, as real ones do (thread order included).
        from processes.models import Comment

        roots = list(
            Comment.objects.for_target(page).for_clause(busy).order_by("pk")[: max(size // 20, 0)]
        )
        for comment in roots[: len(roots) // 2]:
            build_comment(
                page,
                "A reply",
                clause_id=busy,
                name="Reply",
                email="r@example.org",
                parent_id=comment.pk,
            ).save()
        consultations[size] = (page, busy)
    return consultations


def timed(client, url, cold):
    """(queries, milliseconds) of one request, the cache emptied first when `cold`."""
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    if cold:
        cache.clear()
    # The query log keeps the last 9,000 queries: once full, its length stops growing and
    # a count taken as a difference of lengths reads 0. Start every count from empty.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), elapsed * 1000


def measure(client, urls, repeat, cold=True):
    """Median time and query count per URL; rounds interleave the URLs so drift is shared."""
    for url in urls:
        for _ in range(3):
            client.get(url)  # warm per-process caches (content types, templates, code paths)
    timings = {url: [] for url in urls}
    queries = {}
    for _ in range(repeat):
        for url in urls:
            queries[url], elapsed = timed(client, url, cold)
            timings[url].append(elapsed)
    return {url: (queries[url], statistics.median(timings[url])) for url in urls}


def report(title, rows):
    base_page, base_thread = rows[0][2], rows[0][4]
    # An empty thread draws no comments; a full first page (20 conversations) is the fair
    # baseline for "does the thread slow down as it grows".
    full = next((row[4] for row in rows if row[0] >= 20), base_thread)
    header = (
        f"{'comments':>9} | {'page queries':>12} {'median ms':>9} {'×0 page':>7} | "
        f"{'thread queries':>14} {'median ms':>9} {'×0 thread':>9} {'×0 page':>7} "
        f"{'×first full':>11}"
    )
    print(title)
    print(header)
    print("-" * len(header))
    for size, page_q, page_ms, thread_q, thread_ms in rows:
        print(
            f"{size:>9,} | {page_q:>12} {page_ms:>9.1f} {page_ms / base_page:>7.2f} | "
            f"{thread_q:>14} {thread_ms:>9.1f} {thread_ms / base_thread:>9.2f} "
            f"{thread_ms / base_page:>7.2f} {thread_ms / full:>11.2f}"
        )
    # An empty thread skips the queries that fetch and annotate comments.
    with_comments = [row for row in rows if row[0]]
    constant = len({row[1] for row in rows}) == 1 and len({row[3] for row in with_comments}) <= 1
    print(
        "Query counts "
        + (
            "do not grow with the comments (an empty thread skips the comment queries).\n"
            if constant
            else "GROW with the comments: look at the views.\n"
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=25, help="requests per measurement")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=list(SIZES), help="numbers of comments"
    )
    args = parser.parse_args()
    sizes = sorted(set(args.sizes) | {0})

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
        consultations = build(sizes)
        print(f"Built {sum(sizes):,} comments in {time.perf_counter() - started:.1f} s\n")

        client = Client()
        from processes.models import Comment

        urls, deep = {}, {}
        for size in sizes:
            page, busy = consultations[size]
            urls[size] = (page.url, page.url + page.thread_path(busy))
            ids = list(
                Comment.objects.for_target(page)
                .for_clause(busy)
                .filter(level=0)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if len(ids) > 40:
                deep[size] = f"{urls[size][1]}?before={ids[len(ids) // 2]}"
        every_url = [url for pair in urls.values() for url in pair] + list(deep.values())
        for cold, title in (
            (True, "Cold: the cache emptied before every request (the worst case)"),
            (False, "Warm: counts cached, as between two new comments (everyday reading)"),
        ):
            results = measure(client, every_url, args.repeat, cold=cold)
            rows = []
            for size in sizes:
                page_q, page_ms = results[urls[size][0]]
                thread_q, thread_ms = results[urls[size][1]]
                rows.append((size, page_q, page_ms, thread_q, thread_ms))
            report(title, rows)
            if deep:
                print("  Busy thread halfway down (?before=):")
                for size, url in deep.items():
                    queries, ms = results[url]
                    first = results[urls[size][1]][1]
                    print(
                        f"  {size:>9,} comments: {queries} queries, {ms:.1f} ms median, "
                        f"{ms / first:.2f}× its first page"
                    )
                print()
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
