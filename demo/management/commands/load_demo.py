"""``manage.py load_demo``: the Riverton demo site in four languages. Safe to run again."""

import logging
import secrets
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from core import indexing
from demo.engine import Demo
from demo.loader import FILES, ContentLoader

ADMIN_USERNAME = "admin"
# Addresses a server listens on that no browser can open: links use the machine's name.
WILDCARD_HOSTS = {"0.0.0.0", "::", "[::]", ""}


def point_site_at(site, host=None, port=None):
    """Make the Site's root URL the address `make run` serves, so every link works.

    Absolute links in e-mails, feeds, the sitemap and robots.txt are all built on the
    Site's root URL (home/links.py); `make run HOST=… PORT=…` passes its address here.
    Returns True when the Site changed.
    """
    hostname = site.hostname
    if host is not None:
        hostname = "localhost" if host in WILDCARD_HOSTS else host.strip("[]")
    port = site.port if port is None else int(port)
    if (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True


@contextmanager
def quiet_logging(enabled=True):
    """Hide Wagtail's and django-tasks' per-object INFO logs unless -v 2 asks for them."""
    if not enabled:
        yield
        return
    loggers = [logging.getLogger(name) for name in ("", "wagtail", "django_tasks")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Load the Riverton demo site in English, French, Arabic and Swahili from demo/content "
        "and demo/locale. Running it again changes nothing. With DEBUG on (or --with-admin) it "
        "also creates a development admin account and prints its password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-admin",
            action="store_true",
            help="Create the 'admin' account even when DEBUG is off.",
        )
        parser.add_argument(
            "--no-admin",
            action="store_true",
            help="Do not create the 'admin' account, even when DEBUG is on.",
        )
        parser.add_argument(
            "--host",
            help="Host name of the address the site is served at (the default Site's host "
            "name, the root of every absolute link). Default: unchanged (localhost).",
        )
        parser.add_argument(
            "--port",
            type=int,
            help="Port the site is served at (the default Site's port). Default: unchanged (8000).",
        )
        parser.add_argument(
            "--admin-password",
            help="Password for a newly created 'admin' account (default: a random one).",
        )

    def handle(self, *args, **options):
        with quiet_logging(enabled=options["verbosity"] < 2):
            self._handle(**options)

    def _handle(self, **options):
        verbosity = options["verbosity"]
        demo = Demo(stdout=self.stdout, verbosity=verbosity)
        loader = ContentLoader(demo)
        # Each page is saved several times as it is built and translated: the search and
        # reference indexes are updated once for each object at the end instead.
        with indexing.deferred():
            for name in FILES:
                self._load(loader, name)
            with transaction.atomic():
                demo.finish()
        self.stdout.write(self.style.SUCCESS("Demo content loaded: Riverton in en, fr, ar and sw."))
        if options.get("host") is not None or options.get("port") is not None:
            site = demo.site
            point_site_at(site, options.get("host"), options.get("port"))
            self.stdout.write(f"Links in e-mails, feeds and the sitemap start {site.root_url}/")

        wants_admin = (settings.DEBUG or options["with_admin"]) and not options["no_admin"]
        if wants_admin:
            self._admin_account(options["admin_password"])
        elif verbosity >= 1 and not options["no_admin"]:
            self.stdout.write("No admin account created (DEBUG is off; use --with-admin).")

    def _load(self, loader, name):
        if loader.demo.verbosity >= 1:
            self.stdout.write(f"Loading demo/content/{name}.yaml…")
        try:
            with transaction.atomic():
                loader.load(name)
        except Exception:
            self.stderr.write(f"demo/content/{name}.yaml failed; none of its content was saved.")
            raise

    def _admin_account(self, password=None):
        user_model = get_user_model()
        if user_model.objects.filter(username=ADMIN_USERNAME).exists():
            self.stdout.write(
                f"The development admin account '{ADMIN_USERNAME}' already exists; its "
                f"password was not changed (manage.py changepassword {ADMIN_USERNAME} resets it)."
            )
            return
        password = password or secrets.token_urlsafe(12)
        user_model.objects.create_superuser(
            username=ADMIN_USERNAME,
            email="admin@riverton.example",
            password=password,
            first_name="Riverton",
            last_name="Administrator",
        )
        self.stdout.write(
            self.style.WARNING(
                "Created a development admin account. Sign in at /admin/ with\n"
                f"    username: {ADMIN_USERNAME}\n"
                f"    password: {password}\n"
                "This password is shown only now; keep it."
            )
        )
