"""The consent wording shown on every sign-up form, and its version.

Change the wording only together with CONSENT_VERSION: each consent record keeps the
wording as it was shown (in the visitor's language) and this version, so the record
still says what a person agreed to after the text changes.
"""

from django.utils.translation import gettext

CONSENT_VERSION = "2025-1"

# The basis written into consent records. Records are evidence, so these stay in English.
BASIS_WEB_FORM = "Web form with double opt-in (confirmation link followed)"
BASIS_WEB_REQUEST = "Web form sign-up request"
BASIS_PREFERENCES_LINK = "Subscribed again from the personal preferences link"
BASIS_UNSUBSCRIBE_LINK = "Unsubscribe link in an e-mail"
BASIS_ONE_CLICK = "One-click unsubscribe (RFC 8058) from the mail program"
BASIS_PREFERENCES_UNSUBSCRIBE = "Unsubscribed on the preferences page"


def consent_wording():
    return gettext(
        "We will e-mail you our newsletter in the language and on the topics you choose. "
        "We use your address for nothing else and never share it. Every newsletter has a "
        "link to unsubscribe in one click."
    )
