"""Helpers for the e-mail templates: inline-styled rich text, absolute links and images."""

from django import template
from django.utils.safestring import mark_safe
from wagtail.rich_text import RichText, expand_db_html

from core.email import absolute_url, html_to_text, inline_html

register = template.Library()


def _html(value):
    if isinstance(value, RichText):
        return str(value)
    return expand_db_html(str(value or ""))


@register.simple_tag(takes_context=True)
def email_richtext(context, value):
    """Editor rich text with inline styles and absolute links, for the HTML part."""
    return inline_html(_html(value), context.get("base_url"), context.get("direction", "ltr"))


@register.simple_tag(takes_context=True)
def text_richtext(context, value):
    """Editor rich text as plain text, links written out, for the text part."""
    return mark_safe(html_to_text(_html(value), context.get("base_url")))


@register.simple_tag(takes_context=True)
def absolute(context, url):
    return absolute_url(url or "", context.get("base_url", ""))


@register.simple_tag(takes_context=True)
def email_page_url(context, page):
    """Absolute URL of a page, in the issue's language when a translation is live."""
    if page is None:
        return ""
    target = page.localized if hasattr(page, "localized") else page
    url = target.get_url() or ""
    return absolute_url(url, context.get("base_url", ""))


@register.simple_tag(takes_context=True)
def email_image_url(context, image, spec="width-1120"):
    """Absolute URL of an image rendition sized for a 560-pixel column at 2x."""
    if image is None:
        return ""
    return absolute_url(image.get_rendition(spec).url, context.get("base_url", ""))
