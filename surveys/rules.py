"""Who may answer a survey and who sees what of it: every answer carries its reason.

* ``answer_decision(user, page, now)``: may this visitor answer now (the page's mode and
  dates); the per-person limit (one response per confirmed address, account or browser)
  is checked when the response is sent.
* ``can_view_results(user)`` / ``can_enter_paper(user)`` / ``can_export_personal_data``:
  the officials' side, on the survey permissions (given to groups in the admin).
"""

from django.utils.translation import gettext_lazy as _

from processes.rules import ALLOWED, PermissionAnswer

from .models import Access

VIEW = "surveys.view_response"
ADD = "surveys.add_response"
EXPORT_PERSONAL_DATA = "processes.export_personal_data"


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def answer_decision(user, page, now=None):
    state = page.participation_state(now)
    if state == "upcoming":
        return PermissionAnswer(False, "upcoming", _("This survey is not open yet."))
    if state == "closed":
        return PermissionAnswer(False, "closed", _("This survey has closed."))
    if page.access == Access.SIGNED_IN and not _active(user):
        return PermissionAnswer(False, "login", _("Sign in to answer this survey."))
    return ALLOWED


def can_view_results(user):
    return _active(user) and (user.is_superuser or user.has_perm(VIEW))


def can_enter_paper(user):
    return _active(user) and (user.is_superuser or user.has_perm(ADD))


def can_export_personal_data(user):
    return can_view_results(user) and user.has_perm(EXPORT_PERSONAL_DATA)
