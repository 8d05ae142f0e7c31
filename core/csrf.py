"""Cross-site request forgery protection that public pages can be cached with.

Django's token (``{% csrf_token %}``) puts a per-visitor value in the page and a cookie in
the response, so a page holding a form can be neither shared by a cache nor served without
setting a cookie. Public forms (comment, reply, like, flag, newsletter sign-up, follow a
process, the form pages) are protected instead by what the browser says about where the
request comes from, as modern CSRF defences do (Go's ``http.CrossOriginProtection``, the
OWASP "verify origin with standard headers" rule):

1. ``Sec-Fetch-Site`` (every current browser sends it): ``same-origin`` or ``none`` (typed
   by the person) passes; ``same-site`` or ``cross-site`` passes only if ``Origin`` is one
   of ``CSRF_TRUSTED_ORIGINS``.
2. Without it, ``Origin`` (browsers since 2020 send it on every POST) must be this site's
   own origin (scheme, host and port of the request) or a trusted origin.
3. Without either, the ``Referer`` (older browsers; Townhall sends ``Referrer-Policy:
   same-origin``, so our own pages always give one) must be on this site or a trusted
   origin.
4. A POST that carries none of the three is refused: a browser old enough to send none
   cannot be told apart from a forged request. (A view that still needs the token leaves
   such a request to the token, as Django does.)

A cross-site form therefore cannot post as a visitor: the browser, not the attacker's page,
writes these headers, and a page cannot forge them. A non-browser client can write any
header it likes, but it carries no visitor's cookies either, so it gains nothing a CSRF
attack would give it.

``CsrfViewMiddleware`` (in ``MIDDLEWARE`` in place of Django's) runs these checks on every
unsafe request to every view that is not ``csrf_exempt``. The views marked
``@origin_checked`` below, and Wagtail's page view (every page's form and route posts
there), need nothing more. Every other view (the Wagtail admin, the pages reached from
e-mailed links, the account pages) still needs Django's token as well: signed-in screens
are never cached, so the token costs nothing there. A refused request gets Django's CSRF
failure view, ``templates/403_csrf.html``, in the language of the address.

See docs/caching.md for how this fits with the page cache.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import DisallowedHost
from django.middleware import csrf
from django.utils.http import is_same_domain
from wagtail import views as wagtail_views

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
ALLOWED_FETCH_SITES = {"same-origin", "none"}

REASON_CROSS_SITE = "Sec-Fetch-Site is %s and the origin is not trusted."
REASON_BAD_ORIGIN = "Origin %s does not match this site or a trusted origin."
REASON_BAD_REFERER = "Referer %s does not match this site or a trusted origin."
REASON_NO_SOURCE = "No Sec-Fetch-Site, Origin or Referer tells where this request comes from."


def origin_checked(view):
    """Mark a public form's view: the origin checks above protect it, no token needed.

    Its templates then leave out ``{% csrf_token %}``, so the pages showing the form can be
    cached and set no cookie.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        return view(*args, **kwargs)

    wrapped.csrf_origin_checked = True
    return wrapped


def is_origin_checked(callback):
    return getattr(callback, "csrf_origin_checked", False) or callback is wagtail_views.serve


class CsrfViewMiddleware(csrf.CsrfViewMiddleware):
    """Django's CSRF middleware, with the origin checks first and the token only where needed."""

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if getattr(request, "csrf_processing_done", False):
            return None
        if getattr(callback, "csrf_exempt", False):
            return None
        if request.method in SAFE_METHODS:
            return self._accept(request)
        if getattr(request, "_dont_enforce_csrf_checks", False):  # Django's test client
            return self._accept(request)
        reason = self.cross_site_reason(request)
        if is_origin_checked(callback):
            return self._reject(request, reason) if reason else self._accept(request)
        # A view that still needs the token: what the browser says refuses other sites, and
        # a request that says nothing is left to the token, as Django does.
        if reason and reason != REASON_NO_SOURCE:
            return self._reject(request, reason)
        return super().process_view(request, callback, callback_args, callback_kwargs)

    def cross_site_reason(self, request):
        """Why this unsafe request may come from another site; "" when it comes from ours."""
        fetch_site = request.headers.get("Sec-Fetch-Site", "").strip().lower()
        origin = request.headers.get("Origin", "").strip()
        if fetch_site in ALLOWED_FETCH_SITES:
            return ""
        if origin and origin != "null":
            return "" if self.origin_allowed(request, origin) else REASON_BAD_ORIGIN % origin
        if fetch_site:
            return REASON_CROSS_SITE % fetch_site
        if origin:  # "null": a sandboxed or privacy-sensitive context, never one of our pages
            return REASON_BAD_ORIGIN % origin
        referer = request.headers.get("Referer", "").strip()
        if referer:
            try:
                parts = urlsplit(referer)
            except ValueError:
                return REASON_BAD_REFERER % referer
            referer_origin = f"{parts.scheme}://{parts.netloc}"
            if parts.scheme and parts.netloc and self.origin_allowed(request, referer_origin):
                return ""
            return REASON_BAD_REFERER % referer
        return REASON_NO_SOURCE

    def origin_allowed(self, request, origin):
        """Is `origin` (scheme://host[:port]) this site's own, or in CSRF_TRUSTED_ORIGINS?"""
        try:
            own = f"{'https' if request.is_secure() else 'http'}://{request.get_host()}"
        except DisallowedHost:
            own = None
        if origin == own or origin in self.allowed_origins_exact:
            return True
        try:
            parts = urlsplit(origin)
        except ValueError:
            return False
        return any(
            is_same_domain(parts.netloc, host)
            for host in self.allowed_origin_subdomains.get(parts.scheme, ())
        )


@checks.register(checks.Tags.security, deploy=True)
def check_middleware(app_configs, **kwargs):
    """Stands in for Django's security.W003, which looks for Django's class by name only."""
    if "core.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE:
        return []
    return [
        checks.Warning(
            "core.csrf.CsrfViewMiddleware is not in MIDDLEWARE: the public forms, which carry "
            "no CSRF token, are refused (or unprotected, without any CSRF middleware).",
            id="townhall.W101",
        )
    ]
