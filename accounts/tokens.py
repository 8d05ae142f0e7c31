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


# -- the e-mailed sign-in link ---------------------------------------------------------------

SIGN_IN_SALT = "accounts.sign_in_link"


def sign_in_link_max_age():
    return int(setting("ACCOUNT_SIGN_IN_LINK_MAX_AGE"))


def sign_in_link_minutes():
    return max(1, sign_in_link_max_age() // 60)


def _sign_in_fingerprint(user):
    # The last sign-in and the password hash are in it: signing in (by this link or any
    # other way) or changing the password makes every link sent before unusable.
    last_login = user.last_login.isoformat() if user.last_login else ""
    state = f"{user.pk}|{user.email.lower()}|{last_login}|{user.password}"
    return salted_hmac(SIGN_IN_SALT, state).hexdigest()[:32]


def make_sign_in_token(user):
    return signing.make_token(f"{user.pk}.{_sign_in_fingerprint(user)}", salt=SIGN_IN_SALT)


def user_for_sign_in(token):
    """(user, None) for a sign-in link that still works, else (None, "expired" | "invalid").

    Works once, for ACCOUNT_SIGN_IN_LINK_MAX_AGE seconds, for an active account only.
    """
    value, problem = signing.read_token(token, salt=SIGN_IN_SALT, max_age=sign_in_link_max_age())
    if problem:
        return None, problem
    pk, _sep, fingerprint = value.partition(".")
    if not pk.isdigit():
        return None, "invalid"
    user = get_user_model()._default_manager.filter(pk=int(pk), is_active=True).first()
    if user is None or not constant_time_compare(fingerprint, _sign_in_fingerprint(user)):
        return None, "invalid"
    return user, None
