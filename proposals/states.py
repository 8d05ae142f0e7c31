"""The states an answer gives a proposal: a list the site defines (``PROPOSAL_STATES`` in
core/conf.py), with the defaults' labels here. A site's own state is a (key, label) pair."""

from django.utils.translation import gettext_lazy as _

from core.conf import setting

RECEIVED = "received"
ACCEPTED_STATES = {"accepted", "accepted_changes", "implemented"}

DEFAULT_LABELS = {
    "received": _("Received"),
    "considering": _("Under consideration"),
    "accepted": _("Accepted"),
    "accepted_changes": _("Accepted with changes"),
    "not_accepted": _("Not accepted"),
    "implemented": _("Implemented"),
}


def choices():
    """[(key, label)] in the site's order."""
    result = []
    for entry in setting("PROPOSAL_STATES"):
        if isinstance(entry, (list, tuple)):
            result.append((entry[0], entry[1]))
        else:
            result.append((entry, DEFAULT_LABELS.get(entry, entry)))
    return result


def label(key):
    return dict(choices()).get(key, key)


def is_accepted(key):
    return key in ACCEPTED_STATES
