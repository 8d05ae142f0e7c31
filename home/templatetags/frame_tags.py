"""Parts of the frame rendered once per site and language: ``{% keep %}`` and ``{% hole %}``.

::

    {% keep "header" [name=value ...] %}
    … <nav>{% hole %}{% if user.is_authenticated %}…{% endif %}{% hole_end %}</nav> …
    {% keep_end %}

The header and footer every page shows are the same for every request in one site and
language, but for a few places (who is signed in, the language links of the page, the
search words, the address the newsletter sign-up comes from). Rendering them each time was
most of what the frame cost (a tag per translated word, link and stylesheet). Here what lies
between ``keep`` and ``keep_end`` is rendered once and kept, in this process, as the strings
between its holes; each request then renders only the holes, in their places, with the
keep's context. The output is the same markup, byte for byte. (The closing tags are not
named ``endkeep`` and ``endhole``: djhtml would indent what they enclose, and so change
the pages' whitespace.)

What is kept depends only on what its key holds: the site, the active language, the
script prefix, the ``name=value`` pairs given (plain, hashable values) and the frame's
generation (``home.fragments``: any page, menu, footer, setting, site, locale or image
change gives a new one, so what is kept is rendered again on the next request). It is
rendered with a context holding only ``request`` (for the site; never for something shown),
``frame`` (the site's frame in this language) and the given pairs: the user, the CSRF token,
messages and anything else a request brings are not there, so they can only appear in a
hole. A hole must render once wherever the keep renders (not inside a loop, nor under a
condition on anything but the key); a keep whose holes do not is rendered whole each time.

A standard page's body is kept the same way (``page=page`` in its key): blocks of text,
images, tables, embeds and links, which show nothing per request and change only with a
page, an image, a document or an embed, which all give a new generation. A preview (a
draft) is never kept: it is rendered whole.

Kept values stay in this process (they hold the holes' template nodes) and are dropped when
the generation changes; each process renders each part once per site and language.
"""

import logging
from contextvars import ContextVar

from django import template
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from home.fragments import generation, request_site

register = template.Library()
logger = logging.getLogger(__name__)

# Stands for a hole while a kept part is rendered: a NUL never appears in a page (the
# database and the request cannot hold one).
MARKER = "\x00townhall-hole\x00"
MAX_KEPT = 200  # values kept by each {% keep %} (per site, language and pairs)

# The holes met while a kept part is rendered (None otherwise): a context variable, not a
# template variable, so that a hole in an included template registers too.
_building = ContextVar("townhall_keep_building", default=None)


class KeepNode(template.Node):
    def __init__(self, name, pairs, nodelist):
        self.name = name
        self.pairs = pairs
        self.nodelist = nodelist
        self.generation = None
        self.kept = {}

    def render(self, context):
        if _building.get() is not None:  # inside another keep: its holes are that keep's
            return self.nodelist.render(context)
        request = context.get("request")
        site = request_site(request) if request is not None else None
        if site is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        pairs = {name: value.resolve(context) for name, value in self.pairs.items()}
        try:
            key = (site.pk, get_language(), get_script_prefix(), *sorted(pairs.items()))
            hash(key)
        except TypeError:
            return self.nodelist.render(context)
        version = generation()
        if self.generation != version:
            self.generation, self.kept = version, {}
        kept = self.kept.get(key)
        if kept is None:
            if len(self.kept) >= MAX_KEPT:  # the oldest goes
                self.kept.pop(next(iter(self.kept)), None)
            kept = self.kept[key] = self._build(context, request, pairs)
        if kept is False:
            return self.nodelist.render(context)
        parts, holes = kept
        out = [parts[0]]
        for hole, part in zip(holes, parts[1:], strict=True):
            out.append(hole.nodelist.render(context))
            out.append(part)
        return mark_safe("".join(out))

    def _build(self, context, request, pairs):
        """(the strings between the holes, the holes), or False if the holes do not each
        render once."""
        holes = []
        token = _building.set(holes)
        try:
            values = {"request": request, "frame": context.get("frame"), **pairs}
            html = self.nodelist.render(context.new(values))
        finally:
            _building.reset(token)
        parts = html.split(MARKER)
        if len(parts) != len(holes) + 1 or len({id(hole) for hole in holes}) != len(holes):
            logger.warning("{%% keep %r %%}: a hole renders more than once", self.name)
            return False
        return parts, holes


class HoleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        holes = _building.get()
        if holes is None:
            return self.nodelist.render(context)
        holes.append(self)
        return MARKER


@register.tag
def keep(parser, token):
    """``{% keep "name" [name=value ...] %}…{% keep_end %}`` (see the module's docstring)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% keep %} needs a name")
    name = bits[1].strip("\"'")
    pairs = template.base.token_kwargs(bits[2:], parser, support_legacy=False)
    if len(pairs) != len(bits) - 2:
        raise template.TemplateSyntaxError("{% keep %} takes a name and name=value pairs")
    nodelist = parser.parse(("keep_end",))
    parser.delete_first_token()
    return KeepNode(name, pairs, nodelist)


@register.tag
def hole(parser, token):
    """``{% hole %}…{% hole_end %}``: rendered on every request inside a ``{% keep %}``."""
    nodelist = parser.parse(("hole_end",))
    parser.delete_first_token()
    return HoleNode(nodelist)
