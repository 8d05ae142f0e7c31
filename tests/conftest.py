"""Fixtures every app's tests share: four locales and a site whose home page exists in each;
the whole demo (``manage.py load_demo``), loaded once for every test that asks for it."""

import re
import time
from dataclasses import dataclass, field
from io import StringIO

import pytest
from _pytest.nodeid import coerce_node_id  # pytest 9.2's node ids (see _GroupSuffix)
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from django.utils import translation
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from tests import factories
from tests.accounts import factories as account_factories
from tests.blog import factories as blog_factories
from tests.events import factories as event_factories
from tests.newsletters import factories as newsletter_factories
from tests.processes import factories as process_factories
from tests.surveys import factories as survey_factories

# Under pytest-xdist, one migrated test database copied by every worker (tests/parallel.py).
pytest_plugins = ["tests.parallel"]

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


# -- factories, as fixtures --------------------------------------------------------------
#
# Every model the tests build has a factory_boy factory (tests/factories.py, tests/<app>/
# factories.py), and each is a fixture named after it, as pytest-factoryboy's ``register``
# names them: ``StandardPageFactory`` is ``standard_page_factory``. A test asks for the
# factory it uses and gets the database with it:
#
#     def test_about(client, home_page, standard_page_factory):
#         page = standard_page_factory(parent=home_page, title="About")


def register(factory_class):
    """A fixture giving ``factory_class``, named after it (``FooBarFactory``: foo_bar_factory)."""
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", factory_class.__name__).lower()

    @pytest.fixture(name=name)
    def factory_fixture(db):
        return factory_class

    factory_fixture.__doc__ = f"tests' {factory_class.__name__}: {factory_class.__doc__ or ''}"
    return factory_fixture


for _factory in (
    factories.ImageFactory,
    factories.StandardPageFactory,
    factories.FormPageFactory,
    factories.FormFieldFactory,
    factories.TopicFactory,
    factories.MainMenuFactory,
    factories.FooterTextFactory,
    blog_factories.AuthorFactory,
    blog_factories.BlogIndexPageFactory,
    blog_factories.BlogPageFactory,
    blog_factories.DataStoryPageFactory,
    process_factories.ProcessIndexPageFactory,
    process_factories.ProcessPageFactory,
    process_factories.ConsultationPageFactory,
    process_factories.OfficialFactory,
    newsletter_factories.SubscriberFactory,
    newsletter_factories.NewsletterPageFactory,
    account_factories.AccountFactory,
    event_factories.EventIndexPageFactory,
    event_factories.EventPageFactory,
    survey_factories.SurveyPageFactory,
):
    _fixture = register(_factory)
    globals()[_fixture.name] = _fixture


@pytest.fixture(autouse=True)
def _clean_state():
    """Each test starts with an empty cache and English active, whatever the last one did."""
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGE_CODES}


def _wagtail_root():
    """Wagtail's root page, which its migrations create and a transactional test's flush
    removes (browser tests, concurrency tests): made again for the tests that follow."""
    return Page.add_root(instance=Page(title="Root", slug="root", content_type=_page_type()))


def _page_type():
    return ContentType.objects.get_for_model(Page)


@pytest.fixture
def home_page(locales):
    """The English home page, root of the default site."""
    root = Page.get_first_root_node() or _wagtail_root()
    home = root.add_child(
        instance=HomePage(
            title="Riverton City",
            slug="riverton",
            hero_title="Have your say in Riverton",
            locale=locales["en"],
        )
    )
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if site is None:
        site = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    if old_root and old_root.pk != home.pk and old_root.depth > 1:
        old_root.delete()
    return home


@pytest.fixture
def home_pages(home_page, locales):
    """The home page in every language, keyed by language code (translations share a key)."""
    pages = {"en": home_page}
    for code in LANGUAGE_CODES:
        if code == "en":
            continue
        translated = home_page.copy_for_translation(locales[code])
        translated.title = f"Riverton ({code})"
        translated.save_revision().publish()
        pages[code] = translated.specific
    return pages


