"""Serving a page without walking the tree: the site and each address's route, cached.

Before a page's own view runs, Wagtail finds it: the site for the host (1 query), the active
locale (1), then, from the home page down, two queries for each level of the address (the
child by its slug, then its specific row), then two for the view restrictions of the page
and its ancestors. A consultation four levels below the home page costs eleven queries
before anything it shows is read, a tenth of its budget each time.

``CachedRouteMiddleware`` keeps what that walk found, per site, language and address, in
the frame's cache (``home.fragments``: its generation changes whenever a page is saved,
published, unpublished, moved or deleted, or a site, locale or view restriction changes):

- the site for each host and port, as plain values; the request's site
  (``Site.find_for_request``) is then read from the cache;
- for a page address (a GET or HEAD that Wagtail serves): the page found, its parent (pages
  read their process or index through ``get_parent()``, which Wagtail's walk leaves cached
  on the page), their locales, how much of the address is the page's own (the rest is a
  routable page's sub-address, resolved again without the database), and whether a view
  restriction applies to the page or above it.

On the next request for the address the page is read by primary key (one query) and
handed to Wagtail as the route it would have found (``request._wagtail_route_for_request``,
which ``Page.route_for_request`` documents as its cache). Its parent is read by primary key
too, but only if the page asks for it (``get_parent()``, specific as Wagtail's walk leaves
it): most pages never do. A page under no view restriction answers
``get_view_restrictions()`` with none without asking the database; a restricted one is
checked by Wagtail as always. Anything unexpected (a page gone, a sub-address that no
longer resolves) falls back to Wagtail's walk. Only routes that answered 200 are kept;
the value is stored under the generation read before the walk, so a change made meanwhile
is never hidden.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from core.cache import pages_read_for_request
from home.fragments import (
    cached,
    fragment_key,
    generation,
    generation_for_request,
    language_code,
    restricted_paths,
    store,
)

_SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")


def _site_values(hostname, port):
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    return {
        "fields": {name: getattr(site, name) for name in _SITE_FIELDS},
        "root_depth": site.root_page.depth,
    }


def find_site(request):
    """The request's Wagtail site (as ``Site.find_for_request``), from the frame's cache."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    try:
        request.get_host()  # only hosts the site answers for are kept (ALLOWED_HOSTS)
    except DisallowedHost:
        return Site.find_for_request(request)
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    values = cached(f"site:{hostname}:{port}", lambda: _site_values(hostname, port), local=True)
    site = None
    if values is not None:
        fields = values["fields"]
        site = Site.from_db(None, list(fields), list(fields.values()))
        site.townhall_root_depth = values["root_depth"]
    request._wagtail_site = site
    return site


def _no_view_restrictions():
    """``get_view_restrictions()`` of a page under no restriction (none, no query)."""
    return PageViewRestriction.objects.none()


def _locale(values):
    return Locale.from_db(None, ["id", "language_code"], list(values))


def _specific(values):
    """The specific page with this (primary key, content type, locale), or None if gone."""
    pk, content_type_id, locale = values
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None or not issubclass(model, Page):
        return None
    page = next(iter(model.objects.filter(pk=pk).order_by()), None)
    if page is not None and page.locale_id == locale[0]:
        page.locale = _locale(locale)
    return page


class _LazyParent:
    """A served page's ``get_parent()``: its specific parent, as Wagtail's walk leaves it,
    read (one query) the first time it is asked for. Most pages never ask: reading it on
    every request was a seventh of a standard page's time. A class, not a closure: a page
    holding it still pickles."""

    def __init__(self, page, values):
        self.page = page
        self.values = values

    def __call__(self, update=False):
        page = self.page
        if update:  # treebeard's: read again by path
            return type(page).get_parent(page, update=True)
        if "_cached_parent_obj" not in page.__dict__:
            parent = _specific(self.values)
            if parent is None or not (
                page.path.startswith(parent.path) and parent.depth == page.depth - 1
            ):
                parent = type(page).get_parent(page, update=True)
                parent = parent.specific if parent is not None else None
            page._cached_parent_obj = parent
        return page._cached_parent_obj


def _page_values(page):
    return (page.pk, page.content_type_id, (page.locale_id, language_code(page.locale_id)))


def _route_key(site, path):
    digest = hashlib.sha256(path.encode()).hexdigest()
    return f"route:{site.pk}:{get_language()}:{digest}"


def _cached_route(request, path, entry):
    """Wagtail's route result from a cached entry, or None to let Wagtail walk the tree."""
    page = _specific(entry["page"])
    if page is None or not page.live:
        return None
    if entry["parent"] is not None:
        page.get_parent = _LazyParent(page, entry["parent"])
    if not entry["restricted"]:
        page.get_view_restrictions = _no_view_restrictions
    components = [component for component in path.split("/") if component]
    try:
        result = page.route(request, components[entry["consumed"] :])
    except Http404:
        return None
    return result if result[0] is page else None


def _entry(site, path, result):
    """What to keep of a route Wagtail found, or None when it cannot be replayed.

    The page's own part of the address is its URL path below the home page (translations
    of the site's root page are at its depth); it must be how the address starts.
    """
    page = result[0]
    root_depth = getattr(site, "townhall_root_depth", None)
    if root_depth is None or page.depth < root_depth:
        return None
    own = [part for part in page.url_path.split("/") if part][root_depth - 1 :]
    components = [component for component in path.split("/") if component]
    if components[: len(own)] != own:
        return None
    parent = None
    if page.depth > root_depth:
        parent = page.get_parent()  # left on the page by Wagtail's walk: no query
        if parent is None:
            return None
        parent = _page_values(parent.specific)
    return {
        "page": _page_values(page),
        "parent": parent,
        "consumed": len(own),
        "restricted": _restricted(page, root_depth),
    }


def _restricted(page, root_depth):
    """Whether a view restriction applies to the page: from the cached restricted paths
    when Wagtail's walk left every ancestor on it and none is an alias (an alias follows
    its source's restrictions), else as Wagtail asks."""
    chain, current = [page], page
    while current.depth > root_depth:
        current = getattr(current, "_cached_parent_obj", None)
        if current is None:
            return page.get_view_restrictions().exists()
        chain.append(current)
    if any(item.alias_of_id for item in chain):
        return page.get_view_restrictions().exists()
    return any(page.path.startswith(path) for path in restricted_paths())


class CachedRouteMiddleware:
    """The cached site on every request, and the cached route of every page address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with generation_for_request(), pages_read_for_request():
            return self._serve(request)

    def _serve(self, request):
        find_site(request)
        response = self.get_response(request)
        pending = getattr(request, "_townhall_route_pending", None)
        if pending is not None and response.status_code == 200:
            self._keep(request, *pending)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or request.method not in {"GET", "HEAD"}:
            return None
        site = find_site(request)
        if site is None:
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        key = _route_key(site, path)
        version = generation()
        entry = cache.get(fragment_key(key, version))
        result = _cached_route(request, path, entry) if entry else None
        if result is not None:
            request._wagtail_route_for_request = result
        else:
            request._townhall_route_pending = (site, path, key, version)
        return None

    def _keep(self, request, site, path, key, version):
        result = getattr(request, "_wagtail_route_for_request", None)
        if not result:
            return
        entry = _entry(site, path, result)
        if entry is not None:
            store(key, entry, version=version)
