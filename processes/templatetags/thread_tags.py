"""A thread's conversations as every anonymous reader sees them, rendered once.

The newest window of a clause's (or a proposal's) thread is the same for every visitor
who has not liked or reported anything there (no ``townhall_browser`` cookie, not signed
in): ``processes.views.thread_context`` then gives ``listing_key`` and ``load_listing``
instead of the conversations. Rendering them is most of a thread page (a template per
comment, its likes, replies and feedback), and reading them three queries; both are done
once and the HTML kept under the pages' version (``core.cache.cached_for_pages``), which
every comment posted, published, hidden, liked or reported changes, as does any publish.
"""

import hashlib

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.cache import cached_for_pages

register = template.Library()

LISTING_TEMPLATE = "processes/includes/thread_listing.html"


@register.simple_tag(takes_context=True)
def thread_listing(context):
    request = context["request"]

    def render():
        listing = context.template.engine.get_template(LISTING_TEMPLATE)
        with context.push(**context["load_listing"]()):
            return str(listing.render(context))

    # Everything the listing shows besides its comments: the language, the addresses
    # in its links and forms (the proposal's page names its own thread address), and
    # what the view keyed (page, clause, whether comments are open, archived or not).
    # The addresses are long: they are hashed to keep the key within memcached's 250.
    addresses = (
        f"{request.get_host()}|{context['document_url']}{context['thread_url']}|"
        f"{request.path}|{context['form_anchor']}"
    )
    digest = hashlib.sha256(addresses.encode()).hexdigest()[:32]
    key = f"processes:thread-listing:{get_language()}:{context['listing_key']}:{digest}"
    return mark_safe(cached_for_pages(key, render))
