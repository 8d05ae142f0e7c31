"""The Django side of the fault tests, run as `python -m tests.delivery.scenario <command>`.

It runs in a subprocess with the workers' settings (tests/delivery/worker_settings.py) and
the fault tests' own PostgreSQL database, so the test process itself never opens it
through Django:

* ``start <label> <count>``: a newsletter issue and `count` confirmed subscribers (an
  earlier scenario's subscribers are removed first), then "send" pressed as an official
  would; the db_workers prepare and send it. Prints the send's id.
"""

import os
import sys


def start(label, count):
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from newsletters import sending
    from newsletters.models import NewsletterIndexPage, NewsletterPage, Subscriber

    locale, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    archive = NewsletterIndexPage.objects.first()
    if archive is None:
        archive = root.add_child(
            instance=NewsletterIndexPage(title="Newsletter", slug="newsletter", locale=locale)
        )
    issue = archive.add_child(
        instance=NewsletterPage(
            title=f"Issue {label}",
            slug=f"issue-{label}",
            subject=f"Issue {label}",
            preview_text="What is open this month",
            body='[{"type": "rich_text", "value": "<p>The cycling plan is open.</p>"}]',
            locale=locale,
        )
    )
    issue.save_revision().publish()
    # Only this scenario's people: an earlier scenario's subscribers (and their deliveries) go.
    Subscriber.objects.exclude(email__startswith=f"{label}-").delete()
    # One by one, as sign-ups arrive: saving a subscriber records their wish in
    # delivery.subscriptions, which decides who an issue goes to (bulk_create would not).
    with transaction.atomic():
        for number in range(count):
            Subscriber.objects.create(
                email=f"{label}-{number}@example.org",
                language="en",
                status=Subscriber.Status.CONFIRMED,
                confirmed_at=timezone.now(),
            )
    send, _created = sending.start_send(NewsletterPage.objects.get(pk=issue.pk))
    return send.pk


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.delivery.worker_settings")
    import django

    django.setup()
    command, *args = argv
    if command == "start":
        print(start(args[0], int(args[1])))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
