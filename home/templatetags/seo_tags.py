"""The page's description for search engines and link previews (``<meta name="description">``).

Every page has one, in the page's language: what the editor wrote as the search description,
else the page's own summary or introduction, else the description of the site's home page in
the active language, else a sentence about the site. It is plain text (rich text loses its tags)
cut on a word boundary, since search engines show about 160 characters.
"""

from django import template
from django.utils.translation import get_language, gettext
from wagtail.models import Site

from home.fragments import active_locale_id, cached

from .text_tags import plain_text

register = template.Library()

MAX_LENGTH = 160
# Fields that describe a page, in order of preference. A page type can name its own with a
# ``meta_description_fields`` attribute.
DESCRIPTION_FIELDS = ("search_description", "summary", "introduction", "hero_text", "preview_text")


def truncate_words(text, limit=MAX_LENGTH):
    """``text`` cut to at most ``limit`` characters at a word boundary, with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.–—-") + "…"


def page_description(page):
    """The first non-empty describing field of ``page``, as plain text ("" when none)."""
    page = getattr(page, "specific_deferred", page)
    for name in getattr(page, "meta_description_fields", DESCRIPTION_FIELDS):
        text = plain_text(getattr(page, name, "") or "")
        if text:
            return text
    return ""


def _home_page(request):
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    home = site.root_page
    locale_id = active_locale_id()  # from the locales fragment, not a query
    if locale_id is None or home.locale_id == locale_id:
        return home
    return home.get_translation_or_none(locale_id) or home


def _home_description(request):
    """(primary key, description) of the home page in the active language, a cached
    fragment per site and language: every page without a description of its own uses it."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None, ""

    def build():
        home = _home_page(request)
        return (home.pk, page_description(home)) if home is not None else (None, "")

    return tuple(cached(f"home-description:{site.pk}:{get_language()}", build))


@register.simple_tag(takes_context=True)
def meta_description(context):
    """The text of the page's meta description (escaped by the template, never empty)."""
    page = context.get("page") or context.get("self")
    text = page_description(page) if hasattr(page, "pk") and page.pk else ""
    if not text:
        home_pk, home_text = _home_description(context.get("request"))
        if home_pk is not None and getattr(page, "pk", None) != home_pk:
            text = home_text
    if not text:
        text = gettext(
            "Take part in public decisions: read the plans, comment on them, and see what "
            "was done with what people said."
        )
    return truncate_words(text)
