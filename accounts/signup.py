"""Creating an account, so that the answer on screen never tells whether one existed."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac

from accounts import throttle
from accounts.backends import users_with_email
from accounts.models import Profile
from accounts.tasks import send_confirmation_email, send_existing_account_email


def username_for(email):
    """Residents never see a username; this one is unique per address and reveals nothing.

    Derived from the address, so two simultaneous sign-ups with one address collide on
    the username's unique index instead of making two accounts.
    """
    digest = salted_hmac("accounts.username", email.strip().lower()).hexdigest()
    return f"resident-{digest[:24]}"


def register(*, display_name, email, password, language, next_url=""):
    """Create an inactive account and e-mail its confirmation link; "created" or "exists".

    An address that already has an account gets an e-mail saying so (with a new
    confirmation link if it is still pending) and nothing changes: its password and name
    stay as they were. The password is hashed in both cases, so both take as long.
    """
    password_hash = make_password(password)
    existing = users_with_email(email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = get_user_model()._default_manager.create(
                    username=username_for(email),
                    email=email,
                    first_name=display_name,
                    password=password_hash,
                    is_active=False,
                )
                Profile.objects.create(user=user, language=language)
        except IntegrityError:  # the same address, signed up a moment ago
            existing = (
                get_user_model()._default_manager.filter(username=username_for(email)).first()
            )
            if existing is None:
                raise
        else:
            send_confirmation_email.enqueue(user.pk, next_url)
            return "created"
    if throttle.allow("email", email):
        send_existing_account_email.enqueue(existing.pk, language, next_url)
    return "exists"


def resend_confirmation(email, next_url=""):
    """A new confirmation link for a pending account with this address, if there is one."""
    pending = users_with_email(email).filter(
        is_active=False, account_profile__confirmed_at__isnull=True
    )
    user = pending.first()
    if user is None or not throttle.allow("email", email):
        return False
    send_confirmation_email.enqueue(user.pk, next_url)
    return True
