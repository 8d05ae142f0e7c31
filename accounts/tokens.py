"""The signed link that confirms a new account.

The token names the account and carries a fingerprint of its address, so it stops
working if the address changes; it expires after ACCOUNT_CONFIRMATION_MAX_AGE. It is
single use in effect: once the account is confirmed the link only says so, and never
signs anyone in again.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "accounts.confirm"


def confirmation_max_age():
    return int(getattr(settings, "ACCOUNT_CONFIRMATION_MAX_AGE", 3 * 24 * 3600))


def confirmation_days():
    return max(1, confirmation_max_age() // 86400)


def _fingerprint(user):
    return salted_hmac(SALT, f"{user.pk}|{user.email.lower()}").hexdigest()[:20]


def _signer():
    return signing.TimestampSigner(salt=SALT)


def make_confirmation_token(user):
    return _signer().sign(f"{user.pk}.{_fingerprint(user)}")


def user_for_confirmation(token):
    """(user, None) for a token that still works, else (None, "expired" | "invalid")."""
    try:
        value = _signer().unsign(token, max_age=confirmation_max_age())
    except signing.SignatureExpired:
        return None, "expired"
    except signing.BadSignature:
        return None, "invalid"
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
