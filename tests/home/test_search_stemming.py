"""Search stems words in the visitor's language on PostgreSQL; SQLite matches whole words.

Each database asserts its own documented behaviour (home/search.py, README "Search"):
on PostgreSQL "bike" and "bikes" (english), "national" and "nationaux" (french) find the same
pages; on SQLite they are different words. In Arabic, a word and its form with the
definite article ("دراجات", "الدراجات") find the same pages on both.
"""

import pytest
from bs4 import BeautifulSoup
from django.db import connection

from core import indexing
from tests.factories import StandardPageFactory
from tests.module_data import make_home_pages, module_data

pytestmark = pytest.mark.django_db

STEMS = connection.vendor == "postgresql"

PAGES = {
    "en": [
        ("Cycling plan", "A bike lane on every main road."),
        ("Safer junctions", "Bikes get their own traffic lights."),
        ("Parks", "New benches in the river park."),
    ],
    "fr": [
        ("Plan vélo", "De nouvelles pistes cyclables vers les parcs nationaux."),
        ("Quais", "Un parc national le long du fleuve."),
        ("Marchés", "De nouveaux bancs au marché."),
    ],
    "ar": [
        ("خطة النقل", "مسارات جديدة لجميع الدراجات في المدينة."),
        ("الأحياء", "مواقف دراجات قرب كل محطة."),
        ("الحدائق", "مقاعد جديدة في الحديقة."),
    ],
    "sw": [
        ("Mpango wa baiskeli", "Njia mpya za baiskeli mjini."),
        ("Bustani", "Viti vipya bustanini."),
    ],
}


@pytest.fixture(scope="module")
def _pages(django_db_setup, django_db_blocker):
    """The pages, built once for the module (tests/module_data.py) and indexed for search
    (the run holds index updates back: tests/conftest.py): the tests only search."""
    with module_data(django_db_blocker) as build:
        with build(), indexing.deferred():
            home_pages = make_home_pages()
            for code, entries in PAGES.items():
                for number, (title, introduction) in enumerate(entries):
                    StandardPageFactory(
                        parent=home_pages[code],
                        title=title,
                        slug=f"page-{number}",
                        introduction=introduction,
                        locale=home_pages[code].locale,
                    )
        yield


@pytest.fixture
def pages(_pages, db):
    pass


def found(client, code, query):
    response = client.get(f"/{code}/search/", {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {title.get_text(strip=True) for title in soup.select(".search-result__title")}


def test_english_plural_and_singular(client, pages):
    if STEMS:  # english stemming: both become "bike"
        assert found(client, "en", "bike") == {"Cycling plan", "Safer junctions"}
        assert found(client, "en", "bikes") == {"Cycling plan", "Safer junctions"}
    else:  # whole words only
        assert found(client, "en", "bike") == {"Cycling plan"}
        assert found(client, "en", "bikes") == {"Safer junctions"}
    assert found(client, "en", "BIKE lane") == {"Cycling plan"}  # case never matters


def test_french_plural_and_singular(client, pages):
    # Only the french stemmer makes one word of these: english or simple would not.
    if STEMS:
        assert found(client, "fr", "national") == {"Plan vélo", "Quais"}
        assert found(client, "fr", "nationaux") == {"Plan vélo", "Quais"}
    else:
        assert found(client, "fr", "national") == {"Quais"}
        assert found(client, "fr", "nationaux") == {"Plan vélo"}


def test_arabic_with_and_without_the_article_find_the_same_pages(client, pages):
    both = {"خطة النقل", "الأحياء"}
    assert found(client, "ar", "دراجات") == both
    assert found(client, "ar", "الدراجات") == both
    assert found(client, "ar", "الدراجات المدينة") == {"خطة النقل"}  # every word must match


def test_arabic_stemming_on_postgresql_only(client, pages):
    # "المسارات" (the lanes) and "مسارات" (lanes): the stemmer and the article forms agree.
    assert found(client, "ar", "المسارات") == {"خطة النقل"}
    if STEMS:  # the arabic stemmer gives the singular "الدراجة" the stem of "الدراجات"
        assert found(client, "ar", "الدراجة") == {"خطة النقل"}
    else:  # a different word
        assert found(client, "ar", "الدراجة") == set()


def test_swahili_matches_whole_words_on_both(client, pages):
    assert found(client, "sw", "baiskeli") == {"Mpango wa baiskeli"}
    assert found(client, "sw", "bustani") == {"Bustani"}  # "bustanini" is another word


def test_a_page_is_found_only_in_its_own_language(client, pages):
    assert found(client, "fr", "bikes") == set()
    assert found(client, "en", "nationaux") == set()
