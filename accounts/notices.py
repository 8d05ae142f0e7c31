"""One-off notices shown under the site header after an account action.

A code is kept in the session and turned into words when the next page is drawn, in
that page's language. They are not Django messages: pages such as a comment thread
list every Django message in their own status area, and a notice shown by the header
must not appear there a second time.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "accounts.notice"

NOTICES = {
    "signed_in": _("You are signed in."),
    "signed_out": _("You are signed out."),
    "confirmed": _("Your account is confirmed and you are signed in. Welcome!"),
}


def set_notice(request, code):
    request.session[SESSION_KEY] = code


def pop_notice(request):
    """The notice waiting for this visitor, removed from the session; "" if none."""
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""  # no session yet, so nothing to show (and nothing to load)
    code = request.session.pop(SESSION_KEY, None)
    return NOTICES.get(code, "")
