"""Anonymous pages: public HTTP caching, a server-side page cache, and one purge.

A request is *anonymous* when it is a GET or HEAD that carries none of the cookies a page
can depend on: the session (signed in, account notices), Django's messages (a flash after a
POST), the language cookie, and ``PAGE_CACHE_PRIVATE_COOKIES`` (the anonymous like/flag
key). Its response is *public* when it is a 200 that sets no cookie, whose view chose no
``Cache-Control`` of its own, and that is not streamed. A page that still renders a CSRF
token sets the ``csrftoken`` cookie, so it is never public (see core/csrf.py for the forms
that need no token).

``PublicPageCacheMiddleware`` then

- sends a public response with ``Cache-Control: public, max-age=PAGE_CACHE_BROWSER_MAX_AGE,
  s-maxage=PAGE_CACHE_MAX_AGE`` and without ``Vary: Cookie`` (the request had no cookie the
  page depends on; a CDN in front passes requests that do have one, see docs/caching.md);
- keeps it in Django's default cache (Redis when ``REDIS_URL`` is set) for
  ``PAGE_CACHE_TIMEOUT`` seconds and serves the next anonymous request for the same
  address from there, if ``PAGE_CACHE`` is on;
- sends every other response that has no ``Cache-Control`` yet with ``private, no-cache``:
  signed-in residents and editors, a flash message, a page that set a cookie.

**Kept compressed.** A public page kept by the page cache whose body is text and longer
than ``COMPRESS_MIN_BYTES`` is gzip-compressed once, when it is stored, and kept that way
(a fifth of the size or less: less to read from Redis and to send). Its answers, the
first one included, are the stored gzip bytes as they are (``Content-Encoding: gzip``)
for a client whose ``Accept-Encoding`` accepts gzip, and the decompressed page for one
that does not (no header, ``identity``, ``gzip;q=0``); they carry ``Vary: Accept-Encoding``
so that a CDN keeps the two apart. HEAD requests, streamed responses, anything but a 200
and a response that already has a ``Content-Encoding`` are sent as they are; with
``PAGE_CACHE`` off nothing is compressed (a CDN in front compresses).

Compressing these pages is safe from BREACH-style attacks, which guess a secret from the
compressed size of a response that reflects the attacker's input next to that secret: a
public page is the same for every anonymous visitor and carries no secret (no CSRF token,
no session, no account, no cookie is set: see above). Private responses (signed-in
residents, editors, a flash message, a page setting a cookie) are never compressed here.

**The purge is site-wide and correct rather than fine-grained.** Every cached page's key
holds the *page version*, a random value kept in the cache. ``purge_public_pages()`` gives
it a new value, so every page cached before is never read again (and expires on its own).
It is called when anything a public page shows may have changed: a page is saved, published,
unpublished, moved or deleted (translations published by wagtail-localize included), a view
restriction, site, locale, image or document changes, a snippet or site setting (menu,
footer, topics, authors, site settings) changes, and whatever an app registers with
``purge_on_change(Model)`` or purges itself (a comment, a like or flag, a live figure:
``processes.metrics.invalidate``). It bumps at once and again when the transaction
commits, so a request that read the data before the commit cannot keep its page under the
new version. After the commit it also sends ``public_pages_changed`` (for fragment caches)
and, when ``WAGTAILFRONTENDCACHE`` configures a CDN or Varnish, queues one task that purges
every live page's addresses there (a burst of changes queues it once).
"""

import contextvars
import gzip
import hashlib
import logging
import uuid
from contextlib import contextmanager
from functools import cache as memoize

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_vary_headers
from django_tasks import task
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from core.conf import setting

logger = logging.getLogger(__name__)

VERSION_KEY = "townhall:pages:version"
FRONTEND_PURGE_PENDING_KEY = "townhall:pages:frontend-purge-pending"
# "gz": pages are kept as (status, headers, body, gzipped); one kept before is never read.
_PAGE_PREFIX = "townhall:pagegz"
_VARY_PREFIX = "townhall:pagevary"
#: A kept page longer than this (bytes) is kept gzip-compressed, if it is text.
COMPRESS_MIN_BYTES = 1024

