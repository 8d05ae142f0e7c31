"""Public account forms: sign up, sign in, ask for the link again, reset a password.

Password rules are Django's AUTH_PASSWORD_VALIDATORS; their help and error texts are
worded here, for residents: Django's own mention "first name" (our display name) and
some are missing from its Swahili catalogue. A validator we do not know keeps its own
wording.
"""

import math

from django import forms
from django.contrib.auth import authenticate, get_user_model, password_validation
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from accounts import throttle
from accounts.backends import users_with_email
from accounts.models import Profile
from accounts.tasks import send_password_reset_email
from core.clients import client_key
from core.forms import EmailAddressField, plain_text
from core.honeypot import HoneypotField, HoneypotMixin

DISPLAY_NAME_MAX_LENGTH = 50  # what a comment keeps of a name (processes.forms)


# -- passwords -------------------------------------------------------------------------------


def _rule(validator):
    name = type(validator).__name__
    if name == "MinimumLengthValidator":
        count = validator.min_length
        return ngettext(
            "Use at least %(count)d character.", "Use at least %(count)d characters.", count
        ) % {"count": count}
    if name == "UserAttributeSimilarityValidator":
        return str(_("Do not use your display name or e-mail address."))
    if name == "CommonPasswordValidator":
        return str(_("Do not use a common password."))
    if name == "NumericPasswordValidator":
        return str(_("Do not use numbers alone."))
    return validator.get_help_text()


def password_help_text():
    # The length first: it is the rule people need before they start typing. (sorted(), as
    # Django caches the validators' list itself.)
    validators = sorted(
        password_validation.get_default_password_validators(),
        key=lambda v: type(v).__name__ != "MinimumLengthValidator",
    )
    return " ".join(_rule(v) for v in validators)


def _password_message(error):
    """One ValidationError from a password validator, in our words when we know its code."""
    params = error.params or {}
    if error.code == "password_too_short":
        count = params.get("min_length", 8)
        return ngettext(
            "This password is too short: use at least %(count)d character.",
            "This password is too short: use at least %(count)d characters.",
            count,
        ) % {"count": count}
    if error.code == "password_too_similar":
        return str(_("This password is too close to your display name or e-mail address."))
    if error.code == "password_too_common":
        return str(_("This password is too common: many people use it, so it is easy to guess."))
    if error.code == "password_entirely_numeric":
        return str(_("This password has only numbers: add letters or other characters."))
    return error.messages[0]


def validate_new_password(password, user):
    try:
        password_validation.validate_password(password, user)
    except ValidationError as errors:
        raise ValidationError([_password_message(error) for error in errors.error_list]) from None


class PasswordField(forms.CharField):
    """A password: never trimmed, never sent back to the browser."""

    def __init__(self, *, autocomplete, **kwargs):
        kwargs.setdefault("strip", False)
        kwargs.setdefault("max_length", 4096)
        kwargs["widget"] = forms.PasswordInput(
            attrs={"autocomplete": autocomplete, "spellcheck": "false", "autocapitalize": "none"}
        )
        super().__init__(**kwargs)


class NextField(forms.CharField):
    """Where to go afterwards; the views check it is on this site before using it."""

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=2000, widget=forms.HiddenInput, **kwargs)


# -- sign up ---------------------------------------------------------------------------------


