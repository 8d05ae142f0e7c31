"""Public pages: sign up, confirm, preferences, unsubscribe (and RFC 8058 one-click)."""

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core import ratelimit
from core.csrf import origin_checked
from newsletters.consent import (
    BASIS_ONE_CLICK,
    BASIS_PREFERENCES_LINK,
    BASIS_UNSUBSCRIBE_LINK,
    BASIS_WEB_FORM,
    CONSENT_VERSION,
    consent_wording,
)
from newsletters.forms import PreferencesForm, SignupForm
from newsletters.models import ConsentRecord, Subscriber
from newsletters.subscriptions import request_subscription, subscriber_for_confirmation


def _link_problem(request, reason="invalid"):
    return render(
        request,
        "newsletters/link_problem.html",
        {"reason": reason},
        status=400 if reason == "invalid" else 410,
    )


@origin_checked  # no CSRF token in its forms: every page shows one (core/csrf.py)
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """The sign-up page; also where the footer and home page forms post to."""
    language = get_language()
    if request.method == "POST":
        wait = ratelimit.wait("RATE_LIMIT_NEWSLETTER", request)
        if wait:
            return ratelimit.too_many_requests(request, wait)
        form = SignupForm(request.POST, language=language)
        if form.is_valid():
            ratelimit.hit("RATE_LIMIT_NEWSLETTER", request)
            if not form.is_bot():
                data = form.cleaned_data
                # Everything that depends on whether the address is known happens in
                # the task, so this answer is the same for every address.
                request_subscription.enqueue(
                    email=data["email"],
                    language=data["language"],
                    topic_ids=[topic.pk for topic in data["topics"]],
                    source_url=data["source"] or request.path,
                    wording=consent_wording(),
                    version=CONSENT_VERSION,
                    process_ids=[data["process"].pk] if data.get("process") else [],
                )
            return redirect("newsletters:subscribe_thanks")
    else:
        form = SignupForm(language=language, initial={"source": request.GET.get("from", "")})
    return render(
        request,
        "newsletters/subscribe.html",
        {"form": form, "consent_wording": consent_wording(), "hide_footer_signup": True},
    )


def subscribe_thanks(request):
    return render(request, "newsletters/subscribe_thanks.html", {"hide_footer_signup": True})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """Confirmation link: GET asks (mail scanners follow links), POST confirms."""
    subscriber, problem = subscriber_for_confirmation(token)
    if subscriber is None:
        return _link_problem(request, problem)
    if subscriber.is_confirmed:
        return render(request, "newsletters/confirmed.html", {"subscriber": subscriber})
    if request.method == "POST":
        request_record = (
            subscriber.consents.filter(action=ConsentRecord.Action.REQUESTED)
            .order_by("-created_at", "-pk")
            .first()
        )
        subscriber.confirm(
            basis=BASIS_WEB_FORM,
            wording=request_record.wording if request_record else consent_wording(),
            wording_version=request_record.wording_version if request_record else CONSENT_VERSION,
            source_url=request_record.source_url if request_record else "",
        )
        return render(
            request, "newsletters/confirmed.html", {"subscriber": subscriber, "just_now": True}
        )
    return render(request, "newsletters/confirm.html", {"subscriber": subscriber})


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    subscriber = Subscriber.objects.by_link_token(token)
    if subscriber is None:
        return _link_problem(request)
    saved = False
    if request.method == "POST" and request.POST.get("action") == "resubscribe":
        subscriber.confirm(
            basis=BASIS_PREFERENCES_LINK,
            wording=consent_wording(),
            wording_version=CONSENT_VERSION,
            source_url=request.path[:500],
        )
        return redirect(request.path + "?saved=1")
    if request.method == "POST":
        form = PreferencesForm(request.POST, subscriber=subscriber)
        if form.is_valid():
            subscriber.language = form.cleaned_data["language"]
            subscriber.save(update_fields=["language", "updated_at"])
            subscriber.set_topics(form.cleaned_data["topics"])
            subscriber.set_processes(form.cleaned_data["processes"])
            # Show the page again in the language just chosen.
            with translation.override(subscriber.language):
                url = reverse("newsletters:preferences", kwargs={"token": token})
            return redirect(url + "?saved=1")
    else:
        form = PreferencesForm(subscriber=subscriber)
        saved = request.GET.get("saved") == "1"
    return render(
        request,
        "newsletters/preferences.html",
        {"subscriber": subscriber, "form": form, "saved": saved, "token": token},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The unsubscribe link in every e-mail: GET asks, POST unsubscribes."""
    subscriber = Subscriber.objects.by_link_token(token)
    if subscriber is None:
        return _link_problem(request)
    if request.method == "POST":
        subscriber.unsubscribe(basis=BASIS_UNSUBSCRIBE_LINK)
        return render(
            request, "newsletters/unsubscribed.html", {"subscriber": subscriber, "token": token}
        )
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return render(
            request, "newsletters/unsubscribed.html", {"subscriber": subscriber, "token": token}
        )
    return render(request, "newsletters/unsubscribe.html", {"subscriber": subscriber})


@csrf_exempt  # RFC 8058: mail providers POST here with no cookie and no form; the token is the key.
@never_cache
@require_http_methods(["GET", "POST"])
def one_click_unsubscribe(request, token):
    """The List-Unsubscribe address. POST unsubscribes at once; GET shows the normal page."""
    subscriber = Subscriber.objects.by_link_token(token)
    if request.method == "POST":
        if subscriber is None:
            return HttpResponseBadRequest(_("This unsubscribe link is not valid."))
        subscriber.unsubscribe(basis=BASIS_ONE_CLICK)
        with translation.override(subscriber.language):
            message = _("You are unsubscribed. You will receive no more newsletters.")
        return HttpResponse(message, content_type="text/plain; charset=utf-8")
    language = subscriber.language if subscriber else get_language()
    with translation.override(language):
        return redirect(reverse("newsletters:unsubscribe", kwargs={"token": token}))
