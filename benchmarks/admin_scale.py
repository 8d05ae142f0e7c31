"""Do the officials' screens and exports stay flat as a consultation goes viral? Measure it.

    .venv/bin/python benchmarks/admin_scale.py                       # 1,000 vs 100,000
    .venv/bin/python benchmarks/admin_scale.py --small 1000 --large 20000 --repeat 5
    DATABASE_URL=postgres://…/townhall_bench .venv/bin/python benchmarks/admin_scale.py

Builds two consultations, one with --small and one with --large comments (spread over the
clauses, so each clause has far more than the report's first screen shows), newsletter
sends with few and with many deliveries, then prints, measured in this one run:

1. the consultation report's first screen: queries and median server time at each size,
   and the large-to-small ratio (target: at most 1.5×); then the first page of one
   clause's own list (the link each clause has to all its comments), for information;
2. the CSV and XLSX exports of each consultation's comments, run as the background task
   (core/exports.py): rows written and peak Python memory (tracemalloc), and the
   difference between the two sizes (target: within 50 MiB);
3. the newsletter send history: queries and median time with 2 and with 50 sends of
   many deliveries each, and the ratio (target: at most 1.3×);
4. the process listings (the "Have your say" index, filtered by status, and the home page):
   queries and median CPU time per request with 10 and with 1,000 processes, and the
   ratio (target: at most 1.3×, queries equal).

``--only report,export,history,listings`` runs some of them (the comments are built only
for the first two). benchmarks/pages.py runs this script after its own figures.

It runs on a throwaway test database created by Django's test machinery (in-memory
SQLite, or test_<name> on PostgreSQL, dropped at the end) with the test settings, where
tasks run at once in this process: the development site's db.sqlite3 is never opened.
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings.test")

MIB = 1024 * 1024


def build_consultations(sizes):
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage
    from tests.processes.factories import (
        ConsultationPageFactory,
        ProcessIndexPageFactory,
        ProcessPageFactory,
        bulk_comments,
        clause_ids,
    )

    ContentType.objects.clear_cache()
    locale, _created = Locale.objects.get_or_create(language_code="en")
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Riverton", slug="riverton-admin", hero_title="Riverton")
    )
    home.locale = locale
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "root_page": home}
    )
    index = ProcessIndexPageFactory(parent=home)
    process = ProcessPageFactory(parent=index, title="Benchmark process", now=timezone.now())
    pages = {}
    for size in sizes:
        page = ConsultationPageFactory(
            parent=process, title=f"{size} comments", slug=f"admin-{size}"
        )
        ids = [*clause_ids(page), ""]
        for position, clause in enumerate(ids):
            share = size // len(ids) + (1 if position < size % len(ids) else 0)
            bulk_comments(page, share, clause_id=clause)
        pages[size] = page
    return pages


def build_sends(count, deliveries):
    from django.utils import timezone

    from newsletters.models import Delivery, NewsletterSend, Subscriber

    have = Subscriber.objects.count()
    Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{n}@example.org", language="en", status="confirmed")
        for n in range(have, deliveries)
    )
    subscribers = list(Subscriber.objects.order_by("pk")[:deliveries])
    for n in range(count):
        key = uuid.uuid4()
        send = NewsletterSend.objects.create(
            issue_key=key,
            subject=f"Issue {n}",
            language="en",
            prepared_at=timezone.now(),
            finished_at=timezone.now(),
            recipient_count=len(subscribers),
            sent_total=len(subscribers),
        )
        Delivery.objects.bulk_create(
            (
                Delivery(send=send, subscriber=subscriber, issue_key=key, status="sent")
                for subscriber in subscribers
            ),
            batch_size=2000,
        )


def build_processes(count):
    """`count` live processes more under the benchmark's process index: open, upcoming and
    closed in turn, each with its stored windows (saved as an editor's publish saves)."""
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage
    from processes.models import Phase, ProcessIndexPage, ProcessPage

    index = ProcessIndexPage.objects.filter(slug="have-your-say-bench").first()
    if index is None:
        locale, _created = Locale.objects.get_or_create(language_code="en")
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title="Riverton", slug="riverton-listings", hero_title="Riverton")
        )
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "testserver", "root_page": home}
        )
        index = home.add_child(
            instance=ProcessIndexPage(title="Have your say", slug="have-your-say-bench")
        )
    now = timezone.now()
    day = timedelta(days=1)
    spans = [
        (now - day, now + 30 * day),
        (now + 10 * day, now + 20 * day),
        (now - 40 * day, now - 20 * day),
    ]
    have = ProcessPage.objects.child_of(index).count()
    for n in range(have, have + count):
        opens, closes = spans[n % 3]
        index.add_child(
            instance=ProcessPage(
                title=f"Process {n}",
                slug=f"process-{n}",
                summary="A benchmark process.",
                phases=[
                    Phase(
                        title="Comment",
                        start=opens + n * timedelta(minutes=1),
                        end=closes,
                        is_participation=True,
                    )
                ],
            )
        )
        index.refresh_from_db()
    return index


def cpu_timed(client, url, repeat):
    """(queries, median CPU milliseconds of this process) of `repeat` requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.process_time()
            response = client.get(url)
            times.append((time.process_time() - started) * 1000)
        assert response.status_code == 200, url
    return len(captured), statistics.median(times)


def timed(client, url, repeat):
    """(queries, median milliseconds) of `repeat` requests after three warm-up ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return len(captured), statistics.median(times)


