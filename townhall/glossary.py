"""The translators' glossaries (``locale/<language>/glossary.tsv``) and the check that uses them.

A glossary is a tab-separated file a translator can open in any editor or spreadsheet:

    term <TAB> chosen <TAB> forbidden <TAB> notes

- ``term``: the English term (a word or a phrase of the interface);
- ``chosen``: the word or words to use in this language;
- ``forbidden``: the words not to use for it, separated by `` | ``;
- ``notes``: why, and how to use it.

Lines starting with ``#`` and blank lines are ignored; the first other line is the header.

A forbidden entry is matched against whole words, case-insensitively, after typographic
apostrophes, no-break spaces and tags are made plain, so ``lettre d'information`` also
finds ``Lettre d’information``. In Arabic, short vowels (tashkeel) and tatweel are ignored,
and the word may carry the clitics written joined to it (و ف ب ك ل and the article ال):
``مسودة`` also finds ``والمسودة``, ``بالمسودة`` and ``للمسودة``. Two forms extend a word:

- ``word*`` matches the word and any longer word starting with it (``infolettre*`` finds
  ``infolettres``), ``*word*`` any word containing it (``*jiandikish*`` finds
  ``hujajiandikisha``);
- ``re:PATTERN`` is a Python regular expression searched in the text as written (no-break
  spaces and apostrophes kept), for typography and times, e.g. ``re:\\d{1,2}:\\d{2}``.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings

GLOSSARY_NAME = "glossary.tsv"
COLUMNS = ("term", "chosen", "forbidden", "notes")

# Arabic short vowels, shadda, sukun, dagger alef, and the tatweel that stretches words.
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
# The clitics Arabic writes joined to a word: a conjunction, a preposition, the article.
_ARABIC_PREFIX = "(?:[وف])?(?:[بكل])?(?:ال|ل)?"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})


def glossary_path(language):
    return Path(settings.BASE_DIR) / "locale" / language / GLOSSARY_NAME


def plain(text, language=""):
    """The text as the word matcher compares it: apostrophes and spaces plain, lower case."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    text = re.sub(r"[\s\u00a0\u202f]+", " ", text)
    if language == "ar":
        text = _ARABIC_MARKS.sub("", text)
    return text.casefold()


@dataclass
class Term:
    term: str
    chosen: str
    forbidden: list[str]
    notes: str
    language: str
    line: int
    patterns: list[tuple[str, re.Pattern, bool]] = field(default_factory=list, repr=False)

    def __post_init__(self):
        self.patterns = [(word, *_compile(word, self.language)) for word in self.forbidden]

    def find(self, text):
        """The forbidden entries found in ``text`` (each once), in glossary order."""
        found = []
        plain_text = plain(text, self.language)
        for word, pattern, raw in self.patterns:
            if pattern.search(text if raw else plain_text):
                found.append(word)
        return found


def _compile(word, language):
    """(pattern, searched in the raw text?) for one forbidden entry."""
    if word.startswith("re:"):
        return re.compile(word[3:]), True
    stem = plain(word, language).strip()
    open_start, open_end = stem.startswith("*"), stem.endswith("*")
    stem = stem.strip("*").strip()
    parts = [re.escape(part) for part in stem.split(" ")]
    prefix = ""
    if language == "ar":
        # The article is part of the optional clitics, so ``المسودة`` and ``مسودة`` are
        # written either way in the glossary and find the same words.
        if parts[0].startswith("ال") and len(parts[0]) > 4:
            parts[0] = parts[0][2:]
        prefix = _ARABIC_PREFIX
    body = r"\s".join(parts)
    start = r"\w*" if open_start else prefix
    end = r"\w*" if open_end else ""
    return re.compile(rf"(?<!\w){start}{body}{end}(?!\w)"), False


class GlossaryError(ValueError):
    pass


@cache
def load_glossary(language):
    """The terms of ``locale/<language>/glossary.tsv``, in file order."""
    path = glossary_path(language)
    terms = []
    header = None
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or not "".join(row).strip() or row[0].startswith("#"):
                continue
            if header is None:
                header = tuple(cell.strip().lower() for cell in row)
                if header != COLUMNS:
                    raise GlossaryError(f"{path}:{number}: the header must be {COLUMNS}")
                continue
            if len(row) != len(COLUMNS):
                raise GlossaryError(
                    f"{path}:{number}: {len(row)} columns, expected {len(COLUMNS)} "
                    "(separate them with one tab)"
                )
            term, chosen, forbidden, notes = (cell.strip() for cell in row)
            if not term or not chosen:
                raise GlossaryError(f"{path}:{number}: a term needs its chosen word")
            words = [word.strip() for word in forbidden.split(" | ") if word.strip()]
            for word in words:
                if word.startswith("re:"):
                    try:
                        re.compile(word[3:])
                    except re.error as exc:
                        raise GlossaryError(f"{path}:{number}: {word!r}: {exc}") from exc
            terms.append(Term(term, chosen, words, notes, language, number))
    return terms


def forbidden_in(language, text):
    """[(term, forbidden entry)] for every glossary term whose forbidden words ``text`` uses."""
    return [(term, word) for term in load_glossary(language) for word in term.find(text)]
