"""Test databases for pytest-xdist workers, migrated once per run instead of once per worker.

Applying the ~250 migrations (Django's, Wagtail's, ours) costs about 20 s of CPU; each xdist
worker has a database of its own, and migrating each would pay that once per core. Instead
the first worker that needs a database migrates a template, under a file lock in a folder the
controller made for this run, and every worker (that one included) copies it:

- SQLite: the template is a file; each worker copies it into its own in-memory database with
  SQLite's backup API (the in-memory database Django uses for tests, so nothing else changes).
- PostgreSQL: the template is ``test_<name>_template``; each worker's ``test_<name>_gw<n>``
  is made with ``CREATE DATABASE … TEMPLATE`` (one worker at a time: PostgreSQL refuses to
  copy a database someone is connected to). The controller drops the template at the end.

The demo (``load_demo --no-admin``, tens of seconds of CPU) is kept the same way, as a second
template (``DemoDatabase``): the first worker whose tests need it loads it once for the run
into its own database, from the migrated template, and saves that as ``demo.sqlite3`` in the
run's folder (SQLite) or ``test_<name>_demo_template`` (PostgreSQL), with what the loading
printed and e-mailed and the media files it wrote; any worker then copies it into its own
database in place of what was there, and copies the migrated template back when its demo
tests are done (tests/conftest.py, tests/browser/test_every_page.py).

Without xdist (``pytest`` alone, or ``-p no:xdist``) and with ``--reuse-db``, pytest-django
sets the database up as usual, and each demo is loaded in the worker that needs it.
Loaded from tests/conftest.py (``pytest_plugins``).
"""

import fcntl
import gc
import pickle
import shutil
import sqlite3
import tempfile
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connections
from django.test.utils import setup_databases, teardown_databases
from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup
from pytest_django.plugin import blocking_manager_key
from wagtail.models import Site

TEMPLATE_DIR = "townhall_db_template_dir"
# In the run's folder: the PostgreSQL templates to drop at the end, one name a line.
POSTGRESQL_TEMPLATES = "postgresql"


def pytest_configure(config):
    if getattr(config, "workerinput", None) is None and _xdist_workers(config):
        config.townhall_template_dir = Path(tempfile.mkdtemp(prefix="townhall-test-db-"))


def _xdist_workers(config):
    try:
        return int(config.getoption("numprocesses") or 0)
    except (ValueError, TypeError):
        return 0


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """(Controller) tell each worker where the template lives."""
    folder = getattr(node.config, "townhall_template_dir", None)
    if folder is not None:
        node.workerinput[TEMPLATE_DIR] = str(folder)


