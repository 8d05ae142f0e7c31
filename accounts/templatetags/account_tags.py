"""The header's account links: where "Sign in" leads, and the notice after an action."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from accounts.notices import pop_notice

register = template.Library()


@register.simple_tag(takes_context=True)
def sign_in_url(context):
    """The sign-in page, with `next` leading back to the page being read.

    On the account pages themselves, `next` is the one they already carry (signing in
    from the sign-up page should still end where the visitor started).
    """
    url = reverse("accounts:sign_in")
    request = context.get("request")
    if request is None:
        return url
    match = getattr(request, "resolver_match", None)
    if match is not None and match.namespace == "accounts":
        next_url = context.get("next_url") or ""
    else:
        next_url = request.get_full_path()
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@register.simple_tag(takes_context=True)
def account_notice(context):
    return pop_notice(context.get("request"))
