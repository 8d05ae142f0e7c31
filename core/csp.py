"""The Content-Security-Policy header of the public site (Django 5.2 has none built in).

The policy is the ``CONTENT_SECURITY_POLICY`` setting (core/conf.py): scripts, styles,
fonts and fetches from this site only (``script-src 'self'``, no ``'unsafe-inline'``), so
a comment or a page field that slipped some markup through could not run a script. Every
script of the public site is a static file (``townhall/static/js/``) and no template has
an inline ``<script>``, an ``on…=`` handler or a ``style=`` attribute; the browser tests
(tests/browser/test_every_page.py) open every page type and fail on any
violation the browser reports.

Wagtail's admin (everything under its own address, ``/admin/``, page previews included)
is left out: its inline panels and date pickers still write inline scripts, and editors
are signed-in staff. Django's technical error page (DEBUG only) is left out too.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import reverse

from core.conf import setting

HEADER = "Content-Security-Policy"


@lru_cache(maxsize=1)
def admin_prefix():
    return reverse("wagtailadmin_home")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = setting("CONTENT_SECURITY_POLICY")
        if not policy or HEADER in response or request.path.startswith(admin_prefix()):
            return response
        if settings.DEBUG and response.status_code >= 500:
            return response
        response[HEADER] = policy
        return response
