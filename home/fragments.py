"""The site's frame (header, footer, menu, language links, breadcrumbs), cached per site/language.

Every public page shows the same header and footer: the site's name and logo, the main menu,
the footer text and links, the home page in each language. Reading them costs a dozen
queries a page; here they are read once per site and language, kept as plain data (strings
and dicts, never model instances: a cache may be Redis), and reused until something they
read changes. What depends on the page being shown (its translations for the language links,
its breadcrumbs) is cached per page the same way.

Purge: every key carries a *generation*, a value stored in the cache itself. A change to
anything the frame reads (a page saved, published, unpublished, moved or deleted; a view
restriction; the main menu, the footer text, the site settings, their social links, a site
or a locale; an image, for the logo; a document or an embed, which a kept page body shows)
sets a new generation, so every fragment of every site
and language is rebuilt on its next read. Changes to these are rare (editors, not visitors,
make them), so purging everything is simpler and safer than working out which fragments a
change touches. The old entries expire on their own (``TOWNHALL_FRAGMENT_CACHE_SECONDS``).

The receivers are connected in ``HomeConfig.ready()`` (``connect_purge_receivers``). Whole
page caching, and its own purge, is a separate layer on top of this one. The site and each
address's route (home/serving.py) are kept here too: they change with the same edits.
"""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db.models import Q, Subquery
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language
from wagtail.documents import get_document_model
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.rich_text import expand_db_html
from wagtail.signals import page_published, page_unpublished, post_page_move, published
from wagtail.signals import unpublished as snippet_unpublished

from core.conf import setting
from home import placeholders
from home.models import FooterText, MainMenu, SiteSettings, SocialLink
from home.placeholders import TRANSLATED

GENERATION_KEY = "townhall:frame:generation"
LOGO_FILTER = "height-48"


# The generation read once for the request being served (``generation_for_request``):
# a page reads a dozen fragments, each would otherwise read the generation again.
_request_generation = ContextVar("townhall_frame_generation", default=None)


def generation():
    """The current generation: part of every fragment key, changed by ``purge()``."""
    value = _request_generation.get()
    if value is not None:
        return value
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = _new_generation()
        if not cache.add(GENERATION_KEY, value, None):
            value = cache.get(GENERATION_KEY, value)
    return value


@contextmanager
def generation_for_request():
    """Read the generation once for everything served inside (one request): a purge made
    meanwhile by this request is seen at once, one by another process from its next
    request on (as a fragment read a moment earlier would be)."""
    token = _request_generation.set(generation())
    try:
        yield
    finally:
        _request_generation.reset(token)


def _new_generation():
    """A generation never used before. Not the clock: under a frozen clock (the tests'
    time travel) two purges would give one value, and what this process keeps of the
    generation (``cached(local=True)``: the request's site) would outlive the purge."""
    return uuid.uuid4().hex


def purge(**kwargs):
    """Forget every cached fragment (a signal receiver: any arguments are ignored)."""
    value = _new_generation()
    cache.set(GENERATION_KEY, value, None)
    if _request_generation.get() is not None:
        _request_generation.set(value)


def _purge_unless_created(created=False, **kwargs):
    """SiteSettings.for_site() creates the row, with its defaults, on a site's first read:
    that changes nothing a fragment shows (and would throw away the one being built)."""
    if not created:
        purge()


def fragment_key(key, version=None):
    """The cache key of a fragment under this generation (the current one by default)."""
    return f"townhall:frame:{generation() if version is None else version}:{key}"


def store(key, value, version=None, timeout=None):
    """Keep a fragment under this generation (read before computing it: a purge meanwhile
    then leaves it unread)."""
    timeout = timeout or setting("TOWNHALL_FRAGMENT_CACHE_SECONDS")
    cache.set(fragment_key(key, version), value, timeout)


