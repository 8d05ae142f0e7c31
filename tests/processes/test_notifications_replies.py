"""Reply notifications: commenters who asked hear of replies in their conversation, once,
in the language they wrote in, through a background task."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django_comments_xtd import views as xtd_views

from delivery import subscriptions
from delivery.subscriptions import Kind
from processes.models import Comment, ModerationMode, ReplyNotice
from tests.html import parse

from .test_feedback_support import add_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(process_index, process_page_factory, consultation_page_factory):
    return consultation_page_factory(parent=process_page_factory(parent=process_index))


@pytest.fixture
def clause(consultation):
    return next(item.id for item in consultation.numbered_items if item.is_clause)


def _reply(page, parent, text, **kwargs):
    return add_comment(page, text, clause_id=parent.clause_id, parent_id=parent.pk, **kwargs)


def test_a_follower_hears_of_a_reply_in_their_language(
    consultation, clause, django_capture_on_commit_callbacks, mailoutbox
):
    asked = add_comment(
        consultation,
        "Add a crossing.",
        clause_id=clause,
        email="amina@example.org",
        name="Amina",
        language="sw",
        followup=True,
    )
    add_comment(
        consultation, "Other thread.", clause_id=clause, email="x@example.org", followup=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        reply = _reply(
            consultation,
            asked,
            "I agree, near the market too.",
            name="Baraka",
            email="baraka@example.org",
        )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["amina@example.org"]
    assert "Baraka" in message.subject
    assert "I agree, near the market too." in message.body
    assert "Add a crossing." in message.body
    email = parse(message.alternatives[0][0])
    assert (email.lang, email.dir) == ("sw", "ltr")
    assert f"#c{reply.pk}" in message.body
    assert "/sw/" in message.body
    assert ReplyNotice.objects.get(comment=reply).recipients == 1

    # saving the reply again (a like, a moderator's look) sends nothing more
    with django_capture_on_commit_callbacks(execute=True):
        reply.save()
    assert len(mailoutbox) == 1


def test_no_notice_without_asking_or_to_oneself(
    consultation, clause, django_capture_on_commit_callbacks, mailoutbox
):
    quiet = add_comment(consultation, "Fine.", clause_id=clause, email="quiet@example.org")
    asked = add_comment(
        consultation, "Hmm.", clause_id=clause, email="amina@example.org", followup=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        _reply(consultation, quiet, "Reply to quiet.", email="b@example.org")
        _reply(consultation, asked, "Answering myself.", email="AMINA@example.org")
    assert mailoutbox == []


def test_a_reply_waiting_for_moderation_is_announced_once_approved(
    process_index,
    django_capture_on_commit_callbacks,
    admin_user,
    mailoutbox,
    consultation_page_factory,
    process_page_factory,
):
    process = process_page_factory(parent=process_index, moderation_mode=ModerationMode.PRE)
    page = consultation_page_factory(parent=process)
    clause = next(item.id for item in page.numbered_items if item.is_clause)
    asked = add_comment(
        page, "A question.", clause_id=clause, email="amina@example.org", followup=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        reply = _reply(page, asked, "An answer.", email="b@example.org", is_public=False)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        reply.approve(admin_user)
    assert len(mailoutbox) == 1


def test_the_stop_link_ends_notices_for_that_conversation(
    client, consultation, clause, django_capture_on_commit_callbacks, mailoutbox
):
    asked = add_comment(
        consultation, "A question.", clause_id=clause, email="amina@example.org", followup=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        _reply(consultation, asked, "First answer.", email="b@example.org")
    stop = re.search(r"https?://\S+/stop/\S+/", mailoutbox[0].body).group(0)
    path = urlsplit(stop).path
    assert client.get(path).status_code == 200
    assert subscriptions.wants("amina@example.org", Kind.REPLIES, asked.thread_id)
    assert client.post(path).status_code == 200
    assert not subscriptions.wants("amina@example.org", Kind.REPLIES, asked.thread_id)
    with django_capture_on_commit_callbacks(execute=True):
        _reply(consultation, asked, "Second answer.", email="c@example.org")
    assert len(mailoutbox) == 1


def test_comments_xtd_does_not_mail_page_followers_from_the_request(
    consultation, clause, mailoutbox
):
    add_comment(consultation, "Follow.", clause_id=clause, email="a@example.org", followup=True)
    other = add_comment(consultation, "New.", clause_id=clause, email="b@example.org")
    xtd_views.notify_comment_followers(other)
    assert mailoutbox == []


def test_replies_are_sent_by_a_task_not_in_the_request(
    consultation, clause, django_capture_on_commit_callbacks, mailoutbox
):
    asked = add_comment(
        consultation, "Q.", clause_id=clause, email="amina@example.org", followup=True
    )
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        from django_tasks import default_task_backend

        with django_capture_on_commit_callbacks(execute=True):
            _reply(consultation, asked, "A.", email="b@example.org")
        names = [result.task.name for result in default_task_backend.results]
        default_task_backend.clear()
    assert mailoutbox == []
    assert names == ["send_reply_notifications"]


def test_the_comment_form_lets_a_commenter_ask_for_reply_notices(
    client, consultation, clause, django_capture_on_commit_callbacks, mailoutbox, official_factory
):
    from .helpers import form_data

    client.force_login(official_factory(username="amina"))
    data = form_data(consultation, clause, comment="A question about this clause.")
    data["followup"] = "on"
    thread = consultation.url + consultation.thread_path(clause)
    assert "E-mail me when someone replies to my comment." in client.get(thread).content.decode()
    client.post(thread, data)
    asked = Comment.objects.get(comment="A question about this clause.")
    assert asked.followup is True
    with django_capture_on_commit_callbacks(execute=True):
        _reply(consultation, asked, "An answer.", email="b@example.org")
    assert [message.to for message in mailoutbox] == [["amina@riverton.example"]]
