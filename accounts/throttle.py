"""Limits kept in the cache: how many e-mails one address gets, how many wrong passwords.

Counters are keyed by a hash of the address, so the cache holds no address in clear.
A shared cache (Redis in production) makes the limits hold across processes.
"""

from django.core.cache import cache
from django.utils.crypto import salted_hmac

# kind: (how many, in how many seconds)
LIMITS = {
    # E-mails sent because someone typed this address into a form.
    "email": (3, 15 * 60),
    # Wrong passwords for one address from one client before it must wait.
    "sign_in": (10, 15 * 60),
}


def _key(kind, *parts):
    digest = salted_hmac("accounts.throttle", "|".join(p.lower() for p in parts)).hexdigest()
    return f"accounts:{kind}:{digest[:32]}"


def count(kind, *parts):
    return cache.get(_key(kind, *parts), 0)


def hit(kind, *parts):
    """Count one more; returns the new count."""
    key = _key(kind, *parts)
    window = LIMITS[kind][1]
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window)
        return 1


def allow(kind, *parts):
    """Count one more and say whether it is still within the limit."""
    return hit(kind, *parts) <= LIMITS[kind][0]


def exceeded(kind, *parts):
    return count(kind, *parts) >= LIMITS[kind][0]


def clear(kind, *parts):
    cache.delete(_key(kind, *parts))


def minutes(kind):
    return LIMITS[kind][1] // 60
