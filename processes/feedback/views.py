"""Public addresses for following a process and for the links in our e-mails.

Links in e-mails only ever show a page with a button (GET): mail scanners follow links,
and a scanner must not confirm or stop anything. The button POSTs. The stop addresses
also take RFC 8058 one-click POSTs from mail programs, which carry no CSRF token: the
signed token in the address is what authorises them.

Every e-mail now links to the one stop page (delivery.views.stop). The stop addresses
below were written into e-mails sent before it: they keep working, as that page for the
same kind and scope.
"""

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.csrf import origin_checked
from delivery import subscriptions
from delivery import views as delivery_views
from home.fragments import public_pages
from processes import notifications
from processes.feedback.outcome import email_from_stop_token
from processes.models import LegacyFollowLink, ProcessPage


def _page(request, template, context, status=200):
    return TemplateResponse(request, f"processes/feedback/{template}.html", context, status=status)


def _problem(request, reason):
    return _page(
        request,
        "link_problem",
        {"reason": reason},
        status=410 if reason == "expired" else 400,
    )


def _process_url(process, state):
    url = process.get_url() or "/"
    return f"{url}?{urlencode({'follow': state})}#follow"


@origin_checked  # no CSRF token in the follow form, so process pages can be cached (core/csrf.py)
@never_cache
@require_http_methods(["GET", "POST"])
def follow(request, process_id):
    """The follow form posts here; GET shows it on its own (and after an error)."""
    process = get_object_or_404(public_pages(ProcessPage.objects.live()), pk=process_id)
    data = request.POST if request.method == "POST" else None
    form = notifications.FollowForm(data, user=request.user)
    if request.method == "POST" and form.is_valid():
        state = "requested"
        if not form.is_bot():
            state = notifications.follow(
                process,
                form.address(),
                translation.get_language(),
                user=request.user,
            )
        return HttpResponseRedirect(_process_url(process, state))
    context = notifications.follow_form_context(request, process, form=form)
    context["page"] = process
    return _page(request, "follow", context, status=400 if request.method == "POST" else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def follow_confirm(request, token):
    item, problem = notifications.follow_for_confirmation(token)
    if item is None:
        return _problem(request, problem)
    process = notifications.process_translation(item.scope, translation.get_language())
    if request.method == "POST":
        notifications.confirm(item)
        if not notifications.is_following(item):  # a link from before they stopped
            return _problem(request, "expired")
        if process is not None:
            return HttpResponseRedirect(_process_url(process, "confirmed"))
        return _page(request, "link_done", {"message": _("You now follow this process.")})
    return _page(
        request,
        "link_action",
        {
            "heading": _("Follow this process"),
            "question": _("Confirm that %(email)s should receive e-mails about “%(title)s”.")
            % {"email": item.address, "title": process.title if process else ""},
            "button": _("Confirm"),
            "done": notifications.is_following(item),
            "done_message": _("This address already follows the process."),
        },
    )


def _old_stop_link(request, found, kind):
    """A stop link from an e-mail sent before the one stop page: that page, same wish."""
    if found is None:
        return _problem(request, "invalid")
    address, scope = found
    return delivery_views.stop(request, subscriptions.stop_token(address, kind, scope))


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def follow_stop(request, token):
    item = LegacyFollowLink.subscription_for(token)
    found = (item.address, item.scope) if item is not None else None
    return _old_stop_link(request, found, subscriptions.Kind.PROCESS)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def outcome_stop(request, token):
    email = email_from_stop_token(token)
    found = (email, "") if email else None
    return _old_stop_link(request, found, subscriptions.Kind.OUTCOME)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def replies_stop(request, token):
    data = notifications.replies_stop_data(token)
    found = (data["e"], data["t"]) if data is not None else None
    return _old_stop_link(request, found, subscriptions.Kind.REPLIES)