# -- the demo, loaded once ----------------------------------------------------------------
#
# Loading the demo takes tens of seconds. Every test that asks for ``demo_site`` shares one
# load: it is made in a transaction opened before the first of them and rolled back after
# the last, and each test runs inside it in its own savepoint (pytest-django's ``db``), so
# what a test changes is undone as usual. For that the tests that use it run one after
# another, first, before the transactional ones (which flush the database), and in one
# pytest-xdist worker: see pytest_collection_modifyitems below.

DEMO_FIXTURE = "demo_site"


@dataclass
class LoadedDemo:
    """What loading the demo did that a test cannot see afterwards."""

    outbox: list = field(default_factory=list)  # e-mails sent (the closed process's outcomes)
    output: str = ""
    seconds: float = 0.0


class SharedDemo:
    def __init__(self):
        self.atomic = None
        self.loaded = None
        self.blocker = None
        self.public_pages = None  # rendered once from the loaded demo (public_pages fixture)

    def open(self, blocker):
        self.blocker = blocker
        with blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic._from_testcase = True  # durable blocks inside behave as in a TestCase
            self.atomic.__enter__()
            started = time.monotonic()
            out = StringIO()
            outbox_before = len(mail.outbox)
            # Outcome e-mails are sent once the publishing transaction commits: run them.
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("load_demo", "--no-admin", stdout=out, stderr=StringIO())
            self.loaded = LoadedDemo(
                outbox=list(mail.outbox[outbox_before:]),
                output=out.getvalue(),
                seconds=time.monotonic() - started,
            )
        cache.clear()
        translation.activate(settings.LANGUAGE_CODE)

    def close(self):
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None
        cache.clear()
        # Rows the rollback removed must not live on in the process's own caches.
        ContentType.objects.clear_cache()
        Site.clear_site_root_paths_cache()


_shared_demo = SharedDemo()


def _uses_demo(item):
    return DEMO_FIXTURE in getattr(item, "fixturenames", ())


# -- running in parallel ------------------------------------------------------------------
#
# `make test` runs the suite in one pytest-xdist worker per core (``-n auto --dist loadgroup
# --no-loadscope-reorder``); each worker has a test database of its own. Tests that share an
# expensive module or session fixture are marked ``xdist_group`` so that they run in one worker,
# one after another, and the fixture is built once: the shared demo's tests ("demo"), the
# browser modules that serve their own committed demo ("every-page": test_every_page and
# test_content_security_policy, which share one load, tests/browser/conftest.py), each other
# browser module (one Chromium), any other module with a module-scoped fixture (named after
# the module).
#
# The longest groups come first in the collection, so each starts at once in a worker of its
# own while the other workers share out the remaining tests: the demo's, the every-page
# module's (minutes of CPU each), and the delivery fault tests', which spend a minute and a
# half mostly waiting (real db_worker processes, a 30 s SMTP outage). `make test` runs one
# worker more than there are cores, so that while those wait the cores keep working.

DEMO_GROUP = "demo"
FIRST_GROUPS = (DEMO_GROUP, "every-page", "tests.delivery.test_faults")


def _has_module_fixture(item):
    fixture_info = getattr(item, "_fixtureinfo", None)
    if fixture_info is None:
        return False
    return any(
        definitions and definitions[-1].scope == "module"
        for definitions in fixture_info.name2fixturedefs.values()
    )


def pytest_itemcollected(item):
    if item.get_closest_marker("xdist_group") is not None:
        return
    if _uses_demo(item):
        item.add_marker(pytest.mark.xdist_group(DEMO_GROUP))
    elif _has_module_fixture(item):
        # A module-scoped fixture is built once per worker: keep its module in one worker.
        item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def _group(item):
    marker = item.get_closest_marker("xdist_group")
    if marker is None:
        return None
    return marker.args[0] if marker.args else marker.kwargs.get("name", "default")


