"""What each figure means, in words: shown beside the figure, the same in the admin
dashboard and the public views, and translated like every other text."""

from django.utils.translation import gettext_lazy as _

DEFINITIONS = {
    "contributions": (
        _("Contributions"),
        _(
            "Everything residents gave that counts: published comments and replies, input "
            "given on paper, by e-mail, by phone or at a meeting and entered by staff, and "
            "every other kind of input this process takes. Hidden and unconfirmed input "
            "does not count."
        ),
    ),
    "participants": (
        _("Participants"),
        _(
            "Different people who contributed: each e-mail address or account counts once, "
            "whatever they gave and in whichever language. Input given without a name or "
            "address counts as one participant per contribution."
        ),
    ),
    "first_time": (
        _("First-time participants"),
        _(
            "Participants who had not taken part in an earlier process on this site. "
            "People are recognised only by the e-mail address or account they used."
        ),
    ),
    "returning": (
        _("Returning participants"),
        _("Participants who had already taken part in an earlier process on this site."),
    ),
    "by_channel": (
        _("By channel"),
        _(
            "How the contributions reached us: online, on paper, at a meeting, by e-mail "
            "or by phone."
        ),
    ),
    "by_language": (
        _("By language"),
        _("The language each contribution was written or given in."),
    ),
    "by_type": (
        _("By kind of input"),
        _("Comments, proposals, supports, survey responses or attendance, as each was counted."),
    ),
    "by_area": (
        _("By area"),
        _(
            "The area contributors said they live or work in, where they said one. In public "
            "views and downloads, the count of a small area is shown as “fewer than "
            "%(small)s” so that nobody can be singled out."
        ),
    ),
    "response_time": (
        _("Time to first response"),
        _(
            "Half of the conversations and proposals that got an official response got it "
            "within this time (the median), counted from the comment that started the "
            "conversation or from the proposal's submission."
        ),
    ),
    "responded": (
        _("Input with an official response"),
        _(
            "The share of comments starting a conversation and of proposals that got an "
            "official response: a reply from a member of staff in the conversation, or the "
            "proposal's first answer (a decision, a reason, or a merge with a similar one)."
        ),
    ),
    "feedback_days": (
        _("Days until the feedback was published"),
        _(
            "Days between the close of participation and the first publication of the "
            "“What we did with your feedback” page."
        ),
    ),
    "pace": (
        _("Pace against the target"),
        _(
            "The target spread evenly over the participation period: by today, this many "
            "contributions were expected."
        ),
    ),
}


def definition(key, **values):
    """(label, text) of the figure `key`, in the active language."""
    label, text = DEFINITIONS[key]
    text = str(text)
    return str(label), (text % values if values else text)
