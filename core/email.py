"""Building an e-mail, for every kind the site sends: HTML with inline styles and its plain
text alternative, in the reader's language and direction, with absolute links and the
headers mail clients expect.

* **Look.** One palette and one frame (templates/newsletters/email/_layout.html) for every
  message. Mail clients ignore most CSS in <style> and strip classes, so every style the
  message depends on is written inline: templates write theirs by hand; rich text coming
  from editors is passed through ``inline_html`` which adds the styles and makes every
  link absolute.
* **Direction.** ``direction_of(language)``: "rtl" for Arabic; ``frame_context()`` gives
  the templates their start and end sides (physical: mail clients ignore logical ones).
* **Base URL.** Every absolute link is built on the Wagtail Site's root URL
  (home/links.py), never on the Host header of whoever asked.
* **Headers.** ``Content-Language`` always; ``Auto-Submitted: auto-generated`` on
  messages no person wrote; ``List-Unsubscribe`` / ``List-Unsubscribe-Post`` (RFC 8058
  one-click) when the message has a stop link.

``render()`` writes a message from a pair of templates, ``message()`` wraps it as an
EmailMultiAlternatives. Nothing here sends anything or calls an external service.
"""

import re
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from wagtail.models import Site

from core import links
from core.conf import setting

# One palette for every e-mail. Contrast is AA on both the light card and, through the
# prefers-color-scheme rules in the layout, on the dark one.
PALETTE = {
    "page": "#eef1f4",
    "card": "#ffffff",
    "text": "#1f2933",
    "muted": "#4b5866",
    "link": "#0b57a4",
    "accent": "#0b57a4",
    "accent_text": "#ffffff",
    "rule": "#d3d9e0",
    "highlight": "#e8f0fa",
    "font": "Arial, Helvetica, sans-serif",
}


def tag_styles(direction="ltr"):
    """Inline styles per tag. Physical sides (mail clients ignore logical properties)."""
    start = "right" if direction == "rtl" else "left"
    return {
        "p": "margin:0 0 16px 0;font-size:16px;line-height:1.5;",
        "h2": "margin:24px 0 12px 0;font-size:22px;line-height:1.3;font-weight:bold;",
        "h3": "margin:20px 0 8px 0;font-size:19px;line-height:1.3;font-weight:bold;",
        "h4": "margin:16px 0 8px 0;font-size:17px;line-height:1.3;font-weight:bold;",
        "a": f"color:{PALETTE['link']};text-decoration:underline;",
        "ul": f"margin:0 0 16px 0;padding-{start}:24px;",
        "ol": f"margin:0 0 16px 0;padding-{start}:24px;",
        "li": "margin:0 0 6px 0;font-size:16px;line-height:1.5;",
        "blockquote": (
            f"margin:0 0 16px 0;padding:0 16px;border-{start}:4px solid {PALETTE['rule']};"
        ),
        "table": "border-collapse:collapse;width:100%;margin:0 0 16px 0;",
        "th": f"border:1px solid {PALETTE['rule']};padding:6px 8px;text-align:{start};",
        "td": f"border:1px solid {PALETTE['rule']};padding:6px 8px;text-align:{start};",
        "img": "max-width:100%;height:auto;border:0;",
    }


VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "source", "wbr"}
URL_ATTRIBUTES = {"href", "src"}


def get_base_url():
    """Absolute root for links in e-mails: the Wagtail Site's root URL (home/links.py)."""
    return links.site_root_url()


def absolute_url(url, base_url):
    return links.absolute_url(url, root=base_url)


class _Inliner(HTMLParser):
    def __init__(self, base_url, styles):
        super().__init__(convert_charrefs=False)
        self.base_url = base_url
        self.styles = styles
        self.out = []

    def _attrs(self, tag, attrs):
        attrs = dict(attrs)
        for name in URL_ATTRIBUTES & attrs.keys():
            attrs[name] = absolute_url(attrs[name] or "", self.base_url)
        style = self.styles.get(tag)
        if style:
            attrs["style"] = style + (attrs.get("style") or "")
        attrs.pop("class", None)
        return "".join(
            f' {name}="{escape(value, quote=True)}"' if value is not None else f" {name}"
            for name, value in attrs.items()
        )

    def handle_starttag(self, tag, attrs):
        self.out.append(f"<{tag}{self._attrs(tag, attrs)}>")

    def handle_startendtag(self, tag, attrs):
        self.out.append(f"<{tag}{self._attrs(tag, attrs)}>")

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")


def inline_html(html, base_url=None, direction="ltr"):
    """Add inline styles to an HTML fragment and make its links and images absolute."""
    parser = _Inliner(base_url or get_base_url(), tag_styles(direction))
    parser.feed(str(html))
    parser.close()
    return mark_safe("".join(parser.out))


