"""Personal outcome e-mails: once per contributor who asked, in their language, with their
own comments and the responses that refer to them; failures recorded and retriable."""

import re
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from delivery import engine
from delivery.models import Subscription
from processes.models import (
    FeedbackPage,
    OutcomeMailing,
    OutcomeNotification,
)
from tests.html import parse

from .factories import translate_page
from .test_feedback_support import (
    add_comment,
    make_closed,
    make_feedback,
    theme,
    theme_form_data,
)

pytestmark = pytest.mark.django_db
Status = OutcomeNotification.Status


@pytest.fixture
def closed(process_index):
    return make_closed(process_index)


def _themes(closed):
    return [
        theme(
            "Safe routes to school",
            decision="adopted",
            clauses=[closed.clauses[2]],
            comments=[closed.comments["amina"].pk],
            did="Every school gets a protected route by 2030.",
            reason="It was the most common request.",
        ),
        theme(
            "Covered bicycle parking",
            decision="adapted",
            clauses=[closed.clauses[5]],
            did="Half of the stations get covered parking.",
            reason="The budget allows half this year.",
        ),
        theme("Car parking", decision="not-adopted", did="No change.", reason="Out of scope."),
    ]


def _publish(page, capture):
    with capture(execute=True):
        FeedbackPage.objects.get(pk=page.pk).save_revision().publish()


def _by_recipient(outbox):
    return {message.to[0]: message for message in outbox}


def _html(message):
    return message.alternatives[0][0]


def _in(language, text, **values):
    """`text` as the interface shows it in `language` (whatever the translation says)."""
    with translation.override(language):
        return gettext(text) % values if values else gettext(text)


def test_publishing_e_mails_each_contributor_who_asked_once_in_their_language(
    closed, django_capture_on_commit_callbacks, mailoutbox
):
    page = make_feedback(closed.process, _themes(closed), publish=False)
    _publish(page, django_capture_on_commit_callbacks)

    messages = _by_recipient(mailoutbox)
    # Amina (sw), Jean (fr, address stored with capitals) and Omar (ar) asked; Quiet did
    # not tick the box and the paper letter has no address.
    assert sorted(messages) == ["amina@example.org", "jean@example.org", "omar@example.org"]
    assert len(mailoutbox) == 3

    amina = messages["amina@example.org"]
    html = _html(amina)
    subject = "What we did with your feedback on “%(title)s”"
    assert amina.subject == _in("sw", subject, title="Cycling strategy")
    assert messages["jean@example.org"].subject == _in("fr", subject, title="Cycling strategy")
    assert messages["omar@example.org"].subject == _in("ar", subject, title="Cycling strategy")
    assert (parse(html).lang, parse(html).dir) == ("sw", "ltr")
    assert "/sw/stop/" in amina.body
    assert "Please add a crossing near the school." in amina.body  # her own comment
    assert "Every school gets a protected route." in amina.body  # the clause she commented on
    assert "Safe routes to school" in amina.body
    assert _in("sw", "This response answers your comment.") in amina.body
    assert "Covered bicycle parking" not in amina.body  # about a clause she did not comment on
    assert amina.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    omar = messages["omar@example.org"]
    assert (parse(_html(omar)).lang, parse(_html(omar)).dir) == ("ar", "rtl")
    # cited by no response, but told about the response to the clause he commented on
    assert "Safe routes to school" in omar.body
    assert _in("ar", "This response is about a clause you commented on.") in omar.body

    jean = messages["jean@example.org"]
    assert (parse(_html(jean)).lang, parse(_html(jean)).dir) == ("fr", "ltr")
    assert "Covered bicycle parking" in jean.body
    assert "/fr/stop/" in jean.body

    records = OutcomeNotification.objects.order_by("email")
    assert [(r.email, r.language, r.status) for r in records] == [
        ("amina@example.org", "sw", Status.SENT),
        ("jean@example.org", "fr", Status.SENT),
        ("omar@example.org", "ar", Status.SENT),
    ]


