"""Fixtures every app's tests share: four locales and a site whose home page exists in each;
the whole demo (``manage.py load_demo``), loaded once for every test that asks for it."""

import gc
import re
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import timedelta
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
from django.utils import timezone, translation
from wagtail.models import Collection, Locale, Page, Site

from core import indexing
from home.models import HomePage
from tests import factories
from tests.accounts import factories as account_factories
from tests.blog import factories as blog_factories
from tests.events import factories as event_factories
from tests.module_data import module_data
from tests.newsletters import factories as newsletter_factories
from tests.processes import factories as process_factories
from tests.proposals import factories as proposal_factories
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


# -- the search and reference indexes ----------------------------------------------------
#
# Wagtail updates its search index and its reference index at every save of a page, snippet
# or image (a task each, run inline): about a sixth of the tests' own time, for indexes most
# tests never read. The run suspends these updates (core/indexing.py); a test that searches or
# reads the usage of an object asks for ``indexes`` and has them updated at every save, as
# the site does. The demo is indexed as ``load_demo`` indexes it: once, when it is loaded.


@pytest.fixture(scope="session", autouse=True)
def _index_updates():
    hold = indexing.suspended().start()
    yield hold
    hold.stop()


@pytest.fixture
def indexes(_index_updates):
    """The search and reference indexes kept up to date at every save during the test."""
    _index_updates.stop()
    yield
    _index_updates.start()


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


def _build_home_page(locales):
    """An English home page made the root of the default site (Wagtail's welcome page goes)."""
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


def _build_translations(home, locales):
    """`home` translated into every other language and published, keyed by language code."""
    return {
        code: factories.translate_page(home, locales[code], title=f"Riverton ({code})")
        for code in LANGUAGE_CODES
        if code != "en"
    }


@pytest.fixture
def home_page(_site_transaction, locales):
    """The English home page, root of the default site."""
    if _shared_site.level is not None:
        return HomePage.objects.get(pk=_shared_site.pks["en"])
    return _build_home_page(locales)


@pytest.fixture
def home_pages(home_page, locales):
    """The home page in every language, keyed by language code (translations share a key)."""
    if _shared_site.level is not None and _shared_site.level.languages == "homes":
        others = HomePage.objects.in_bulk(
            [pk for code, pk in _shared_site.pks.items() if code != "en"]
        )
        return {"en": home_page} | {
            code: others[pk] for code, pk in _shared_site.pks.items() if code != "en"
        }
    return {"en": home_page, **_build_translations(home_page, locales)}


# -- the site, built once for a run of tests that use it ----------------------------------
#
# Most tests start from the site above: the four locales and a home page (``home_page``), or
# the home page in every language (``home_pages``). Building them for each test cost about a
# tenth of the suite's time, so a worker builds them once for a run of such tests, in a
# transaction opened before the first of them and rolled back after the last, and each test
# runs in its own savepoint inside it (pytest-django's ``db``), as the shared demo's do: what
# a test changes is undone and the next test finds the site as it was built. The tests that
# ask for these fixtures come first among the others (pytest_collection_modifyitems), those
# with every language before those with English only, so a worker builds each once or twice.
# A transactional test (a live server, a flush at its end) cannot run inside that transaction:
# its fixtures build the site in the test, as before.


def _is_transactional(item):
    names = getattr(item, "fixturenames", ())
    if {"transactional_db", "live_server", "django_db_reset_sequences"} & set(names):
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))


@dataclass(frozen=True)
class SiteLevel:
    """What a run of tests starts from: the home page in every language or in English
    (``languages``: "homes" or "home"), and the process pages the tests' fixtures ask for,
    outermost first (``pages``: names of SHARED_PAGES' recipes)."""

    languages: str
    pages: tuple = ()
    extras: tuple = ()  # names of SHARED_EXTRAS

    @property
    def order(self):
        return (
            0 if self.languages == "homes" else 1,
            len(self.pages),
            self.pages,
            self.extras,
        )


