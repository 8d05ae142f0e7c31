"""The processes demo: every status, a real consultation in four languages, idempotent."""

from collections import Counter
from types import SimpleNamespace

import pytest
from django.apps import apps
from wagtail.models import Locale

from delivery import subscriptions
from demo.engine import Demo
from demo.loader import ContentLoader
from processes.models import Comment, ConsultationPage, ProcessPage, ProcessStatus

from .helpers import thread_url


def object_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def loaded(demo_site):
    """The whole demo, loaded once per session (tests/conftest.py), and its locales."""
    return SimpleNamespace(
        locales={locale.language_code: locale for locale in Locale.objects.all()}
    )


@pytest.mark.django_db
def test_the_demo_shows_every_status_in_four_languages(loaded):
    processes = {page.slug: page for page in ProcessPage.objects.filter(locale__language_code="en")}
    assert processes["cycling-strategy"].status == ProcessStatus.OPEN
    assert processes["riverside-park"].status == ProcessStatus.OPEN  # ideas now, workshops next
    assert processes["library-hours"].status == ProcessStatus.UPCOMING
    assert processes["old-port-buses"].status == ProcessStatus.CLOSED
    for page in processes.values():
        languages = {t.locale.language_code for t in page.get_translations(inclusive=True).live()}
        assert languages == {"en", "fr", "ar", "sw"}
        french = page.get_translation(loaded.locales["fr"]).specific
        assert french.title != page.title  # really translated, not copied
        assert [p.title for p in french.sorted_phases] != [p.title for p in page.sorted_phases]


@pytest.mark.django_db
def test_the_cycling_consultation_has_twenty_clauses_and_varied_comments(loaded):
    consultation = ConsultationPage.objects.get(slug="draft-strategy", locale__language_code="en")
    clauses = [item for item in consultation.numbered_items if item.is_clause]
    assert len(clauses) >= 20
    assert "3.2" in [item.number for item in clauses]
    comments = list(Comment.objects.for_target(consultation))
    assert len(comments) >= 60
    assert set(Counter(c.language for c in comments)) == {"en", "fr", "ar", "sw"}
    channels = Counter(c.channel for c in comments)
    assert channels["meeting"] >= 3 and channels["paper"] >= 3
    assert sum(1 for c in comments if c.is_reply) >= 10
    asked = set(
        subscriptions.asked(
            subscriptions.Kind.OUTCOME, consultation.process.translation_key
        ).values_list("address", flat=True)
    )
    assert sum(1 for c in comments if c.user_email.lower() in asked) >= 5
    assert all(c.clause_text_snapshot for c in comments if c.clause_id)


@pytest.mark.django_db
def test_an_arabic_reader_sees_comments_from_every_language_on_clause_3_2(client, loaded):
    english = ConsultationPage.objects.get(slug="draft-strategy", locale__language_code="en")
    arabic = english.get_translation(loaded.locales["ar"]).specific
    clause = next(item.id for item in english.numbered_items if item.number == "3.2")
    body = client.get(thread_url(arabic, clause)).content.decode()
    assert 'dir="rtl"' in body
    assert "The Old Port roundabout is terrifying" in body
    assert 'lang="fr"' in body and 'lang="sw"' in body


@pytest.mark.django_db
def test_loading_the_demo_again_changes_nothing(loaded):
    before = object_counts()
    demo = Demo()
    ContentLoader(demo).load("processes")
    demo.finish()
    assert object_counts() == before