def cached(key, build, timeout=None, local=False):
    """The fragment ``key``, built by ``build()`` (plain data) when not cached yet, kept
    until the next purge or ``timeout`` seconds (``TOWNHALL_FRAGMENT_CACHE_SECONDS``).

    ``local``: also kept in this process until the generation changes (no cache read,
    nothing to unpickle), for what every request reads and only a purge changes (the
    request's site, the site's frame). The value is then shared: never change it.
    """
    version = generation()
    full_key = fragment_key(key, version)
    if local:
        values = _local_values(version)
        value = values.get(full_key)
        if value is not None:
            return value
    value = cache.get(full_key)
    if value is None:
        value = build()
        store(key, value, version, timeout)
    if local and value is not None:
        if len(values) >= LOCAL_MAX_ENTRIES:  # hosts are many only if ALLOWED_HOSTS is "*"
            values.clear()
        values[full_key] = value
    return value


LOCAL_MAX_ENTRIES = 256
_local = {"generation": None, "values": {}}


def _local_values(version):
    """This process's fragments of this generation (those of an older one are dropped)."""
    if _local["generation"] != version:
        _local["values"] = {}
        _local["generation"] = version
    return _local["values"]


def locale_ids():
    """{language code: Locale id} of the site's locales (a cached fragment)."""
    return cached("locales", lambda: dict(Locale.objects.values_list("language_code", "id")))


def language_code(locale_id):
    """The language code of a Locale id (from the cached fragment, else the database)."""
    for code, pk in locale_ids().items():
        if pk == locale_id:
            return code
    return Locale.objects.get(pk=locale_id).language_code


def default_locale_id():
    """The id of the default language's Locale (as ``Locale.get_default()``), from the
    cached fragment."""
    return locale_ids().get(django_settings.LANGUAGE_CODE) or Locale.get_default().pk


def active_locale_id():
    """The id of the active language's Locale, else the default language's (as
    ``Locale.get_active()``), from the cached fragment."""
    ids = locale_ids()
    return ids.get(_language()) or ids.get(django_settings.LANGUAGE_CODE.split("-")[0])


def localized(page):
    """``page.localized`` (the live translation in the active language, else the page)
    without reading the active Locale from the database: one query at most, none when the
    page is already in the active language."""
    if page is None or not getattr(page, "pk", None):
        return page
    locale_id = active_locale_id()
    if locale_id is None or page.locale_id == locale_id:
        return page
    translation = page.get_translation_or_none(locale_id)
    return translation if translation is not None and translation.live else page


def localized_link(request, page):
    """{"url", "title"} of ``localized(page)`` (a page or its primary key), a cached
    fragment per page and language: a featured page or a call to action costs no query
    once read."""
    pk = page if isinstance(page, int) else getattr(page, "pk", None)
    if not pk:
        return None

    def build():
        chosen = page if isinstance(page, Page) else Page.objects.filter(pk=pk).first()
        if chosen is None:
            return {"url": "", "title": ""}
        target = localized(chosen)
        return {"url": target.get_url(request) or "", "title": target.title}

    site = request_site(request)
    return cached(f"link:{site.pk if site else 0}:{pk}:{_language()}", build)


def cached_each(keys, build_missing, timeout=None):
    """{key: fragment} for each of ``keys``, read in one go; those not cached yet are built
    together by ``build_missing(missing keys)`` (a dict of plain data) and kept."""
    version = generation()
    full_keys = {fragment_key(key, version): key for key in keys}
    found = {full_keys[full]: value for full, value in cache.get_many(full_keys).items()}
    missing = [key for key in keys if key not in found]
    if missing:
        built = build_missing(missing)
        timeout = timeout or setting("TOWNHALL_FRAGMENT_CACHE_SECONDS")
        cache.set_many({fragment_key(key, version): built[key] for key in built}, timeout)
        found.update(built)
    return found


def placeholder_ids():
    """The ids of the untranslated placeholders (``home.placeholders``), a cached fragment:
    a page saved, published or moved changes the generation."""
    return cached("placeholder-ids", placeholders.placeholder_ids)


