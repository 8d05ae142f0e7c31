"""The signed link that confirms a new account.

The token names the account and carries a fingerprint of its address, so it stops
working if the address changes; it expires after ACCOUNT_CONFIRMATION_MAX_AGE. It is
single use in effect: once the account is confirmed the link only says so, and never
signs anyone in again.
"""

from django.contrib.auth import get_user_model
from django.utils.crypto import constant_time_compare, salted_hmac

from core import signing
from core.conf import setting

SALT = "accounts.confirm"


def confirmation_max_age():
    return int(setting("ACCOUNT_CONFIRMATION_MAX_AGE"))


def confirmation_days():
    return max(1, confirmation_max_age() // 86400)


def _fingerprint(user):
    return salted_hmac(SALT, f"{user.pk}|{user.email.lower()}").hexdigest()[:20]


def make_confirmation_token(user):
    return signing.make_token(f"{user.pk}.{_fingerprint(user)}", salt=SALT)


def user_for_confirmation(token):
    """(user, None) for a token that still works, else (None, "expired" | "invalid")."""
    value, problem = signing.read_token(token, salt=SALT, max_age=confirmation_max_age())
    if problem:
        return None, problem
    pk, _sep, fingerprint = value.partition(".")
    if not pk.isdigit():
        return None, "invalid"
    user = (
        get_user_model()
        ._default_manager.select_related("account_profile")
        .filter(pk=int(pk))
        .first()
    )
    if user is None or not constant_time_compare(fingerprint, _fingerprint(user)):
        return None, "invalid"
    return user, None
