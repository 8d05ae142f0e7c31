import hashlib
from collections import defaultdict
from typing import NamedTuple

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader
from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap_view
from wagtail.models import Locale, Page

from core.links import absolute_url
from home.fragments import (
    active_locale_id,
    cached,
    cached_each,
    placeholder_ids,
    public_pages,
)
from home.placeholders import TRANSLATED
from home.search import query_words, search_query
from home.serving import find_site
from home.templatetags.text_tags import plain_text

SEARCH_RESULTS_PER_PAGE = 10


class SearchResult(NamedTuple):
    url: str
    title: str
    text: str | None  # the search description, else the introduction's start, else None


def _search_cards(request, ids):
    """What the results list shows of each page (a SearchResult), a fragment kept
    per site and page (with the frame's generation: any page change forgets them all), so a
    second search reads no page: the text is the page's search description, else the start
    of its introduction, a field of its own type (reading it cost a query per page type)."""
    site = find_site(request)
    keys = {pk: f"search-card:{site.pk if site else 0}:{pk}" for pk in ids}

    def build(missing):
        wanted = {key: pk for pk, key in keys.items() if key in missing}
        found = Page.objects.filter(pk__in=wanted.values()).specific().in_bulk()
        cards = {}
        for key, pk in wanted.items():
            page = found.get(pk)
            if page is None:
                continue
            text = None
            if page.search_description:
                text = page.search_description
            elif getattr(page, "introduction", None):
                text = truncatewords(plain_text(page.introduction), 40)
            cards[key] = SearchResult(page.get_url(request), page.title, text)
        return cards

    cards = cached_each(list(keys.values()), build)
    return [cards[keys[pk]] for pk in ids if keys[pk] in cards]


class _KeptHits:
    """A kept search as the paginator reads it: the number of results and the pages of the
    one results page that was kept (the only slice ever asked of it)."""

    def __init__(self, count, pages):
        self._count, self._pages = count, pages

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, _slice):
        return self._pages


def _search_hits(request, query, words, locale_id):
    """(number of results, results page number, ids on it) of a search: kept per site,
    language, words and asked page under the frame's generation (any page change forgets
    them all, as it does the result cards), so the same search asked again, by everyone
    who heard of a consultation on the radio, runs no full-text query."""
    site = find_site(request)
    asked = request.GET.get("page", "")[:20]
    what = "\x1f".join([str(locale_id), asked, *query_words(query)])
    key = f"search-hits:{site.pk if site else 0}:{hashlib.sha1(what.encode()).hexdigest()}"

    def build():
        results = (
            public_pages(Page.objects.live())
            .filter(locale_id=locale_id)
            .exclude(pk__in=placeholder_ids())
            .search(words)
        )
        page = Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(asked or None)
        return (page.paginator.count, page.number, tuple(item.pk for item in page.object_list))

    return cached(key, build)


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    words = search_query(query, translation.get_language())
    if words is None:
        paginator = Paginator(Page.objects.none(), SEARCH_RESULTS_PER_PAGE)
        page = paginator.get_page(None)
        page.object_list = []
    else:
        # Pages as Page: what the list shows of each is kept (_search_cards), so no page is
        # read in its own type, and the locale and placeholders come from the frame's cache.
        locale_id = active_locale_id() or Locale.get_active().pk
        count, number, ids = _search_hits(request, query, words, locale_id)
        paginator = Paginator(_KeptHits(count, ids), SEARCH_RESULTS_PER_PAGE)
        page = paginator.get_page(number)
        page.object_list = _search_cards(request, ids)
    return render(
        request,
        "home/search.html",
        {"search_query": query, "search_results": page, "paginator": paginator},
    )


class MultilingualSitemap(WagtailSitemap):
    """Every live, public page of the site in every language, not just the active one.

    Each entry lists its translations as hreflang alternates (with x-default for the
    default language), as search engines ask of multilingual sites.
    """

    def items(self):
        site = self.get_wagtail_site()
        roots = site.root_page.get_translations(inclusive=True)
        pages = Page.objects.none()
        for root in roots:
            pages |= Page.objects.descendant_of(root, inclusive=True)
        return (
            pages.live()
            .public()
            .filter(TRANSLATED)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        # Translations share a translation_key. They are looked up among this sitemap page's
        # entries, which hold the whole site below the 50,000-entry limit of one page.
        language_codes = dict(Locale.objects.values_list("pk", "language_code"))
        alternates = defaultdict(list)
        for item in pages:
            location = item.get_full_url(self.request)
            if location:
                code = language_codes[item.locale_id]
                alternates[item.translation_key].append({"lang_code": code, "location": location})
                if code == settings.LANGUAGE_CODE:
                    alternates[item.translation_key].append(
                        {"lang_code": "x-default", "location": location}
                    )
        urls = []
        last_mods = set()
        for item in pages:
            links = alternates[item.translation_key]
            translated = len({link["location"] for link in links}) > 1
            for url_info in item.get_sitemap_urls(self.request):
                if translated:
                    url_info = {**url_info, "alternates": links}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


@cache_control(max_age=3600)
def sitemap(request):
    return wagtail_sitemap_view(request, sitemaps={"pages": MultilingualSitemap(request)})


@require_GET
@cache_control(max_age=86400)
def robots_txt(request):
    # On the Site's root URL, like the sitemap's own entries (core/links.py).
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /*/search/",
        f"Sitemap: {absolute_url(reverse('sitemap'), request)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=86400)
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page says.

    Served here, not redirected: outside i18n_patterns it would otherwise be sent to
    /en/favicon.ico, which no page answers.
    """
    path = finders.find("favicon.ico")
    if not path:
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")


def bad_request(request, exception=None):
    """The 400 page, in the language of the address, built from nothing the visitor sent.

    It may be called for a request whose form cannot be decoded, whose host is not allowed
    or whose cookies carry a NUL (see home.middleware): it reads neither the form, the
    session nor the database, and it is not wrapped in CSRF protection, which would read
    the form again (the reason Django's own 400 view answered such requests with a 500).
    """
    language = translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request)
    with translation.override(language):
        html = loader.render_to_string("400.html")
    response = HttpResponseBadRequest(html)
    response["Content-Language"] = language
    return response


def page_not_found(request, exception=None):
    # LocaleMiddleware has activated the language of the URL prefix (or of Accept-Language).
    html = loader.render_to_string("404.html", {"request_path": request.path}, request)
    return HttpResponseNotFound(html)


def server_error(request):
    # No request context and no database: the error may be the database itself.
    try:
        html = loader.render_to_string("500.html")
    except Exception:  # the template itself failed: still answer in the visitor's language
        title = escape(_("Something went wrong"))
        html = f"<!doctype html><title>{title}</title><h1>{title}</h1>"
    return HttpResponseServerError(html)