def restricted_paths():
    """The tree paths of the pages that carry a view restriction (a cached fragment)."""
    return cached(
        "restricted-paths",
        lambda: sorted(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def public_pages(queryset):
    """``queryset.public()`` (no page under a view restriction) without reading the view
    restrictions from the database each time: their pages' paths are a cached fragment."""
    private = Q()
    for path in restricted_paths():
        private |= Q(path__startswith=path)
    return queryset.exclude(private) if private else queryset


def _language():
    return (get_language() or "").split("-")[0]


def _locale_id(language):
    """The id of this language's Locale, else the default one's (from the locales fragment)."""
    return locale_ids().get(language) or default_locale_id()


def request_site(request):
    """The request's Wagtail site, found once per request."""
    if request is None:
        return None
    site = getattr(request, "_townhall_site", None)
    if site is None:
        site = Site.find_for_request(request)
        request._townhall_site = site
    return site


def _home_urls(request, site):
    homes = (
        site.root_page.get_translations(inclusive=True)
        .live()
        .filter(TRANSLATED)
        .select_related("locale")
    )
    urls = {}
    for page in homes:
        url = page.get_url(request)
        if url is not None:
            urls[page.locale.language_code] = url
    return urls


def _menu(request, locale_id):
    menu = MainMenu.objects.filter(locale_id=locale_id).first()
    if menu is None:
        menu = MainMenu.objects.filter(locale_id=default_locale_id()).first()
    if menu is None:
        return []
    chosen = [block.value for block in menu.items if block.value["page"] is not None]
    needs_translation = {
        value["page"].translation_key for value in chosen if value["page"].locale_id != locale_id
    }
    localized = {}
    if needs_translation:
        localized = {
            page.translation_key: page
            for page in Page.objects.live().filter(
                TRANSLATED, translation_key__in=needs_translation, locale_id=locale_id
            )
        }
    items = []
    for value in chosen:
        target = value["page"]
        if target.locale_id != locale_id:
            target = localized.get(target.translation_key, target)
        if not target.live:
            continue
        items.append(
            {
                "url": target.get_url(request),
                "label": value["label"] or target.title,
                "pk": target.pk,
                "path": target.path,
                "depth": target.depth,
            }
        )
    return items


def _footer_html(locale_id):
    footer = FooterText.objects.filter(locale_id=locale_id, live=True).first()
    if footer is None:
        footer = FooterText.objects.filter(locale_id=default_locale_id(), live=True).first()
    return expand_db_html(footer.body) if footer else ""


def _privacy_page(pk, locale_id):
    """The page ``pk`` in this locale when it has a translation there, else the page itself
    (as ``page.get_translation_or_none(locale) or page``), read in one query; None if gone."""
    key = Page.objects.filter(pk=pk).values("translation_key")[:1]
    found = list(
        Page.objects.filter(Q(pk=pk) | Q(translation_key=Subquery(key), locale_id=locale_id))
    )
    for page in found:
        if page.locale_id == locale_id:
            return page
    return next((page for page in found if page.pk == pk), None)


def _build_site_frame(request, site, language):
    locale_id = _locale_id(language)
    settings = SiteSettings.for_site(site)
    logo = None
    if settings.logo_id:
        rendition = settings.logo.get_rendition(LOGO_FILTER)
        logo = {"url": rendition.url, "width": rendition.width, "height": rendition.height}
    privacy_url = None
    if settings.privacy_notice_page_id:
        privacy = _privacy_page(settings.privacy_notice_page_id, locale_id)
        if privacy is not None and privacy.live:
            privacy_url = privacy.get_url(request)
    return {
        "site_name": settings.site_name or "Townhall",
        "logo": logo,
        "contact_email": settings.contact_email,
        "privacy_url": privacy_url,
        "social_links": [
            {"name": link.name, "url": link.url} for link in settings.social_links.all()
        ],
        "footer_html": _footer_html(locale_id),
        "menu": _menu(request, locale_id),
        "home_urls": _home_urls(request, site),
    }


def site_frame(request):
    """What every page of this site shows in the active language, as plain data.

    Keys: site_name, logo (url, width, height, or None), contact_email, privacy_url (the
    privacy notice in this language, else in its own), social_links (name, url),
    footer_html (expanded rich text), menu (url, label, pk, path, depth per item) and
    home_urls (language code: the live home page's URL). Kept on the request too.
    """
    frame = getattr(request, "_townhall_frame", None)
    if frame is not None:
        return frame
    site = request_site(request)
    if site is None:
        return {
            "site_name": "Townhall",
            "logo": None,
            "contact_email": "",
            "privacy_url": None,
            "social_links": [],
            "footer_html": "",
            "menu": [],
            "home_urls": {},
        }
    language = _language()
    frame = cached(
        f"site:{site.pk}:{language}",
        lambda: _build_site_frame(request, site, language),
        local=True,
    )
    request._townhall_frame = frame
    return frame


def _build_page_frame(request, page):
    translations = {}
    for translation in (
        page.get_translations(inclusive=False)
        .live()
        .filter(TRANSLATED)  # an alias of the English page is not the page in French
        .select_related("locale")
    ):
        url = translation.get_url(request)
        if url is not None:
            translations[translation.locale.language_code] = url
    ancestors = []
    if page.depth > 2:
        ancestors = [
            {"url": ancestor.get_url(request), "title": ancestor.title}
            for ancestor in page.get_ancestors().filter(TRANSLATED, depth__gt=1).live()
        ]
    return {"translations": translations, "breadcrumbs": ancestors}


def page_frame(request, page):
    """The page's live translations (language code: URL, itself excluded) and its
    breadcrumbs (url, title of each live ancestor below the root, none for a home page).

    A preview (a draft shown to its editor) is never cached: it may differ from what is live.
    """
    if request is None or getattr(request, "is_preview", False) or not page.pk:
        return _build_page_frame(request, page)
    site = request_site(request)
    return cached(
        f"page:{site.pk if site else 0}:{page.pk}", lambda: _build_page_frame(request, page)
    )


def _purge_on_page_change(sender, instance, **kwargs):
    """A page saved (a draft, a title or slug changed in code) or a view restriction: what
    the frame and the cached routes read may have changed."""
    if isinstance(instance, (Page, PageViewRestriction)):
        purge()


def connect_purge_receivers():
    """Purge the fragments when anything they read changes (called from HomeConfig.ready)."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(purge, dispatch_uid=f"home_fragments_{id(signal)}")
    # Any page type's save or delete (its sender is the specific class), and view restrictions.
    post_save.connect(_purge_on_page_change, dispatch_uid="home_fragments_page_saved")
    post_delete.connect(_purge_on_page_change, dispatch_uid="home_fragments_page_deleted")
    for signal in (published, snippet_unpublished):
        signal.connect(purge, sender=FooterText, dispatch_uid=f"home_fragments_footer_{id(signal)}")
    post_save.connect(
        _purge_unless_created, sender=SiteSettings, dispatch_uid="home_fragments_save_settings"
    )
    post_delete.connect(purge, sender=SiteSettings, dispatch_uid="home_fragments_delete_settings")
    # Documents and embeds: kept page bodies link and show them (frame_tags' {% keep %}).
    for model in (
        MainMenu,
        FooterText,
        SocialLink,
        Site,
        Locale,
        get_image_model(),
        get_document_model(),
        Embed,
    ):
        post_save.connect(purge, sender=model, dispatch_uid=f"home_fragments_save_{model.__name__}")
        post_delete.connect(
            purge, sender=model, dispatch_uid=f"home_fragments_delete_{model.__name__}"
        )
