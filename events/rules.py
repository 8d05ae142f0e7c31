"""Who may do what with events. Attendee lists are for officials with permission only;
public pages show counts."""

from processes.rules import can_moderate

CHECK_IN = "events.check_in"
VIEW_ATTENDEES = "events.view_attendees"


def active(user):
    return bool(user and user.is_authenticated and user.is_active)


def can_check_in(user):
    """Mark attendance, add walk-ins, record a count: the list of names comes with it."""
    return active(user) and user.has_perm(CHECK_IN)


def can_view_attendees(user):
    return active(user) and (user.has_perm(VIEW_ATTENDEES) or user.has_perm(CHECK_IN))


def can_enter_meeting_input(user):
    """Typing in comments given at a meeting is offline input: the moderators' right."""
    return can_moderate(user)
