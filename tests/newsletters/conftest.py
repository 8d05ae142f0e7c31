"""Fixtures for newsletter tests: topics in two languages and the archive in every language
(issues and subscribers: ``newsletter_page_factory``, ``subscriber_factory``)."""

import pytest

from home.models import Topic
from tests.conftest import shared_page

from .factories import make_archives


@pytest.fixture
def topics(locales):
    """Two topics in English, with French translations sharing their translation keys."""
    made = {}
    for slug, name, french in [
        ("transport", "Transport", "Transports"),
        ("housing", "Housing", "Logement"),
    ]:
        topic = Topic.objects.create(name=name, slug=slug, locale=locales["en"])
        translated = topic.copy_for_translation(locales["fr"])
        translated.name = french
        translated.save()
        made[slug] = topic
        made[f"{slug}-fr"] = translated
    return made


@pytest.fixture
def archives(home_pages, locales):
    """The newsletter archive in every language (translations of the English one), built
    once for a run of tests that use it (tests/conftest.py, SHARED_EXTRAS)."""
    return shared_page("archives") or make_archives(home_pages, locales)
