"""What a resident account adds to Django's user: the language to write to them in.

Residents are ordinary ``auth.User`` rows: the display name they chose is ``first_name``
(so ``get_full_name()``, which comments use, returns it), the e-mail address is
``email`` and the username is derived internally (see ``accounts.signup``). Staff
accounts made in Wagtail's admin have no profile, and need none.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="account_profile",
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails this person receives about their account."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Set once, when the e-mailed link is followed. An account staff later deactivate
    # stays confirmed, so an old confirmation link cannot switch it back on.
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("resident profile")
        verbose_name_plural = _("resident profiles")

    def __str__(self):
        return str(self.user)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


def language_of(user, fallback=None):
    """The language to write to `user` in: their profile's, else `fallback`, else the default."""
    # A missing profile raises RelatedObjectDoesNotExist, an AttributeError: getattr's default.
    profile = getattr(user, "account_profile", None) if user is not None else None
    return (profile.language if profile is not None else None) or fallback or settings.LANGUAGE_CODE
