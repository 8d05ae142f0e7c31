"""``{% kept page "name" %}…{% endkept %}``: a part of a page's template kept as HTML under
the pages' version (``core.cache.cached_for_pages``).

A news post's or a newsletter issue's body renders its blocks on every request: each chosen
page, snippet, image and document is read, each chart's data table formatted, each live
figure looked up, though every visitor of that address gets the same HTML until something a
page shows changes, which purges the pages' version (docs/caching.md). The part between the
tags is rendered once per page version, language, host and address, then printed as kept.

What it wraps must be the same for every visitor of the address: nothing that depends on
the user, the session, messages or a CSRF token, and no ``{% … as var %}`` used after the
closing tag (the kept HTML sets nothing in the context). The page's live revision is part
of the key; an address with a query string, a preview and a page that is not live are
always rendered, never kept.
"""

import hashlib

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.cache import cached_for_pages

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist, page, name):
        self.nodelist = nodelist  # the name Django looks for {% block %}s inside it
        self.page = page
        self.name = name

    def render(self, context):
        page = self.page.resolve(context)
        request = context.get("request")
        if (
            request is None
            or request.GET  # query parameters never reach a kept value
            or getattr(request, "is_preview", False)
            or getattr(page, "pk", None) is None
            or not page.live
        ):
            return self.nodelist.render(context)
        # Hashed: an address may be long, or not ASCII (an Arabic slug).
        where = f"{get_language()}:{request.get_host()}:{request.path}"
        key = (
            f"kept:{self.name.resolve(context)}:{page.pk}:{page.live_revision_id}:"
            + hashlib.sha1(where.encode()).hexdigest()
        )
        html = cached_for_pages(key, lambda: str(self.nodelist.render(context)))
        return mark_safe(html)  # noqa: S308 - the template's own output, kept


@register.tag
def kept(parser, token):
    """{% kept page "name" %}…{% endkept %}"""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a page and a name")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))
