"""Public account pages: sign up, confirm, sign in, sign out, new confirmation link, reset.

Every page is in the visitor's language (its URL's prefix) and works without JavaScript.
Sign in and sign up are public pages (their forms are guarded by the origin checks of
core/csrf.py, with no token), so a visitor's copy is cached like any public page; every
other account page (reached from an e-mailed link, or for a signed-in resident) is never
cached and keeps Django's token. Where a visitor goes afterwards (`next`) is kept through each step
and used only when it is an address on this site.
"""

from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts import signup, throttle
from accounts.backends import users_with_email
from accounts.forms import NewPasswordForm, PasswordResetForm, ResendForm, SignInForm, SignUpForm
from accounts.models import Profile
from accounts.notices import set_notice
from accounts.tasks import send_sign_in_link_email
from accounts.tokens import (
    confirmation_days,
    sign_in_link_minutes,
    user_for_confirmation,
    user_for_sign_in,
)
from core import ratelimit
from core.csrf import origin_checked
from core.next_url import requested_next
from home import fragments

EMAIL_BACKEND_PATH = "accounts.backends.EmailBackend"


def home_url(request):
    """The home page in the current language (its own address when it is translated), from
    the site's cached frame (home.fragments): no query."""
    language = get_language()
    return fragments.site_frame(request)["home_urls"].get(language) or f"/{language}/"


def already_confirmed(request, next_url):
    context = {"next_url": next_url, "continue_url": next_url or home_url(request)}
    return render(request, "accounts/already_confirmed.html", context)


def signed_in_already(request, next_url):
    context = {"next_url": next_url, "continue_url": next_url or home_url(request)}
    return render(request, "accounts/signed_in_already.html", context)


def sign_in_as(request, user, next_url, notice):
    auth.login(request, user, backend=getattr(user, "backend", EMAIL_BACKEND_PATH))
    set_notice(request, notice)
    return redirect(next_url or home_url(request))


# -- sign up ---------------------------------------------------------------------------------


@sensitive_post_parameters("password")
@origin_checked  # a public page: no token, so a visitor's copy can be cached (core/csrf.py)
@require_http_methods(["GET", "POST"])
def sign_up(request):
    next_url = requested_next(request)
    if request.user.is_authenticated:
        return signed_in_already(request, next_url)
    if request.method == "POST":
        wait = ratelimit.wait("RATE_LIMIT_SIGN_UP", request)
        if wait:
            return ratelimit.too_many_requests(request, wait)
        form = SignUpForm(request.POST)
        if form.is_valid():
            ratelimit.hit("RATE_LIMIT_SIGN_UP", request)
            if not form.is_bot():
                data = form.cleaned_data
                signup.register(
                    display_name=data["display_name"],
                    email=data["email"],
                    password=data["password"],
                    language=get_language(),
                    next_url=next_url,
                )
            # The same answer whether the address was new, known, or typed by a bot.
            return redirect("accounts:sign_up_done")
    else:
        form = SignUpForm(initial={"next": next_url})
    return render(
        request,
        "accounts/sign_up.html",
        {
            "form": form,
            "next_url": next_url,
            "retype_password": bool(form.errors) and "password" not in form.errors,
        },
    )


