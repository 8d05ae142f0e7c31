"""Who may do what with proposals, and when: the one place it is decided.

Residents (views and templates ask these; a refusal carries a reason code and a message
in the visitor's language): submit, support, withdraw a support (signed in, or with the
signed link of the support's confirmation e-mail), edit (a short window
after submitting), withdraw a proposal. Comments are decided by processes.rules, the
same rules as a consultation's. Officials: answer, merge, assign and enter offline input with
``proposals.answer_proposal`` (the "Moderators" of comments may too). Evaluators, with
``proposals.evaluate_proposal`` only, see the proposals assigned to them and keep their
private notes on them; they neither answer nor assign. Tested as a matrix of actor × phase
× action in tests/proposals/.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.conf import setting
from processes.dates import first_day, last_day
from processes.models import ParticipationState
from processes.rules import (
    ALLOWED,
    COMMENTS_MODERATE,
    MODERATE,
    PermissionAnswer,
    can_moderate,
    requires_sign_in,
)

from . import threshold

ANSWER = "proposals.answer_proposal"
EVALUATE = "proposals.evaluate_proposal"


def _day(day):
    return date_format(day, "DATE_FORMAT")


def _window_decision(page, now, *, upcoming, closed):
    """Open, or why not: `upcoming` and `closed` are whole sentences with a %(date)s."""
    if not page.live:
        return PermissionAnswer(False, "draft", _("This page is not published."))
    opens, closes = page.window
    state = page.state_at(now)
    if opens is None:
        return PermissionAnswer(False, "undated", _("Proposals have no dates yet."))
    if state == ParticipationState.UPCOMING:
        return PermissionAnswer(
            False,
            "upcoming",
            upcoming % {"date": _day(first_day(opens))},
        )
    if state == ParticipationState.CLOSED:
        return PermissionAnswer(
            False,
            "closed",
            closed % {"date": _day(last_day(closes))},
        )
    return ALLOWED


def _submit_window(page, now):
    return _window_decision(
        page,
        now,
        upcoming=_("Proposals can be sent from %(date)s."),
        closed=_("Proposals closed on %(date)s. New ones are no longer accepted."),
    )


def submit_decision(user, page, now=None):
    now = now or timezone.now()
    decision = _submit_window(page, now)
    if not decision:
        return decision
    if requires_sign_in(page) and not (user and user.is_authenticated):
        return PermissionAnswer(False, "login", _("Only signed-in participants can propose."))
    return ALLOWED


def support_decision(user, page, proposal, now=None):
    now = now or timezone.now()
    decision = _window_decision(
        page,
        now,
        upcoming=_("Supports open on %(date)s."),
        closed=_("Supports closed on %(date)s. Proposals can no longer be supported."),
    )
    if not decision:
        return decision
    if proposal.merged_into_id or proposal.withdrawn_at:
        return PermissionAnswer(
            False, "gone", _("This proposal was merged or withdrawn: it takes no supports.")
        )
    progress = threshold.progress(page, proposal, now) if threshold.passed(page, now) else None
    if progress is not None and progress.missed:
        return PermissionAnswer(
            False,
            "threshold",
            _(
                "This proposal did not reach the %(count)s supports it needed by %(date)s: "
                "it takes no more supports."
            )
            % {"count": progress.needed, "date": _day(progress.day)},
        )
    if requires_sign_in(page) and not (user and user.is_authenticated):
        return PermissionAnswer(
            False, "login", _("Only signed-in participants can support proposals.")
        )
    return ALLOWED


def withdraw_support_decision(user, page, proposal, support, *, by_link=False, now=None):
    """Whoever gave `support` may withdraw it while supports are taken: its signed-in
    supporter, or (``by_link``) whoever holds the signed link its confirmation e-mail
    carried, which names it. `support` is None when they have none. Once supports close,
    the count is final."""
    now = now or timezone.now()
    signed_in = bool(user and user.is_authenticated)
    mine = support is not None and (
        by_link or (signed_in and support.user_id is not None and support.user_id == user.pk)
    )
    if not mine or support.withdrawn_at is not None or support.proposal_id != proposal.pk:
        return PermissionAnswer(False, "none", _("You have no support here to withdraw."))
    return _window_decision(
        page,
        now,
        upcoming=_("Supports open on %(date)s."),
        closed=_(
            "Supports closed on %(date)s: the count is final and supports can no longer be "
            "withdrawn."
        ),
    )


def edit_decision(user, page, proposal, now=None):
    """Its signed-in author, for PROPOSAL_EDIT_MINUTES after submitting, while open."""
    now = now or timezone.now()
    if not proposal.is_by(user):
        return PermissionAnswer(False, "author", _("Only its author can change a proposal."))
    decision = _submit_window(page, now)
    if not decision:
        return decision
    if proposal.withdrawn_at or proposal.merged_into_id:
        return PermissionAnswer(False, "gone", _("This proposal was merged or withdrawn."))
    if now > proposal.created_at + timedelta(minutes=setting("PROPOSAL_EDIT_MINUTES")):
        return PermissionAnswer(
            False,
            "late",
            _("Proposals can be changed for %(minutes)s minutes after they are sent.")
            % {"minutes": setting("PROPOSAL_EDIT_MINUTES")},
        )
    return ALLOWED


def withdraw_decision(user, page, proposal, now=None):
    """Its signed-in author, any time before it is answered beyond "received"."""
    if not proposal.is_by(user):
        return PermissionAnswer(False, "author", _("Only its author can withdraw a proposal."))
    if proposal.withdrawn_at or proposal.merged_into_id:
        return PermissionAnswer(False, "gone", _("This proposal was merged or withdrawn."))
    if proposal.answered_at:
        return PermissionAnswer(
            False, "answered", _("An answered proposal cannot be withdrawn any more.")
        )
    return ALLOWED


def can_answer(user):
    """Answer, merge, assign and enter offline proposals (the admin's screens)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.has_perm(ANSWER) or can_moderate(user))
    )


def can_evaluate(user):
    """See the officials' proposal screens: answerers see every proposal, evaluators only
    those assigned to them."""
    return can_answer(user) or bool(
        user and user.is_authenticated and user.is_active and user.has_perm(EVALUATE)
    )


def can_read_notes(user, proposal):
    """Read and write a proposal's private notes: answerers, and its own evaluator."""
    return can_answer(user) or (
        can_evaluate(user)
        and proposal.evaluator_id is not None
        and proposal.evaluator_id == user.pk
    )


def evaluators():
    """The active accounts a proposal can be assigned to: whoever can_evaluate (an
    assignee who could not open the screens would never see it)."""
    codenames = [ANSWER, EVALUATE, MODERATE, COMMENTS_MODERATE]
    permissions = Permission.objects.none()
    for name in codenames:
        app_label, codename = name.split(".")
        permissions |= Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
    ids = list(permissions.values_list("pk", flat=True))
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(user_permissions__in=ids) | Q(groups__permissions__in=ids))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
