"""Rendering and sending the processes' own e-mails (outcome, follow, reminders, replies).

The look and the mail-safe helpers are the newsletters' (newsletters.email and
newsletters.rendering: palette, inline styles, absolute links, plain-text conversion,
text direction, site name), so every e-mail of the site looks the same. Templates live in
templates/processes/email/ and extend newsletters/email/_layout.html.
"""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from newsletters.email import (
    PALETTE,
    absolute_url,
    get_base_url,
    html_to_text,
    inline_html,
    mail_headers,
)
from newsletters.rendering import direction_of, site_name


def from_email():
    return getattr(settings, "TOWNHALL_NOTIFICATIONS_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL)


def supported_language(code):
    codes = [language for language, _name in settings.LANGUAGES]
    return code if code in codes else settings.LANGUAGE_CODE


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


def _tidy(text):
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render(template, language, subject, context):
    """(subject, text, html) of templates/processes/email/<template>.{txt,html} in `language`.

    `subject` is a callable returning the subject in the active language.
    """
    language = supported_language(language)
    with translation.override(language):
        direction = direction_of(language)
        full_context = {
            "language": language,
            "direction": direction,
            "start": "right" if direction == "rtl" else "left",
            "end": "left" if direction == "rtl" else "right",
            "palette": PALETTE,
            "site_name": site_name(),
            "base_url": get_base_url(),
            **context,
        }
        full_context["subject"] = str(subject())
        text = render_to_string(f"processes/email/{template}.txt", full_context)
        html = render_to_string(f"processes/email/{template}.html", full_context)
    return full_context["subject"], _tidy(text), html


def message(to, subject, text, html, *, language, stop_url="", reply_to=None, connection=None):
    """An e-mail in `language` with its HTML alternative; `stop_url` also goes in RFC 8058
    headers."""
    headers = mail_headers(supported_language(language))
    if stop_url:
        headers["List-Unsubscribe"] = f"<{stop_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMultiAlternatives(
        subject,
        text,
        from_email(),
        [to],
        headers=headers,
        reply_to=[reply_to] if reply_to else None,
        connection=connection,
    )
    email.attach_alternative(html, "text/html")
    return email
