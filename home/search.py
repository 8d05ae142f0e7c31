"""Site search in each page's own language.

The search backend (``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "home.search"``)
------------------------------------------------------------------------------------------
Wagtail's database backend keeps one index row per object, built with one PostgreSQL text
search configuration (``SEARCH_CONFIG``). One backend per language cannot work with it:
every backend writes the same rows, so the last one to index a page decides its stems.

On PostgreSQL, ``LocalizedPostgresSearchBackend`` therefore builds each object's row with
the configuration of the object's own locale (``SEARCH_CONFIGS``: english, french, arabic;
simple, which does not stem, for Swahili, which PostgreSQL has no stemmer for), and parses
a query with the configuration of the active language: the search view shows only pages
in that language, so a query and the pages it can find are always stemmed alike ("bikes"
and "bike" both become "bike"). Objects without a locale (images, documents) are indexed
with the default language's configuration.

On SQLite (a laptop, the tests) Wagtail uses SQLite's FTS5 full-text index, which has no
stemming: whole words match, ignoring case and accents, and "bike" does not find "bikes".

Queries (``search_query``)
--------------------------
The visitor's text is cut into words (letters and digits; punctuation, quotes and control
characters are separators, as they are for both full-text indexes), at most ten, so nothing
typed can break the backends' query syntax. In Arabic each word is also searched with or without the
definite article "ال": PostgreSQL's Arabic stemmer gives "دراجات" and "الدراجات" different
stems, and SQLite does not remove the article at all, so on either database the two forms
find the same pages.
"""

import copy
import re
from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.utils import translation
from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend
from wagtail.search.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from wagtail.search.query import And, Or, PlainText

MAX_QUERY_WORDS = 10
WORD = re.compile(r"\w+")
ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
ARABIC_ARTICLE = "ال"


# -- queries ---------------------------------------------------------------------------


def query_words(text):
    return WORD.findall(text)[:MAX_QUERY_WORDS]


def word_forms(word, language):
    """The forms a word is searched in: itself and, in Arabic, with or without "ال"."""
    if language != "ar" or not ARABIC_WORD.fullmatch(word) or len(word) < 3:
        return [word]
    if word.startswith(ARABIC_ARTICLE) and len(word) > len(ARABIC_ARTICLE) + 2:
        return [word, word.removeprefix(ARABIC_ARTICLE)]
    return [word, ARABIC_ARTICLE + word]


def search_query(text, language):
    """A query that finds pages containing every word of `text`, or None if it has none."""
    parts = []
    for word in query_words(text):
        forms = word_forms(word, language)
        parts.append(
            PlainText(forms[0]) if len(forms) == 1 else Or([PlainText(form) for form in forms])
        )
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


# -- the PostgreSQL backend -------------------------------------------------------------


class LocalizedPostgresIndex(PostgresIndex):
    def add_items(self, model, objs):
        """Index each object with its own language's configuration, a batch per language."""
        languages = self.backend.languages_by_locale()
        batches = defaultdict(list)
        for obj in objs:
            language = languages.get(getattr(obj, "locale_id", None), settings.LANGUAGE_CODE)
            batches[self.backend.config_for_language(language)].append(obj)
        for config, batch in batches.items():
            # The parent indexes with backend.config: give it a copy set to this language's.
            backend = copy.copy(self.backend)
            backend.config = config
            PostgresIndex(backend).add_items(model, batch)


class LocalizedPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    def get_config(self, backend):
        return backend.config_for_language(translation.get_language())


class LocalizedPostgresSearchBackend(PostgresSearchBackend):
    index_class = LocalizedPostgresIndex
    query_compiler_class = LocalizedPostgresSearchQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        self.configs = dict(params.get("SEARCH_CONFIGS", {}))
        self.default_config = self.config or "simple"

    def config_for_language(self, language):
        code = (language or settings.LANGUAGE_CODE).split("-")[0]
        return self.configs.get(code, self.default_config)

    def languages_by_locale(self):
        from wagtail.models import Locale

        return dict(Locale.objects.values_list("pk", "language_code"))


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    """PostgreSQL: stemming in each page's language. Other databases: Wagtail's own."""
    if connection.vendor == "postgresql":
        return LocalizedPostgresSearchBackend(params)
    params = {key: value for key, value in params.items() if key != "SEARCH_CONFIGS"}
    return DatabaseSearchBackend(params)
