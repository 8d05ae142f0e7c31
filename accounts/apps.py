from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Resident accounts")

    def ready(self):
        from accounts.backends import connect_permission_receivers

        connect_permission_receivers()
