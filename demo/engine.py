"""The engine under ``manage.py load_demo``: find-or-create pages, snippets and images, and
translate them into fr, ar and sw through wagtail-localize.

demo/loader.py reads the data files (demo/content/*.yaml) and calls this engine; the
translations come from the .po catalogues (demo/locale/<lang>/LC_MESSAGES/demo.po,
``catalogue()``). Everything here is idempotent: running ``load_demo`` again finds what
exists and changes nothing. See demo/README.md.
"""

import json
import re
from collections.abc import Mapping
from functools import cache
from io import BytesIO
from pathlib import Path

import polib
from bs4 import BeautifulSoup
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.images import ImageFile
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.functional import cached_property
from modelcluster.models import ClusterableModel, get_serializable_data_for_fields
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    DraftStateMixin,
    Locale,
    Page,
    RevisionMixin,
    Site,
    TranslatableMixin,
)
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import (
    RelatedObjectSegment,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

from home.models import MainMenu

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# The demo's pictures (flat illustrations, drawn once with Pillow and kept as files).
IMAGES = Path(__file__).resolve().parent / "content" / "images"

SOURCE_LANGUAGE = "en"
TARGET_LANGUAGES = ("fr", "ar", "sw")

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+(\s*,\s*[^@\s]+@[^@\s]+\.[^@\s]+)*$")
_URL_RE = re.compile(r"^(https?://|mailto:|tel:|/)\S*$")


MENU_NAME = "Main menu"


@cache
def catalogue():
    """The demo's .po catalogues: ``{language: {context or None: {English: translation}}}``.

    Read with polib (no GNU gettext needed). An entry without msgctxt serves every object;
    one with msgctxt (the object's key, e.g. ``about`` or ``Topic:transport``) only that one.
    """
    result = {}
    for code in TARGET_LANGUAGES:
        entries = result[code] = {}
        for entry in polib.pofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "demo.po")):
            if entry.msgstr and not entry.obsolete:
                entries.setdefault(entry.msgctxt, {})[entry.msgid] = entry.msgstr
    return result


def translations_for(context):
    """``{language: {English: translation}}`` for the object named ``context``."""
    return {
        code: {**texts.get(None, {}), **texts.get(context, {})}
        for code, texts in catalogue().items()
    }


class DemoTranslationError(Exception):
    """Raised when ``demo.translate`` is missing text for a segment in some language.

    The message names the object, the language, the field path and the English text,
    so a demo author can add exactly what is missing.
    """


def normalise(text):
    """The text of a segment or key, as a reader sees it, for matching.

    Tags are dropped (``<a id="a1">here</a>`` and ``<a href="/x">here</a>`` both give
    ``here``), ``<br>`` counts as a space, entities are decoded and runs of white
    space collapse to one space.
    """
    if "<" in text or "&" in text:
        soup = BeautifulSoup(text, "html.parser")
        for br in soup.find_all("br"):
            br.replace_with(" ")
        text = soup.get_text()
    return " ".join(text.split())


def _has_markup(html):
    """True when a segment holds inline tags (bold, links) other than line breaks."""
    soup = BeautifulSoup(html, "html.parser")
    return any(tag.name != "br" for tag in soup.find_all(True))


def _segment_html(source_html, translated):
    """Turn an author's translation into the HTML fragment wagtail-localize stores.

    Plain text is escaped and its newlines become ``<br>``, as wagtail-localize does
    for the source. When the source segment carries inline markup, the translation is
    HTML too: attributes are dropped, and the n-th link gets the id of the n-th link of
    the English (``<a href="/x">`` or ``<a>`` becomes ``<a id="a1">``), so it keeps its
    target, unless the author wrote the id.
    """
    translated = translated.strip()
    if not _has_markup(source_html):
        return StringValue.from_plaintext(translated).data
    source_ids = [a.get("id") for a in BeautifulSoup(source_html, "html.parser").find_all("a")]
    soup = BeautifulSoup(translated, "html.parser")
    next_source_id = iter(source_ids)
    for tag in soup.find_all(True):
        written_id = tag.get("id")
        tag.attrs = {}
        if tag.name == "a":
            element_id = written_id or next(next_source_id, None)
            if element_id:
                tag.attrs = {"id": element_id}
    return StringValue.from_translated_html(str(soup)).data


