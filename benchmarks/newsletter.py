"""Send a newsletter issue to 100,000 generated subscribers and measure it.

    .venv/bin/python benchmarks/newsletter.py                 # SQLite file, 100,000 people
    .venv/bin/python benchmarks/newsletter.py -n 20000 --batch-size 500
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/townhall_bench \\
        .venv/bin/python benchmarks/newsletter.py             # PostgreSQL (a test_ database)

It builds a throwaway database (Django's test database machinery: created, migrated and
dropped again), a French issue with a realistic body and N confirmed French subscribers
(plus 5% others who must not receive it), then:

1. times the admin request that starts the send (the official's click). Background work
   goes through django-tasks' database backend, as in production, so the request only
   records the send and enqueues a task;
2. runs the django-tasks database worker in this process until the queue is empty, with
   Django's local-memory e-mail backend, and reports messages per second and peak memory
   (tracemalloc, which slows Python down; --no-tracemalloc measures speed alone);
3. checks that every recipient got exactly one message and nobody else got any.

The local-memory backend keeps every message in ``mail.outbox``; 100,000 HTML messages
would measure the outbox rather than the sender, so the outbox is emptied after each batch
(each message is still built and serialised by the backend, and counted).
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings.test")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--subscribers", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=None, help="NEWSLETTER_BATCH_SIZE")
    parser.add_argument("--no-tracemalloc", action="store_true", help="measure speed only")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes sending at once (NEWSLETTER_PARALLEL_TASKS); checks that "
        "concurrent workers still send each message once",
    )
    return parser.parse_args()


def configure(args, workdir):
    import django
    from django.conf import settings

    overrides = {
        "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        "EMAIL_BACKEND": f"{__name__}.CountingLocmemBackend",
        "ALLOWED_HOSTS": ["testserver", "localhost"],
        "DEBUG": False,
    }
    if args.batch_size:
        overrides["NEWSLETTER_BATCH_SIZE"] = args.batch_size
    overrides["NEWSLETTER_PARALLEL_TASKS"] = args.workers
    # Before setup: task backends are built when the apps import their tasks.
    for name, value in overrides.items():
        setattr(settings, name, value)
    django.setup()
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        # A file, not memory: closer to a real server's writes.
        database.setdefault("TEST", {})["NAME"] = str(Path(workdir) / "bench.sqlite3")
    return settings


from django.core.mail.backends.locmem import EmailBackend as _LocmemBackend  # noqa: E402


class CountingLocmemBackend(_LocmemBackend):
    """Django's locmem backend, with the outbox emptied after each call (see module doc)."""

    sent = 0
    recipients = {}

    def send_messages(self, messages):
        from django.core import mail

        count = super().send_messages(messages)
        for message in messages:
            for address in message.to:
                CountingLocmemBackend.recipients[address] = (
                    CountingLocmemBackend.recipients.get(address, 0) + 1
                )
            assert "List-Unsubscribe" in message.extra_headers
        CountingLocmemBackend.sent += count
        del mail.outbox[:]
        return count


def build_site(count):
    import json

    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from delivery.models import Subscription
    from home.models import HomePage, Topic
    from newsletters.models import NewsletterIndexPage, NewsletterPage, Subscriber

    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("en", "fr")}
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Riverton", slug="riverton-bench", hero_title="Riverton")
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    french_home = home.copy_for_translation(locales["fr"])
    french_home.save_revision().publish()
    archive = french_home.add_child(
        instance=NewsletterIndexPage(title="Lettre", slug="lettre", locale=locales["fr"])
    )
    archive.save_revision().publish()
    topic = Topic.objects.create(name="Transports", slug="transport", locale=locales["en"])
    body = [
        {"type": "rich_text", "value": "<p>Ce printemps, la ville vous demande votre avis sur "
         "le projet de stratégie vélo : des trajets plus sûrs vers l'école, des parkings "
         "sécurisés dans les gares et un boulevard repensé.</p>"},
        {"type": "heading", "value": {"text": "Comment participer", "level": "h2"}},
        {"type": "rich_text", "value": "<p>Commentez chaque partie du projet <a href=\"/fr/\">"
         "en ligne</a>, ou venez à l'une de nos réunions publiques.</p><ul><li>Mardi 4 mars, "
         "mairie</li><li>Jeudi 6 mars, école du Vieux Port</li></ul>"},
        {"type": "key_figure", "value": {"figure": "18", "units": "%", "label": "des habitants "
         "vont déjà au travail à vélo", "context": "Contre 11 % il y a cinq ans.", "source": ""}},
        {"type": "call_to_action", "value": {"title": "Donnez votre avis", "text": "Jusqu'au "
         "30 avril.", "button_text": "Commenter le projet", "page": None,
         "url": "https://riverton.example/velo"}},
    ]  # fmt: skip
    issue = archive.add_child(
        instance=NewsletterPage(
            title="Nouvelles de Riverton",
            slug="mars",
            subject="Nouvelles de Riverton : donnez votre avis sur le vélo",
            preview_text="Le projet de stratégie vélo est ouvert à vos commentaires.",
            body=json.dumps(body),
            locale=locales["fr"],
        )
    )
    issue.save_revision().publish()

    subscribers = [
        Subscriber(email=f"habitant{i}@example.org", language="fr", status="confirmed")
        for i in range(count)
    ]
    others = count // 20
    subscribers += [
        Subscriber(
            email=f"other{i}@example.org",
            language="en" if i % 2 else "fr",
            status="confirmed" if i % 2 else "unsubscribed",
        )
        for i in range(others)
    ]
    Subscriber.objects.bulk_create(subscribers, batch_size=5000)
    # A tenth follow a topic: they still get an issue that is not narrowed to topics.
    through = Subscriber.topics.through
    ids = (
        Subscriber.objects.filter(email__startswith="habitant")
        .order_by("pk")  # habitant0, habitant1…: the tenth below are the same people
        .values_list("pk", flat=True)
    )
    through.objects.bulk_create(
        [through(subscriber_id=pk, topic_id=topic.pk) for pk in list(ids)[::10]],
        batch_size=5000,
    )
    # Who wants the newsletter is asked of delivery.Subscription, which Subscriber's
    # post_save and m2m_changed keep; bulk_create sends neither, so write those rows here.
    now = timezone.now()
    Kind, Status = Subscription.Kind, Subscription.Status
    wishes = [
        Subscription(
            address=subscriber.email,
            kind=Kind.NEWSLETTER,
            language=subscriber.language,
            source="newsletter",
            **(
                {"status": Status.CONFIRMED, "confirmed_at": now}
                if subscriber.status == "confirmed"
                else {"status": Status.STOPPED, "stopped_at": now}
            ),
        )
        for subscriber in subscribers
    ]
    wishes += [
        Subscription(
            address=f"habitant{i}@example.org",
            kind=Kind.NEWSLETTER_TOPIC,
            scope=str(topic.translation_key),
            language="fr",
            source="newsletter",
            status=Status.CONFIRMED,
            confirmed_at=now,
        )
        for i in range(0, count, 10)
    ]
    Subscription.objects.bulk_create(wishes, batch_size=5000)
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
    return issue, user


