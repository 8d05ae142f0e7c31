"""The e-mails about an account, each in HTML and plain text, in the person's language.

They are built by core.email like every e-mail of the site (one frame, palette, direction,
headers). Links are absolute, built on core.email.get_base_url(): the Wagtail Site's root
URL, the one source of absolute links (home/links.py), never the Host header of whoever
asked.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext

from accounts.tokens import (
    confirmation_days,
    make_confirmation_token,
    make_sign_in_token,
    sign_in_link_minutes,
)
from core import email
from core.email import get_base_url


def display_name(user):
    return user.get_full_name() or user.get_username()


def absolute(base_url, name, *, kwargs=None, next_url=""):
    url = base_url + reverse(name, kwargs=kwargs)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def password_reset_days():
    return max(1, int(settings.PASSWORD_RESET_TIMEOUT) // 86400)


def build(user, language, template, subject, extra, connection=None):
    """Render templates/accounts/email/<template>.{txt,html} in `language` as one message.

    `subject` is a function returning the subject (translated once the language is active);
    values in `extra` may be functions of the base URL.
    """
    base_url = get_base_url()
    with translation.override(email.supported_language(language)):  # links in its language
        context = {
            "name": display_name(user),
            **{key: value(base_url) if callable(value) else value for key, value in extra.items()},
        }
    subject, text, html = email.render(f"accounts/email/{template}", language, subject, context)
    return email.message(
        user.email,
        subject,
        text,
        html,
        language=language,
        from_email=settings.DEFAULT_FROM_EMAIL,
        connection=connection,
    )


def confirmation_message(user, language, next_url="", connection=None):
    token = make_confirmation_token(user)
    return build(
        user,
        language,
        "confirm_account",
        lambda: gettext("Confirm your account on %(site_name)s"),
        {
            "confirm_url": lambda base: absolute(
                base, "accounts:confirm", kwargs={"token": token}, next_url=next_url
            ),
            "days": confirmation_days(),
        },
        connection=connection,
    )


def existing_account_message(user, language, next_url="", connection=None):
    """To an address that tried to sign up again: sign in, reset, or (if pending) confirm."""
    profile = getattr(user, "account_profile", None)
    pending = profile is not None and not profile.is_confirmed
    context = {
        "sign_in_url": lambda base: absolute(base, "accounts:sign_in", next_url=next_url),
        "reset_url": lambda base: absolute(base, "accounts:password_reset"),
        "pending": pending,
    }
    if pending:
        token = make_confirmation_token(user)
        context["confirm_url"] = lambda base: absolute(
            base, "accounts:confirm", kwargs={"token": token}, next_url=next_url
        )
        context["days"] = confirmation_days()
    return build(
        user,
        language,
        "existing_account",
        lambda: gettext("You already have an account on %(site_name)s"),
        context,
        connection=connection,
    )


def password_reset_message(user, language, connection=None):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return build(
        user,
        language,
        "password_reset",
        lambda: gettext("Choose a new password for %(site_name)s"),
        {
            "reset_url": lambda base: absolute(
                base, "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
            ),
            "days": password_reset_days(),
        },
        connection=connection,
    )


def sign_in_link_message(user, language, next_url="", connection=None):
    token = make_sign_in_token(user)
    return build(
        user,
        language,
        "sign_in_link",
        lambda: gettext("Your link to sign in to %(site_name)s"),
        {
            "sign_in_url": lambda base: absolute(
                base, "accounts:sign_in_by_link", kwargs={"token": token}, next_url=next_url
            ),
            "minutes": sign_in_link_minutes(),
        },
        connection=connection,
    )
