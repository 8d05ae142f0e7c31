"""The site's frame: language switcher, hreflang alternates, main menu, footer, breadcrumbs."""

from functools import lru_cache
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import (
    NoReverseMatch,
    Resolver404,
    get_script_prefix,
    resolve,
    reverse,
    translate_url,
)
from django.utils.translation import get_language, get_language_info, override
from wagtail.models import Page

from core.links import absolute_url, site_root_url
from home.fragments import language_code, page_frame, site_frame
from home.fragments import localized_link as cached_localized_link

register = template.Library()

WAGTAIL_SERVE_URL_NAME = "wagtail_serve"


@register.simple_tag
def text_direction(language_code=None):
    """ "rtl" or "ltr" for a language (the active one by default)."""
    code = (language_code or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return "rtl" if get_language_info(code)["bidi"] else "ltr"


def _home_urls(request):
    """The site's home page URL in each language that has a live one (cached fragment)."""
    return site_frame(request)["home_urls"] if request is not None else {}


def _route_name(request):
    """The URL name (with its namespace) of the non-page view being shown, its arguments,
    and the address's query string; None for a page Wagtail serves (or a 404).

    Pages served by Wagtail are not translated by swapping the prefix: /fr/a-propos/ has no
    reason to exist as /en/a-propos/, so a path Wagtail serves gets no translated route.
    """
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    if match.url_name == WAGTAIL_SERVE_URL_NAME:
        return None
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    return name, match.args, match.kwargs


@lru_cache(maxsize=1024)
def _reversed_in(code, prefix, name, args, kwargs):
    """The address of a named view in a language (the URL patterns never change while the
    process runs, so each is worked out once), or None when it has none."""
    with override(code):
        try:
            return reverse(name, args=args, kwargs=dict(kwargs))
        except NoReverseMatch:
            return None


def _translated_route(request, route, code):
    """The same non-page view (search…) in another language, or None (as translate_url)."""
    if route is None:
        return None
    name, args, kwargs = route
    full_path = request.get_full_path()
    try:
        path = _reversed_in(code, get_script_prefix(), name, tuple(args), tuple(kwargs.items()))
    except TypeError:  # an argument that cannot be a cache key
        path = translate_url(full_path, code)
    else:
        query = urlsplit(full_path).query
        path = full_path if path is None else path + (f"?{query}" if query else "")
    return path if path != full_path or code == get_language() else None


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
    is_page = isinstance(page, Page) and bool(page.pk)
    if is_page:
        translations = dict(page_frame(request, page)["translations"])
        if page.live:  # a preview of a draft is its own translation
            translations[language_code(page.locale_id)] = page.get_url(request)
    subpage = _same_subpage(request, page) if is_page else ""
    route = _route_name(request) if not isinstance(page, Page) else None
    homes = _home_urls(request)
    root = site_root_url(request)
    links = []
    for code, _name in settings.LANGUAGES:
        url = translations.get(code)
        if url is not None:
            url += subpage
        elif not isinstance(page, Page):
            url = _translated_route(request, route, code)
        is_translation = url is not None
        if url is None:
            url = homes.get(code) or f"/{code}/"
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": absolute_url(url, root=root),
                "is_current": code == current,
                "is_default": code == settings.LANGUAGE_CODE,
                "is_translation": is_translation,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def site_frame_data(context):
    """The site's name, logo, footer and links in the active language (home.fragments)."""
    request = context.get("request")
    return site_frame(request)


@register.simple_tag(takes_context=True)
def localized_link(context, page):
    """{"url", "title"} of the page in the active language (else itself), cached: for links
    to a chosen page (featured pages, calls to action)."""
    return cached_localized_link(context.get("request"), page)


@register.simple_tag(takes_context=True)
def privacy_notice_url(context):
    """The privacy notice's URL in the active language (else in its own), or None when the
    site has none live (a cached fragment: no query)."""
    return site_frame(context.get("request"))["privacy_url"]


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The active language's main menu (the default language's when it has none).

    Each item: url, label and state: "page" for the page being shown, "true" for a section
    that contains it, "" otherwise (for aria-current). Menu pages chosen in another language
    are swapped for their live translation; the list is a cached fragment (home.fragments).
    """
    request = context.get("request")
    current_page = context.get("page")
    items = []
    for item in site_frame(request)["menu"]:
        state = ""
        if isinstance(current_page, Page) and current_page.path:
            if current_page.pk == item["pk"]:
                state = "page"
            elif current_page.path.startswith(item["path"]) and item["depth"] > 2:
                state = "true"  # a section of the site, never the home page
        items.append({"url": item["url"], "label": item["label"], "state": state})
    return items


@register.simple_tag(takes_context=True)
def footer_text(context):
    """The footer's words in the active language, links expanded (a cached fragment)."""
    return site_frame(context.get("request"))["footer_html"]


@register.simple_tag(takes_context=True)
def localized_home_url(context):
    homes = _home_urls(context.get("request"))
    return homes.get(get_language()) or f"/{get_language()}/"


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """The live pages above this one (url, title), from its language's home page down (none
    for a home). An untranslated placeholder above a translated page (see home.placeholders)
    is skipped. A cached fragment per page (home.fragments).
    """
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    return page_frame(context.get("request"), page)["breadcrumbs"]
