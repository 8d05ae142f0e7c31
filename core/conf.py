"""Every Townhall setting, with its default, in one place.

Townhall's own settings may be left out of a settings module: ``setting(name)`` then gives
the default written here. Read them through ``setting()`` at the moment they are used
(never copied into a module constant), so ``override_settings`` in tests and a changed
environment both take effect. Django's own settings are read from ``django.conf.settings``
as usual; a default that is "whatever DEFAULT_FROM_EMAIL says" is written ``SameAs(...)``.

``townhall/settings/base.py`` sets the ones a deployment usually changes from the
environment; the defaults below are what applies when it does not.
"""

from dataclasses import dataclass

from django.conf import settings

DAY = 24 * 3600
MINUTE = 60
HOUR = 3600


@dataclass(frozen=True)
class SameAs:
    """A default that is the value of another setting."""

    name: str


DEFAULTS = {
    # Accounts: how long the link that confirms a new account works, and the e-mailed
    # sign-in link (single use).
    "ACCOUNT_CONFIRMATION_MAX_AGE": 3 * DAY,
    "ACCOUNT_SIGN_IN_LINK_MAX_AGE": 15 * MINUTE,
    # The proxies in front of the site (networks, e.g. ["10.0.0.0/8"]): the client's
    # address is then read from X-Forwarded-For (core/clients.py). Empty: REMOTE_ADDR.
    "TRUSTED_PROXIES": [],
    # Limits, each (how many, in how many seconds), counted in the cache per client
    # (core/ratelimit.py; an IPv6 client counts by its /64). Over a limit the visitor gets
    # the 429 page in their language, with Retry-After.
    # Wrong passwords: from one client, on any account, before that client must wait;
    # on one account, from any client, before the clients that failed on it must wait
    # (clients that have not failed, and the e-mailed sign-in link, still work).
    "SIGN_IN_CLIENT_LIMIT": (30, 15 * MINUTE),
    "SIGN_IN_ACCOUNT_LIMIT": (10, 15 * MINUTE),
    # Forms that create something or send e-mail, per client: accounts made, comments
    # sent, newsletter sign-ups, sign-in links asked for, likes given and comments reported
    # (a report can hide a comment until a moderator looks: the tighter limit).
    "RATE_LIMIT_SIGN_UP": (20, HOUR),
    "RATE_LIMIT_COMMENT": (30, 10 * MINUTE),
    "RATE_LIMIT_NEWSLETTER": (20, HOUR),
    "RATE_LIMIT_SIGN_IN_LINK": (10, HOUR),
    "RATE_LIMIT_LIKE": (60, 10 * MINUTE),
    "RATE_LIMIT_FLAG": (20, HOUR),
    # Content-Security-Policy of the public site (core/csp.py); "" sends none.
    "CONTENT_SECURITY_POLICY": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
        "font-src 'self'; frame-src https:; connect-src 'self'; form-action 'self'; "
        "frame-ancestors 'self'; base-uri 'self'; object-src 'none'"
    ),
    # Comments: longest comment, confirmation link lifetime, how long an unconfirmed
    # comment is kept, and how many flags hide a comment for review.
    "COMMENT_MAX_LENGTH": 3000,
    "COMMENT_CONFIRMATION_MAX_AGE": 7 * DAY,
    "PENDING_COMMENT_RETENTION": 7 * DAY,
    "TOWNHALL_COMMENT_FLAG_THRESHOLD": 3,
    # Following a process: confirmation link lifetime; least time between two
    # confirmation e-mails to one address.
    "TOWNHALL_FOLLOW_CONFIRMATION_MAX_AGE": 7 * DAY,
    "TOWNHALL_FOLLOW_EMAIL_INTERVAL": 10 * 60,
    # Notification e-mails (replies, outcomes, reminders): sender, batch size, and when
    # an outcome mailing that stopped moving counts as stalled (seconds).
    "TOWNHALL_NOTIFICATIONS_FROM_EMAIL": SameAs("DEFAULT_FROM_EMAIL"),
    "TOWNHALL_OUTCOME_BATCH_SIZE": 50,
    "TOWNHALL_OUTCOME_STALE_AFTER": 30 * 60,
    # Newsletters: sender and reply address, the mailto: of List-Unsubscribe,
    # confirmation link lifetime, least time between two sign-up e-mails to one address,
    # batch size, parallel sending tasks, time one task may send for, and when a send
    # that stopped moving counts as stalled (seconds).
    "NEWSLETTER_FROM_EMAIL": SameAs("DEFAULT_FROM_EMAIL"),
    "NEWSLETTER_REPLY_TO": "",
    "NEWSLETTER_UNSUBSCRIBE_MAILTO": "",
    "NEWSLETTER_CONFIRMATION_MAX_AGE": 7 * DAY,
    "NEWSLETTER_SIGNUP_EMAIL_INTERVAL": 10 * 60,
    "NEWSLETTER_BATCH_SIZE": 200,
    "NEWSLETTER_PARALLEL_TASKS": 1,
    "NEWSLETTER_TASK_TIME_BUDGET": 240,
    "NEWSLETTER_STALL_SECONDS": 600,
    # The delivery engine (docs/delivery.md): a claim's lease, the periodic re-queue, retries.
    # Monitoring and impact (impact/): how often the figures are rebuilt, the smallest
    # count a public view shows, how far behind the target pace input may fall before the
    # owners are told, and how long after closing an unpublished feedback page is flagged.
    "IMPACT_REFRESH_SECONDS": 15 * 60,
    "IMPACT_SMALL_CELL": 5,
    "IMPACT_PACE_TOLERANCE": 0.2,
    "IMPACT_PACE_MIN_ELAPSED": 0.2,
    "IMPACT_FEEDBACK_DUE_DAYS": 30,
    "DELIVERY_LEASE_SECONDS": 60,
    "DELIVERY_REQUEUE_SECONDS": 60,
    "DELIVERY_MAX_ATTEMPTS": 8,
    "DELIVERY_RETRY_SECONDS": 60,
    "DELIVERY_RETRY_MAX_SECONDS": 3600,
    # Anonymous pages (core/cache.py, docs/caching.md): serve them from Django's cache; how
    # long the server keeps one (purged on every change anyway); the shared max-age a CDN
    # may keep one (s-maxage); the max-age a browser may (0: it asks again, and gets the
    # page from the CDN or the page cache); cookies besides the session, messages and
    # language ones that make a page personal (the anonymous like/flag key of processes);
    # addresses never cached.
    "PAGE_CACHE": True,
    # Accounts' permissions kept in the cache between requests
    # (accounts.backends.CachedPermissionsBackend): only with a cache every process shares
    # (Redis), or a permission taken away would live on in the other processes' own memory.
    "PERMISSIONS_CACHE": False,
    "PAGE_CACHE_TIMEOUT": 60,
    "PAGE_CACHE_MAX_AGE": 60,
    "PAGE_CACHE_BROWSER_MAX_AGE": 0,
    "PAGE_CACHE_PRIVATE_COOKIES": ("townhall_browser",),
    "PAGE_CACHE_SKIP_PATHS": ("/admin/", "/documents/"),
    # Events: how long a freed place is offered to the next person waiting (hours); how
    # often the reminder task runs (seconds); days after an event when the registrations of
    # people who did not come are deleted (their counts are kept).
    "EVENTS_OFFER_HOURS": 48,
    "EVENTS_REMINDER_SECONDS": 3600,
    "EVENTS_NO_SHOW_RETENTION_DAYS": 30,
    # Proposals: the states an answer can give (keys; the defaults' labels are in
    # proposals/states.py, a site's own state is a (key, label) pair), how long an author
    # may edit, the longest title and description, the largest image (bytes), and how
    # long the link confirming an anonymous proposal or support works.
    "PROPOSAL_STATES": [
        "received",
        "considering",
        "accepted",
        "accepted_changes",
        "not_accepted",
        "implemented",
    ],
    "PROPOSAL_EDIT_MINUTES": 60,
    "PROPOSAL_TITLE_MAX_LENGTH": 150,
    "PROPOSAL_TEXT_MAX_LENGTH": 4000,
    "PROPOSAL_IMAGE_MAX_BYTES": 5 * 1024 * 1024,
    "PROPOSAL_CONFIRMATION_MAX_AGE": 7 * DAY,
    # The site's frame (header, footer, menu, language links: home/fragments.py) is cached
    # per site and language and purged on change; this bounds how long a fragment is kept
    # (seconds), which is also how stale another process's local-memory cache may get.
    "TOWNHALL_FRAGMENT_CACHE_SECONDS": 300,
    # Exports (core/exports.py): the private folder their files are written to (empty:
    # "private-exports" next to MEDIA_ROOT, never served), how long a finished file is
    # kept (seconds), and how many rows are read per query and between progress updates.
    "TOWNHALL_EXPORT_DIR": "",
    "TOWNHALL_EXPORT_RETENTION": DAY,
    "TOWNHALL_EXPORT_CHUNK_SIZE": 1000,
    # Surveys: counts under this are "fewer than N" in public results and exports; how
    # long the link that starts or resumes a response works.
    "SURVEY_SMALL_COUNT": 5,
    "SURVEY_LINK_MAX_AGE": 30 * DAY,
}


def setting(name):
    """The value of Townhall setting `name`: the settings module's, else its default here.

    An unknown name is a programming error (a typo would silently read a default), so it
    raises KeyError: add the setting and its default to DEFAULTS first.
    """
    default = DEFAULTS[name]
    value = getattr(settings, name, default)
    if isinstance(value, SameAs):
        value = getattr(settings, value.name)
    return value