class SignUpForm(HoneypotMixin, forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        help_text=_(
            "Shown with your comments. It does not have to be your real name: a pseudonym is fine."
        ),
        error_messages={
            "required": _("Enter a display name."),
            "max_length": _("Your display name can have at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "spellcheck": "false"}),
    )
    email = EmailAddressField(
        label=_("E-mail address"),
        help_text=_(
            "We send a link to this address to confirm your account, and another if you "
            "ever need to choose a new password. It is never shown or shared."
        ),
        error_messages={"required": _("Enter your e-mail address.")},
    )
    password = PasswordField(
        label=_("Password"),
        autocomplete="new-password",
        error_messages={"required": _("Choose a password.")},
    )
    next = NextField()
    # Left empty by people; bots that fill every field are answered but ignored.
    website = HoneypotField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = password_help_text()

    def clean_display_name(self):
        name = " ".join(plain_text(self.cleaned_data.get("display_name")).split())
        if not name:
            raise ValidationError(
                _("Write your display name as plain text, without formatting code.")
            )
        return name

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            # The validators compare the password with what the person just typed.
            user = get_user_model()(
                first_name=cleaned.get("display_name", ""), email=cleaned.get("email", "")
            )
            try:
                validate_new_password(password, user)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


# -- sign in ---------------------------------------------------------------------------------


def pending_account(email, password):
    """The not-yet-confirmed account with this address and password, if there is one."""
    candidates = users_with_email(email).filter(
        is_active=False, account_profile__confirmed_at__isnull=True
    )
    return next((user for user in candidates[:5] if user.check_password(password)), None)


def too_many_wrong_passwords(retry_after):
    minutes = max(1, math.ceil(retry_after / 60))
    return ValidationError(
        ngettext(
            "There have been too many wrong passwords from this connection. Wait "
            "%(count)d minute and try again, or sign in with a link we e-mail you.",
            "There have been too many wrong passwords from this connection. Wait "
            "%(count)d minutes and try again, or sign in with a link we e-mail you.",
            minutes,
        ),
        code="throttled",
        params={"count": minutes},
    )


class SignInForm(forms.Form):
    email = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter your e-mail address.")},
    )
    password = PasswordField(
        label=_("Password"),
        autocomplete="current-password",
        error_messages={"required": _("Enter your password.")},
    )
    next = NextField()

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        self.unconfirmed_user = None
        self.retry_after = 0  # seconds, when a wrong-password limit refused the attempt
        super().__init__(*args, **kwargs)

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if not email or not password:
            return cleaned
        client = client_key(self.request)
        self.retry_after = throttle.sign_in_wait(email, client)
        if self.retry_after:
            # The password is not even checked: a guess made now would learn nothing.
            raise too_many_wrong_passwords(self.retry_after)
        user = authenticate(self.request, email=email, password=password)
        if user is None:
            pending = pending_account(email, password)
            if pending is not None:
                self.unconfirmed_user = pending
                raise ValidationError(
                    _(
                        "You have not confirmed your account yet. Follow the link in the "
                        "e-mail we sent you when you signed up, or ask for a new one below."
                    ),
                    code="unconfirmed",
                )
            throttle.sign_in_failed(email, client)
            raise ValidationError(
                _("The e-mail address or the password is not right. Check both and try again."),
                code="invalid_login",
            )
        self.user_cache = user
        return cleaned

    def get_user(self):
        return self.user_cache


class AdminSignInForm(WagtailLoginForm):
    """Wagtail's admin sign-in (WAGTAILADMIN_USER_LOGIN_FORM) under the residents' limits:
    per client, and per username for the clients that failed on it."""

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not username or not password:
            return super().clean()
        client = client_key(self.request)
        wait = throttle.sign_in_wait(f"staff:{username}", client)
        if wait:
            minutes = max(1, math.ceil(wait / 60))
            raise ValidationError(
                ngettext(
                    "There have been too many wrong passwords from this connection. Wait "
                    "%(count)d minute and try again.",
                    "There have been too many wrong passwords from this connection. Wait "
                    "%(count)d minutes and try again.",
                    minutes,
                ),
                code="throttled",
                params={"count": minutes},
            )
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                throttle.sign_in_failed(f"staff:{username}", client)
            raise


class ResendForm(forms.Form):
    email = EmailAddressField(
        label=_("E-mail address"),
        help_text=_("The address you created your account with."),
        error_messages={"required": _("Enter your e-mail address.")},
    )
    next = NextField()


# -- password reset --------------------------------------------------------------------------


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's form, its e-mail written by a task in the person's language."""

    email = EmailAddressField(
        label=_("E-mail address"),
        help_text=_("The address you created your account with."),
        error_messages={"required": _("Enter your e-mail address.")},
    )

    def get_users(self, email):
        """Active accounts, and residents who have not confirmed yet (the link proves it)."""
        users = users_with_email(email).filter(
            Q(is_active=True)
            | Q(account_profile__isnull=False, account_profile__confirmed_at__isnull=True)
        )
        return (user for user in users if user.has_usable_password())

    def save(self, *args, **kwargs):
        email = self.cleaned_data["email"]
        users = list(self.get_users(email))
        if users and throttle.allow("email", email):
            for user in users:
                send_password_reset_email.enqueue(user.pk, get_language())


class NewPasswordForm(forms.Form):
    """The new password, typed once (PasswordResetConfirmView's form)."""

    new_password = PasswordField(
        label=_("New password"),
        autocomplete="new-password",
        error_messages={"required": _("Choose a new password.")},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["new_password"].help_text = password_help_text()

    def clean_new_password(self):
        password = self.cleaned_data["new_password"]
        validate_new_password(password, self.user)
        return password

    def save(self, commit=True):
        user = self.user
        user.set_password(self.cleaned_data["new_password"])
        if not commit:
            return user
        with transaction.atomic():
            user.save()
            # The reset link reached the address: a pending account is confirmed by it.
            profile = Profile.objects.select_for_update().filter(user=user).first()
            if profile is not None and not profile.is_confirmed:
                profile.confirmed_at = timezone.now()
                profile.save(update_fields=["confirmed_at"])
                if not user.is_active:
                    user.is_active = True
                    user.save(update_fields=["is_active"])
        return user
