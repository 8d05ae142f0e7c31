"""Do the officials' screens and exports stay flat as a consultation goes viral? Measure it.

    .venv/bin/python benchmarks/admin_scale.py                       # 1,000 vs 100,000
    .venv/bin/python benchmarks/admin_scale.py --small 1000 --large 20000 --repeat 5
    DATABASE_URL=postgres://…/th_bench .venv/bin/python benchmarks/admin_scale.py [--keep]

Builds two consultations, one with --small and one with --large comments (spread over the
clauses, so each clause has far more than the report's first screen shows), newsletter
sends with few and with many deliveries, then prints, measured in this one run:

1. the consultation report's first screen: queries and median server time at each size
   (requests to the two sizes take turns, so load from elsewhere falls on both alike),
   and the large-to-small ratio (target: at most 1.5×, queries equal); then the first
   page of one clause's own list (the link each clause has to all its comments), for
   information;
2. the CSV and XLSX exports of each consultation's comments, run as the background task
   (core/exports.py): rows written and peak Python memory (tracemalloc), and the
   difference between the two sizes (target: within 50 MiB);
3. the newsletter send history: queries and median time with 2 and with 50 sends of
   many deliveries each, and the ratio (target: at most 1.3×, queries equal);
4. the process listings (the "Have your say" index, filtered by status, and the home page):
   queries and median CPU time per request with 10 and with 1,000 processes, and the
   ratio (target: at most 1.3×, queries equal);

and at the end one table of these targets: the figure, the target, met or not, and the
run's wall time. Each part prints how long it took.

``--only report,export,history,listings`` runs some of them (the comments are built only
for the first two). benchmarks/pages.py runs this script after its own figures.

The comments are the rows tests.processes.factories.bulk_comments inserts; on PostgreSQL
each clause's first one is inserted so and copied in the database (INSERT … SELECT over
generate_series, seconds for 100,000), and the stored counts are made by the app's own
``recount_comments``. Sends and deliveries are bulk-inserted with their counters as the
delivery engine leaves a finished send; processes are added one by one as an editor's
publish saves them (their stored windows kept by the app's signals).

It runs on a database of its own created by Django's test machinery, with the test
settings, where tasks run at once in this process: in-memory SQLite, or on PostgreSQL
``<name>_admin_scale`` (next to the DATABASE_URL's database, never the test suite's
test_<name>), dropped at the end. ``--keep`` (PostgreSQL) keeps it, and a later run with
``--keep`` starts from it: no migrations to run but new ones, and the consultations found
there are used again (each is built whole in one transaction); the sends and the processes
are deleted and built again each run. A run without ``--keep`` drops a kept one first.
The development site's db.sqlite3 is never opened.
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
    """{size: consultation page}, each with `size` top-level comments spread over its clauses
    and the part before them. A page kept from an earlier run (--keep) is used again: each
    page is built with its comments in one transaction, so one that is there is whole."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage
    from processes.models import ConsultationPage, ProcessPage
    from tests.processes.factories import (
        ConsultationPageFactory,
        ProcessIndexPageFactory,
        ProcessPageFactory,
        clause_ids,
    )

    ContentType.objects.clear_cache()
    process = ProcessPage.objects.filter(title="Benchmark process").first()
    if process is None:
        locale, _created = Locale.objects.get_or_create(language_code="en")
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title="Riverton", slug="riverton-admin", hero_title="Riverton")
        )
        home.locale = locale
        index = ProcessIndexPageFactory(parent=home)
        process = ProcessPageFactory(parent=index, title="Benchmark process", now=timezone.now())
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "root_page": process.get_parent().get_parent()},
    )
    pages = {}
    for size in sizes:
        page = ConsultationPage.objects.child_of(process).filter(slug=f"admin-{size}").first()
        if page is None:
            with transaction.atomic():
                page = ConsultationPageFactory(
                    parent=process, title=f"{size} comments", slug=f"admin-{size}"
                )
                ids = [*clause_ids(page), ""]
                for position, clause in enumerate(ids):
                    share = size // len(ids) + (1 if position < size % len(ids) else 0)
                    add_comments(page, share, clause)
        pages[size] = page
    # The stored counts (CommentCount), as the app keeps them: counted again from the rows.
    call_command("recount_comments", verbosity=0)
    return pages


