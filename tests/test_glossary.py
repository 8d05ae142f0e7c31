"""The glossaries (locale/<language>/glossary.tsv) hold for the interface and the demo.

Every msgstr of every catalogue (django.po, djangojs.po, and the demo's demo/locale/*/demo.po)
and every text of the loaded demo (read back from the database: the .po translations as
stored, and residents' comments from demo/content) is checked against
the words each language's glossary forbids. A failure lists each place and the word, so a
translator can fix it without reading Python. See docs/translation.md.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from demo.strings import demo_strings, reader_text
from townhall.glossary import COLUMNS, forbidden_in, load_glossary

LANGUAGES = ("fr", "ar", "sw")
# Placeholders are code, not words: %(clause_number)s must not count as "clause".
PLACEHOLDER = re.compile(r"%\([^)]*\)[sdifr]|%[sdif]|\{[\w.]*\}")
LOCALE = Path(settings.BASE_DIR) / "locale"
DEMO_LOCALE = Path(settings.BASE_DIR) / "demo" / "locale"
# The terms issue 17 asks every glossary to settle, by their English name.
REQUIRED_TERMS = (
    "consultation",
    "clause",
    "process",
    "comment",
    "proposal",
    "support",
    "survey",
    "response",
    "event",
    "registration",
    "newsletter",
    "subscribe",
    "unsubscribe",
    "feedback",
    "what we did with your feedback",
    "You said / We did",
    "city council",
    "draft",
    "phase",
    "moderation",
    "personal data",
    "consent",
)


def catalogues(language):
    folder = LOCALE / language / "LC_MESSAGES"
    return [folder / name for name in ("django.po", "djangojs.po") if (folder / name).exists()]


def catalogue_problems(language, paths=None):
    problems = []
    for path in catalogues(language) if paths is None else paths:
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
            for text in texts:
                text = PLACEHOLDER.sub("_", reader_text(text))
                for term, word in forbidden_in(language, text):
                    problems.append(
                        f"{path.relative_to(settings.BASE_DIR)} msgid {entry.msgid!r}: "
                        f"{word!r} (glossary: {term.term!r} -> {term.chosen!r})"
                    )
    return problems


def demo_problems(found):
    problems = []
    for item in found:
        for term, word in forbidden_in(item.language, item.text):
            problems.append(
                f"[{item.language}] demo {item.where} ({item.english[:60]!r}): "
                f"{word!r} (glossary: {term.term!r} -> {term.chosen!r})"
            )
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_glossary_covers_the_terms_translators_must_agree_on(language):
    terms = load_glossary(language)
    names = [term.term.casefold() for term in terms]
    for required in REQUIRED_TERMS:
        assert any(name.startswith(required.casefold()) for name in names), (language, required)
    for term in terms:
        assert term.chosen and term.notes, (language, term.term)
    # The file is plain TSV with the documented header, readable outside Python.
    lines = [
        line
        for line in (LOCALE / language / "glossary.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert tuple(lines[0].split("\t")) == COLUMNS


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_interface_uses_no_word_the_glossary_forbids(language):
    assert catalogues(language), f"no catalogue for {language}"
    problems = catalogue_problems(language)
    assert not problems, f"{len(problems)} forbidden words:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demo_catalogues_use_no_word_the_glossary_forbids(language):
    path = DEMO_LOCALE / language / "LC_MESSAGES" / "demo.po"
    assert len(polib.pofile(str(path))) > 300, path
    problems = catalogue_problems(language, [path])
    assert not problems, f"{len(problems)} forbidden words:\n" + "\n".join(problems)


@pytest.fixture
def loaded_demo(demo_site):
    """The texts of the whole demo, as loaded once per session (tests/conftest.py)."""
    return demo_strings(LANGUAGES)


@pytest.mark.django_db
def test_the_demo_content_uses_no_word_the_glossary_forbids(loaded_demo):
    for language in LANGUAGES:
        assert sum(item.language == language for item in loaded_demo) > 300, language
    problems = demo_problems(loaded_demo)
    assert not problems, f"{len(problems)} forbidden words:\n" + "\n".join(problems)


# -- the matcher itself: whole words, clitics, elision, typography ---------------------------


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("fr", "Abonnez-vous à notre Infolettre.", "infolettre*"),
        ("fr", "les infolettres", "infolettre*"),
        ("fr", "Recevez la Lettre d’information", None),
        ("fr", "Désinscrivez-vous", "désinscri*"),
        ("fr", "La réunion commence à 8:00.", r"re:\b\d{1,2}:\d{2}\b"),
        ("fr", "La réunion commence à 8\u00a0h.", None),
        ("fr", "La réunion commence à 8 h 30.", r"re:\d h\b"),
        ("fr", "De 7\u00a0h\u00a045 à 9\u00a0h, 11\u00a0%.", None),
        ("fr", "l'avis", "re:[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]"),
        ("fr", "Vraiment ?", r"re:[ \t][:;!?»]"),
        ("fr", "Vraiment\u00a0?", None),
        ("fr", "Retour à la page d’accueil", None),  # "retour" alone is "back", not feedback
        ("fr", "Merci pour vos retours", "retours"),
        ("ar", "دراجات مكيّفة", "مكيفة"),
        ("ar", "وبالمسودة", None),
        ("ar", "اقرأ العدد واشترك", "اقرأ"),
        ("ar", "اقرؤوا العدد واشتركوا", None),
        ("ar", "قلتم، ففعلنا", "ففعلنا"),
        ("sw", "kwenye kizunguzungu cha Bandari", "kizunguzungu"),
        ("sw", "hujajiandikisha?", "*jiandikish*"),
        ("sw", "saa 3:00 asubuhi", None),
        ("sw", "kuanzia 9:00 hadi 17:00", r"re:(?<!saa )\b\d{1,2}:\d{2}\b"),
    ],
)
def test_forbidden_words_are_found_as_whole_words(language, text, expected):
    words = [word for _term, word in forbidden_in(language, text)]
    if expected is None:
        assert words == []
    else:
        assert expected in words