def pytest_collection_modifyitems(config, items):
    """The demo's tests, then the "every-page" module, then the rest in pytest-django's order
    (plain database tests, transactional ones, the others).

    Both first groups are plain database tests (``demo_site`` runs its tests in savepoints of
    one transaction; the "every-page" module puts the database back as migrations left it when
    it ends), so running them before the other database tests changes nothing for those.
    """
    first = {name: [] for name in FIRST_GROUPS}
    rest = []
    for item in items:
        name = _group(item)
        (first[name] if name in first else rest).append(item)
    items[:] = [*(item for name in FIRST_GROUPS for item in first[name]), *rest]


class _GroupSuffix:
    """Marks each grouped test's node id with ``@<group>``, which is how xdist's loadgroup
    scheduler knows a group. pytest-xdist 3.8 writes the suffix to ``item._nodeid``, which
    pytest 9.2 no longer reads (node ids live in ``item._id``), so without this every group
    was scattered over the workers and each worker built the group's fixture again."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config, items):
        if not getattr(config.option, "loadgroup", False):
            return
        for item in items:
            names = sorted(
                {
                    str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                    for mark in item.iter_markers("xdist_group")
                }
            )
            if not names or "@" in item.nodeid.rsplit("]", 1)[-1]:
                continue  # not grouped, or xdist's own suffix took
            grouped = f"{item.nodeid}@{'_'.join(names)}"
            if hasattr(item, "_id"):
                item._id = coerce_node_id(grouped)
            else:
                item._nodeid = grouped


def pytest_configure(config):
    # Declared here too, so that a run without xdist (`-p no:xdist`) accepts the marks.
    config.addinivalue_line(
        "markers", "xdist_group(name): run these tests in one pytest-xdist worker"
    )
    config.pluginmanager.register(_GroupSuffix(), "townhall-xdist-group-suffix")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    # After the last test that uses the demo (its own savepoint is rolled back by now).
    if _shared_demo.atomic is not None and (nextitem is None or not _uses_demo(nextitem)):
        _shared_demo.close()


@pytest.fixture(scope="session")
def _demo_transaction(django_test_environment, django_db_setup, django_db_blocker):
    _shared_demo.open(django_db_blocker)
    yield _shared_demo
    _shared_demo.close()


@pytest.fixture
def demo_site(_demo_transaction, db):
    """The whole demo (``load_demo --no-admin``), loaded once per test session: a LoadedDemo.

    Pages, comments and subscribers are in the database; what the loading sent by e-mail
    is in ``demo_site.outbox`` (``mail.outbox`` starts empty in every test).
    """
    if _demo_transaction.atomic is None:
        pytest.fail(
            "The shared demo was already rolled back: tests that use demo_site must run "
            "together (see pytest_collection_modifyitems in tests/conftest.py)."
        )
    return _demo_transaction.loaded


@pytest.fixture
def public_pages(demo_site):
    """One page of each public page type in English and Arabic, rendered from the shared demo
    (tests/public_pages.py) the first time a test asks, in a savepoint rolled back at once (the
    rendering adds a data story's charts and posts forms), and kept for the session's other
    tests."""
    if _shared_demo.public_pages is None:
        from tests.public_pages import render_public_pages

        cache.clear()
        with transaction.atomic():
            _shared_demo.public_pages = render_public_pages()
            transaction.set_rollback(True)
        cache.clear()
        translation.activate(settings.LANGUAGE_CODE)
    return _shared_demo.public_pages


@pytest.fixture
def checker(django_user_model):
    """An official allowed to check people in at events (and nothing else)."""
    user = django_user_model.objects.create_user("door", "door@riverton.example", "pw")
    group = Group.objects.create(name="Door")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(content_type__app_label="events", codename="check_in"),
    )
    user.groups.add(group)
    return user
