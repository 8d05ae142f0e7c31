"""Who may comment, when: a matrix of actor × phase × participation rule, with frozen time."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission

from processes import rules
from processes.models import ModerationMode, ParticipationRule, build_comment

OPENS = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
CLOSES = datetime(2027, 4, 1, 17, 0, tzinfo=UTC)
MOMENTS = {
    "before": OPENS - timedelta(days=1),
    "opening": OPENS,
    "during": OPENS + timedelta(days=10),
    "last minute": CLOSES - timedelta(minutes=1),
    "closing": CLOSES,
    "after": CLOSES + timedelta(days=1),
}


def actor(kind):
    if kind == "anonymous":
        return AnonymousUser()
    user = get_user_model().objects.create_user(kind, f"{kind}@example.org", "pw")
    if kind == "moderator":
        user.user_permissions.add(
            Permission.objects.get(codename="moderate_comment", content_type__app_label="processes")
        )
        user = get_user_model().objects.get(pk=user.pk)
    return user


@pytest.fixture
def make_page(process_index, consultation_page_factory, process_page_factory):
    def make(rule, live=True):
        process = process_page_factory(
            parent=process_index,
            phases=[("Consultation", OPENS, CLOSES, True)],
            participation_rule=rule,
        )
        return consultation_page_factory(parent=process, publish=live)

    return make


# Expected outcome (None = allowed, else the refusal's reason) per rule, actor and moment.
OPEN_TO = {
    ParticipationRule.ANYONE: {"anonymous", "participant", "moderator"},
    ParticipationRule.SIGNED_IN: {"participant", "moderator"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("rule", [ParticipationRule.ANYONE, ParticipationRule.SIGNED_IN])
@pytest.mark.parametrize("kind", ["anonymous", "participant", "moderator"])
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_comment_matrix(make_page, rule, kind, moment):
    page = make_page(rule)
    user = actor(kind)
    with time_machine.travel(MOMENTS[moment], tick=False):
        decision = rules.comment_decision(user, page)

    if moment in {"before"}:
        expected = "upcoming"
    elif moment in {"closing", "after"}:
        expected = "closed"
    elif kind not in OPEN_TO[rule]:
        expected = "login"
    else:
        expected = ""
    assert decision.reason == expected
    assert decision.allowed is (expected == "")
    assert bool(decision) is decision.allowed
    if not decision.allowed:
        assert decision.message  # always a sentence to show instead of the form


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["anonymous", "participant", "moderator"])
def test_nobody_comments_on_an_unpublished_page(make_page, kind):
    page = make_page(ParticipationRule.ANYONE, live=False)
    with time_machine.travel(MOMENTS["during"], tick=False):
        decision = rules.comment_decision(actor(kind), page)
    assert (decision.allowed, decision.reason) == (False, "draft")


@pytest.mark.django_db
def test_a_consultation_without_dates_takes_no_comments(
    process_index, consultation_page_factory, process_page_factory
):
    process = process_page_factory(parent=process_index, phases=[])
    page = consultation_page_factory(parent=process, phase=None, opens_at=None, closes_at=None)
    assert rules.comment_decision(AnonymousUser(), page).reason == "undated"


@pytest.mark.django_db
def test_the_refusal_message_names_the_dates(make_page):
    page = make_page(ParticipationRule.ANYONE)
    with time_machine.travel(MOMENTS["before"], tick=False):
        assert "2027" in rules.comment_decision(AnonymousUser(), page).message


@pytest.mark.django_db
def test_confirmation_and_moderation_rules(
    process_index, consultation_page_factory, process_page_factory
):
    process = process_page_factory(parent=process_index, moderation_mode=ModerationMode.PRE)
    page = consultation_page_factory(parent=process)
    assert rules.needs_email_confirmation(AnonymousUser()) is True
    assert rules.needs_email_confirmation(actor("participant")) is False
    assert rules.published_on_arrival(page) is False
    process.moderation_mode = ModerationMode.POST
    process.save_revision().publish()
    page = type(page).objects.get(pk=page.pk)
    assert rules.published_on_arrival(page) is True


@pytest.mark.django_db
def test_a_comment_is_accepted_when_it_was_written_during_the_dates(make_page):
    page = make_page(ParticipationRule.ANYONE)
    assert rules.accepted_at(page, MOMENTS["last minute"]) is True
    assert rules.accepted_at(page, MOMENTS["after"]) is False


@pytest.mark.django_db
def test_reactions_need_a_published_comment_on_a_live_page(make_page):
    page = make_page(ParticipationRule.ANYONE)
    shown = build_comment(page, "Shown", name="A", email="a@example.org")
    pending = build_comment(page, "Pending", name="B", email="b@example.org", is_public=False)
    assert rules.can_react(AnonymousUser(), page, shown) is True
    assert rules.can_react(AnonymousUser(), page, pending) is False
    page.live = False
    assert rules.can_react(AnonymousUser(), page, shown) is False


@pytest.mark.django_db
def test_only_moderators_moderate():
    assert rules.can_moderate(AnonymousUser()) is False
    assert rules.can_moderate(actor("participant")) is False
    assert rules.can_moderate(actor("moderator")) is True


@pytest.mark.django_db
def test_officials_permissions_are_answered_by_the_same_module(official_factory):
    """One module answers for residents and officials: moderating, reading reports, and
    exporting personal data (the admin screens' matrix is in test_admin_permissions.py)."""
    inactive = official_factory(username="inactive", moderator=True)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    officials = {
        "anonymous": AnonymousUser(),
        "editor": official_factory(username="editor", groups=["Editors"]),
        "analyst": official_factory(username="analyst", analyst=True),
        "moderator": official_factory(username="moderator", moderator=True),
        "comments moderator": official_factory(
            username="xtd", perms=["django_comments.can_moderate"]
        ),
        "privacy officer": official_factory(username="privacy", privacy_officer=True),
        "inactive moderator": inactive,
    }
    answers = {
        kind: (
            rules.can_moderate(user),
            rules.can_view_reports(user),
            rules.can_export_personal_data(user),
        )
        for kind, user in officials.items()
    }
    assert answers == {
        "anonymous": (False, False, False),
        "editor": (False, False, False),
        "analyst": (False, True, False),
        "moderator": (True, True, False),
        "comments moderator": (True, True, False),
        "privacy officer": (True, True, True),
        "inactive moderator": (False, False, False),
    }
