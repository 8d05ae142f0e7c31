"""Render a newsletter issue once, then personalise it cheaply for each recipient.

Rendering a page and its blocks costs milliseconds; doing it 100,000 times would
dominate a send. Only the personal links differ between recipients, so the issue is
rendered once with markers in their place and each message is a string replacement.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.conf import setting
from core.email import (
    PALETTE,
    absolute_url,
    compact_html,
    direction_of,
    get_base_url,
    host_of,
    html_to_text,
    inline_html,
    safe_phrase,
    site_name,
    tidy_text,
    unsubscribe_headers,
)
from delivery import subscriptions

TOKEN_MARKER = "TOWNHALLSUBSCRIBERTOKEN"
STOP_MARKER = "TOWNHALLSTOPTOKEN"


def personal_url_templates(language, base_url):
    """Absolute URLs with TOKEN_MARKER in place of the subscriber's link token (their
    preferences) and STOP_MARKER in place of their stop token.

    Unsubscribing, in the footer and in List-Unsubscribe alike, is the delivery engine's
    one stop link for the newsletter (``/<lang>/stop/<token>/``, which also takes RFC 8058
    one-click POSTs). The newsletter's own unsubscribe pages keep working for the links in
    mail sent before.
    """
    with translation.override(language):
        stop = reverse("delivery:stop", kwargs={"token": STOP_MARKER})
        preferences = reverse("newsletters:preferences", kwargs={"token": TOKEN_MARKER})
    return {
        "unsubscribe_url": base_url + stop,
        "preferences_url": base_url + preferences,
        "one_click_url": base_url + stop,
    }


def newsletter_stop_token(email):
    """The stop token of the newsletter (the whole kind) for one address."""
    return subscriptions.stop_token(email, subscriptions.Kind.NEWSLETTER)


def list_headers(one_click_url, token):
    """RFC 2369 / RFC 8058 headers: one-click unsubscribe by POST, mailto when configured."""
    mailto = setting("NEWSLETTER_UNSUBSCRIBE_MAILTO")
    return unsubscribe_headers(
        one_click_url, f"mailto:{mailto}?subject=unsubscribe%20{token}" if mailto else ""
    )


@dataclass
class RenderedIssue:
    subject: str
    html: str
    text: str
    language: str
    base_url: str
    list_id: str
    urls: dict = field(default_factory=dict)

    def personalise(self, token, stop_token):
        """(html, text, headers) for one recipient, from their link token (preferences, and
        the mailto unsubscribe subject) and their stop token (``newsletter_stop_token``)."""

        def fill(value):
            return value.replace(TOKEN_MARKER, token).replace(STOP_MARKER, stop_token)

        headers = list_headers(fill(self.urls["one_click_url"]), token)
        headers["List-Id"] = self.list_id
        headers["Content-Language"] = self.language
        return fill(self.html), fill(self.text), headers

    def html_for_preview(self):
        return self.html.replace(TOKEN_MARKER, "preview").replace(STOP_MARKER, "preview")

    def text_for_preview(self):
        return self.text.replace(TOKEN_MARKER, "preview").replace(STOP_MARKER, "preview")


def render_block(bound_block, context):
    """(html, text) of one StreamField block for e-mail."""
    block = bound_block.block
    value = bound_block.value
    block_context = {**context, "id": bound_block.id, "block_id": bound_block.id}
    render_email = getattr(block, "render_email", None)
    if callable(render_email):
        html = render_email(value, block_context)
        render_text = getattr(block, "render_text", None)
        text = render_text(value, block_context) if callable(render_text) else html_to_text(html)
        return inline_html(html, context["base_url"], context["direction"]), text
    name = bound_block.block_type
    full_context = block.get_context(value, parent_context=block_context)
    html = render_to_string(f"newsletters/email/blocks/{name}.html", full_context)
    text = render_to_string(f"newsletters/email/blocks/{name}.txt", full_context)
    return html, text.strip()


def render_issue(page, *, base_url=None, preview=False, issue_date=None):
    """Render a NewsletterPage (or a revision's page object) as e-mail, in its own language."""
    page = page.specific if hasattr(page, "specific") else page
    language = page.locale.language_code
    base_url = (base_url or get_base_url()).rstrip("/")
    with translation.override(language):
        direction = direction_of(language)
        urls = personal_url_templates(language, base_url)
        name = site_name()
        try:
            # The page's path on the same root as every other link (home/links.py).
            web_url = absolute_url(page.get_url() or "", base_url) if page.live or page.pk else ""
        except Exception:  # a page object made from a revision may have no URL yet
            web_url = ""
        context = {
            "page": page,
            "subject": page.subject,
            "preview_text": page.preview_text,
            "language": language,
            "direction": direction,
            "start": "right" if direction == "rtl" else "left",
            "end": "left" if direction == "rtl" else "right",
            "palette": PALETTE,
            "base_url": base_url,
            "site_name": name,
            "web_url": web_url or "",
            "is_preview": preview,
            "issue_date": issue_date or timezone.now(),
            **urls,
        }
        blocks = [render_block(bound_block, context) for bound_block in page.body]
        context["blocks"] = [{"html": html, "text": text} for html, text in blocks]
        html = compact_html(render_to_string("newsletters/email/newsletter.html", context))
        text = render_to_string("newsletters/email/newsletter.txt", context)
    return RenderedIssue(
        subject=page.subject,
        html=html,
        text=tidy_text(text),
        language=language,
        base_url=base_url,
        list_id=f"{safe_phrase(name)} <newsletter.{host_of(base_url)}>",
        urls=urls,
    )
