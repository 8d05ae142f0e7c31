"""Nudges: behind the target pace, a language behind its share, the feedback page overdue;
each given once a week, e-mailed to the owners through the delivery engine."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.users.models import UserProfile

from impact import nudges, tasks
from impact.models import Nudge, ProcessTarget
from processes.models import build_comment

pytestmark = pytest.mark.django_db


def comments(page, count, language="en"):
    for n in range(count):
        build_comment(
            page, f"Comment {n}", name="R", email=f"{language}{n}@example.org", language=language
        ).save()


def test_input_behind_the_target_pace_is_noticed_once_a_week_and_mailed(
    consultation, process, mailoutbox
):
    # Half of the 20-day window has gone: 100 expected by the end, 50 by now; 10 given.
    ProcessTarget.objects.create(process_key=process.translation_key, contributions=100)
    comments(consultation, 10)
    given = nudges.check(process)
    assert [(n.kind, n.expected, n.actual) for n in given] == [(Nudge.Kind.BELOW_PACE, 50, 10)]
    assert [m.to for m in mailoutbox] == [["owner@riverton.example"]]
    assert "below target" in mailoutbox[0].body and "/admin/impact/" in mailoutbox[0].body
    assert nudges.check(process) == []  # once per week
    assert len(mailoutbox) == 1


def test_on_pace_gives_no_nudge(consultation, process, mailoutbox):
    ProcessTarget.objects.create(process_key=process.translation_key, contributions=20)
    comments(consultation, 10)
    assert nudges.check(process) == []
    assert mailoutbox == []


def test_a_language_behind_its_share_is_named(consultation, process, mailoutbox):
    ProcessTarget.objects.create(
        process_key=process.translation_key, contributions=40, language_shares={"ar": 25}
    )
    comments(consultation, 19, "en")
    comments(consultation, 1, "ar")
    given = nudges.check(process)
    assert [(n.kind, n.language, n.expected, n.actual) for n in given] == [
        (Nudge.Kind.LANGUAGE_LOW, "ar", 5, 1)
    ]
    assert "Arabic" in mailoutbox[0].body


def test_feedback_overdue_after_closing(process_index, process_page_factory, mailoutbox):
    now = timezone.now()
    closed = process_page_factory(
        parent=process_index,
        contact_email="owner@riverton.example",
        phases=[("Consultation", now - timedelta(days=80), now - timedelta(days=31), True)],
    )
    assert [n.kind for n in nudges.check(closed)] == [Nudge.Kind.FEEDBACK_DUE]
    assert "feedback page" in mailoutbox[0].body
    recent = process_page_factory(
        parent=process_index,
        phases=[("Consultation", now - timedelta(days=40), now - timedelta(days=3), True)],
    )
    assert nudges.check(recent) == []


def test_the_page_owner_is_told_in_their_own_language(
    process_index, process_page_factory, mailoutbox
):
    owner = get_user_model().objects.create_user("lea", "lea@riverton.example", "x")
    UserProfile.get_for_user(owner).__class__.objects.filter(user=owner).update(
        preferred_language="fr"
    )
    now = timezone.now()
    process = process_page_factory(
        parent=process_index,
        owner=owner,
        phases=[("Consultation", now - timedelta(days=80), now - timedelta(days=31), True)],
    )
    nudges.check(process)
    assert [(m.to, m.extra_headers["Content-Language"]) for m in mailoutbox] == [
        (["lea@riverton.example"], "fr")
    ]


def test_the_periodic_run_refreshes_every_process_and_gives_nudges(consultation, process):
    ProcessTarget.objects.create(process_key=process.translation_key, contributions=100)
    assert tasks.refresh_all() == (1, 1)
    assert tasks.refresh_all() == (1, 0)
