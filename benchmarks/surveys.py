"""Does a survey's results page slow down as responses grow? Measure it.

    .venv/bin/python benchmarks/surveys.py [--repeat 15] [--sizes 100 10000]
    DATABASE_URL=postgres://…/townhall_bench .venv/bin/python benchmarks/surveys.py

Builds one survey per size (every question type, tests/surveys/factories.py) with that many
sent responses written in bulk, then prints for each the number of queries and the median
server time of its public results page, cold (the cached results forgotten before every
request) and warm, with each time's ratio to the smallest size. The number of queries must
be the same at every size; the cold time grows only with what the database groups.

Runs on a throwaway test database (Django's test machinery), never on db.sqlite3.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings.test")

SIZES = (100, 10_000)


def build(size, home):
    from django.utils import timezone

    from surveys.models import Answer, Response, SurveyPage
    from tests.surveys.factories import SurveyPageFactory, qid

    page = SurveyPageFactory(
        parent=home,
        slug=f"survey-{size}",
        access="open",
        opens_at=timezone.now() - datetime.timedelta(days=30),
    )
    page = SurveyPage.objects.get(pk=page.pk)
    rng = random.Random(size)
    now = timezone.now()
    responses = Response.objects.bulk_create(
        [
            Response(
                survey_key=page.translation_key,
                page=page,
                language=rng.choice("en fr ar sw".split()),
                channel="online",
                status="submitted",
                submitted_at=now,
            )
            for _ in range(size)
        ],
        batch_size=2000,
    )
    answers = []
    for response in responses:
        answers.append(
            Answer(response=response, question=qid("uses"), option=rng.choice(["yes", "no"]))
        )
        for key in rng.sample(["bus", "bike", "car"], rng.randint(1, 3)):
            answers.append(Answer(response=response, question=qid("modes"), option=key))
        answers.append(Answer(response=response, question=qid("rating"), number=rng.randint(1, 5)))
        answers.append(Answer(response=response, question=qid("age"), number=rng.randint(18, 90)))
    Answer.objects.bulk_create(answers, batch_size=5000)
    return page


def measure(client, url, repeat, cold, key):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from processes import metrics

    times, queries = [], 0
    for _ in range(repeat):
        if cold:
            metrics.invalidate(key)
        reset_queries()  # a full query log (9,000) would count 0
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append(time.perf_counter() - started)
        queries = len(captured)
    return queries, statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage

    settings.ALLOWED_HOSTS = ["testserver"]
    setup_test_environment()
    original_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    assert "db.sqlite3" not in str(test_name), "refusing to benchmark on the development database"
    try:
        locale = Locale.objects.get_or_create(language_code="en")[0]
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Riverton", slug="riverton-bench", hero_title="Riverton", locale=locale
            )
        )
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "testserver", "root_page": home}
        )
        client = Client()
        rows = []
        for size in sorted(args.sizes):
            page = build(size, home)
            url = page.url + "results/"
            client.get(url)  # warm the site's settings
            cold = measure(client, url, args.repeat, True, page.translation_key)
            warm = measure(client, url, args.repeat, False, page.translation_key)
            rows.append((size, cold, warm))
        base_cold, base_warm = rows[0][1][1], rows[0][2][1]
        print(f"Database: {connection.vendor}; {args.repeat} requests each")
        headings = ("responses", "queries", "cold ms", "ratio", "warm ms", "ratio")
        print(" ".join(f"{h:>10}" for h in headings))
        for size, (q, cold), (_q, warm) in rows:
            cells = (f"{size:,}", q, f"{cold * 1000:.1f}", f"{cold / base_cold:.2f}")
            cells += (f"{warm * 1000:.1f}", f"{warm / base_warm:.2f}")
            print(" ".join(f"{cell:>10}" for cell in cells))
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
