"""The site's frame: language switcher, hreflang alternates, main menu, footer, breadcrumbs."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Locale, Page, Site

from core.links import absolute_url
from home.models import FooterText, MainMenu
from home.placeholders import TRANSLATED

register = template.Library()

WAGTAIL_SERVE_URL_NAME = "wagtail_serve"


@register.simple_tag
def text_direction(language_code=None):
    """ "rtl" or "ltr" for a language (the active one by default)."""
    code = (language_code or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return "rtl" if get_language_info(code)["bidi"] else "ltr"


def _home_pages_by_language(request):
    """The site's home page in each language that has a live one, cached on the request."""
    cached = getattr(request, "_townhall_homes", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request)
    homes = {}
    if site is not None:
        homes = {
            page.locale.language_code: page
            for page in site.root_page.get_translations(inclusive=True)
            .live()
            .filter(TRANSLATED)
            .select_related("locale")
        }
    request._townhall_homes = homes
    return homes


def _translated_route(request, code):
    """The same non-page view (search…) in another language, or None.

    Pages served by Wagtail are not translated by swapping the prefix: /fr/a-propos/ has no
    reason to exist as /en/a-propos/, so a path Wagtail serves without a page (a 404) gets None.
    """
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.url_name == WAGTAIL_SERVE_URL_NAME:
        return None
    url = translate_url(request.get_full_path(), code)
    return url if url != request.get_full_path() or code == get_language() else None


def _same_subpage(request, page):
    """The routable sub-view being read (a clause's comments…), to add to each translation.

    Translations share their page type, hence its sub-routes, and what those show (comments
    are filed under the translation key) is the same in every language.
    """
    match = getattr(request, "routable_resolver_match", None)
    if match is None or not match.url_name or not hasattr(page, "reverse_subpage"):
        return ""
    try:
        path = page.reverse_subpage(match.url_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return ""
    if not path:
        return ""
    query = request.GET.urlencode() if request.method in {"GET", "HEAD"} else ""
    return path + (f"?{query}" if query else "")


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: the same page when it is translated, else that language's home.

    Returns dicts with code, name (in that language), url, absolute_url, is_current,
    is_default and is_translation (False when the link falls back to the home page: no
    hreflang for it).
    """
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    current = get_language()
    translations = {}
    if isinstance(page, Page) and page.pk:
        translations = {
            translation.locale.language_code: translation
            for translation in page.get_translations(inclusive=True)
            .live()
            .filter(TRANSLATED)  # an alias of the English page is not the page in French
            .select_related("locale")
        }
        if page.live:  # a preview of a draft is its own translation
            translations[page.locale.language_code] = page
    subpage = _same_subpage(request, page) if isinstance(page, Page) else ""
    links = []
    for code, _name in settings.LANGUAGES:
        url = None
        if code in translations:
            url = translations[code].get_url(request)
            if url is not None:
                url += subpage
        elif not isinstance(page, Page):
            url = _translated_route(request, code)
        is_translation = url is not None
        if url is None:
            home = _home_pages_by_language(request).get(code)
            url = home.get_url(request) if home else f"/{code}/"
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": absolute_url(url, request),
                "is_current": code == current,
                "is_default": code == settings.LANGUAGE_CODE,
                "is_translation": is_translation,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The active language's main menu (the default language's when it has none).

    Each item: url, label, page and state: "page" for the page being shown, "true" for a
    section that contains it, "" otherwise (for aria-current). Menu pages chosen in
    another language are swapped for their live translation in one query.
    """
    request = context.get("request")
    current_page = context.get("page")
    locale = Locale.get_active()
    menu = MainMenu.objects.filter(locale=locale).first()
    if menu is None:
        menu = MainMenu.objects.filter(locale=Locale.get_default()).first()
    if menu is None:
        return []
    chosen = [block.value for block in menu.items if block.value["page"] is not None]
    needs_translation = {
        value["page"].translation_key for value in chosen if value["page"].locale_id != locale.pk
    }
    localized = {}
    if needs_translation:
        localized = {
            page.translation_key: page
            for page in Page.objects.live().filter(
                TRANSLATED, translation_key__in=needs_translation, locale=locale
            )
        }
    items = []
    for value in chosen:
        target = value["page"]
        if target.locale_id != locale.pk:
            target = localized.get(target.translation_key, target)
        if not target.live:
            continue
        state = ""
        if isinstance(current_page, Page) and current_page.path:
            if current_page.pk == target.pk:
                state = "page"
            elif current_page.path.startswith(target.path) and target.depth > 2:
                state = "true"  # a section of the site, never the home page
        items.append(
            {
                "url": target.get_url(request),
                "label": value["label"] or target.title,
                "page": target,
                "state": state,
            }
        )
    return items


@register.simple_tag
def footer_text():
    locale = Locale.get_active()
    footer = FooterText.objects.filter(locale=locale, live=True).first()
    if footer is None:
        footer = FooterText.objects.filter(locale=Locale.get_default(), live=True).first()
    return footer.body if footer else ""


@register.simple_tag(takes_context=True)
def localized_home_url(context):
    request = context.get("request")
    homes = _home_pages_by_language(request) if request else {}
    home = homes.get(get_language())
    return home.get_url(request) if home else f"/{get_language()}/"


@register.simple_tag
def breadcrumbs(page):
    """The live pages above this one, from its language's home page down (none for a home).

    An untranslated placeholder above a translated page (see home.placeholders) is skipped.
    """
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    return list(page.get_ancestors().filter(TRANSLATED, depth__gt=1).live())