def test_each_reader_gets_the_response_translated_into_their_language(
    closed, locales, home_pages, django_capture_on_commit_callbacks, mailoutbox
):
    page = make_feedback(closed.process, _themes(closed), publish=True)
    mailoutbox.clear()
    OutcomeMailing.objects.all().delete()  # as if the English page had not been published yet
    # wagtail-localize publishes each translation when the transaction commits: parents
    # first, then the titles a translator would write
    translated = {}
    for name, source in [
        ("index", closed.process.get_parent().specific),
        ("process", closed.process),
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            translated[name] = translate_page(source, locales["sw"])
    process_sw = translated["process"]
    process_sw.title = "Mkakati wa baiskeli"
    process_sw.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        translated = translate_page(page, locales["sw"])
    swahili = FeedbackPage.objects.get(pk=translated.pk)
    assert swahili.locale.language_code == "sw"
    # The Swahili page's first publication started the mailing.
    assert len(_by_recipient(mailoutbox)) == 3

    amina = _by_recipient(mailoutbox)["amina@example.org"]
    subject = "What we did with your feedback on “%(title)s”"
    assert amina.subject == _in("sw", subject, title="Mkakati wa baiskeli")
    assert swahili.url in amina.body
    # the French reader has no French translation: the default language's page
    assert page.url in _by_recipient(mailoutbox)["jean@example.org"].body


def test_republishing_or_translating_sends_nothing_more(
    closed, django_capture_on_commit_callbacks, mailoutbox
):
    page = make_feedback(closed.process, _themes(closed), publish=False)
    _publish(page, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 3
    FeedbackPage.objects.get(pk=page.pk).unpublish()
    _publish(page, django_capture_on_commit_callbacks)
    _publish(page, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 3
    assert OutcomeMailing.objects.count() == 1
    assert OutcomeNotification.objects.count() == 3


def test_a_retried_task_sends_nobody_twice(closed, django_capture_on_commit_callbacks, mailoutbox):
    from processes.feedback import outcome

    page = make_feedback(closed.process, _themes(closed), publish=False)
    _publish(page, django_capture_on_commit_callbacks)
    mailing = OutcomeMailing.objects.get()
    outcome.prepare_outcome_mailing.call(mailing.pk)
    engine.deliver.call("outcome", mailing.pk)
    assert len(mailoutbox) == 3


def test_nothing_is_sent_inside_the_publishing_request(
    closed, django_capture_on_commit_callbacks, mailoutbox
):
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        from django_tasks import default_task_backend

        page = make_feedback(closed.process, _themes(closed), publish=False)
        _publish(page, django_capture_on_commit_callbacks)
        enqueued = [result.task.name for result in default_task_backend.results]
        default_task_backend.clear()
    assert mailoutbox == []
    assert "prepare_outcome_mailing" in enqueued


def test_a_failing_mail_server_marks_the_recipient_failed_and_a_retry_sends_it(
    client, closed, django_capture_on_commit_callbacks, settings, mailoutbox, official_factory
):
    settings.DELIVERY_MAX_ATTEMPTS = 1  # a refused connection is retried; here, only once
    page = make_feedback(closed.process, _themes(closed), publish=False)
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ConnectionRefusedError("Connection refused by mail.riverton.example"),
    ):
        _publish(page, django_capture_on_commit_callbacks)
    assert mailoutbox == []
    failed = OutcomeNotification.objects.filter(status=Status.FAILED)
    assert failed.count() == 3
    assert "ConnectionRefusedError: Connection refused by mail.riverton.example" in failed[0].reason
    assert failed[0].attempts == 1

    official = official_factory(username="official", perms=["processes.change_outcomenotification"])
    client.force_login(official)
    retry_url = reverse("outcome_emails:retry")
    assert "3 outcome e-mails could not be sent" in client.get(retry_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url)
    assert response.status_code == 302
    assert sorted(_by_recipient(mailoutbox)) == [
        "amina@example.org",
        "jean@example.org",
        "omar@example.org",
    ]
    assert set(OutcomeNotification.objects.values_list("status", flat=True)) == {Status.SENT}
    assert OutcomeNotification.objects.filter(attempts=2).count() == 3


def test_the_stop_link_opts_out_of_future_outcome_e_mails(
    client, closed, process_index, django_capture_on_commit_callbacks, mailoutbox
):
    page = make_feedback(closed.process, _themes(closed), publish=False)
    _publish(page, django_capture_on_commit_callbacks)
    amina = _by_recipient(mailoutbox)["amina@example.org"]
    stop = re.search(r"https?://\S+/stop/\S+/", amina.body).group(0)
    path = urlsplit(stop).path
    assert client.get(path).status_code == 200  # a page with a button: scanners change nothing
    assert not Subscription.objects.filter(status=Subscription.Status.STOPPED).exists()
    assert client.post(path).status_code == 200
    assert Subscription.objects.filter(
        address="amina@example.org", kind=Subscription.Kind.OUTCOME, scope="", status="stopped"
    ).exists()

    # Her next process: she ticks the box again, but asked us to stop.
    mailoutbox.clear()
    second = make_closed(process_index)
    page = make_feedback(second.process, _themes(second), publish=False)
    _publish(page, django_capture_on_commit_callbacks)
    assert "amina@example.org" not in _by_recipient(mailoutbox)
    skipped = OutcomeNotification.objects.get(
        process_key=second.process.translation_key, email="amina@example.org"
    )
    assert skipped.status == Status.SKIPPED
    assert client.post("/en/participate/outcome/stop/forged/").status_code == 400
    assert client.post("/en/stop/forged/").status_code == 400


def test_a_contributor_no_response_mentions_still_gets_the_page(
    closed, django_capture_on_commit_callbacks, mailoutbox
):
    add_comment(
        closed.consultation,
        "A general remark.",
        email="gen@example.org",
        language="en",
        wants_outcome=True,
    )
    page = make_feedback(closed.process, _themes(closed), publish=False)
    _publish(page, django_capture_on_commit_callbacks)
    message = _by_recipient(mailoutbox)["gen@example.org"]
    nothing_for_you = (
        "None of our responses refers to your comments or the clauses you commented on in "
        "particular. Our full response explains what we did with everything people said, "
        "and what changed in the document."
    )
    assert _in("en", nothing_for_you) in message.body
    assert page.url in message.body
    assert "Council vote" in message.body  # next steps


def test_only_editors_with_publish_permission_can_publish(
    client, closed, django_capture_on_commit_callbacks, mailoutbox, official_factory
):
    page = make_feedback(closed.process, _themes(closed), publish=False)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = theme_form_data([closed.clauses[2]], [closed.comments["amina"].pk], slug="results")
    data["action-publish"] = "action-publish"

    client.force_login(official_factory(username="editor", groups=["Editors"]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    assert not FeedbackPage.objects.get(pk=page.pk).live
    assert mailoutbox == [] and not OutcomeMailing.objects.exists()

    client.force_login(official_factory(username="moderator", groups=["Moderators"]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert FeedbackPage.objects.get(pk=page.pk).live
    assert len(mailoutbox) == 3


def test_only_officials_see_the_recipient_records(
    client, closed, django_capture_on_commit_callbacks, official_factory
):
    page = make_feedback(closed.process, _themes(closed), publish=False)
    _publish(page, django_capture_on_commit_callbacks)
    index = reverse("outcome_emails:index")

    client.force_login(official_factory(username="editor", groups=["Editors"]))
    response = client.get(index)
    # Wagtail answers a missing permission by sending the official back to the dashboard.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get(reverse("outcome_emails:retry")).status_code == 302

    client.force_login(
        official_factory(username="analyst", perms=["processes.view_outcomenotification"])
    )
    html = client.get(index).content.decode()
    assert "amina@example.org" in html
    assert "Retry failed e-mails" not in html
    assert client.post(reverse("outcome_emails:retry")).status_code == 302
    mailing = OutcomeMailing.objects.get()
    filtered = client.get(index, {"mailing": mailing.pk})
    assert filtered.status_code == 200
