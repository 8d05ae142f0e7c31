"""Who may use the officials' comment screens.

* moderate (queue, approve / hide / restore, offline input, reports and exports):
  ``processes.moderate_comment`` — held by the "Moderators" group — or what
  ``processes.rules.can_moderate`` already accepts;
* read reports and export without personal data: the above, or ``processes.view_comment``
  (an analyst who does not moderate);
* include e-mail and IP addresses in an export: ``processes.export_personal_data`` on top.

Superusers have every permission.
"""

from processes import rules

MODERATE = "processes.moderate_comment"
VIEW = "processes.view_comment"
EXPORT_PERSONAL_DATA = "processes.export_personal_data"


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def can_moderate(user):
    return _active(user) and (user.has_perm(MODERATE) or rules.can_moderate(user))


def can_view_reports(user):
    return can_moderate(user) or (_active(user) and user.has_perm(VIEW))


def can_export_personal_data(user):
    return can_view_reports(user) and user.has_perm(EXPORT_PERSONAL_DATA)
