"""Similar proposals, in any of the site's languages, on SQLite and PostgreSQL alike.

Text is normalised (Unicode compatibility form, case folded, accents and Arabic short
vowels removed, Arabic letter variants unified), cut into words, and each word into
character trigrams. Two texts are similar by the overlap of their trigram sets (Jaccard),
which tolerates plurals, conjugations and typos in French, Swahili, Arabic and English
without a stemmer or a dictionary per language. Computed in Python over one query of the
page's titles and the start of their descriptions.
"""

import re
import unicodedata

ARABIC_VARIANTS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
WORD = re.compile(r"\w+")
# Words too common to tell ideas apart, in the four languages.
STOP_WORDS = frozenset(
    """the and for with that this from are our more des les une pour dans avec sur aux
    par est qui que plus kwa na ya wa za la katika ni hii hiyo cha vya في من على الى إلى
    عن مع هذا هذه التي الذي او أو""".split()
)
THRESHOLD = 0.18
DESCRIPTION_CHARS = 400


def normalise(text):
    text = unicodedata.normalize("NFKD", text or "").casefold()
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))
    return text.translate(ARABIC_VARIANTS).replace("ـ", "")


def trigrams(text):
    grams = set()
    for word in WORD.findall(normalise(text)):
        if len(word) < 3 or word in STOP_WORDS or word.isdigit():
            continue
        padded = f" {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def score(a, b):
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def rank(title, description, candidates, *, limit=5, exclude=None):
    """[(score, candidate)] best first: candidates are (pk, title, description, obj)."""
    title_grams = trigrams(title)
    all_grams = title_grams | trigrams((description or "")[:DESCRIPTION_CHARS])
    scored = []
    for pk, cand_title, cand_text, obj in candidates:
        if pk == exclude:
            continue
        cand_title_grams = trigrams(cand_title)
        cand_all = cand_title_grams | trigrams((cand_text or "")[:DESCRIPTION_CHARS])
        value = max(score(title_grams, cand_title_grams), score(all_grams, cand_all))
        if value >= THRESHOLD:
            scored.append((value, obj))
    scored.sort(key=lambda pair: -pair[0])
    return scored[:limit]
