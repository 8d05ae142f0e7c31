"""Who may do what on a consultation, and when: the one place participation is decided.

Residents: views and templates ask ``comment_decision(user, page)``; a refusal carries a
reason code and a message in the visitor's language. The dates are the page's ``window``
(whole days in the site's time zone, see processes/dates.py), the same instants the
process's status and cards read, so a card never says "open" while this refuses, or the
other way round. Tested as a matrix of actor × phase in tests/processes/test_rules.py and at
the day boundary in tests/processes/test_phase_dates.py.

Officials (the admin's comment screens, menus and dashboard panels; tested as a matrix of
user × screen in tests/processes/test_admin_permissions.py):

* moderate (queue, approve / hide / restore, offline input, reports and exports):
  ``processes.moderate_comment``, held by the "Moderators" group, or django-comments' own
  ``django_comments.can_moderate``;
* read reports and export without personal data: the above, or ``processes.view_comment``
  (an analyst who does not moderate);
* include e-mail and IP addresses in an export: ``processes.export_personal_data`` on top.

Superusers have every permission."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from processes.dates import first_day, last_day
from processes.models import ModerationMode, ParticipationRule, ParticipationState


@dataclass(frozen=True)
class PermissionAnswer:
    """May this visitor do this? Falsy when refused, with a reason code and a message."""

    allowed: bool
    reason: str = ""  # "", "draft", "removed", "upcoming", "closed", "undated", "login"
    message: str = ""

    def __bool__(self):
        return self.allowed


ALLOWED = PermissionAnswer(True)

MODERATE = "processes.moderate_comment"
COMMENTS_MODERATE = "django_comments.can_moderate"
VIEW = "processes.view_comment"
EXPORT_PERSONAL_DATA = "processes.export_personal_data"


def _day(day):
    return date_format(day, "DATE_FORMAT")


def comment_decision(user, page, now=None, clause_id=""):
    """May `user` comment on `page` (a ConsultationPage), or on one of its clauses, at `now`?

    A clause removed from the document keeps its conversation, read-only.
    """
    now = now or timezone.now()
    if not page.live:
        return PermissionAnswer(
            False, "draft", _("This consultation is not published, so it cannot take comments.")
        )
    if clause_id and page.get_clause(clause_id) is None:
        return PermissionAnswer(
            False,
            "removed",
            _("The clause you commented on is not part of this document any more."),
        )
    opens, closes = page.window
    state = page.state_at(now)
    if opens is None:
        return PermissionAnswer(
            False, "undated", _("This consultation has no dates for comments yet.")
        )
    if state == ParticipationState.UPCOMING:
        return PermissionAnswer(
            False,
            "upcoming",
            _("This consultation opens for comments on %(date)s.")
            % {"date": _day(first_day(opens))},
        )
    if state == ParticipationState.CLOSED:
        return PermissionAnswer(
            False,
            "closed",
            _("This consultation closed on %(date)s. Comments are no longer accepted.")
            % {"date": _day(last_day(closes))},
        )
    if requires_sign_in(page) and not (user and user.is_authenticated):
        return PermissionAnswer(
            False, "login", _("Only signed-in participants can comment on this consultation.")
        )
    return ALLOWED


def can_comment(user, page, now=None):
    return comment_decision(user, page, now).allowed


def requires_sign_in(page):
    process = getattr(page, "process", None)
    return bool(process and process.participation_rule == ParticipationRule.SIGNED_IN)


def needs_email_confirmation(user):
    """Anonymous comments wait for the e-mailed link; signed-in participants are known."""
    return not (user and user.is_authenticated)


def published_on_arrival(page):
    """Post-moderation publishes at once; pre-moderation waits for a moderator."""
    process = getattr(page, "process", None)
    return not (process and process.moderation_mode == ModerationMode.PRE)


def accepted_at(page, moment):
    """Was the consultation open at `moment`? (A late confirmation of an in-time comment.)"""
    return page.state_at(moment) == ParticipationState.OPEN


def can_react(user, page, comment):
    """Like or flag: a published comment on a published page, by anyone; not on a clause
    removed from the document (its conversation is archived)."""
    if comment.clause_id and page.get_clause(comment.clause_id) is None:
        return False
    return bool(page.live and comment.is_shown_publicly)


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def can_moderate(user):
    return _active(user) and (user.has_perm(MODERATE) or user.has_perm(COMMENTS_MODERATE))


def can_view_reports(user):
    return can_moderate(user) or (_active(user) and user.has_perm(VIEW))


def can_export_personal_data(user):
    return can_view_reports(user) and user.has_perm(EXPORT_PERSONAL_DATA)
