"""Absolute links: one source for every address the site writes out in full.

E-mails (comments, replies, outcomes, reminders, newsletters, accounts), the news feeds,
the sitemap, robots.txt and the canonical and hreflang links of every page are built on
the root URL of the Wagtail Site (Settings → Sites: host name and port; port 443 gives
``https://host``, port 80 ``http://host``, any other ``http://host:port``). It is the
same root Wagtail's ``Page.get_full_url()`` uses, so a page's address and a link to it in
an e-mail can never disagree. Never the Host header of whoever asked: an e-mail sent by
a background task has no request, and a link must not depend on who triggered it.

``make run`` points the default Site at the address it serves (``load_demo --host
--port``), so every link works under ``make run PORT=8101``.
"""

from urllib.parse import urljoin

from wagtail.models import Site

FALLBACK_ROOT = "http://localhost"


def site_for(request=None):
    """The Site serving `request` (Wagtail's lookup, cached on the request), else the default."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return site


def site_root_url(request=None):
    """``scheme://host[:port]`` without a trailing slash: the root of every absolute link."""
    site = site_for(request)
    return (site.root_url if site is not None else FALLBACK_ROOT).rstrip("/")


def absolute_url(url, request=None, *, root=None):
    """`url` (a path, or already absolute) made absolute on the site's root URL.

    ``mailto:``, ``tel:`` and bare ``#fragment`` links are returned unchanged.
    """
    if not url or url.startswith(("mailto:", "tel:", "#")):
        return url
    base = (root or site_root_url(request)).rstrip("/")
    return urljoin(base + "/", url)
