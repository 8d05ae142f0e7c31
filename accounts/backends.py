"""Sign in with an e-mail address, in any case; staff keep their usernames (ModelBackend)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def users_with_email(email):
    """Every account with this address, whatever its case, oldest first."""
    if not email:
        return get_user_model()._default_manager.none()
    return get_user_model()._default_manager.filter(email__iexact=email.strip()).order_by("pk")


class EmailBackend(ModelBackend):
    """``authenticate(request, email=…, password=…)``.

    Sign-up keeps resident addresses unique, but staff accounts made in the admin may
    share one: the account whose password matches is the one meant. Inactive accounts
    (not yet confirmed, or closed by staff) never authenticate.
    """

    def authenticate(self, request, email=None, password=None):
        if not email or password is None:
            return None
        candidates = list(users_with_email(email)[:5])
        if not candidates:
            # Hash anyway, so an unknown address takes as long to refuse as a known one.
            get_user_model()().set_password(password)
            return None
        for user in candidates:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        return None