# The process pages most tests start from, built with the site for a run of tests instead of
# once per test: for each fixture, the conftest modules whose definition of it is shared, and
# the recipe that definition follows (SharedSite._build_pages). A module's own definition (a
# fixture overridden in a test module) is built by the test, as before, on top of the shared
# pages below it.
SHARED_PAGES = {
    "process_index": {"tests.processes.conftest": "index", "tests.impact.conftest": "index"},
    "process": {
        "tests.processes.conftest": "process",
        "tests.surveys.conftest": "process",
        "tests.proposals.conftest": "process:proposals",
        "tests.impact.conftest": "process:impact",
    },
    "consultation": {
        "tests.processes.conftest": "consultation",
        "tests.impact.conftest": "consultation",
    },
    "survey": {"tests.surveys.conftest": "survey"},
    "ideas": {"tests.proposals.conftest": "ideas"},
}
# The participation pages built under the shared process (each fixture's recipe is its name).
LEAVES = ("consultation", "survey", "ideas")
# Other pages built with the site when a test's fixture asks (as its conftest builds them):
# fixture name, the conftest module whose definition is shared.
SHARED_EXTRAS = {
    "event_index": "tests.events.conftest",
    "cycling": "tests.events.conftest",
    "archives": "tests.newsletters.conftest",
}
# The process fixtures that ask for ``process_index``, which must be shared too; the surveys'
# and proposals' build their index themselves (the same one).
_PROCESS_ON_SHARED_INDEX = {"tests.processes.conftest", "tests.impact.conftest"}


def build(recipe, parent):
    """The page of a SHARED_PAGES recipe under `parent` (the home page for "index", the index
    for a process, the process for a leaf): what the shared site builds once and each fixture
    builds when it is not shared, one code for both."""
    factory, fields = _RECIPES[recipe]
    return factory(parent=parent, **fields() if callable(fields) else fields)


_RECIPES = {
    "index": (process_factories.ProcessIndexPageFactory, {}),
    "process": (process_factories.ProcessPageFactory, {}),
    "process:proposals": (process_factories.ProcessPageFactory, {"title": "Riverside Park"}),
    "process:impact": (
        process_factories.ProcessPageFactory,
        {"contact_email": "owner@riverton.example"},
    ),
    "consultation": (process_factories.ConsultationPageFactory, {}),
    # An open survey (honeypot, once per browser), open since ten days.
    "survey": (
        survey_factories.SurveyPageFactory,
        lambda: {"access": "open", "opens_at": timezone.now() - timedelta(days=10)},
    ),
    "ideas": (proposal_factories.ProposalsPageFactory, {}),
}


def _site_level(item):
    """The site the test `item` starts from, built once for a run of tests (a SiteLevel), or
    None (the test builds what it needs itself)."""
    if item is None or _uses_demo(item) or _is_transactional(item):
        return None
    if "indexes" in item.fixturenames:  # the shared pages are not in the indexes
        return None
    if _uses_own(item, "home_pages"):
        languages = "homes"
    elif _uses_own(item, "home_page"):
        languages = "home"
    else:
        return None
    extras = tuple(
        name
        for name, module in SHARED_EXTRAS.items()
        if (definition := _definition(item, name)) and definition.func.__module__ == module
    )
    return SiteLevel(languages, _shared_pages(item), extras)


def _shared_pages(item):
    """The recipes of the process pages `item` may take from the shared site, outermost first:
    each fixture that `item` uses, whose definition is a shared one, and which builds on what
    is shared (a consultation on a shared process, a process on a shared index)."""
    index = _recipe(item, "process_index")
    pages = [] if index is None else [index]
    process = _recipe(item, "process")
    if process is None:
        return tuple(pages)
    if _definition(item, "process").func.__module__ in _PROCESS_ON_SHARED_INDEX:
        if index is None:
            return ()
    else:
        pages = ["index"]  # the process builds the same index under the home page itself
    pages.append(process)
    pages.extend(recipe for recipe in (_recipe(item, leaf) for leaf in LEAVES) if recipe)
    return tuple(pages)


def _recipe(item, name):
    definition = _definition(item, name)
    if definition is None:
        return None
    return SHARED_PAGES[name].get(definition.func.__module__)


