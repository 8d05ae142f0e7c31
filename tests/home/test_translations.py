"""Every interface string is translated into French, Arabic and Swahili, and compiled.

The messages are extracted from the source as it is now, the way ``make messages`` does,
into a scratch copy of locale/: a string added without a translation, a changed string
(marked fuzzy) or a .mo file older than its .po makes these tests fail.

To fix a failure: run ``make messages``, translate the new or fuzzy entries in
locale/{fr,ar,sw}/LC_MESSAGES/*.po (all plural forms, placeholders kept), and run
``make messages`` again to compile.
"""

import gettext
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LANGUAGES = {"fr": 2, "ar": 6, "sw": 2}  # language -> number of plural forms
DOMAINS = ["django", "djangojs"]
# The same folders `make messages` leaves out (see the Makefile).
IGNORE = [".venv", "node_modules", "media", "static"]
SKIP_IN_SCRATCH = {".venv", ".git", "locale", "media", "static", "node_modules", "__pycache__"}
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdfir]|%[sdfir]|\{[A-Za-z_][A-Za-z0-9_]*\}")

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"


@pytest.fixture(scope="module")
def scratch_locale(tmp_path_factory):
    """locale/ after extracting today's strings into a copy of the committed catalogues."""
    root = tmp_path_factory.mktemp("messages")
    for entry in Path(settings.BASE_DIR).iterdir():
        if entry.name in SKIP_IN_SCRATCH or entry.suffix in {".sqlite3", ".log"}:
            continue
        (root / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    shutil.copytree(LOCALE_DIR, root / "locale")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        # Only the scratch copy may be written to, never the real locale/.
        patch.setattr(settings, "LOCALE_PATHS", [str(root / "locale")])
        for domain in DOMAINS:
            call_command(
                "makemessages",
                locale=list(LANGUAGES),
                domain=domain,
                ignore_patterns=IGNORE,
                no_obsolete=True,
                symlinks=True,
                verbosity=0,
            )
    return root / "locale"


def catalogues(locale_dir):
    for code in LANGUAGES:
        for domain in DOMAINS:
            path = Path(locale_dir) / code / "LC_MESSAGES" / f"{domain}.po"
            if path.exists():
                yield code, path


def describe(entry):
    return f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}"


def placeholders(text):
    return set(PLACEHOLDER.findall(text))


def test_catalogues_exist_with_the_right_plural_forms():
    for code, nplurals in LANGUAGES.items():
        path = LOCALE_DIR / code / "LC_MESSAGES" / "django.po"
        assert path.exists(), f"{path} is missing: run make messages"
        header = polib.pofile(str(path)).metadata["Plural-Forms"]
        assert f"nplurals={nplurals};" in header.replace(" ", ""), f"{code}: {header}"


def test_every_interface_string_is_translated(scratch_locale):
    problems = []
    for code, path in catalogues(scratch_locale):
        nplurals = LANGUAGES[code]
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"[{code}] fuzzy (changed in the source?): {describe(entry)}")
            elif entry.msgid_plural:
                forms = [entry.msgstr_plural.get(i, "") for i in range(nplurals)]
                if not all(forms) or len(entry.msgstr_plural) != nplurals:
                    problems.append(f"[{code}] needs {nplurals} plural forms: {describe(entry)}")
            elif not entry.msgstr:
                problems.append(f"[{code}] untranslated: {describe(entry)}")
    assert not problems, f"{len(problems)} interface strings need translating:\n" + "\n".join(
        problems
    )


def single_number_forms(catalogue):
    """The plural forms that serve exactly one number in this language (Arabic: 0, 1, 2;
    Swahili: 1; French: none, its first form serves 0 and 1): a translation may write that
    number as a word ("يومين", "siku moja") instead of its placeholder."""
    plural = gettext.c2py(catalogue.metadata["Plural-Forms"].split("plural=")[1].rstrip("; "))
    numbers = {}
    for n in range(1000):
        numbers.setdefault(plural(n), set()).add(n)
    return {form for form, served in numbers.items() if len(served) == 1}


def test_translations_keep_their_placeholders():
    problems = []
    for code, path in catalogues(LOCALE_DIR):
        catalogue = polib.pofile(str(path))
        single = single_number_forms(catalogue)
        for entry in catalogue.translated_entries():
            if entry.msgid_plural:
                expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
                for index, form in sorted(entry.msgstr_plural.items()):
                    found = placeholders(form)
                    missing = expected - found
                    # Only the count, and only where the form stands for one number.
                    if index in single and len(missing) == 1:
                        missing = set()
                    if found - expected or missing:
                        problems.append(f"[{code}] {describe(entry)} -> {form!r}")
            elif placeholders(entry.msgstr) != placeholders(entry.msgid):
                problems.append(f"[{code}] {describe(entry)} -> {entry.msgstr!r}")
    assert not problems, "Placeholders differ from the English:\n" + "\n".join(problems)


def test_compiled_catalogues_match_the_po_files():
    """The committed .mo files hold exactly the .po translations (run make messages)."""

    def as_dict(catalogue):
        result = {}
        for entry in catalogue:
            if not entry.msgid or "fuzzy" in entry.flags or entry.obsolete:
                continue
            if entry.msgid_plural:
                value = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
                if not all(value):
                    continue
            else:
                value = entry.msgstr
                if not value:
                    continue
            result[(entry.msgctxt, entry.msgid)] = value
        return result

    for _code, path in catalogues(LOCALE_DIR):
        mo_path = path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path} is missing: run make messages"
        expected = as_dict(polib.pofile(str(path)))
        compiled = as_dict(polib.mofile(str(mo_path)))
        stale = {
            key
            for key in expected.keys() | compiled.keys()
            if expected.get(key) != compiled.get(key)
        }
        assert not stale, (
            f"{mo_path} is out of date for {len(stale)} entries, e.g. {sorted(stale, key=str)[:3]}"
        )
