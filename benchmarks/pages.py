"""How fast are the public pages under production settings? Measure them as a visitor gets them.

    .venv/bin/python benchmarks/pages.py [--rounds 3] [--seconds 3] [--workers 2] [--fresh]

Serves the demo (Riverton) with gunicorn under ``townhall.settings.production`` on
PostgreSQL and Redis, and prints for each public page type:

* requests per second **cached**: anonymous repeat requests, whatever the site does for
  them (a page cache, a CDN-friendly answer, or nothing at all);
* requests per second **uncached**: the same page with a signed-in resident's session
  cookie, which no shared cache may serve;
* each as a ratio to a bare Django view (``HttpResponse("ok")``) served by the same
  gunicorn and measured in the same run. The targets are rounds interleaved (bare view,
  then every page, then the bare view again…) so load from elsewhere on the machine is
  shared, and each figure is the median of the rounds;
* the number of queries of each page: anonymous with the page cache bypassed (a second
  visitor: the frame and what pages keep until the next purge are cached, the page is
  built; the issue's "at most 15"), anonymous as the page cache serves a repeat request,
  and signed in, counted in this process with Django's test client on the same database,
  settings and Redis;
* what an anonymous answer says about caching: Cache-Control, Vary, and whether it sets a
  cookie;
* then the figures at small and large sizes, from benchmarks/admin_scale.py run on the same
  PostgreSQL server (its own throwaway database): the process listings at 10 and 1,000
  processes (CPU), the consultation report's first screen at 1,000 and 100,000 comments,
  the comment exports' peak memory at both sizes, and the send history at 2 and 50 sends.
  ``--scale-args "--only listings,history"`` passes options to it; ``--no-scale`` skips it.

Environment: ``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/th_limits``,
created and filled with the demo on first use; ``--fresh`` drops and refills it) and
``REDIS_URL`` (default ``redis://127.0.0.1:6379/14``; never flushed by this script). The
bare view and the settings live in a throwaway folder: production code is not changed.
Static files are collected into that folder (WhiteNoise's manifest storage needs them).
"""

import argparse
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/th_limits"
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
HOST = "127.0.0.1"
BARE = "/bench/bare/"
LANGUAGE = "en"

SETTINGS = '''
"""Production settings plus a bare view, for benchmarks/pages.py only."""
import os
from townhall.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
'''

URLS = '''
"""townhall.urls behind one bare view: the cheapest answer Django can give."""
from django.http import HttpResponse
from django.urls import path

from townhall.urls import *  # noqa: F403
from townhall.urls import urlpatterns as site_patterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *site_patterns]
'''


def environment(workdir):
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    env.setdefault("REDIS_URL", DEFAULT_REDIS)
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
            "SECRET_KEY": "benchmark-only-" + "k" * 60,
            "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "BENCH_STATIC_ROOT": str(workdir / "static"),
            # The demo's images live beside its database, outside the repository.
            "MEDIA_ROOT": str(Path(tempfile.gettempdir()) / "townhall-pages-bench-media"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "CONN_MAX_AGE": "60",
        }
    )
    return env


def manage(env, settings, *args):
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env={**env, "DJANGO_SETTINGS_MODULE": settings},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def database_exists(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return name, admin, found.fetchone() is not None


def prepare(env, fresh):
    """The demo in its PostgreSQL database (made once), static files collected."""
    import psycopg

    name, admin, exists = database_exists(env["DATABASE_URL"])
    if exists and fresh:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        exists = False
    if not exists:
        print(f"Creating {name} and loading the demo (a few minutes)…", flush=True)
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        # The demo app is installed by the dev settings only; the data is the same.
        manage(env, "townhall.settings.dev", "migrate", "--no-input")
        manage(env, "townhall.settings.dev", "load_demo", "--no-admin")
    manage(env, "bench_settings", "collectstatic", "--no-input")


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def get(port, path, cookie=None, timeout=30):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    headers = {"Host": HOST, "Accept-Language": LANGUAGE}
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def start_gunicorn(env, port, workers):
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "townhall.wsgi",
            f"--bind={HOST}:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--log-level=warning",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "bench_settings"},
        cwd=ROOT,
        start_new_session=True,
    )
    for _ in range(300):
        try:
            if get(port, BARE, timeout=2).status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit("gunicorn did not start")
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer")