def add_comments(page, count, clause):
    """`count` top-level comments on one clause, as tests.processes.factories.bulk_comments
    inserts them (numbered 0…count−1). On PostgreSQL it inserts the first and copies it in
    the database, one INSERT … SELECT over generate_series per table (every column copied,
    the number put into the name, address, text and time): the same rows, much faster."""
    from django.db import connection
    from django_comments.models import Comment as BaseComment
    from django_comments_xtd.models import XtdComment

    from processes.models import Comment
    from tests.processes.factories import bulk_comments

    if connection.vendor != "postgresql" or count < 2:
        bulk_comments(page, count, clause_id=clause)
        return
    bulk_comments(page, 1, clause_id=clause)
    template = BaseComment.objects.latest("pk").pk
    numbered = {
        "user_name": "'Resident ' || n",
        "user_email": "'resident' || n || '@example.org'",
        "comment": "'Comment number ' || n || ' on this clause.'",
        "submit_date": "t.submit_date - n * interval '1 second'",
    }
    copy_rows(BaseComment, numbered, "CROSS JOIN generate_series(1, %s) n", [count - 1], template)
    for model in (XtdComment, Comment):
        pointers = ("comment_ptr_id", "thread_id", "parent_id", "xtdcomment_ptr_id")
        copy_rows(
            model,
            dict.fromkeys(pointers, "b.id"),
            f"CROSS JOIN {BaseComment._meta.db_table} b WHERE b.id > %s",
            [template],
            template,
        )


def copy_rows(model, values, source, params, template):
    """INSERT into `model`'s own table rows of its template row `t` joined to `source`:
    columns named in `values` take that SQL expression, the others (but an own id) t's."""
    from django.db import connection

    quote = connection.ops.quote_name
    table = model._meta.db_table
    fields = model._meta.local_concrete_fields
    columns = [f.column for f in fields if not (f.primary_key and f.column not in values)]
    pk = model._meta.pk.column
    where = "AND" if "WHERE" in source else "WHERE"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
            f"SELECT {', '.join(values.get(c, f't.{quote(c)}') for c in columns)} "
            f"FROM {quote(table)} t {source} {where} t.{quote(pk)} = %s",
            [*params, template],
        )


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


def drop_processes():
    """Delete the listings' home page and its processes, left in a kept database."""
    from wagtail.models import Page

    Page.objects.filter(slug="riverton-listings").delete()


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


