"""Every text of the loaded demo a reader sees in French, Arabic or Swahili.

The glossary test (tests/test_glossary.py) and translators reviewing the demo read the demo
through this module, not through the Python files that happen to hold it today: the texts
are taken from the database after ``load_demo`` has run, so they are found wherever the
demo keeps them (Python literals, data files, ``.po`` catalogues imported by the demo).

- Pages and snippets are translated with wagtail-localize: each translated segment is a
  ``StringTranslation`` in the target locale (titles, rich text paragraphs, StreamField
  texts, form labels, alt texts, topics, menu, footer).
- Residents' comments are written in their own language (``Comment.language``).

Slugs are left out: they are addresses, the same in every language.
"""

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup
from wagtail_localize.models import StringSegment, StringTranslation

from processes.models import Comment


def reader_text(html):
    """The text a reader sees: tags dropped, entities decoded, ``<br>`` a space, runs of
    ordinary white space collapsed. No-break spaces are kept: they are typography."""
    if "<" in html or "&" in html:
        soup = BeautifulSoup(html, "html.parser")
        for br in soup.find_all("br"):
            br.replace_with(" ")
        html = soup.get_text()
    return re.sub(r"[ \t\r\n]+", " ", html).strip()


@dataclass(frozen=True)
class DemoString:
    language: str
    where: str  # "page 'Title' (PageModel) body.3.value" or "comment #12 by Amina"
    english: str  # the English source, empty for texts written in the language itself
    text: str  # as a reader sees it: tags dropped, entities decoded


def _sources_by_string():
    """(string id, context id) -> a readable name of the object and field it comes from."""
    places = {}
    segments = StringSegment.objects.select_related("source", "context")
    for segment in segments:
        source = segment.source
        key = (segment.string_id, segment.context_id)
        if key not in places:
            label = source.object_repr or source.specific_content_type.model
            places[key] = f"{source.specific_content_type.model} {label!r} {segment.context.path}"
    return places


def demo_strings(languages=("fr", "ar", "sw")):
    """The demo's texts in ``languages``, as a list of DemoString, in a stable order."""
    places = _sources_by_string()
    found = []
    translations = (
        StringTranslation.objects.filter(locale__language_code__in=languages)
        .select_related("locale", "translation_of", "context")
        .order_by("locale__language_code", "pk")
    )
    for item in translations:
        if item.context.path.rsplit(".", 1)[-1] == "slug":
            continue  # part of the address, kept as it is in every language
        where = places.get((item.translation_of_id, item.context_id), item.context.path)
        found.append(
            DemoString(
                language=item.locale.language_code,
                where=where,
                english=reader_text(item.translation_of.data),
                text=reader_text(item.data),
            )
        )
    comments = Comment.objects.filter(language__in=languages).order_by("language", "pk")
    for comment in comments:
        found.append(
            DemoString(
                language=comment.language,
                where=f"comment #{comment.pk} by {comment.name or 'anonymous'}",
                english="",
                text=reader_text(comment.comment),
            )
        )
    return found
