"""Form pieces every app's public forms share: e-mail addresses and plain text.

* ``normalize_email`` / ``validated_email``: the one stored form of an address (trimmed,
  NFC, lower-case) and its validation with a message people understand. Subscribers,
  follows, accounts and imports all compare addresses in this form.
* ``EmailAddressField``: a form field that gives that form, with mobile-friendly input.
* ``plain_text``: what a person typed, as plain text (tags dropped, words kept).
"""

import html
import unicodedata

import nh3
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _


def normalize_email(value):
    """The stored form of an address: trimmed, NFC, and entirely lower-case.

    The local part is lower-cased too. RFC 5321 lets a mail server treat "Amina@" and
    "amina@" as different mailboxes, but no common provider does, while people type
    their address with varying case. Lower-casing everything makes "one person, one
    subscription" hold with a plain unique index on every database, and makes imports
    dedupe reliably. The rare server with case-sensitive local parts is the price.
    """
    value = unicodedata.normalize("NFC", (value or "").strip())
    return value.lower()


def validated_email(value):
    """Normalise and validate an address, raising ValidationError with a clear message."""
    email = normalize_email(value)
    if len(email) > 254:
        raise ValidationError(_("This e-mail address is too long."), code="too_long")
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("“%(value)s” is not a valid e-mail address."),
            code="invalid",
            params={"value": (value or "")[:100]},
        ) from None
    return email


def plain_text(value):
    """Drop every tag (and the content of script/style), keep the words as plain text."""
    cleaned = nh3.clean(value or "", tags=set(), attributes={})
    return html.unescape(cleaned).replace("\r\n", "\n").strip()


class EmailAddressField(forms.CharField):
    """An e-mail field that normalises (trim, lower-case) and explains what is wrong."""

    widget = forms.EmailInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"autocomplete": "email", "inputmode": "email", "spellcheck": "false"})
        return attrs

    def clean(self, value):
        value = super().clean(value)
        return validated_email(value) if value else value
