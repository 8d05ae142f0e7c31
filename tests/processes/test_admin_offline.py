"""Offline input: a moderator types paper, meeting, e-mail or phone input against a clause."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from delivery import subscriptions
from processes import metrics
from processes.models import Area, Channel, Comment, ModerationAction
from tests.html import parse

from .factories import clause_ids

OFFLINE = "offline_input:index"


def form_url(page):
    return f"{reverse(OFFLINE)}?consultation={page.pk}"


def answers(clause_id, **changes):
    data = {
        "clause": clause_id,
        "channel": "meeting",
        "input_date": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "meeting_name": "Old Port public meeting",
        "language": "ar",
        "comment": "We need a crossing by the market.",
        "name": "",
        "email": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def public_thread(client, page, clause_id):
    return client.get(page.url + page.thread_path(clause_id)).content.decode()


@pytest.mark.django_db
def test_the_moderator_first_chooses_a_consultation_then_sees_its_numbered_clauses(
    moderator_client, consultation, process, consultation_page_factory
):
    other = consultation_page_factory(parent=process, title="Draft parking rules")
    html = moderator_client.get(reverse(OFFLINE)).content.decode()
    assert "Draft strategy" in html and "Draft parking rules" in html
    assert process.title in html  # consultations grouped under their process
    assert other.pk

    html = moderator_client.get(form_url(consultation)).content.decode()
    for item in consultation.numbered_items:
        if item.is_clause:
            assert f'value="{item.id}"' in html
    assert "1.1 — This strategy sets out how Riverton will grow cycling." in html
    assert "2.2.1 — Starting with the Old Port junction." in html
    assert "The whole document" in html
    # Online is not an offline channel.
    channels = parse(html).one('select[name="channel"]').select("option")
    assert channels and "online" not in [option.get("value") for option in channels]


@pytest.mark.django_db
def test_meeting_input_is_stored_with_its_channel_and_counted_but_not_shown(
    moderator_client, moderator, consultation, process
):
    first = clause_ids(consultation)[0]
    area = Area.objects.get(page=process, name="Old Port")
    assert metrics.clause_counts(consultation) == {}
    response = moderator_client.post(
        form_url(consultation), answers(first, area=area.pk, wants_outcome="on", email="x@y.org")
    )
    assert response.status_code == 302
    # Saved, and ready for the next input from the same meeting.
    html = moderator_client.get(response["Location"]).content.decode()
    assert "Input saved on clause 1.1" in html
    assert 'value="Old Port public meeting"' in html
    selected = parse(html).one('select[name="channel"]').one("option[selected]")
    assert selected["value"] == "meeting"
    comment = Comment.objects.get()
    assert comment.channel == Channel.MEETING
    assert comment.meeting_name == "Old Port public meeting"
    assert comment.input_date == timezone.localdate() - timedelta(days=2)
    assert comment.language == "ar"
    assert comment.entered_by == moderator
    assert comment.area == area
    assert comment.clause_id == first and comment.clause_number_snapshot == "1.1"
    assert comment.clause_text_snapshot.startswith("This strategy sets out")
    assert comment.user_email == "x@y.org"
    assert subscriptions.wants("x@y.org", subscriptions.Kind.OUTCOME, comment.process_key)
    assert comment.moderation_status == "published"
    assert not comment.show_publicly_with_channel
    entry = ModerationAction.objects.get(comment=comment)
    assert (entry.action, entry.actor) == ("offline-entry", moderator)

    # Counted beside online input, everywhere the figures are used ...
    assert metrics.clause_counts(consultation) == {first: 1}
    assert metrics.by_channel(process) == {"meeting": 1}
    assert metrics.by_language(process) == {"ar": 1}
    # ... but not shown publicly, because the official did not choose to.
    assert "We need a crossing by the market." not in public_thread(
        moderator_client, consultation, first
    )


@pytest.mark.django_db
def test_input_shown_publicly_is_labelled_with_its_channel(moderator_client, consultation):
    second = clause_ids(consultation)[1]
    moderator_client.post(
        form_url(consultation),
        answers(second, channel="paper", meeting_name="", language="en", show_publicly="on"),
    )
    comment = Comment.objects.get()
    assert comment.channel == "paper" and comment.show_publicly_with_channel
    assert comment in Comment.objects.shown_publicly()
    html = public_thread(moderator_client, consultation, second)
    assert "We need a crossing by the market." in html
    assert "Sent on paper" in html


@pytest.mark.django_db
def test_input_on_the_whole_document(moderator_client, consultation):
    response = moderator_client.post(
        form_url(consultation), answers("", channel="phone", meeting_name="")
    )
    assert response.status_code == 302
    assert Comment.objects.get().clause_id == ""
    assert metrics.clause_counts(consultation) == {"": 1}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"meeting_name": ""}, "meeting_name", "Name the meeting this input comes from."),
        (
            {"input_date": (timezone.localdate() + timedelta(days=3)).isoformat()},
            "input_date",
            "The date given cannot be in the future.",
        ),
        (
            {"wants_outcome": "on"},
            "email",
            "An e-mail address is needed to tell the contributor the outcome.",
        ),
        ({"comment": "<script>alert(1)</script>"}, "comment", "Type the comment as plain text."),
        ({"comment": "x" * 3001}, "comment", "the limit is 3000"),
        ({"channel": "online"}, "channel", "Select a valid choice."),
        ({"clause": "not-a-clause"}, "clause", "Select a valid choice."),
    ],
)
@pytest.mark.django_db
def test_bad_input_is_refused_with_a_message_and_the_text_is_kept(
    moderator_client, consultation, changes, field, message
):
    first = clause_ids(consultation)[0]
    response = moderator_client.post(form_url(consultation), answers(first, **changes))
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    assert not Comment.objects.exists()
    html = response.content.decode()
    assert "The input was not saved" in html
    if field != "comment":
        assert "We need a crossing by the market." in html  # nothing typed is lost


@pytest.mark.django_db
def test_markup_is_stripped_from_offline_input(moderator_client, consultation):
    first = clause_ids(consultation)[0]
    moderator_client.post(
        form_url(consultation),
        answers(first, comment="<b>Wider</b> pavements<script>alert(1)</script>"),
    )
    assert Comment.objects.get().comment == "Wider pavements"


@pytest.mark.django_db
def test_posting_without_a_consultation_is_refused(moderator_client, consultation):
    response = moderator_client.post(reverse(OFFLINE), answers(""))
    assert response.status_code == 302
    assert not Comment.objects.exists()
    response = moderator_client.get(f"{reverse(OFFLINE)}?consultation=999999")
    assert response.status_code == 200  # asks to choose again
    assert response.context["page"] is None


@pytest.mark.django_db
def test_an_editor_without_the_moderation_permission_cannot_enter_input(
    client, consultation, official_factory
):
    client.force_login(official_factory(username="editor", editor=True))
    first = clause_ids(consultation)[0]
    assert client.get(form_url(consultation)).status_code == 302
    response = client.post(form_url(consultation), answers(first))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not Comment.objects.exists()