#: Sent (with ``sender=None``) each time public pages may have changed: receivers drop
#: what they cached from them (header, footer and menu fragments, for example).
public_pages_changed = Signal()

# Models registered by apps (purge_on_change); snippets, settings and Wagtail's own are added
# when first needed, once every app has registered its snippets.
_registered_models = set()


# -- the purge ------------------------------------------------------------------------------


def stored_version(key):
    """The version kept in the cache under `key`, made on first read: part of the keys of
    what is cached from some data, so ``new_version(key)`` forgets all of it at once."""
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(key, version, None)
        version = cache.get(key) or version
    return version


def new_version(key):
    cache.set(key, uuid.uuid4().hex, None)


def pages_version():
    """The current version of the public pages: it changes whenever one may have changed
    (purge_public_pages), so a value cached under it is never stale. Inside
    ``pages_read_for_request()`` it is read from the cache once."""
    memo = _request_memo.get()
    if memo is None:
        return stored_version(VERSION_KEY)
    version = memo.get(VERSION_KEY)
    if version is None:
        version = memo[VERSION_KEY] = stored_version(VERSION_KEY)
    return version


# What one request has read of the pages' version and of the values kept under it: a page
# asks for its participation window several times (its state, its dates, who may comment),
# and each was two cache reads (a network round trip each with Redis).
_request_memo = contextvars.ContextVar("townhall_pages_request_memo", default=None)


@contextmanager
def pages_read_for_request():
    """Read the pages' version once for everything served inside (one request), and each
    immutable value kept under it once. A purge made by this request is seen at once (the
    memo is emptied); one made by another process from the next request on, as a value read
    a moment earlier would be."""
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


def _remembered(full_key, value):
    """Keep `value` for the rest of the request if it cannot be changed by whoever reads it
    (hashable: a tuple of dates, a string, a number); a list or a dict is read again."""
    memo = _request_memo.get()
    if memo is None or value is None:
        return
    try:
        hash(value)
    except TypeError:
        return
    memo[full_key] = value


def cached_for_pages(key, build, timeout=None):
    """``build()``, kept under the current page version: what a page computes from what
    public pages show (figures, counts), reused until the next purge or ``timeout``
    seconds (``PAGE_CACHE_TIMEOUT`` by default: never staler than a cached page). The
    value must pickle (plain data); None is not kept. The version is read before building,
    so a change made meanwhile is never hidden."""
    full_key = f"townhall:computed:{pages_version()}:{key}"
    memo = _request_memo.get()
    if memo is not None and full_key in memo:
        return memo[full_key]
    try:
        value = cache.get(full_key)
    except Exception:  # a cache that is down: compute
        logger.exception("Could not read a computed value")
        return build()
    if value is None:
        value = build()
        if value is not None:
            try:
                cache.set(full_key, value, timeout or setting("PAGE_CACHE_TIMEOUT"))
            except Exception:
                logger.exception("Could not keep a computed value")
    _remembered(full_key, value)
    return value


def purge_public_pages():
    """Forget every cached public page: something a visitor may see has changed."""
    _new_version()
    transaction.on_commit(_after_commit)


def _after_commit():
    _new_version()
    _schedule_frontend_purge()


def _new_version():
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()  # this request sees its own purge at once
    try:
        new_version(VERSION_KEY)
    except Exception:  # the cache being down must not stop an edit; pages then go uncached
        logger.exception("Could not purge the page cache")
    public_pages_changed.send(sender=None)


def purge_on_change(*models):
    """Purge public pages whenever one of these models is saved or deleted."""
    _registered_models.update(models)


@memoize
def _watched_types():
    return (
        Page,
        PageViewRestriction,
        Site,
        Locale,
        get_image_model(),
        get_document_model(),
        *get_snippet_models(),
        *settings_registry,
    )