def _definition(item, name):
    """The definition of fixture `name` that `item` uses, or None if it does not use it."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None or name not in item.fixturenames:
        return None
    definitions = info.name2fixturedefs.get(name)
    return definitions[-1] if definitions else None


def _uses_own(item, name):
    """Whether `item` uses the fixture `name` defined here (a module may define its own, such
    as a ``home_pages`` built once for the module: tests/module_data.py)."""
    definition = _definition(item, name)
    return definition is not None and definition.func.__module__ == __name__


def shared_page(name):
    """The page the fixture `name` gives (one of SHARED_PAGES) when the shared site has it,
    read afresh (a test may change it: its savepoint undoes that in the database), else
    None: the fixture builds it."""
    found = _shared_site.pages.get(name)
    if found is None:
        return None
    if isinstance(found, dict):  # a page per language
        return {code: model.objects.get(pk=pk) for code, (model, pk) in found.items()}
    model, pk = found
    return model.objects.get(pk=pk)


class SharedSite:
    """The site of a run of tests (see above), in a transaction of its own: the one
    tests/module_data.py opens for a module's data, opened and closed here between tests."""

    def __init__(self):
        self.blocker = None
        self.transaction = None  # the open module_data(), an ExitStack
        self.level = None  # a SiteLevel
        self.pks = {}  # language code: the home page's id
        self.pages = {}  # fixture name: (model, id) of the shared process pages

    def switch(self, level):
        if level == self.level:
            return
        self.close()
        if level is not None and self.blocker is not None:
            self._open(level)

    def _open(self, level):
        self.transaction = ExitStack()
        build = self.transaction.enter_context(module_data(self.blocker))
        with build():
            locales = {
                code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGE_CODES
            }
            home = _build_home_page(locales)
            pages = {"en": home}
            if level.languages == "homes":
                pages.update(_build_translations(home, locales))
            self.pks = {code: page.pk for code, page in pages.items()}
            self.pages = self._build_pages(home, level.pages)
            self.pages.update(self._build_extras(pages, locales, level.extras))
        self.level = level
        cache.clear()
        translation.activate(settings.LANGUAGE_CODE)

    @staticmethod
    def _build_pages(home, recipes):
        """The process pages of `recipes` (SHARED_PAGES), as the fixtures build them."""
        built = {}
        index = process = None
        for recipe in recipes:
            if recipe == "index":
                name = "process_index"
                page = index = build(recipe, home)
            elif recipe in LEAVES:
                name = recipe
                page = build(recipe, process)
            else:
                name = "process"
                page = process = build(recipe, index)
            built[name] = (type(page), page.pk)
        return built

    @staticmethod
    def _build_extras(homes, locales, names):
        built = {}
        for name in names:
            if name == "archives":
                archives = newsletter_factories.make_archives(homes, locales)
                built[name] = {code: (type(page), page.pk) for code, page in archives.items()}
                continue
            if name == "event_index":
                page = event_factories.EventIndexPageFactory(parent=homes["en"])
            else:
                page = event_factories.make_cycling(homes["en"])
            built[name] = (type(page), page.pk)
        return built

    def close(self):
        """Roll the site back (module_data also forgets what the process cached of it)."""
        if self.transaction is not None:
            self.transaction.close()
        self.transaction, self.level, self.pks, self.pages = None, None, {}, {}


_shared_site = SharedSite()


@pytest.fixture(scope="session")
def _site_transaction(request, django_db_setup, django_db_blocker):
    """Set up before any test's own savepoint (session fixtures come first): the first test
    that asks opens its site's transaction; pytest_runtest_teardown switches it after that."""
    _shared_site.blocker = django_db_blocker
    _shared_site.switch(_site_level(request._pyfuncitem))
    yield _shared_site
    _shared_site.close()


# -- the demo, loaded once ----------------------------------------------------------------
#
# Loading the demo takes tens of seconds. Under pytest-xdist it is loaded once per run, by the
# first worker that needs it, and kept as a second template database that every worker copies
# into its own database when its demo tests start, and replaces with the migrated template
# when they end (tests/parallel.py, DemoDatabase). The tests run inside one transaction opened
# before the first of them and rolled back after the last, each in its own savepoint
# (pytest-django's ``db``), so what a test changes is undone as usual and the copy stays as it
# was loaded. Without the template (no xdist, ``--reuse-db``) the demo is loaded in that
# transaction instead. For that a worker runs its demo tests one after another: see
# pytest_collection_modifyitems below.

DEMO_FIXTURE = "demo_site"


@dataclass
class LoadedDemo:
    """What loading the demo did that a test cannot see afterwards."""

    outbox: list = field(default_factory=list)  # e-mails sent (the closed process's outcomes)
    output: str = ""
    seconds: float = 0.0


def load_demo():
    """Run ``load_demo --no-admin`` on the test database; returns a LoadedDemo."""
    started = time.monotonic()
    out = StringIO()
    outbox_before = len(mail.outbox)
    # A flushed database (after a transactional test) has lost the roots migrations made.
    if Page.get_first_root_node() is None:
        _wagtail_root()
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    # Outcome e-mails are sent once the publishing transaction commits: when that commit is
    # only a savepoint's (loading inside a transaction rolled back later), run them anyway.
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_demo", "--no-admin", stdout=out, stderr=StringIO())
    return LoadedDemo(
        outbox=list(mail.outbox[outbox_before:]),
        output=out.getvalue(),
        seconds=time.monotonic() - started,
    )