def run_worker(worker_id="benchmark"):
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()


def _child(number, queue):
    from django.db import connections

    connections.close_all()  # never share the parent's connection
    CountingLocmemBackend.sent = 0
    CountingLocmemBackend.recipients = {}
    run_worker(f"benchmark-{number}")
    queue.put(CountingLocmemBackend.recipients)


def run_workers(count):
    """Several worker processes at once; returns {address: messages} over all of them."""
    if count == 1:
        run_worker()
        return CountingLocmemBackend.recipients
    import multiprocessing

    from django.db import connections

    # The first task (the official's click) fixes the recipient list and enqueues one
    # sender per worker.
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"], interval=0, batch=False, backend_name="default",
        startup_delay=False, max_tasks=1, worker_id="benchmark-prepare", excluded_queue_names=[],
    ).run()  # fmt: skip
    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    processes = [context.Process(target=_child, args=(n, queue)) for n in range(count)]
    for process in processes:
        process.start()
    totals = {}
    for _ in processes:
        for address, sent in queue.get().items():
            totals[address] = totals.get(address, 0) + sent
    for process in processes:
        process.join()
    return totals


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        settings = configure(args, workdir)
        from django.db import connection
        from django.test.utils import setup_test_environment

        setup_test_environment()
        settings.EMAIL_BACKEND = f"{__name__}.CountingLocmemBackend"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            report(args, settings)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def report(args, settings):
    from django.test import Client

    from newsletters.models import Delivery, NewsletterSend

    started = time.perf_counter()
    issue, user = build_site(args.subscribers)
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"setup: {args.subscribers:,} recipients + {args.subscribers // 20:,} others "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip

    run_worker()  # tasks the set-up queued (Wagtail's reference index), before timing
    client = Client()
    client.force_login(user)
    url = f"/admin/newsletters/send/{issue.pk}/"
    started = time.perf_counter()
    page = client.get(url)
    confirm_seconds = time.perf_counter() - started
    assert page.status_code == 200, page.status_code
    assert page.context["recipients"] == args.subscribers, page.context["recipients"]
    started = time.perf_counter()
    response = client.post(url, {"action": "send"})
    request_seconds = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    send = NewsletterSend.objects.get()
    assert send.prepared_at is None and not Delivery.objects.exists()

    if not args.no_tracemalloc:
        tracemalloc.start()
    started = time.perf_counter()
    per_address = run_workers(args.workers)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if tracemalloc.is_tracing() else None
    tracemalloc.stop()

    send.refresh_from_db()
    counts = send.counts()
    sent = sum(per_address.values())
    assert sent == args.subscribers == counts["sent"] == send.recipient_count, (sent, counts)
    assert len(per_address) == sent and max(per_address.values()) == 1
    assert all(address.startswith("habitant") for address in per_address)

    batch = settings.NEWSLETTER_BATCH_SIZE
    print(f"batch size: {batch}; worker processes: {args.workers}")
    print(f"confirmation page (counts recipients): {confirm_seconds * 1000:.0f} ms")
    print(f"request that starts the send: {request_seconds * 1000:.0f} ms")
    print(f"sent: {sent:,} messages in {seconds:.1f} s "
          f"(freezing the list, rendering and sending, all batches)")  # fmt: skip
    print(f"messages per second: {sent / seconds:,.0f}"
          + ("  (with tracemalloc on)" if peak is not None else ""))  # fmt: skip
    if peak is not None:
        print(f"peak memory while sending (tracemalloc): {peak / 1024 / 1024:.1f} MiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak process memory (max RSS, whole run): {rss:.0f} MiB")
    print("each recipient exactly once: yes; others: none")


if __name__ == "__main__":
    main()
