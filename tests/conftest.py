"""Fixtures every app's tests share: four locales and a site whose home page exists in each."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Locale, Page, Site

from home.models import HomePage

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


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
    from django.contrib.contenttypes.models import ContentType

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


@pytest.fixture(scope="session")
def public_pages(django_db_setup, django_db_blocker):
    """One page of each public page type in English and Arabic, rendered once per session from
    the demo content (tests/public_pages.py). The demo is loaded in a transaction that is rolled
    back, so no other test sees it."""
    from django.db import transaction

    from tests.public_pages import render_public_pages

    with django_db_blocker.unblock():
        cache.clear()
        with transaction.atomic():
            pages = render_public_pages()
            transaction.set_rollback(True)
        cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    return pages
