"""Account e-mails go out through the delivery engine (kind "account"), never inside the
web request.

Tasks and delivery records hold ids, never a password or a token: tokens are made when the
message is written (AccountEmailKind.build), so nothing queued opens an account.
"""

import uuid

from django.contrib.auth import get_user_model
from django_tasks import task

from accounts import emails
from accounts.models import language_of
from delivery import engine

BUILDERS = {
    "confirm_account": emails.confirmation_message,
    "existing_account": emails.existing_account_message,
    "password_reset": emails.password_reset_message,
    "sign_in_link": emails.sign_in_link_message,
}


def _user(user_id):
    return (
        get_user_model()
        ._default_manager.select_related("account_profile")
        .filter(pk=user_id)
        .first()
    )


class AccountEmailKind(engine.NoticeKind):
    """One e-mail about an account: confirm it, "you already have one", reset the password."""

    name = "account"

    def build(self, record, context, connection):
        user = _user(record.data.get("user"))
        if user is None or not user.email:
            raise engine.Skip("The account no longer exists.")
        builder = BUILDERS[record.data["template"]]
        return builder(user, record.language, connection=connection, **record.data.get("args", {}))


def queue(user, language, template, **args):
    """Queue one account e-mail; returns 1 once it has gone out (at once with the immediate
    backend), else 0."""
    mailing = AccountEmailKind().notify(
        uuid.uuid4().hex,
        [(user.email, language, {"user": user.pk, "template": template, "args": args})],
    )
    return mailing.notices.filter(status="sent").count()


@task()
def send_confirmation_email(user_id, next_url=""):
    """The link that confirms a new account (or a pending one, asked again)."""
    user = _user(user_id)
    if user is None or user.is_active:
        return 0
    profile = getattr(user, "account_profile", None)
    if profile is None or profile.is_confirmed:
        return 0
    return queue(user, profile.language, "confirm_account", next_url=next_url)


@task()
def send_existing_account_email(user_id, language, next_url=""):
    """Someone signed up with this address, which already has an account."""
    user = _user(user_id)
    if user is None:
        return 0
    return queue(user, language, "existing_account", next_url=next_url)


@task()
def send_password_reset_email(user_id, language):
    """A password reset link, in the account's language (or the one it was asked in)."""
    user = _user(user_id)
    if user is None:
        return 0
    return queue(user, language_of(user, language), "password_reset")


@task()
def send_sign_in_link_email(user_id, language, next_url=""):
    """A link that signs an active account in once, without its password."""
    user = _user(user_id)
    if user is None or not user.is_active:
        return 0
    return queue(user, language_of(user, language), "sign_in_link", next_url=next_url)