@never_cache
def sign_up_done(request):
    return render(request, "accounts/sign_up_done.html", {"days": confirmation_days()})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The e-mailed link. GET asks (mail scanners open links); POST confirms and signs in."""
    user, problem = user_for_confirmation(token)
    if user is None:
        return render(
            request,
            "accounts/link_problem.html",
            {"reason": problem, "days": confirmation_days()},
            status=410 if problem == "expired" else 400,
        )
    next_url = requested_next(request)
    profile = getattr(user, "account_profile", None)
    if profile is None or profile.is_confirmed:
        return already_confirmed(request, next_url)
    if request.method == "POST":
        with transaction.atomic():
            profile = Profile.objects.select_for_update().get(pk=profile.pk)
            if profile.is_confirmed:  # the same link, posted twice at once
                return already_confirmed(request, next_url)
            profile.confirmed_at = timezone.now()
            profile.save(update_fields=["confirmed_at"])
            user.is_active = True
            user.save(update_fields=["is_active"])
        return sign_in_as(request, user, next_url, "confirmed")
    return render(request, "accounts/confirm.html", {"account": user, "next_url": next_url})


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def resend(request):
    next_url = requested_next(request)
    if request.method == "POST":
        form = ResendForm(request.POST)
        if form.is_valid():
            signup.resend_confirmation(form.cleaned_data["email"], next_url)
            return redirect("accounts:resend_done")
    else:
        form = ResendForm(initial={"next": next_url, "email": request.GET.get("email", "")[:254]})
    return render(request, "accounts/resend.html", {"form": form, "next_url": next_url})


@never_cache
def resend_done(request):
    return render(request, "accounts/resend_done.html", {"days": confirmation_days()})


# -- sign in and out -------------------------------------------------------------------------


@sensitive_post_parameters("password")
@origin_checked  # a public page: no token, so a visitor's copy can be cached (core/csrf.py)
@require_http_methods(["GET", "POST"])
def sign_in(request):
    next_url = requested_next(request)
    if request.user.is_authenticated and request.method == "GET":
        return signed_in_already(request, next_url)
    status = 200
    if request.method == "POST":
        form = SignInForm(request, data=request.POST)
        if form.is_valid():
            return sign_in_as(request, form.get_user(), next_url, "signed_in")
        status = 429 if form.retry_after else 200
    else:
        form = SignInForm(request, initial={"next": next_url})
    resend_form = None
    if form.unconfirmed_user is not None:
        resend_form = ResendForm(
            initial={"email": form.cleaned_data.get("email", ""), "next": next_url},
            auto_id="resend-%s",
        )
    response = render(
        request,
        "accounts/sign_in.html",
        {
            "form": form,
            "next_url": next_url,
            "resend_form": resend_form,
            "link_url": sign_in_link_url(form, next_url),
        },
        status=status,
    )
    return ratelimit.refused(response, form.retry_after) if status == 429 else response


def sign_in_link_url(form, next_url):
    """The "e-mail me a sign-in link" page, with what was typed and where to go after."""
    query = {"email": form.data.get("email", "")[:254] if form.is_bound else "", "next": next_url}
    query = {key: value for key, value in query.items() if value}
    base = reverse("accounts:sign_in_link")
    return f"{base}?{urlencode(query)}" if query else base


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_link(request):
    """Ask for a link that signs in without a password (also the way past a password limit).

    The answer is the same whether or not the address has an account; the link goes through
    the delivery engine, works once and for ACCOUNT_SIGN_IN_LINK_MAX_AGE seconds.
    """
    next_url = requested_next(request)
    if request.method == "POST":
        wait = ratelimit.wait("RATE_LIMIT_SIGN_IN_LINK", request)
        if wait:
            return ratelimit.too_many_requests(request, wait)
        form = ResendForm(request.POST)
        if form.is_valid():
            ratelimit.hit("RATE_LIMIT_SIGN_IN_LINK", request)
            email = form.cleaned_data["email"]
            user = users_with_email(email).filter(is_active=True).first()
            if user is not None and throttle.allow("email", email):
                send_sign_in_link_email.enqueue(user.pk, get_language(), next_url)
            return redirect("accounts:sign_in_link_sent")
    else:
        form = ResendForm(initial={"next": next_url, "email": request.GET.get("email", "")[:254]})
    return render(request, "accounts/sign_in_link.html", {"form": form, "next_url": next_url})


@never_cache
def sign_in_link_sent(request):
    return render(request, "accounts/sign_in_link_sent.html", {"minutes": sign_in_link_minutes()})


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_by_link(request, token):
    """The e-mailed link. GET asks (mail scanners open links); POST signs in, once."""
    user, problem = user_for_sign_in(token)
    if user is None:
        return render(
            request,
            "accounts/sign_in_link_problem.html",
            {"reason": problem, "minutes": sign_in_link_minutes()},
            status=410 if problem == "expired" else 400,
        )
    next_url = requested_next(request)
    if request.method == "POST":
        return sign_in_as(request, user, next_url, "signed_in")
    return render(request, "accounts/sign_in_by_link.html", {"account": user, "next_url": next_url})


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_out(request):
    """POST signs out (a link could be planted in any page); GET asks with a button."""
    if request.method == "POST":
        was_signed_in = request.user.is_authenticated
        auth.logout(request)
        if was_signed_in:
            set_notice(request, "signed_out")
        return redirect(home_url(request))
    return render(request, "accounts/sign_out.html")


# -- password reset (Django's views, our forms, templates and e-mail) ------------------------


@method_decorator(never_cache, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


@method_decorator(never_cache, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
