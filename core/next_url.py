"""Safe ``next`` addresses: where a form or a link may send someone afterwards.

A ``next`` parameter comes from the request, so anyone can write one into a link. It is
followed only when it stays on this site (same host, and https when the request was);
anything else falls back to a page the view chooses. Every view that redirects to a
``next`` goes through here, so the rule is written once.
"""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, url, fallback=""):
    """`url` when it leads somewhere on this site, else `fallback`."""
    url = (url or "").strip()
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


def requested_next(request, fallback=""):
    """The request's own ``next`` (form field first, then query string), when it is safe."""
    return safe_next(request, request.POST.get("next") or request.GET.get("next"), fallback)


def local_path(value):
    """`value` when it is a path on this site ("/…", never "//host…"), else ""."""
    value = value or ""
    return value if value.startswith("/") and not value.startswith("//") else ""
