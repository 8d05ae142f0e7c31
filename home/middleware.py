"""Refuse input the site cannot read before anything else reads it.

Two kinds of request used to end in a server error deep inside a view or a middleware:

- a NUL character (``%00``) in the address, the query string, a form field or a cookie.
  PostgreSQL refuses NUL in text, so any lookup that carries it fails (a search, a news
  filter, a session key), and SQLite's full-text search stops at it;
- a form POST whose Content-Type names a charset other than UTF-8 (``charset=latin-1``).
  Django refuses to decode such a body and raises ``BadRequest`` the first time anything
  reads ``request.POST``, then again in every error view that reads the form.

``RejectUnreadableInputMiddleware`` sits at the top of the chain, before sessions, CSRF
and the views, and answers both with the site's 400 page (``handler400``, in the language
of the address). Nothing after it ever sees such a request, so no view needs to guard
against them. A malformed multipart body gets the same answer instead of a 500.
"""

import codecs

from django.core.exceptions import BadRequest
from django.http import UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.urls import get_resolver, get_urlconf

NUL = "\x00"
FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _codec_name(charset):
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return ""


def _has_nul(items):
    return any(NUL in key or NUL in value for key, value in items)


def unreadable_input(request):
    """Why the site cannot read this request, or "" when it can."""
    if NUL in request.path_info or NUL in request.path:
        return "NUL character in the address"
    if _has_nul((key, value) for key, values in request.GET.lists() for value in values):
        return "NUL character in the query string"
    if _has_nul(request.COOKIES.items()):
        return "NUL character in a cookie"
    if request.method != "POST" or request.content_type not in FORM_CONTENT_TYPES:
        return ""
    charset = request.content_params.get("charset")
    if charset is not None:
        # Our forms are served as UTF-8 and browsers send them back in UTF-8 without
        # naming a charset; anything else is not a form of ours.
        if _codec_name(charset) != "utf-8":
            return f"form sent in an unsupported charset: {charset!r}"
        request.encoding = "utf-8"  # "UTF8", "utf_8"…: the name Django expects
    try:
        fields = [(key, value) for key, values in request.POST.lists() for value in values]
    except MultiPartParserError:
        return "malformed multipart form"
    except UnreadablePostError:
        return ""  # the client went away; Django's own handling applies
    if _has_nul(fields):
        return "NUL character in a form field"
    return ""


class RejectUnreadableInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = unreadable_input(request)
        if problem:
            # The error handler is called directly rather than by raising: Django's debug
            # page for a BadRequest would read request.POST again and fail on it.
            handler = get_resolver(get_urlconf()).resolve_error_handler(400)
            return handler(request, BadRequest(problem))
        return self.get_response(request)