def stop(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def load(port, path, cookie, seconds, concurrency):
    """Requests per second that answered 200, with `concurrency` clients for `seconds`."""
    done, errors = [], []
    deadline = time.perf_counter() + seconds

    def client():
        count = 0
        while time.perf_counter() < deadline:
            try:
                status = get(port, path, cookie).status
            except OSError as error:
                errors.append(repr(error))
                continue
            if status == 200:
                count += 1
            else:
                errors.append(status)
        done.append(count)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        print(f"  {path}: {len(errors)} failed requests, e.g. {errors[0]}", flush=True)
    return sum(done) / (time.perf_counter() - started)


def in_process(env):
    """Django set up in this process on the benchmark's database, settings and Redis."""
    os.environ.update({**env, "DJANGO_SETTINGS_MODULE": "bench_settings"})
    sys.path[:0] = env["PYTHONPATH"].split(os.pathsep)
    import django

    django.setup()


def page_addresses():
    """One address for each public page type, in English, from the demo."""
    from django.urls import reverse
    from django.utils import timezone

    from blog.models import BlogIndexPage, BlogPage, DataStoryPage
    from events.models import EventIndexPage, EventPage
    from home.models import FormPage, HomePage, StandardPage
    from impact.models import ImpactPage
    from newsletters.models import NewsletterIndexPage, NewsletterPage
    from processes.models import ConsultationPage, FeedbackPage, ProcessIndexPage, ProcessPage
    from proposals.models import Proposal, ProposalsPage
    from surveys.models import SurveyPage

    def first(model):
        page = model.objects.live().filter(locale__language_code=LANGUAGE).first()
        if page is None:
            raise SystemExit(f"The demo has no {model.__name__} in {LANGUAGE}.")
        return page.url

    consultation = ConsultationPage.objects.live().filter(locale__language_code=LANGUAGE).first()
    clause = next(item.id for item in consultation.numbered_items if item.is_clause)
    ideas = ProposalsPage.objects.live().filter(locale__language_code=LANGUAGE).first()
    proposal = Proposal.objects.for_page(ideas).first()
    survey = SurveyPage.objects.live().filter(locale__language_code=LANGUAGE).first()
    event = (
        EventPage.objects.live()
        .filter(locale__language_code=LANGUAGE, starts_at__gt=timezone.now())
        .first()
        or EventPage.objects.live().filter(locale__language_code=LANGUAGE).first()
    )
    process = consultation.get_parent()
    return {
        "home": first(HomePage),
        "process index": first(ProcessIndexPage),
        "process": first(ProcessPage),
        "consultation": consultation.url,
        "clause thread": consultation.url + consultation.thread_path(clause),
        "feedback": first(FeedbackPage),
        "proposals": ideas.url,
        "proposal": ideas.url + ideas.proposal_path(proposal),
        "survey": survey.url,
        "survey results": survey.url + "results/",
        "events index": first(EventIndexPage),
        "event": event.url,
        "impact": first(ImpactPage),
        "figures": reverse("impact_public", args=[process.pk]),
        "news index": first(BlogIndexPage),
        "blog post": first(BlogPage),
        "data story": first(DataStoryPage),
        "newsletter index": first(NewsletterIndexPage),
        "newsletter": first(NewsletterPage),
        "standard page": first(StandardPage),
        "form page": first(FormPage),
        "search results": f"/{LANGUAGE}/search/?q=cycling",
        "sign in": f"/{LANGUAGE}/account/sign-in/",
        "newsletter sign-up": f"/{LANGUAGE}/subscribe/",
    }


def resident_cookie():
    """A signed-in resident's session cookie ("sessionid=…"), stored in the database."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _created = get_user_model().objects.get_or_create(
        username="bench-resident",
        defaults={"email": "bench-resident@example.org", "first_name": "Bench"},
    )
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def query_counts(addresses, cookie):
    """{page type: (anonymous repeat queries, signed-in queries, anonymous response,
    anonymous queries with the page cache bypassed)}."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    name, value = cookie.split("=", 1)
    counts = {}
    for page_type, path in addresses.items():
        with override_settings(PAGE_CACHE=False):
            Client(HTTP_HOST=HOST).get(path)  # the first visitor fills the frame's caches
            with CaptureQueriesContext(connection) as built_queries:
                Client(HTTP_HOST=HOST).get(path)
        anonymous = Client(HTTP_HOST=HOST)
        anonymous.get(path)  # the first visit may fill caches; a repeat is what we count
        with CaptureQueriesContext(connection) as anonymous_queries:
            response = anonymous.get(path)
        signed_in = Client(HTTP_HOST=HOST)
        signed_in.cookies[name] = value
        signed_in.get(path)
        with CaptureQueriesContext(connection) as signed_in_queries:
            signed_in.get(path)
        counts[page_type] = (
            len(anonymous_queries),
            len(signed_in_queries),
            response,
            len(built_queries),
        )
    return counts


def caching_of(response):
    control = response.get("Cache-Control", "-")
    vary = response.get("Vary", "-")
    cookie = "sets a cookie" if response.cookies else "no cookie"
    return f"{control} · Vary: {vary} · {cookie}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per measurement")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--concurrency", type=int, default=4, help="concurrent clients")
    parser.add_argument("--fresh", action="store_true", help="drop and reload the demo")
    parser.add_argument(
        "--no-scale", action="store_true", help="skip the small/large figures (admin_scale.py)"
    )
    parser.add_argument(
        "--scale-args", default="", help='options for admin_scale.py, e.g. "--only listings"'
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="townhall-pages-bench-"))
    (workdir / "bench_settings.py").write_text(textwrap.dedent(SETTINGS))
    (workdir / "bench_urls.py").write_text(textwrap.dedent(URLS))
    env = environment(workdir)
    try:
        prepare(env, args.fresh)
        in_process(env)
        addresses = page_addresses()
        cookie = resident_cookie()
        counts = query_counts(addresses, cookie)
        port = free_port()
        server = start_gunicorn(env, port, args.workers)
        try:
            measure(port, addresses, cookie, counts, args)
        finally:
            stop(server)
        if not args.no_scale:
            scale_figures(env, args.scale_args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def scale_figures(env, extra):
    """The listing, report, export and send-history figures at small and large sizes: the
    existing admin_scale.py, on the same database server (it makes its own test database)."""
    print("\nListings, report, export and send history at small and large sizes")
    print("(benchmarks/admin_scale.py)\n", flush=True)
    command = [PYTHON, str(ROOT / "benchmarks" / "admin_scale.py"), *extra.split()]
    scale_env = {key: value for key, value in env.items() if key != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(command, env=scale_env, cwd=ROOT, check=True)


def measure(port, addresses, cookie, counts, args):
    targets = [("bare", BARE, None)]
    for page_type, path in addresses.items():
        targets += [(page_type, path, None), (page_type, path, cookie)]
    for _name, path, with_cookie in targets:  # warm every worker's code paths and caches
        for _ in range(2 * args.workers):
            get(port, path, with_cookie)
    rounds = {target: [] for target in targets}
    ratios = {target: [] for target in targets}
    print(
        f"{args.rounds} rounds × {len(targets)} targets × {args.seconds:g} s, "
        f"{args.workers} gunicorn workers, {args.concurrency} clients…",
        flush=True,
    )
    for number in range(args.rounds):
        bare_before = load(port, BARE, None, args.seconds, args.concurrency)
        measured = {}
        for target in targets[1:]:
            measured[target] = load(port, target[1], target[2], args.seconds, args.concurrency)
        bare_after = load(port, BARE, None, args.seconds, args.concurrency)
        bare = (bare_before + bare_after) / 2
        rounds[targets[0]].append(bare)
        for target, rps in measured.items():
            rounds[target].append(rps)
            ratios[target].append(rps / bare)
        print(f"  round {number + 1}: bare view {bare:,.0f} req/s", flush=True)

    bare = statistics.median(rounds[targets[0]])
    print()
    print(f"Bare Django view: {bare:,.0f} req/s (median of {args.rounds} rounds)")
    header = (
        f"{'page type':<19} | {'queries built':>13} {'signed-in':>9} {'anon':>4} | "
        f"{'cached req/s':>12} {'× bare':>7} | {'uncached req/s':>14} {'× bare':>7}"
    )
    print()
    print("cached = anonymous repeat requests; uncached = a signed-in resident's session.")
    print("queries built = anonymous, page cache bypassed (a second visitor; target ≤ 15).")
    print(header)
    print("-" * len(header))
    for page_type, path in addresses.items():
        anonymous, signed_in = (page_type, path, None), (page_type, path, cookie)
        anonymous_queries, signed_in_queries, _response, built = counts[page_type]
        print(
            f"{page_type:<19} | {built:>13} {signed_in_queries:>9} {anonymous_queries:>4} | "
            f"{statistics.median(rounds[anonymous]):>12,.0f} "
            f"{statistics.median(ratios[anonymous]):>7.1%} | "
            f"{statistics.median(rounds[signed_in]):>14,.0f} "
            f"{statistics.median(ratios[signed_in]):>7.1%}"
        )
    print()
    print("What an anonymous answer says about caching:")
    for page_type, (_anonymous, _signed_in, response, _built) in counts.items():
        print(f"  {page_type:<19} {caching_of(response)}")


if __name__ == "__main__":
    main()
