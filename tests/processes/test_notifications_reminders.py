"""Notices to followers: a phase opens, closes in a week, feedback is published — each once."""

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext

from delivery import subscriptions
from delivery.models import Notice
from processes.models import SentReminder
from tests.html import parse

from .test_feedback_support import make_feedback, theme

pytestmark = pytest.mark.django_db
Kind = SentReminder.Kind


@pytest.fixture
def upcoming(process_index, process_page_factory):
    """A process whose 20-day participation phase starts in two days."""
    now = timezone.now()
    return process_page_factory(
        parent=process_index,
        title="Riverside park",
        phases=[("Have your say", now + timedelta(days=2), now + timedelta(days=22), True)],
    )


def follow(process, email="zawadi@example.org", language="sw", when=None):
    return subscriptions.subscribe(
        email,
        subscriptions.Kind.PROCESS,
        process.translation_key,
        language=language,
        confirmed=True,
        at=when,
    )


def run(now):
    with time_machine.travel(now, tick=False):
        out = StringIO()
        call_command("send_process_reminders", stdout=out)
    return out.getvalue()


def test_phase_opening_is_announced_once(upcoming, mailoutbox):
    follow(upcoming)
    follow(
        upcoming, email="late@example.org", language="en", when=timezone.now() + timedelta(days=3)
    )
    run(timezone.now() + timedelta(days=1))
    assert mailoutbox == []  # not open yet
    output = run(timezone.now() + timedelta(days=2, hours=1))
    assert "Sent 1 notice" in output
    assert [m.to for m in mailoutbox] == [["zawadi@example.org"]]
    message = mailoutbox[0]
    assert "Riverside park" in message.subject
    email = parse(message.alternatives[0][0])
    assert (email.lang, email.dir) == ("sw", "ltr")
    assert "/sw/stop/" in message.body
    # every hour after that: nothing more (and the late follower knew it was open)
    for hours in (2, 3, 30):
        run(timezone.now() + timedelta(days=2, hours=hours))
    assert len(mailoutbox) == 1
    assert SentReminder.objects.filter(kind=Kind.OPENED).count() == 1


def test_a_week_before_closing_followers_are_reminded_once(upcoming, mailoutbox):
    follow(upcoming, language="en")
    run(timezone.now() + timedelta(days=2, hours=1))  # opened
    mailoutbox.clear()
    run(timezone.now() + timedelta(days=14))  # 8 days before the end: too early
    assert mailoutbox == []
    run(timezone.now() + timedelta(days=15, hours=1))
    run(timezone.now() + timedelta(days=15, hours=2))
    run(timezone.now() + timedelta(days=20))
    assert len(mailoutbox) == 1
    assert "One week left" in mailoutbox[0].subject
    run(timezone.now() + timedelta(days=23))  # closed
    assert len(mailoutbox) == 1


def test_two_runs_at_once_send_each_notice_once(upcoming, mailoutbox):
    from processes.notifications import send_due_notices

    follow(upcoming)
    moment = timezone.now() + timedelta(days=2, hours=1)
    with time_machine.travel(moment, tick=False):
        first = send_due_notices()
        second = send_due_notices()
    assert first["sent"] == 1 and second["sent"] == 0
    assert len(mailoutbox) == 1


def test_a_failed_notice_is_tried_again_on_the_next_run(upcoming, mailoutbox):
    follow(upcoming)
    moment = timezone.now() + timedelta(days=2, hours=1)
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=OSError("mail server down"),
    ):
        output = run(moment)
    assert "1 failed" in output
    assert mailoutbox == []
    assert Notice.objects.get().status == "pending"  # waiting for its retry
    run(moment + timedelta(hours=1))
    assert len(mailoutbox) == 1
    assert SentReminder.objects.count() == 1
    assert Notice.objects.get().status == "sent"


def test_followers_hear_when_feedback_is_published(
    process_index, django_capture_on_commit_callbacks, mailoutbox, process_page_factory
):
    now = timezone.now()
    process = process_page_factory(
        parent=process_index,
        phases=[("Consultation", now - timedelta(days=30), now - timedelta(days=2), True)],
    )
    follow(process, when=now - timedelta(days=20))
    page = make_feedback(process, [theme("Answer")], publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert len(mailoutbox) == 1
    with translation.override("sw"):
        expected = gettext("The results of “%(title)s” are published") % {"title": process.title}
    assert mailoutbox[0].subject == expected
    assert page.url in mailoutbox[0].body
    run(now + timedelta(hours=1))
    assert len(mailoutbox) == 1  # the command catches up on missed ones only


def test_the_command_catches_up_on_a_feedback_notice_that_failed(
    process_index, django_capture_on_commit_callbacks, mailoutbox, process_page_factory
):
    now = timezone.now()
    process = process_page_factory(
        parent=process_index,
        phases=[("Consultation", now - timedelta(days=30), now - timedelta(days=2), True)],
    )
    follow(process, when=now - timedelta(days=20))
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=OSError("mail server down"),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            make_feedback(process, [theme("Answer")])
    assert mailoutbox == []
    run(now + timedelta(hours=1))
    assert len(mailoutbox) == 1
    # someone who follows after publication is not told about it
    follow(process, email="new@example.org", when=now + timedelta(hours=2))
    run(now + timedelta(hours=3))
    assert len(mailoutbox) == 1
