"""Limits kept in the cache: how many e-mails one address gets, how many wrong passwords.

Counters are keyed by a hash of the address, so the cache holds no address in clear.
A shared cache (Redis in production) makes the limits hold across processes.

Wrong passwords are limited so that guessing stops but the owner is never locked out.
The client is core.clients' key (its address, read through the trusted proxies, so two
residents behind one proxy are two clients); the limits are settings in core/conf.py:

* **per client** (``SIGN_IN_CLIENT_LIMIT``): a client that has failed that many times,
  on any accounts, waits until the window ends. Signing in does not reset it, or a
  guesser with an account of their own could.
* **per account** (``SIGN_IN_ACCOUNT_LIMIT``): once an account has had that many wrong
  passwords from anywhere, each client that has failed on it waits. A client that has
  not failed on it (the owner's phone, at home) can still sign in, and so can anyone by
  the e-mailed sign-in link, which no password counter stops.
"""

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from core import ratelimit

# kind: (how many, in how many seconds)
LIMITS = {
    # E-mails sent because someone typed this address into a form.
    "email": (3, 15 * 60),
}

CLIENT = "SIGN_IN_CLIENT_LIMIT"
ACCOUNT = "SIGN_IN_ACCOUNT_LIMIT"


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


# -- wrong passwords -------------------------------------------------------------------------


def _account(email):
    return f"account:{email.strip().lower()}"


def _pair(email, client):
    return f"pair:{email.strip().lower()}|{client}"


def sign_in_wait(email, client):
    """0 when this client may try a password for this address, else the seconds to wait."""
    waits = [ratelimit.wait_for(CLIENT, client)]
    if ratelimit.count_for(ACCOUNT, _pair(email, client)):
        waits.append(ratelimit.wait_for(ACCOUNT, _account(email)))
    return max(waits)


def sign_in_failed(email, client):
    """Count a wrong password for this address from this client."""
    ratelimit.hit_for(CLIENT, client)
    ratelimit.hit_for(ACCOUNT, _account(email))
    ratelimit.hit_for(ACCOUNT, _pair(email, client))
