"""Signed links: tokens a link carries so the site can trust what it says without a lookup table.

Every signed link on the site (confirm an account, a newsletter subscription, a follow;
stop e-mails of a kind) is built here on Django's signing with the SECRET_KEY and a salt
per purpose, so a token made for one purpose never works for another.

* ``make_token`` / ``read_token``: a value with the time it was signed, valid for
  ``max_age`` seconds. ``read_token`` answers ``(value, None)`` or ``(None, reason)`` with
  reason ``"expired"`` or ``"invalid"``, the two cases the confirmation pages tell apart.
* ``issued_at``: when a still-valid token was signed (a confirmation link issued before an
  unsubscribe must not undo it).
* ``dumps`` / ``loads``: small data (an address, a thread) that never expires, for stop
  links that must keep working in old e-mails. ``loads`` answers None for a bad token.
"""

import datetime

from django.core import signing

EXPIRED = "expired"
INVALID = "invalid"


def _signer(salt):
    return signing.TimestampSigner(salt=salt)


def make_token(value, *, salt):
    return _signer(salt).sign(value)


def read_token(token, *, salt, max_age):
    """(value, None) for a token that still works, else (None, "expired" | "invalid")."""
    try:
        return _signer(salt).unsign(token, max_age=max_age), None
    except signing.SignatureExpired:
        return None, EXPIRED
    except signing.BadSignature:
        return None, INVALID


def issued_at(token, *, salt):
    """When `token` was signed (an aware UTC datetime); call only on a token read_token accepted."""
    signer = _signer(salt)
    timestamp = signing.b62_decode(token.rsplit(signer.sep, 2)[1])
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)


def dumps(data, *, salt):
    return signing.dumps(data, salt=salt)


def loads(token, *, salt):
    """The data `token` carries, or None when it was not signed here for `salt`."""
    try:
        return signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