def _on_model_change(sender, instance, **kwargs):
    if isinstance(instance, _watched_types()) or type(instance) in _registered_models:
        purge_public_pages()


def _on_page_signal(sender, **kwargs):
    purge_public_pages()


def connect_signals():
    """Called by core's AppConfig.ready()."""
    post_save.connect(_on_model_change, dispatch_uid="core_cache_saved")
    post_delete.connect(_on_model_change, dispatch_uid="core_cache_deleted")
    page_published.connect(_on_page_signal, dispatch_uid="core_cache_published")
    page_unpublished.connect(_on_page_signal, dispatch_uid="core_cache_unpublished")
    post_page_move.connect(_on_page_signal, dispatch_uid="core_cache_moved")


def frontend_cache_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _schedule_frontend_purge():
    if not frontend_cache_configured():
        return
    try:
        first = cache.add(FRONTEND_PURGE_PENDING_KEY, 1, 300)
    except Exception:
        first = True
    if first:
        purge_frontend_cache.enqueue()


@task()
def purge_frontend_cache():
    """Purge every live public page's addresses from the CDN or Varnish in front.

    Wagtail's own frontend_cache handlers purge a page when it is published; a menu, a
    comment or a live figure shows on other pages too, so this purges them all.
    """
    cache.delete(FRONTEND_PURGE_PENDING_KEY)  # a change from now on queues a new purge
    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().public().specific())
    batch.purge()


# -- the middleware -------------------------------------------------------------------------


def private_cookie_names():
    return {
        settings.SESSION_COOKIE_NAME,
        CookieStorage.cookie_name,
        settings.LANGUAGE_COOKIE_NAME,
        *setting("PAGE_CACHE_PRIVATE_COOKIES"),
    }


def is_anonymous_read(request):
    """A GET or HEAD whose page cannot depend on who asks (see the module docstring)."""
    if request.method not in {"GET", "HEAD"}:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    if any(request.path_info.startswith(prefix) for prefix in setting("PAGE_CACHE_SKIP_PATHS")):
        return False
    return not private_cookie_names().intersection(request.COOKIES)


def is_public_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
    )


def _vary_headers(response):
    if not response.has_header("Vary"):
        return []
    return [h for h in cc_delim_re.split(response["Vary"]) if h and h.lower() != "cookie"]


def make_public(response):
    """The public headers: shared caches may keep it, nothing varies on cookies."""
    varied = _vary_headers(response)
    if varied:
        response["Vary"] = ", ".join(varied)
    elif response.has_header("Vary"):
        del response["Vary"]
    # What patch_cache_control writes, without parsing a header a public response never has.
    response["Cache-Control"] = (
        f"public, max-age={setting('PAGE_CACHE_BROWSER_MAX_AGE')}, "
        f"s-maxage={setting('PAGE_CACHE_MAX_AGE')}"
    )


PRIVATE_CACHE_CONTROL = "private, no-cache"


def make_private(response):
    if not response.has_header("Cache-Control"):
        response["Cache-Control"] = PRIVATE_CACHE_CONTROL


def _address_hash(request):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return hashlib.sha256(address.encode()).hexdigest()


def _page_key(version, address, request, varied):
    parts = [version, address, *(f"{h.lower()}={request.headers.get(h, '')}" for h in varied)]
    return f"{_PAGE_PREFIX}:{hashlib.sha256('|'.join(parts).encode()).hexdigest()}"