class SharedDemo:
    def __init__(self):
        self.atomic = None
        self.loaded = None
        self.blocker = None
        self.database = None  # the demo database, where the worker can copy it (tests/parallel.py)
        self.public_pages = None  # rendered once from the loaded demo (public_pages fixture)

    def open(self, blocker, database):
        self.blocker, self.database = blocker, database
        with blocker.unblock():
            if database.available:
                self.loaded = database.copy_in(load_demo)
            self.atomic = transaction.atomic()
            self.atomic._from_testcase = True  # durable blocks inside behave as in a TestCase
            self.atomic.__enter__()
            if not database.available:
                self.loaded = load_demo()
                self.public_pages = None  # a new load: its rows may have other ids
        cache.clear()
        translation.activate(settings.LANGUAGE_CODE)

    def reopen(self):
        """Open again for a later group of demo tests in this worker (the demo is the same,
        and so are the public pages rendered from it)."""
        if self.blocker is not None and self.atomic is None:
            self.open(self.blocker, self.database)

    def close(self):
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
            self.atomic = None
            if self.database.available:
                self.database.restore()
        cache.clear()
        # Rows the rollback removed must not live on in the process's own caches.
        ContentType.objects.clear_cache()
        Site.clear_site_root_paths_cache()


_shared_demo = SharedDemo()


def _uses_demo(item):
    return DEMO_FIXTURE in getattr(item, "fixturenames", ())


# -- running in parallel ------------------------------------------------------------------
#
# `make test` runs the suite in pytest-xdist workers (``-n <cores + 1> --dist loadgroup
# --no-loadscope-reorder``); each worker has a test database of its own. Tests that share an
# expensive module or session fixture are marked ``xdist_group`` so that they run in one worker,
# one after another, and the fixture is built once: each other browser module (one Chromium),
# the browser module that serves the demo ("every-page": test_every_page), any
# other module with a module-scoped fixture (named after the module). The tests that use the
# shared demo are split by module into DEMO_GROUPS groups of about the same length, so that as
# many workers run them side by side, each with its own copy of the demo (tests/parallel.py).
#
# The longest chain comes first in the collection, so it starts at once in a worker of its
# own: the every-page module (minutes of browser work, after the demo's load, which that
# worker does for the run). The delivery fault tests (a minute and a half mostly waiting on
# real db_worker processes and a 30 s SMTP outage) and the translation tree's follow, then
# the other plain database tests, and the demo's groups after them (LAST_GROUPS), when the
# demo is long loaded: a worker that came to them early would wait for the load with nothing
# to do. The transactional tests and those without a database come last. `make test`
# runs one worker more than there are cores, so that while the fault tests wait the cores
# keep working.

DEMO_GROUPS = ("demo-1", "demo-2", "demo-3")
FIRST_GROUPS = (
    "every-page",
    "tests.delivery.test_faults",
    "tests.processes.test_translation_tree",
)
LAST_GROUPS = DEMO_GROUPS
# Without xdist one process runs everything in this order: the demo's tests stay together,
# so that the demo is loaded once.
FIRST_GROUPS_IN_ONE_PROCESS = (*DEMO_GROUPS, "every-page", "tests.delivery.test_faults")


def _has_module_fixture(item):
    fixture_info = getattr(item, "_fixtureinfo", None)
    if fixture_info is None:
        return False
    return any(
        definitions and definitions[-1].scope == "module"
        for definitions in fixture_info.name2fixturedefs.values()
    )


def pytest_itemcollected(item):
    if item.get_closest_marker("xdist_group") is not None or _uses_demo(item):
        return  # the demo's tests are grouped once all are collected
    if _has_module_fixture(item):
        # A module-scoped fixture is built once per worker: keep its module in one worker.
        item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def _group(item):
    marker = item.get_closest_marker("xdist_group")
    if marker is None:
        return None
    return marker.args[0] if marker.args else marker.kwargs.get("name", "default")


# Seconds a module's demo tests take, the loading left out (`pytest -p no:xdist --durations=0`
# on a busy 2-core machine, December 2026), to split them; any other module: a second a test.
DEMO_MODULE_SECONDS = {
    "tests.test_crawl_demo": 51,
    "tests.test_html_validity": 18,
    "tests.test_query_budget": 13,
    "tests.home.test_demo": 10,
    "tests.impact.test_demo": 3,
    "tests.newsletters.test_demo": 3,
}


