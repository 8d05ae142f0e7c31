"""The one stop page for every kind of e-mail: /<lang>/stop/<token>/.

GET shows what will stop, with a button: mail scanners follow links, and a scanner must
not stop anything. POST stops. RFC 8058 one-click POSTs from mail programs carry no CSRF
token; the signed token in the address is what authorises them.
"""

from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from delivery import subscriptions
from delivery.subscriptions import Kind

# kind: (heading, question with %(email)s, button, done)
TEXTS = {
    Kind.NEWSLETTER: (
        _("Unsubscribe"),
        _("Stop sending the newsletter to <strong>%(email)s</strong>?"),
        _("Unsubscribe"),
        _("You are unsubscribed. You will receive no more newsletters."),
    ),
    Kind.NEWSLETTER_TOPIC: (
        _("Unsubscribe"),
        _("Stop sending newsletter issues about this topic to %(email)s?"),
        _("Unsubscribe"),
        _("Done. We will not send you newsletter issues about this topic any more."),
    ),
    Kind.NEWSLETTER_PROCESS: (
        _("Unsubscribe"),
        _("Stop sending newsletter issues about this process to %(email)s?"),
        _("Unsubscribe"),
        _("Done. We will not send you newsletter issues about this process any more."),
    ),
    Kind.PROCESS: (
        _("Stop following"),
        _("Stop sending e-mails about this process to %(email)s?"),
        _("Stop following"),
        _("You no longer follow this process. We will not write to you about it."),
    ),
    Kind.OUTCOME: (
        _("Stop outcome e-mails"),
        _("Stop sending e-mails about the outcome of consultations to %(email)s?"),
        _("Stop these e-mails"),
        _(
            "Done. We will not e-mail you about the outcome of consultations any more, even "
            "if you tick the box again. The results stay on the website."
        ),
    ),
    Kind.REPLIES: (
        _("Stop reply notifications"),
        _("Stop e-mailing %(email)s about replies in this conversation?"),
        _("Stop these e-mails"),
        _("Done. We will not e-mail you about new replies in this conversation."),
    ),
}


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def stop(request, token):
    found = subscriptions.read_stop_token(token)
    if found is None:
        return TemplateResponse(request, "delivery/link_problem.html", {}, status=400)
    address, kind, scope = found
    heading, question, button, done_message = TEXTS[kind]
    context = {
        "kind": kind,
        "heading": heading,
        "button": button,
        "done_message": done_message,
        "scope_label": subscriptions.describe_scope(kind, scope),
        # <bdi>: an address keeps its own direction inside an Arabic sentence.
        "question": mark_safe(str(question) % {"email": format_html("<bdi>{}</bdi>", address)}),
    }
    if request.method == "POST":
        subscriptions.stop(address, kind, scope, language=request.LANGUAGE_CODE, source="link")
        context["done"] = True
    return TemplateResponse(request, "delivery/stop.html", context)