def _keeps_source_text(path, text):
    """Segments that stay as they are unless a translation is given explicitly.

    Slugs (``/fr/about/`` is fine; Django's slugify would drop Arabic letters),
    e-mail addresses, addresses of web pages and text with no letters at all
    (numbers, dates written in digits).
    """
    last = path.rsplit(".", 1)[-1]
    if last == "slug":
        return True
    plain = normalise(text)
    if _EMAIL_RE.match(plain) or _URL_RE.match(plain):
        return True
    return not any(ch.isalpha() for ch in plain)


def _content_data(instance):
    if isinstance(instance, ClusterableModel):
        return json.loads(instance.to_json())
    return json.loads(json.dumps(get_serializable_data_for_fields(instance), cls=DjangoJSONEncoder))


def _translation_relevant(model, data):
    """Only the fields wagtail-localize translates or synchronises.

    Tree bookkeeping (``numchild`` grows when a child page is added) and revision
    pointers change without the content changing; comparing them would make every
    second run re-save every translation.
    """
    return {
        field.field_name: data.get(field.field_name) for field in get_translatable_fields(model)
    }


# An apostrophe between two letters (l'avis, aujourd'hui): French writes it ’ (U+2019).
_ELIDING_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
# Times and percentages keep their number: 8 h, 8 h 30, 11 %.
_NUMBER_UNIT_SPACE = re.compile(r"(?<=\d) (?=h\b|%)|(?<=\d[ \u00a0]h) (?=\d\d\b)")


def french_typography(text):
    """French text as it is printed: ’ for the apostrophe, ``french_spacing``, and no-break
    spaces inside times and before % (``8 h 30``, ``11 %``).

    The glossary (locale/fr/glossary.tsv) asks for both; the demo applies them to every
    French text it stores, so authors may type plain apostrophes and spaces.
    """
    text = _NUMBER_UNIT_SPACE.sub("\u00a0", _ELIDING_APOSTROPHE.sub("\u2019", text))
    return french_spacing(text)


def french_spacing(text):
    """No-break spaces where French typography puts a space: before : ; ? ! » and after «."""
    for plain, fixed in (
        (" :", "\u00a0:"),
        (" ;", "\u00a0;"),
        (" ?", "\u00a0?"),
        (" !", "\u00a0!"),
        ("« ", "«\u00a0"),
        (" »", "\u00a0»"),
    ):
        text = text.replace(plain, fixed)
    return text