def timed(client, urls, repeat, clock=time.perf_counter):
    """{name: (queries, median milliseconds)} of `repeat` requests to each of `urls` (a dict
    of names to addresses), after three warm-up ones each. The addresses take turns, so
    load from elsewhere on the machine falls on each of them alike. `clock` is wall time
    (the server's time, database included) or time.process_time (CPU of this process)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls.values():
        for _ in range(3):
            assert client.get(url).status_code == 200, url
    times = {name: [] for name in urls}
    queries = {}
    for _ in range(repeat):
        for name, url in urls.items():
            with CaptureQueriesContext(connection) as captured:
                started = clock()
                response = client.get(url)
                times[name].append((clock() - started) * 1000)
            assert response.status_code == 200, url
            queries[name] = len(captured)
    return {name: (queries[name], statistics.median(times[name])) for name in urls}


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


class Summary:
    """The issue's targets as measured in this run, printed together at the end."""

    def __init__(self):
        self.rows = []

    def add(self, name, figure, target, met):
        self.rows.append((name, figure, target, "met" if met else "NOT MET"))
        return "met" if met else "NOT MET"

    def print(self, seconds):
        print(f"\nSummary (this run, {seconds / 60:.1f} min wall time)")
        header = ("figure", "measured", "target", "")
        widths = [max(len(row[i]) for row in [header, *self.rows]) for i in range(4)]
        for row in [header, tuple("-" * width for width in widths), *self.rows]:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            print(("   " + " | ".join(cells)).rstrip())


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
    parser.add_argument(
        "--keep",
        action="store_true",
        help="PostgreSQL: keep the database, and start from it if kept before (comments "
        "built once)",
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    began = time.perf_counter()

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
    if connection.vendor == "postgresql":
        # Its own name, not the test suite's test_<name>: a kept database is never taken for
        # (or dropped as) the tests' one.
        test = connection.settings_dict["TEST"]
        test["NAME"] = test.get("NAME") or f"{original_name}_admin_scale"
    elif args.keep:
        parser.error("--keep needs PostgreSQL (DATABASE_URL): SQLite's test database is in memory")
    test_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False, keepdb=args.keep
    )
    assert "db.sqlite3" not in str(test_name), "refusing to benchmark on the development database"
    summary = Summary()
    try:
        print(
            f"Database: {connection.vendor} ({test_name}{', kept' if args.keep else ''}); "
            f"{args.repeat} requests each; ready in {time.perf_counter() - began:.0f} s\n",
            flush=True,
        )
        admin = get_user_model().objects.filter(username="bench").first()
        admin = admin or get_user_model().objects.create_superuser(
            "bench", "bench@example.org", "x"
        )
        client = Client()
        client.force_login(admin)
        if only & {"report", "export"}:
            started = time.perf_counter()
            pages = build_consultations((args.small, args.large))
            print(
                f"Built {args.small + args.large:,} comments (or found them kept) in "
                f"{time.perf_counter() - started:.1f} s",
                flush=True,
            )

        if "report" in only:
            from tests.processes.factories import clause_ids

            started = time.perf_counter()
            print("\n1. Consultation report, first screen (wall time, the sizes take turns)")
            cache.clear()
            urls = {
                size: reverse("consultation_reports:report", args=[page.pk])
                for size, page in pages.items()
            }
            rows = timed(client, urls, args.repeat)
            for size in pages:
                print(
                    f"   {size:>9,} comments: {rows[size][0]} queries, "
                    f"{rows[size][1]:.1f} ms median"
                )
            ratio = rows[args.large][1] / rows[args.small][1]
            equal = rows[args.large][0] == rows[args.small][0]
            met = summary.add(
                f"consultation report, {args.small:,} → {args.large:,} comments",
                f"{ratio:.2f}×, queries equal: {equal}",
                "≤ 1.5×, queries equal",
                ratio <= 1.5 and equal,
            )
            print(f"   ratio {args.large:,} / {args.small:,}: {ratio:.2f}× (≤ 1.5×: {met})")
            urls = {
                size: f"{urls[size]}?clause={clause_ids(page)[0]}" for size, page in pages.items()
            }
            clause_rows = timed(client, urls, args.repeat)
            for size, page in pages.items():
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
            print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)

        if "export" in only:
            started = time.perf_counter()
            print("\n2. Comment exports as background tasks (peak Python memory, tracemalloc)")
            for file_format in ("csv", "xlsx"):
                peaks = {}
                for size, page in pages.items():
                    written, peaks[size] = export_peak(admin, page, file_format)
                    print(
                        f"   {file_format}: {written:>9,} rows, peak {peaks[size]:.1f} MiB",
                        flush=True,
                    )
                difference = peaks[args.large] - peaks[args.small]
                met = summary.add(
                    f"{file_format} export, {args.large:,} vs {args.small:,} comments",
                    f"+{difference:.1f} MiB peak ({peaks[args.large]:.1f} MiB)",
                    "≤ +50 MiB",
                    difference <= 50,
                )
                print(
                    f"   {file_format}: large − small = {difference:.1f} MiB (≤ 50 MiB: {met}); "
                    f"ratio {peaks[args.large] / peaks[args.small]:.2f}×"
                )
            print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)

        if "history" in only:
            from newsletters.models import Delivery, NewsletterSend

            started = time.perf_counter()
            print(f"\n3. Newsletter send history ({args.deliveries:,} deliveries per send)")
            Delivery.objects.all().delete()  # a kept database's sends
            NewsletterSend.objects.all().delete()
            history = {"history": "/admin/newsletter_sends/"}
            build_sends(2, args.deliveries)
            small = timed(client, history, args.repeat)["history"]
            print(f"   {2:>3} sends: {small[0]} queries, {small[1]:.1f} ms median", flush=True)
            build_sends(48, args.deliveries)
            large = timed(client, history, args.repeat)["history"]
            print(f"   {50:>3} sends: {large[0]} queries, {large[1]:.1f} ms median")
            ratio = large[1] / small[1]
            equal = small[0] == large[0]
            met = summary.add(
                "send history, 2 → 50 sends",
                f"{ratio:.2f}×, queries equal: {equal}",
                "≤ 1.3×, queries equal",
                ratio <= 1.3 and equal,
            )
            print(f"   ratio 50 / 2: {ratio:.2f}× (≤ 1.3×: {met})")
            print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)

        if "listings" in only:
            started = time.perf_counter()
            few, many = (int(n) for n in args.processes.split(","))
            print(f"\n4. Process listings, {few:,} and {many:,} processes (CPU of this process)")
            drop_processes()  # a kept database's
            visitor = Client()
            figures = {}
            for size in (few, many):
                building = time.perf_counter()
                index = build_processes(size - (few if size == many else 0))
                built = time.perf_counter() - building
                urls = {
                    "index": index.url,
                    "index, open": index.url + "?status=open",
                    "home": index.get_parent().url,
                }
                measured = timed(visitor, urls, args.repeat, clock=time.process_time)
                for name, (queries, cpu) in measured.items():
                    figures[(name, size)] = queries, cpu
                    print(
                        f"   {size:>5,} processes, {name:<11}: {queries} queries, "
                        f"{cpu:.1f} ms CPU median (built in {built:.0f} s)",
                        flush=True,
                    )
            for name in urls:
                ratio = figures[(name, many)][1] / figures[(name, few)][1]
                equal = figures[(name, many)][0] == figures[(name, few)][0]
                met = summary.add(
                    f"{name}, {few:,} → {many:,} processes (CPU)",
                    f"{ratio:.2f}×, queries equal: {equal}",
                    "≤ 1.3×, queries equal",
                    ratio <= 1.3 and equal,
                )
                print(f"   {name:<11} ratio {many:,} / {few:,}: {ratio:.2f}× (≤ 1.3×: {met})")
            print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)
        summary.print(time.perf_counter() - began)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(original_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
