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


@dataclass(frozen=True)
class SameAs:
    """A default that is the value of another setting."""

    name: str


DEFAULTS = {
    # Accounts: how long the link that confirms a new account works.
    "ACCOUNT_CONFIRMATION_MAX_AGE": 3 * DAY,
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
    "DELIVERY_LEASE_SECONDS": 60,
    "DELIVERY_REQUEUE_SECONDS": 60,
    "DELIVERY_MAX_ATTEMPTS": 8,
    "DELIVERY_RETRY_SECONDS": 60,
    "DELIVERY_RETRY_MAX_SECONDS": 3600,
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
