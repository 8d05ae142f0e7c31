"""Per-client limits on the forms that create something or send e-mail.

A limit is a Townhall setting ``(how many, in how many seconds)`` (core/conf.py). Counts
live in the cache (Redis in production, so every worker and app server shares them;
local memory in tests); a window opens at a client's first count and the counter expires
with it, so the answer can say when it closes (``Retry-After``). Keys are a
keyed hash of the client, so the cache holds no address in clear.

Views count what a visitor really did (an account made, a comment sent), not every
mistyped form, and check before doing the work::

    wait = ratelimit.wait("RATE_LIMIT_COMMENT", request)
    if wait:
        return ratelimit.too_many_requests(request, wait)
    ...  # the form is valid
    ratelimit.hit("RATE_LIMIT_COMMENT", request)
"""

import math
import time

from django.core.cache import cache
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

from core.clients import client_key
from core.conf import setting


def _key(name, who):
    digest = salted_hmac("core.ratelimit", f"{name}|{who}").hexdigest()[:32]
    return f"ratelimit:{name}:{digest}"


def count_for(name, who):
    return cache.get(_key(name, who), 0)


def hit_for(name, who, *, now=None):
    """Count one more for `who` under limit `name`; the new count.

    The window opens at the first count and the counter expires with it.
    """
    now = time.time() if now is None else now
    _allowed, seconds = setting(name)
    key = _key(name, who)
    if cache.add(key, 1, seconds):
        cache.set(f"{key}:since", now, seconds)
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, seconds)
        cache.set(f"{key}:since", now, seconds)
        return 1


def wait_for(name, who, *, now=None):
    """0 while `who` is within limit `name`, else the seconds until its window closes."""
    now = time.time() if now is None else now
    allowed, seconds = setting(name)
    key = _key(name, who)
    if cache.get(key, 0) < allowed:
        return 0
    since = cache.get(f"{key}:since", now)
    return max(1, math.ceil(since + seconds - now))


def hit(name, request):
    return hit_for(name, client_key(request))


def wait(name, request):
    return wait_for(name, client_key(request))


def message(retry_after):
    """What the visitor is told, in their language: why, and how long to wait."""
    minutes = max(1, math.ceil(retry_after / 60))
    return ngettext(
        "We have received many forms from your connection in a short time, so we have "
        "paused this one. Please try again in %(count)d minute.",
        "We have received many forms from your connection in a short time, so we have "
        "paused this one. Please try again in %(count)d minutes.",
        minutes,
    ) % {"count": minutes}


def refused(response, retry_after):
    """Mark `response` as a limit's answer: 429, Retry-After, never cached."""
    response.status_code = 429
    response["Retry-After"] = str(int(retry_after))
    add_never_cache_headers(response)
    return response


def too_many_requests(request, retry_after, *, kept_text=""):
    """The 429 page in the visitor's language; `kept_text` is what they typed, shown back."""
    context = {"message": message(retry_after), "kept_text": kept_text}
    return refused(TemplateResponse(request, "429.html", context), retry_after)