class _TextConverter(HTMLParser):
    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote"}

    def __init__(self, base_url):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.parts = []
        self.links = []
        self.lists = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.BLOCKS or tag == "tr":
            self.parts.append("\n\n" if tag != "tr" else "\n")
        if tag == "br":
            self.parts.append("\n")
        elif tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li":
            indent = "  " * max(len(self.lists) - 1, 0)
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                self.parts.append(f"\n{indent}{self.lists[-1][1]}. ")
            else:
                self.parts.append(f"\n{indent}- ")
        elif tag == "a":
            self.links.append(absolute_url(attrs.get("href") or "", self.base_url))
        elif tag == "img" and attrs.get("alt"):
            self.parts.append(f"[{attrs['alt']}]")
        elif tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag == "a" and self.links:
            href = self.links.pop()
            if href and not href.startswith("#"):
                self.parts.append(f" ({href.removeprefix('mailto:')})")
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html, base_url=None):
    """Readable plain text from an HTML fragment: paragraphs, list bullets, links in brackets."""
    converter = _TextConverter(base_url or get_base_url())
    converter.feed(str(html))
    converter.close()
    text = "".join(converter.parts)
    lines = [line.strip() for line in text.splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def text_only(html):
    """Text without any markup, for attributes and subjects."""
    return unescape(re.sub(r"<[^>]+>", "", str(html))).strip()


def host_of(base_url):
    return urlsplit(base_url).hostname or "localhost"


def direction_of(language_code):
    return "rtl" if get_language_info(language_code)["bidi"] else "ltr"


def supported_language(code):
    """`code` when the site speaks it, else the default language."""
    codes = [language for language, _name in settings.LANGUAGES]
    return code if code in codes else settings.LANGUAGE_CODE


def site_name():
    """The site's name as its settings give it (the default Site's), for signatures."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        # The home app's site settings, looked up by name: core imports no Townhall app.
        name = apps.get_model("home", "SiteSettings").for_site(site).site_name
        if name:
            return name
    return settings.WAGTAIL_SITE_NAME


def safe_phrase(text):
    """A display name that cannot break a header's angle-bracket syntax."""
    return re.sub(r'[<>"\\,;\r\n]', "", text).strip()


def compact_html(html):
    """Drop the templates' indentation: smaller messages, built and sent faster.

    Each run of white space that starts a line becomes one newline, which HTML treats as
    the same single space, so nothing visible changes (there is no <pre> in an e-mail).
    """
    return re.sub(r"\n\s+", "\n", html)


def tidy_text(text):
    """Plain text without trailing spaces or runs of blank lines, ending in one newline."""
    out = []
    for line in (line.rstrip() for line in text.splitlines()):
        if line == "" and out and out[-1] == "":
            continue
        out.append(line)
    return "\n".join(out).strip() + "\n"


def url_in(language, name, **kwargs):
    """An absolute URL of a named view, with the language prefix of `language`."""
    with translation.override(supported_language(language)):
        return get_base_url() + reverse(name, kwargs=kwargs)


def page_url(page):
    """A page's absolute address for e-mails."""
    return absolute_url(page.get_url() or "", get_base_url()) if page is not None else ""


def email_html(fragment, language):
    """Editor rich text, made mail-safe: inline styles, absolute links, the right direction."""
    return inline_html(str(fragment), get_base_url(), direction_of(language))


def email_text(fragment):
    return html_to_text(str(fragment), get_base_url())


def frame_context(language, base_url=None):
    """What the shared frame and every e-mail template need, in `language`."""
    direction = direction_of(language)
    return {
        "language": language,
        "direction": direction,
        "start": "right" if direction == "rtl" else "left",
        "end": "left" if direction == "rtl" else "right",
        "palette": PALETTE,
        "site_name": site_name(),
        "base_url": base_url or get_base_url(),
    }


def render(template, language, subject, context):
    """(subject, text, html) of templates `<template>.txt` and `<template>.html` in `language`.

    `subject` is a callable returning the subject in the active language; it may use
    ``%(site_name)s``.
    """
    language = supported_language(language)
    with translation.override(language):
        full_context = {**frame_context(language), **context}
        full_context["subject"] = str(subject())
        if "%(site_name)s" in full_context["subject"]:
            full_context["subject"] %= {"site_name": full_context["site_name"]}
        text = render_to_string(f"{template}.txt", full_context)
        html = compact_html(render_to_string(f"{template}.html", full_context))
    return full_context["subject"], tidy_text(text), html


def unsubscribe_headers(url, mailto=""):
    """RFC 2369 / RFC 8058 headers: one-click stop by POST to `url`, plus a mailto target."""
    targets = [f"<{url}>"]
    if mailto:
        targets.append(f"<{mailto}>")
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def notifications_from_email():
    """The sender of the site's notices (outcomes, reminders, replies, confirmations)."""
    return setting("TOWNHALL_NOTIFICATIONS_FROM_EMAIL")


def message(
    to,
    subject,
    text,
    html,
    *,
    language,
    from_email=None,
    stop_url="",
    reply_to=None,
    connection=None,
    automatic=True,
):
    """An e-mail to `to` in `language` with its HTML alternative; `stop_url` also goes in the
    RFC 8058 headers."""
    headers = mail_headers(supported_language(language), automatic=automatic)
    if stop_url:
        headers.update(unsubscribe_headers(stop_url))
    email = EmailMultiAlternatives(
        subject,
        text,
        from_email or notifications_from_email(),
        [to],
        headers=headers,
        reply_to=[reply_to] if reply_to else None,
        connection=connection,
    )
    email.attach_alternative(html, "text/html")
    return email


def mail_headers(language, *, automatic=True, **extra):
    """The headers every e-mail of the site carries, plus `extra`.

    ``Content-Language`` names the language the message is written in (RFC 3282), so mail
    clients and screen readers pick the right voice and hyphenation. ``Auto-Submitted:
    auto-generated`` (RFC 3834) marks a message no person wrote, so out-of-office replies
    stay quiet; newsletters, which carry their own list headers, pass ``automatic=False``.
    """
    headers = {"Content-Language": language}
    if automatic:
        headers["Auto-Submitted"] = "auto-generated"
    headers.update(extra)
    return headers