class Demo:
    """Finds or creates pages, snippets and images, and translates them (demo/README.md).

    ``locales`` and ``home_pages`` by language code, ``site`` (the default Site), ``topics``
    (English Topic by slug, filled by demo/loader.py), ``stdout`` for progress.
    """

    languages = TARGET_LANGUAGES

    def __init__(self, stdout=None, verbosity=1):
        self.stdout = stdout
        self.verbosity = verbosity
        self.pages = {}
        self.topics = {}
        # Translations saved while something they refer to (a snippet) was not yet
        # translated; ``finish()`` saves them again so they point at the translation.
        self._pending = set()

    # -- context -------------------------------------------------------------

    @cached_property
    def locales(self):
        codes = (SOURCE_LANGUAGE, *TARGET_LANGUAGES)
        return {code: Locale.objects.get_or_create(language_code=code)[0] for code in codes}

    @property
    def site(self):
        return Site.objects.get(is_default_site=True)

    @property
    def home_pages(self):
        root = self.site.root_page.specific
        return {
            page.locale.language_code: page
            for page in root.get_translations(inclusive=True).select_related("locale").specific()
        }

    def log(self, message):
        if self.stdout is not None and self.verbosity >= 1:
            self.stdout.write(message)

    # -- creating ------------------------------------------------------------

    def get_or_create_page(self, parent, model, slug, **fields):
        """The child of ``parent`` with this slug, created and published if missing.

        ``parent`` is an English page; the new page is English (it takes the parent's
        locale). ``fields`` are passed to the model, including inline children, e.g.
        ``form_fields=[FormField(label="Your name", field_type="singleline")]``.
        An existing page is returned unchanged: editors' edits are never overwritten.
        """
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            existing = existing.specific
            if not isinstance(existing, model):
                raise TypeError(
                    f"{parent.url_path}{slug}/ is a {type(existing).__name__}, "
                    f"not a {model.__name__}"
                )
            return existing
        page = model(slug=slug, locale_id=parent.locale_id, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        self.log(f"  created page {page.url_path}")
        return page

    def get_or_create(self, model, defaults=None, **lookup):
        """``get_or_create`` in English; draft-state models are published when created."""
        if issubclass(model, TranslatableMixin):
            lookup.setdefault("locale", self.locales[SOURCE_LANGUAGE])
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        if created and isinstance(obj, RevisionMixin):
            revision = obj.save_revision()
            if isinstance(obj, DraftStateMixin):
                revision.publish()
                obj.refresh_from_db()
        return obj

    def add_menu_item(self, page, position=None):
        """Add an English page to the main menu once (each language shows its title)."""
        menu = self.get_or_create(MainMenu, defaults={"name": MENU_NAME})
        raw = [dict(item) for item in menu.items.raw_data]
        if not any(item["value"].get("page") == page.pk for item in raw):
            item = {"type": "item", "value": {"page": page.pk, "label": ""}}
            raw.insert(len(raw) if position is None else position, item)
            menu.items = raw
            menu.save()
        self.translate(menu, translations_for("MainMenu"))
        return menu

    def image(self, name, *, title=None, description=""):
        """A Wagtail image from ``demo/content/images/<name>.jpg``, created once, found by title.

        ``description`` is its default alt text (in English).
        """
        image_model = get_image_model()
        title = title or name.replace("-", " ").capitalize()
        existing = image_model.objects.filter(title=title).first()
        if existing is not None:
            return existing
        filename = f"{name}.jpg"
        content = ImageFile(BytesIO((IMAGES / filename).read_bytes()), name=filename)
        image = image_model(title=title, file=content, collection=self._collection())
        if hasattr(image, "description"):
            image.description = description
        image.file_size = content.size
        image.save()
        image._set_file_hash()
        image.save(update_fields=["file_hash"])
        self.log(f"  created image {title!r}")
        return image

    def _collection(self):
        root = Collection.get_first_root_node()
        existing = root.get_children().filter(name="Riverton demo").first()
        return existing or root.add_child(name="Riverton demo")

    # -- translating ---------------------------------------------------------

    def translate(self, obj, translations):
        """Translate a page or translatable snippet into fr, ar and sw with wagtail-localize.

        ``translations`` is ``{"fr": {english: french, ...}, "ar": {...}, "sw": {...}}``, keyed
        by the English text of each segment wagtail-localize extracts (matching rules in
        demo/README.md). Raises DemoTranslationError, before writing anything, listing every
        segment with no text in some language. Returns ``{code: translated object}``.
        Idempotent: nothing is written when the source and texts are unchanged.
        """
        obj = obj.specific if isinstance(obj, Page) else obj
        obj = type(obj).objects.get(pk=obj.pk)  # the stored state, not a stale copy
        if obj.locale.language_code != SOURCE_LANGUAGE:
            raise ValueError(f"{obj!r} is not in English; translate the English source.")

        source, source_changed = self._source_for(obj)
        segments = list(
            StringSegment.objects.filter(source=source)
            .select_related("string", "context")
            .order_by("order")
        )
        texts = self._resolve_texts(obj, segments, translations)

        results = {}
        for code in TARGET_LANGUAGES:
            locale = self.locales[code]
            translation, _created = Translation.objects.get_or_create(
                source=source, target_locale=locale, defaults={"enabled": True}
            )
            if not translation.enabled:
                translation.enabled = True
                translation.save(update_fields=["enabled"])
            strings_changed = self._store_strings(segments, texts[code], locale)
            target = self._existing(source, locale)
            if (
                target is None
                or source_changed
                or strings_changed
                or translation.pk in self._pending
            ):
                target = self._save_target(translation)
            results[code] = target
        return results

    def _source_for(self, obj):
        existing = TranslationSource.objects.get_for_instance_or_none(obj)
        if existing is not None:
            model = type(obj)
            if _translation_relevant(model, _content_data(obj)) == _translation_relevant(
                model, json.loads(existing.content_json)
            ):
                return existing, False
        source, _created = TranslationSource.update_or_create_from_instance(obj)
        return source, True

    def _resolve_texts(self, obj, segments, translations):
        if not isinstance(translations, Mapping):
            raise TypeError("translations must be a dict: {'fr': {...}, 'ar': {...}, 'sw': {...}}")
        texts = {code: {} for code in TARGET_LANGUAGES}
        missing = []
        for code in TARGET_LANGUAGES:
            given = translations.get(code) or {}
            lookup = {normalise(key): value for key, value in given.items()}
            if code == "fr":
                lookup = {
                    key: french_typography(value) if isinstance(value, str) else value
                    for key, value in lookup.items()
                }
            for segment in segments:
                english = segment.string.data
                path = segment.context.path
                value = lookup.get(normalise(english))
                if value is None or not str(value).strip():
                    if _keeps_source_text(path, english):
                        texts[code][segment.pk] = english
                        continue
                    missing.append((code, path, StringValue(english).render_text()))
                    continue
                texts[code][segment.pk] = _segment_html(english, str(value))
        if missing:
            lines = [f"  [{code}] {path}: {text!r}" for code, path, text in sorted(set(missing))]
            raise DemoTranslationError(
                f"Missing demo translations for {type(obj).__name__} {obj!s} "
                f"({len(lines)}):\n" + "\n".join(lines)
            )
        return texts

    def _store_strings(self, segments, texts, locale):
        changed = False
        existing = {
            (item.translation_of_id, item.context_id): item
            for item in StringTranslation.objects.filter(
                locale=locale,
                translation_of_id__in=[s.string_id for s in segments],
                context_id__in=[s.context_id for s in segments],
            )
        }
        for segment in segments:
            data = texts[segment.pk]
            item = existing.get((segment.string_id, segment.context_id))
            if item is None:
                StringTranslation.objects.create(
                    translation_of_id=segment.string_id,
                    context_id=segment.context_id,
                    locale=locale,
                    data=data,
                    translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                )
                changed = True
            elif item.data != data or item.has_error:
                item.data = data
                item.has_error = False
                item.field_error = ""
                item.save()
                changed = True
        return changed

    def _existing(self, source, locale):
        try:
            return source.get_translated_instance(locale)
        except ObjectDoesNotExist:
            return None

    def _save_target(self, translation):
        """``Translation.save_target`` with the publishing done here and now.

        wagtail-localize publishes pages and draft-state snippets in
        ``transaction.on_commit``; load_demo runs inside a transaction (and tests
        inside one that never commits), so we save a draft and publish it ourselves.
        """
        source = translation.source
        original = source.as_instance()
        draftable = isinstance(original, Page | DraftStateMixin)
        target, _created = source.create_or_update_translation(
            translation.target_locale,
            publish=not draftable,
            fallback=True,  # strings are all checked above; this covers related objects
            copy_parent_pages=True,
        )
        if draftable:
            target.refresh_from_db()
            target.get_latest_revision().publish()
            target.refresh_from_db()
        related = RelatedObjectSegment.objects.filter(source=source).select_related("object")
        if any(not seg.object.has_translation(translation.target_locale) for seg in related):
            self._pending.add(translation.pk)
        else:
            self._pending.discard(translation.pk)
        return target

    def finish(self):
        """Save again translations that referred to snippets translated only later."""
        for translation in Translation.objects.filter(pk__in=list(self._pending)):
            self._save_target(translation)