def export_peak(user, page, file_format):
    """(rows written, peak MiB) of one export task run in this process."""
    from core.exports import start_export
    from core.models import ExportJob

    tracemalloc.start()
    job = start_export(
        "participation",
        params={"page_id": page.pk, "query": "", "include_personal_data": False},
        file_format=file_format,
        user=user,
        title=page.title,
    )
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    job = ExportJob.objects.get(pk=job.pk)
    assert job.status == ExportJob.Status.DONE, job.error
    return job.rows_done, peak / MIB


def verdict(ratio, target):
    return "ok" if ratio <= target else "OVER TARGET"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=1_000, help="comments, small size")
    parser.add_argument("--large", type=int, default=100_000, help="comments, large size")
    parser.add_argument("--repeat", type=int, default=10, help="requests per measurement")
    parser.add_argument("--deliveries", type=int, default=2_000, help="deliveries per send")
    parser.add_argument(
        "--only",
        default="report,export,history,listings",
        help="comma-separated: report, export, history, listings",
    )
    parser.add_argument("--processes", default="10,1000", help="listings: small,large")
    args = parser.parse_args()
    only = set(args.only.split(","))

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["testserver"]
    setup_test_environment()
    original_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    assert "db.sqlite3" not in str(test_name), "refusing to benchmark on the development database"
    try:
        print(f"Database: {connection.vendor} ({test_name}); {args.repeat} requests each\n")
        admin = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
        client = Client()
        client.force_login(admin)
        if only & {"report", "export"}:
            started = time.perf_counter()
            pages = build_consultations((args.small, args.large))
            print(
                f"Built {args.small + args.large:,} comments in "
                f"{time.perf_counter() - started:.1f} s"
            )

        if "report" in only:
            from tests.processes.factories import clause_ids

            print("\n1. Consultation report, first screen")
            rows = {}
            for size, page in pages.items():
                cache.clear()
                url = reverse("consultation_reports:report", args=[page.pk])
                rows[size] = timed(client, url, args.repeat)
                print(
                    f"   {size:>9,} comments: {rows[size][0]} queries, "
                    f"{rows[size][1]:.1f} ms median"
                )
            ratio = rows[args.large][1] / rows[args.small][1]
            print(
                f"   ratio {args.large:,} / {args.small:,}: {ratio:.2f}× (target ≤ 1.5×: "
                f"{verdict(ratio, 1.5)}); queries equal: "
                f"{rows[args.large][0] == rows[args.small][0]}"
            )
            clause_rows = {}
            for size, page in pages.items():
                clause = clause_ids(page)[0]
                url = reverse("consultation_reports:report", args=[page.pk]) + f"?clause={clause}"
                clause_rows[size] = timed(client, url, args.repeat)
                print(
                    f"   one clause's first page, {size:>9,} comments "
                    f"({size // (len(clause_ids(page)) + 1):,} on the clause): "
                    f"{clause_rows[size][0]} queries, {clause_rows[size][1]:.1f} ms median"
                )
            ratio = clause_rows[args.large][1] / clause_rows[args.small][1]
            print(
                f"   one clause's first page, ratio: {ratio:.2f}× (no target); queries equal: "
                f"{clause_rows[args.large][0] == clause_rows[args.small][0]}"
            )

        if "export" in only:
            print("\n2. Comment exports as background tasks (peak Python memory, tracemalloc)")
            for file_format in ("csv", "xlsx"):
                peaks = {}
                for size, page in pages.items():
                    written, peaks[size] = export_peak(admin, page, file_format)
                    print(f"   {file_format}: {written:>9,} rows, peak {peaks[size]:.1f} MiB")
                difference = peaks[args.large] - peaks[args.small]
                print(
                    f"   {file_format}: large − small = {difference:.1f} MiB "
                    f"(target ≤ 50 MiB: {verdict(difference, 50)}); "
                    f"ratio {peaks[args.large] / peaks[args.small]:.2f}×"
                )

        if "history" in only:
            print(f"\n3. Newsletter send history ({args.deliveries:,} deliveries per send)")
            history = "/admin/newsletter_sends/"
            build_sends(2, args.deliveries)
            small = timed(client, history, args.repeat)
            print(f"   {2:>3} sends: {small[0]} queries, {small[1]:.1f} ms median")
            build_sends(48, args.deliveries)
            large = timed(client, history, args.repeat)
            print(f"   {50:>3} sends: {large[0]} queries, {large[1]:.1f} ms median")
            ratio = large[1] / small[1]
            print(
                f"   ratio 50 / 2: {ratio:.2f}× (target ≤ 1.3×: {verdict(ratio, 1.3)}); "
                f"queries equal: {small[0] == large[0]}"
            )

        if "listings" in only:
            few, many = (int(n) for n in args.processes.split(","))
            print(f"\n4. Process listings, {few:,} and {many:,} processes (CPU of this process)")
            visitor = Client()
            figures = {}
            for size in (few, many):
                started = time.perf_counter()
                index = build_processes(size - (few if size == many else 0))
                built = time.perf_counter() - started
                urls = {
                    "index": index.url,
                    "index, open": index.url + "?status=open",
                    "home": index.get_parent().url,
                }
                for name, url in urls.items():
                    figures[(name, size)] = cpu_timed(visitor, url, args.repeat)
                    queries, cpu = figures[(name, size)]
                    print(
                        f"   {size:>5,} processes, {name:<11}: {queries} queries, "
                        f"{cpu:.1f} ms CPU median (built in {built:.0f} s)"
                    )
            for name in urls:
                ratio = figures[(name, many)][1] / figures[(name, few)][1]
                equal = figures[(name, many)][0] == figures[(name, few)][0]
                print(
                    f"   {name:<11} ratio {many:,} / {few:,}: {ratio:.2f}× "
                    f"(target ≤ 1.3×: {verdict(ratio, 1.3)}); queries equal: {equal}"
                )
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