def pytest_unconfigure(config):
    """(Controller) remove the templates: their folder, and on PostgreSQL their databases."""
    folder = getattr(config, "townhall_template_dir", None)
    if folder is None:
        return
    name_file = folder / POSTGRESQL_TEMPLATES
    if name_file.exists():
        with config.stash[blocking_manager_key].unblock():
            with connections["default"].creation._nodb_cursor() as cursor:
                for name in name_file.read_text().split():
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _locked(folder, name="lock"):
    with open(folder / name, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build_template(connection, folder):
    """Migrate a template database once for the run; returns where it is."""
    settings_dict = connection.settings_dict
    vendor = connection.vendor
    if vendor == "sqlite":
        template = str(folder / "template.sqlite3")
    else:
        template = f"test_{settings_dict['NAME']}_template"
    done = folder / "ready"
    if done.exists():
        return template
    test_settings = settings_dict.setdefault("TEST", {})
    worker_name = test_settings.get("NAME")
    real_name = settings_dict["NAME"]
    test_settings["NAME"] = template
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    finally:
        connection.close()
        test_settings["NAME"] = worker_name
        settings_dict["NAME"] = real_name
    if vendor != "sqlite":
        _drop_at_the_end(folder, template)
    done.write_text(template)
    return template


def _drop_at_the_end(folder, database):
    """(PostgreSQL) have the controller drop this template when the run ends."""
    with open(folder / POSTGRESQL_TEMPLATES, "a") as names:
        names.write(database + "\n")


def _copy_template(connection, template):
    """Make this worker's test database from the template and point Django at it; returns
    the database name to restore at the end (as ``create_test_db`` does)."""
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    connection.close()
    if connection.vendor == "sqlite":
        settings.DATABASES[connection.alias]["NAME"] = test_name
        connection.settings_dict["NAME"] = test_name
        connection.ensure_connection()
        source = sqlite3.connect(template)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        quote = connection.ops.quote_name
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
            cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")
        settings.DATABASES[connection.alias]["NAME"] = test_name
        connection.settings_dict["NAME"] = test_name
        connection.ensure_connection()
    # Rows cached by this process (the content types the worker that built the template cached
    # while migrating it, Wagtail's site roots, any page) may be gone from the copy.
    ContentType.objects.clear_cache()
    Site.clear_site_root_paths_cache()
    cache.clear()
    return old_name


class DemoDatabase:
    """The demo as a second template, loaded once per run: ``copy_in(load)`` puts it in this
    worker's test database (committed, in place of what was there) and ``restore()`` puts the
    migrated template back. ``available`` is false where the worker's database was not made
    from the template (no xdist, ``--reuse-db``): its demo tests load the demo themselves.

    ``load()`` loads the demo into the test database and returns what the tests should know of
    the loading (tests/conftest.py's ``LoadedDemo``); it runs once per run, in the first worker
    that needs the demo, under a lock of its own (so that the workers copying the migrated
    template meanwhile do not wait for it), and its answer is pickled for every other worker.
    The files it writes under MEDIA_ROOT (the demo's images), which each worker has its own of
    (townhall/settings/test.py), are kept in the run's folder and copied into every worker's.
    """

    DATABASE = "demo.sqlite3"  # SQLite: the file; PostgreSQL: test_<name>_demo_template
    LOADED = "demo.pickle"
    MEDIA = "demo-media"
    READY = "demo-ready"

    def __init__(self):
        self.folder = None
        self.template = None

    @property
    def available(self):
        return self.folder is not None

    def use(self, folder, template):
        self.folder, self.template = folder, template

    def copy_in(self, load):
        """Make this worker's database the demo; returns ``load()``'s answer."""
        connection = connections["default"]
        with _locked(self.folder, "demo-lock"):
            built = not (self.folder / self.READY).exists()
            if built:
                self._build(connection, load)
        if not built:
            with _locked(self.folder):
                _copy_template(connection, self._database(connection))
            _copy_files(self.folder / self.MEDIA, Path(settings.MEDIA_ROOT))
        return pickle.loads((self.folder / self.LOADED).read_bytes())

    def restore(self):
        """Make this worker's database the migrated template again."""
        with _locked(self.folder):
            _copy_template(connections["default"], self.template)

    def _database(self, connection):
        if connection.vendor == "sqlite":
            return str(self.folder / self.DATABASE)
        return self.template.removesuffix("_template") + "_demo_template"

    def _build(self, connection, load):
        with _locked(self.folder):
            _copy_template(connection, self.template)  # whatever tests left here goes
        media = Path(settings.MEDIA_ROOT)
        files_before = set(_files(media))
        loaded = load()
        database = self._database(connection)
        if connection.vendor == "sqlite":
            partial = sqlite3.connect(f"{database}.partial")
            try:
                connection.connection.backup(partial)
            finally:
                partial.close()
            Path(f"{database}.partial").rename(database)
        else:
            # PostgreSQL copies a database nobody is connected to: this worker lets go of its
            # own for the copy (no other worker ever connects to it).
            worker_database = connection.settings_dict["NAME"]
            connection.close()
            target, source = map(connection.ops.quote_name, (database, worker_database))
            with connection.creation._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {target}")
                cursor.execute(f"CREATE DATABASE {target} TEMPLATE {source}")
            _drop_at_the_end(self.folder, database)
            connection.ensure_connection()
        for name in set(_files(media)) - files_before:
            (self.folder / self.MEDIA / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(media / name, self.folder / self.MEDIA / name)
        (self.folder / self.LOADED).write_bytes(pickle.dumps(loaded))
        (self.folder / self.READY).touch()


def _files(folder):
    return [str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()]


def _copy_files(source, target):
    if source.exists():
        shutil.copytree(source, target, dirs_exist_ok=True)


_demo_database = DemoDatabase()


@pytest.fixture(scope="session")
def demo_database(django_db_setup):
    """This worker's DemoDatabase, once its test database is set up."""
    return _demo_database


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's ``django_db_setup``, with the template copied in xdist workers."""
    workerinput = getattr(request.config, "workerinput", None) or {}
    folder = workerinput.get(TEMPLATE_DIR)
    used, serialized = _get_databases_for_setup(request.session.items)
    if (
        folder is None
        or django_db_keepdb
        or not django_db_use_migrations
        or len(connections.all()) > 1
        or serialized  # a test with serialized_rollback needs the migrated data serialized
    ):
        # As pytest-django does it (fixtures.django_db_setup), without the template.
        if not django_db_use_migrations:
            _disable_migrations()
        keepdb = {"keepdb": True} if django_db_keepdb and not django_db_createdb else {}
        with django_db_blocker.unblock():
            db_cfg = setup_databases(
                verbosity=request.config.option.verbose,
                interactive=False,
                aliases=used,
                serialized_aliases=serialized,
                **keepdb,
            )
        yield
        if not django_db_keepdb:
            with django_db_blocker.unblock():
                _release(connections["default"])
                teardown_databases(db_cfg, verbosity=request.config.option.verbose)
        return

    connection = connections["default"]
    folder = Path(folder)
    with django_db_blocker.unblock():
        with _locked(folder):
            template = _build_template(connection, folder)
            old_name = _copy_template(connection, template)
    _demo_database.use(folder, template)
    yield
    with django_db_blocker.unblock():
        _release(connection)
        connection.creation.destroy_test_db(old_name, verbosity=0)


class StraySessionWarning(UserWarning):
    """A database session a test left open."""


def _release(connection, wait=10.0):
    """Before the test database is dropped: PostgreSQL refuses to drop a database someone
    is connected to, so wait for any other session on it to end, and end the ones that stay,
    naming them in a warning (the run would otherwise fail after its last test, as
    "database … is being accessed by other users"): the warning shows in the summary, under
    the worker's last test.

    Such a session is this process's own: a live server's request thread whose browser
    connection is still open, or ORM calls made from inside Playwright's greenlets, whose
    context has a ``connections`` of its own that nothing closes (tests/browser).
    """
    connection.close()
    gc.collect()  # a connection that only an unreachable context still held closes here
    if connection.vendor != "postgresql":
        return
    name = connection.settings_dict["NAME"]
    deadline = time.monotonic() + wait
    with connection.creation._nodb_cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT pid, state, left(query, 300) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            others = cursor.fetchall()
            if not others or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        for pid, state, query in others:
            warnings.warn(
                f"{name}: a session was still open when its tests ended ({state}, last"
                f" query: {query!r}); ended so that the database can be dropped",
                StraySessionWarning,
                stacklevel=1,
            )
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
