"""Nudges: behind the target pace, a language behind its share, the feedback page overdue;
each given once a week, e-mailed to the owners through the delivery engine."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from delivery.models import Notice
from impact import nudges, tasks
from impact.models import Nudge, ProcessTarget
from processes.models import build_comment
from tests.html import parse
from tests.processes.test_feedback_support import make_feedback, theme

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


def test_below_pace_end_to_end_through_the_periodic_run(
    client, process_index, process_page_factory, consultation_page_factory, official, mailoutbox
):
    """The periodic run notices it, the delivery engine sends it once to each owner in
    their language, and the dashboard and the Wagtail home page say so."""
    owner = get_user_model().objects.create_user("lea", "lea@riverton.example", "x")
    UserProfile.get_for_user(owner)
    UserProfile.objects.filter(user=owner).update(preferred_language="fr")
    process = process_page_factory(
        parent=process_index, owner=owner, contact_email="team@riverton.example"
    )
    comments(consultation_page_factory(parent=process), 10)
    ProcessTarget.objects.create(process_key=process.translation_key, contributions=100)

    assert tasks.refresh_all() == (1, 1)
    assert tasks.refresh_all() == (1, 0)  # the same week: not again
    notices = Notice.objects.filter(mailing__kind="engagement-nudge")
    assert sorted(notices.values_list("email", "language")) == [
        ("lea@riverton.example", "fr"),
        ("team@riverton.example", "en"),
    ]
    sent = {m.to[0]: m for m in mailoutbox}
    assert len(mailoutbox) == 2 and set(sent) == {"lea@riverton.example", "team@riverton.example"}
    assert "Input is below target" in sent["team@riverton.example"].body
    assert sent["lea@riverton.example"].extra_headers["Content-Language"] == "fr"
    nudge = Nudge.objects.get()
    with translation.override("fr"):
        french = nudges.headline(nudge)
    assert french != nudges.headline(nudge) and french in sent["lea@riverton.example"].body

    client.force_login(official)
    page = parse(client.get(f"/admin/impact/{process.pk}/"))
    notices_shown = page.one(".impact-nudges").text
    assert "Input is below target: 10 so far, 50 expected by now" in notices_shown
    assert "(e-mailed to 2 owners)" in " ".join(notices_shown.split())
    assert "Input is below target: consider more outreach." in page.one(".impact-pace").text
    home = parse(client.get("/admin/"))
    assert "Input is below target" in home.one("#townhall-engagement-nudges-section").text


@pytest.mark.parametrize(("closed_days_ago", "reminded"), [(11, True), (9, False)])
def test_the_feedback_reminder_waits_the_days_set(
    process_index, process_page_factory, mailoutbox, settings, closed_days_ago, reminded
):
    settings.IMPACT_FEEDBACK_DUE_DAYS = 10
    now = timezone.now()
    closed = process_page_factory(
        parent=process_index,
        contact_email="owner@riverton.example",
        phases=[
            (
                "Consultation",
                now - timedelta(days=60),
                now - timedelta(days=closed_days_ago),
                True,
            )
        ],
    )
    given = nudges.check(closed)
    assert [n.kind for n in given] == ([Nudge.Kind.FEEDBACK_DUE] if reminded else [])
    assert len(mailoutbox) == int(reminded)
    if reminded:
        assert "more than 10 days ago" in mailoutbox[0].body


def test_no_feedback_reminder_once_the_feedback_page_is_live(
    process_index, process_page_factory, mailoutbox
):
    now = timezone.now()
    closed = process_page_factory(
        parent=process_index,
        contact_email="owner@riverton.example",
        phases=[("Consultation", now - timedelta(days=80), now - timedelta(days=31), True)],
    )
    make_feedback(closed, [theme("Safer crossings")])
    assert nudges.check(closed) == []
    assert mailoutbox == []
