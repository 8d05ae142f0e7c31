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

Without xdist (``pytest`` alone, or ``-p no:xdist``) and with ``--reuse-db``, pytest-django
sets the database up as usual. Loaded from tests/conftest.py (``pytest_plugins``).
"""

import fcntl
import shutil
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.test.utils import setup_databases, teardown_databases
from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup
from pytest_django.plugin import blocking_manager_key

TEMPLATE_DIR = "townhall_db_template_dir"


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
    """(Controller) remove the template: its folder, and on PostgreSQL its database."""
    folder = getattr(config, "townhall_template_dir", None)
    if folder is None:
        return
    name_file = folder / "postgresql"
    if name_file.exists():
        with config.stash[blocking_manager_key].unblock():
            with connections["default"].creation._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name_file.read_text()}"')
    shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _locked(folder):
    with open(folder / "lock", "w") as lock:
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
        (folder / "postgresql").write_text(template)
    done.write_text(template)
    return template


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
    # The worker that built the template cached content types while migrating it.
    ContentType.objects.clear_cache()
    return old_name


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
                teardown_databases(db_cfg, verbosity=request.config.option.verbose)
        return

    connection = connections["default"]
    folder = Path(folder)
    with django_db_blocker.unblock():
        with _locked(folder):
            template = _build_template(connection, folder)
            old_name = _copy_template(connection, template)
    yield
    with django_db_blocker.unblock():
        connection.creation.destroy_test_db(old_name, verbosity=0)