def _split_demo_tests(items):
    """Mark each module's demo tests with one of DEMO_GROUPS: the modules, longest first, each
    to the group with the fewest seconds so far (the same split for the same tests)."""
    modules = {}
    for item in items:
        if _uses_demo(item) and item.get_closest_marker("xdist_group") is None:
            modules.setdefault(item.module.__name__, []).append(item)
    totals = dict.fromkeys(DEMO_GROUPS, 0.0)
    by_cost = sorted(modules.items(), key=lambda entry: (-_demo_cost(entry[1]), entry[0]))
    for _module, tests in by_cost:
        group = min(DEMO_GROUPS, key=lambda group: totals[group])
        totals[group] += _demo_cost(tests)
        for item in tests:
            item.add_marker(pytest.mark.xdist_group(group))


def _demo_cost(tests):
    return DEMO_MODULE_SECONDS.get(tests[0].module.__name__, len(tests))


def _parallel(config):
    return getattr(config, "workerinput", None) is not None or bool(
        getattr(config.option, "numprocesses", None)
    )


def pytest_collection_modifyitems(config, items):
    """The first groups (FIRST_GROUPS), then the rest in pytest-django's order (plain database
    tests, transactional ones, the others), with the last groups (LAST_GROUPS) after the plain
    database tests.

    The first and last groups are plain database tests (``demo_site`` copies the demo over the
    worker's database, runs its tests in savepoints of one transaction and gives the worker the
    migrated database back after the last of them; the "every-page" module does the same when
    it ends), so running them before or after the others changes nothing for those.
    """
    _split_demo_tests(items)
    parallel = _parallel(config)
    order = FIRST_GROUPS if parallel else FIRST_GROUPS_IN_ONE_PROCESS
    last_order = LAST_GROUPS if parallel else ()
    first = {name: [] for name in order}
    last = {name: [] for name in last_order}
    rest = []
    for item in items:
        name = _group(item)
        (first[name] if name in first else last[name] if name in last else rest).append(item)
    # The tests that start from a shared site, every language first (see SharedSite); tests of
    # a group stay where they are, together.
    rest.sort(key=_run_order)
    # The last groups go before the first transactional test: on PostgreSQL a worker's copy of
    # the demo replaces its database, which a live server's session would hold open.
    cut = next((index for index, item in enumerate(rest) if _is_transactional(item)), len(rest))
    items[:] = [
        *(item for name in order for item in first[name]),
        *rest[:cut],
        *(item for name in last_order for item in last[name]),
        *rest[cut:],
    ]


def _run_order(item):
    """Tests that start from the same shared site side by side, every language first, then
    the others (tests of a group stay where they are, together)."""
    if _group(item):
        return (2,)
    level = _site_level(item)
    return (2,) if level is None else (1, *level.order)


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
    # The garbage collector: a test makes millions of short-lived objects, and at CPython's
    # default (a collection every 700 new container objects) it ran ~9,400 collections in
    # `pytest tests/processes tests/surveys`, 14 s of that run's 141 s of CPU; with these
    # thresholds and what is loaded at the start frozen (pytest_collection_finish), 118
    # collections and 7-8 s. Cycles are still collected: only less often.
    gc.set_threshold(50_000, 20, 100)


def pytest_collection_finish(session):
    """Django, Wagtail and every test module are loaded by now and live to the end: a full
    collection need not walk them again and again (gc.freeze)."""
    gc.collect()
    gc.freeze()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    # After the last test of a run of tests that use the demo or a shared site (its own
    # savepoint is rolled back by now), and before the first test of a later run of them in
    # this worker (the session's first is set up by ``_demo_transaction`` or
    # ``_site_transaction``).
    next_level = _site_level(nextitem)
    if _shared_site.level != next_level:
        _shared_site.close()
    next_uses_demo = nextitem is not None and _uses_demo(nextitem)
    if _shared_demo.atomic is not None and not next_uses_demo:
        _shared_demo.close()
    elif next_uses_demo:
        _shared_demo.reopen()
    _shared_site.switch(next_level)


@pytest.fixture(scope="session")
def _demo_transaction(django_test_environment, django_db_blocker, demo_database):
    _shared_demo.open(django_db_blocker, demo_database)
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
            "The shared demo is not open: a test that uses demo_site ran right after one that "
            "does not (see pytest_runtest_teardown in tests/conftest.py)."
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
