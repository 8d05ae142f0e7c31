"""Turning rich text into plain text for summaries (search results, cards)."""

import html
import re

from django import template
from django.utils.html import strip_tags

register = template.Library()

BLOCK_BOUNDARY = re.compile(r"</(?:p|h[1-6]|li|div|blockquote|td|th)>|<br\s*/?>", re.IGNORECASE)


@register.filter
def plain_text(value):
    """Rich text as one line of text: tags removed, paragraphs separated by a space.

    The result is not marked safe, so the template escapes it again.
    """
    if not value:
        return ""
    text = BLOCK_BOUNDARY.sub(" ", str(value))
    return " ".join(html.unescape(strip_tags(text)).split())