class PublicPageCacheMiddleware:
    """Public headers for anonymous pages, and the page cache (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_read(request):
            response = self.get_response(request)
            make_private(response)
            return response
        lookup = self._lookup(request) if setting("PAGE_CACHE") else None
        if lookup is not None and lookup.get("stored") is not None:
            return _rebuild(request, lookup["stored"])
        response = self.get_response(request)
        if not is_public_response(response):
            make_private(response)
            return response
        make_public(response)
        if lookup is None:
            return response
        # Read before Accept-Encoding is added: the cache answers each encoding from one copy.
        varied = _vary_headers(response)
        compress = is_compressible(response)
        if compress:
            patch_vary_headers(response, ["Accept-Encoding"])
        if request.method == "GET":
            stored = _stored_form(response, compress)
            self._store(request, stored, lookup, varied)
            if stored[3] and accepts_gzip(request):
                _send_gzip(response, stored[2])
            response["X-Page-Cache"] = "miss"
        return response

    def _lookup(self, request):
        try:
            address = _address_hash(request)
        except DisallowedHost:  # answered 400 further in; nothing to look up or keep
            return None
        try:
            found = cache.get_many([VERSION_KEY, f"{_VARY_PREFIX}:{address}"])
            version = found.get(VERSION_KEY)
            if version is None:
                version = uuid.uuid4().hex
                if not cache.add(VERSION_KEY, version, None):
                    version = cache.get(VERSION_KEY) or version
            varied = found.get(f"{_VARY_PREFIX}:{address}")
            lookup = {"version": version, "address": address, "stored": None}
            if varied is not None:
                lookup["stored"] = cache.get(_page_key(version, address, request, varied))
            return lookup
        except Exception:  # a cache that is down: serve uncached
            logger.exception("Could not read the page cache")
            return None

    def _store(self, request, stored, lookup, varied):
        key = _page_key(lookup["version"], lookup["address"], request, varied)
        try:
            cache.set_many(
                {f"{_VARY_PREFIX}:{lookup['address']}": varied, key: stored},
                setting("PAGE_CACHE_TIMEOUT"),
            )
        except Exception:
            logger.exception("Could not store a page in the page cache")


# -- compression ----------------------------------------------------------------------------


def is_compressible(response):
    """A public page worth keeping gzip-compressed: text, long enough, not encoded yet."""
    if response.has_header("Content-Encoding") or len(response.content) <= COMPRESS_MIN_BYTES:
        return False
    media_type = response.get("Content-Type", "").partition(";")[0].strip().lower()
    return media_type.startswith("text/") or media_type.endswith(("json", "xml", "javascript"))


def accepts_gzip(request):
    """Whether the request's ``Accept-Encoding`` accepts gzip (RFC 9110, 12.5.3): ``gzip``
    (or ``x-gzip``) with a q-value above 0, or else ``*`` with one. No header, ``identity``
    and ``gzip;q=0`` do not."""
    gzip_q = any_q = None
    for item in request.headers.get("Accept-Encoding", "").split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        coding = coding.lower()
        if coding in {"gzip", "x-gzip"}:
            gzip_q = max(q, gzip_q or 0.0)
        elif coding == "*":
            any_q = q
    if gzip_q is not None:
        return gzip_q > 0
    return any_q is not None and any_q > 0


def _stored_form(response, compress):
    """(status, headers, body, gzipped): the body compressed once, here, if worth it."""
    headers = [(k, v) for k, v in response.items() if k.lower() != "x-page-cache"]
    body = response.content
    if compress:
        compressed = gzip.compress(body, compresslevel=9, mtime=0)
        if len(compressed) < len(body):
            return (response.status_code, headers, compressed, True)
    return (response.status_code, headers, body, False)


def _send_gzip(response, compressed):
    response.content = compressed
    response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(compressed))
    # Another encoding of the same page: its strong ETag becomes weak (as Django's GZip does).
    etag = response.get("ETag", "")
    if etag.startswith('"'):
        response["ETag"] = f"W/{etag}"


def _rebuild(request, stored):
    status, headers, body, gzipped = stored
    response = HttpResponse(status=status)
    for name, value in headers:
        response[name] = value
    if gzipped and request.method == "GET" and accepts_gzip(request):
        _send_gzip(response, body)
    else:
        response.content = gzip.decompress(body) if gzipped else body
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
    response["X-Page-Cache"] = "hit"
    return response
