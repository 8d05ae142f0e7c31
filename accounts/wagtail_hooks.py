"""The accounts app's plug-ins: its e-mails' delivery kind."""

from wagtail import hooks

from accounts.tasks import AccountEmailKind


@hooks.register("register_delivery_kind")
def register_account_delivery():
    return AccountEmailKind()
