"""Account e-mails go out through django-tasks, never inside the web request.

Tasks receive ids, never a password or a token: tokens are made when the message is
written, so a queued task holds nothing that opens an account.
"""

from django.contrib.auth import get_user_model
from django_tasks import task

from accounts import emails
from accounts.models import language_of


def _user(user_id):
    return (
        get_user_model()
        ._default_manager.select_related("account_profile")
        .filter(pk=user_id)
        .first()
    )


@task()
def send_confirmation_email(user_id, next_url=""):
    """The link that confirms a new account (or a pending one, asked again)."""
    user = _user(user_id)
    if user is None or user.is_active:
        return 0
    profile = getattr(user, "account_profile", None)
    if profile is None or profile.is_confirmed:
        return 0
    return emails.send_confirmation(user, profile.language, next_url)


@task()
def send_existing_account_email(user_id, language, next_url=""):
    """Someone signed up with this address, which already has an account."""
    user = _user(user_id)
    if user is None:
        return 0
    return emails.send_existing_account(user, language, next_url)


@task()
def send_password_reset_email(user_id, language):
    """A password reset link, in the account's language (or the one it was asked in)."""
    user = _user(user_id)
    if user is None:
        return 0
    return emails.send_password_reset(user, language_of(user, language))
