"""Data a whole test module reads, built once for the module instead of once per test.

A module-scoped fixture builds it in a transaction opened for the module and rolled back
when the module's last test is done; each test runs inside that transaction in its own
savepoint (pytest-django's ``db``), so what a test changes is undone as usual and the next
test sees the module's data as it was built. The shared demo works the same way
(tests/conftest.py). A module with such a fixture runs in one pytest-xdist worker
(``pytest_itemcollected`` in tests/conftest.py).

    @pytest.fixture(scope="module")
    def seeded(django_db_setup, django_db_blocker):
        with module_data(django_db_blocker) as build:
            with build():
                data = ...  # build with factories, as a test would
            yield data

Tests that use it must not ask for ``home_page`` (it would move the site elsewhere): the
module's own home page comes from ``make_home_page``.
"""

from contextlib import contextmanager

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from wagtail.models import Locale, Page, Site

from home.models import HomePage


@contextmanager
def module_data(blocker):
    """A transaction for a module's data, rolled back when the ``with`` ends; gives ``build``,
    a context manager under which the database may be used to build that data."""
    with blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # durable blocks inside behave as in a TestCase
        atomic.__enter__()
    try:
        yield blocker.unblock
    finally:
        with blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
        # Rows the rollback removed must not live on in the process's own caches.
        cache.clear()
        ContentType.objects.clear_cache()
        Site.clear_site_root_paths_cache()
        translation.activate(settings.LANGUAGE_CODE)


def make_home_page():
    """The four locales and an English home page at the root of the default site, as the
    ``home_page`` fixture makes them."""
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }
    root = Page.get_first_root_node()
    if root is None:  # a transactional test's flush removed it
        root = Page.add_root(
            instance=Page(
                title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
            )
        )
    home = root.add_child(
        instance=HomePage(
            title="Riverton City",
            slug="riverton",
            hero_title="Have your say in Riverton",
            locale=locales["en"],
        )
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    return home


def make_home_pages():
    """The home page in every language, keyed by language code, as the ``home_pages``
    fixture makes them."""
    home = make_home_page()
    pages = {"en": home}
    for code, _name in settings.LANGUAGES:
        if code != "en":
            translated = home.copy_for_translation(Locale.objects.get(language_code=code))
            translated.title = f"Riverton ({code})"
            translated.save_revision().publish()
            pages[code] = translated.specific
    return pages


def make_process(*, every_language=False, **fields):
    """A process (ProcessPageFactory, with `fields`) under the "Have your say" page of a new
    home page; ``every_language``: that home page exists in every language."""
    from tests.processes.factories import ProcessIndexPageFactory, ProcessPageFactory

    home = make_home_pages()["en"] if every_language else make_home_page()
    return ProcessPageFactory(parent=ProcessIndexPageFactory(parent=home), **fields)
