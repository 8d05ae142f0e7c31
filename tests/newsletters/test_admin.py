"""Officials: send with a confirmation, follow progress and history, test sends, subscribers."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from delivery.models import Notice
from newsletters.models import Delivery, NewsletterSend, Subscriber

pytestmark = pytest.mark.django_db


def send_url(page):
    return f"/admin/newsletters/send/{page.pk}/"


def test_confirmation_shows_the_number_of_recipients(
    admin_client, topics, archives, newsletter_page_factory, subscriber_factory
):
    for _ in range(3):
        subscriber_factory(language="fr")
    subscriber_factory(language="fr", topics=[topics["housing"]])
    subscriber_factory(language="en")
    issue = newsletter_page_factory(parent=archives["fr"])
    response = admin_client.get(send_url(issue))
    assert response.status_code == 200
    assert response.context["recipients"] == 4
    assert "It will go to 4 people." in response.content.decode()
    narrowed = admin_client.post(
        send_url(issue), {"action": "count", "topics": [topics["transport-fr"].pk]}
    )
    assert narrowed.context["recipients"] == 3  # the three who chose no topic
    assert NewsletterSend.objects.count() == 0


def test_sending_from_the_admin_and_following_progress(
    admin_client,
    mailoutbox,
    django_capture_on_commit_callbacks,
    archives,
    newsletter_page_factory,
    subscriber_factory,
):
    for _ in range(3):
        subscriber_factory(language="fr")
    issue = newsletter_page_factory(parent=archives["fr"])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(send_url(issue), {"action": "send"})
    send = NewsletterSend.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/newsletter_sends/{send.pk}/"
    assert len(mailoutbox) == 3

    progress = admin_client.get(response["Location"])
    assert progress.status_code == 200
    assert progress.context["counts"]["sent"] == 3
    assert progress.context["percent"] == 100

    history = admin_client.get("/admin/newsletter_sends/")
    assert history.status_code == 200
    assert issue.subject in history.content.decode()
    # Sends cannot be added, edited or deleted by hand.
    assert "/admin/newsletter_sends/new/" not in history.content.decode()

    # A second click on "send" starts nothing new for the same people.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(send_url(issue), {"action": "send"})
    assert len(mailoutbox) == 3


def test_the_request_that_starts_a_send_does_no_per_recipient_work(
    admin_client,
    monkeypatch,
    django_capture_on_commit_callbacks,
    archives,
    newsletter_page_factory,
    subscriber_factory,
):
    """The POST only records the send and enqueues a task; its cost does not depend on N."""
    enqueued = []

    class DeferredTask:
        def enqueue(self, *args):
            enqueued.append(args)

    monkeypatch.setattr("newsletters.sending.prepare_send", DeferredTask())
    # A first send warms the process-wide caches (content types, the admin's menus) that a
    # test run earlier in the same process may or may not have warmed already.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            send_url(newsletter_page_factory(parent=archives["en"], subject="Warm-up")),
            {"action": "send"},
        )
    query_counts = []
    for count in (2, 40):
        for _ in range(count):
            subscriber_factory()
        issue = newsletter_page_factory(parent=archives["en"], subject=f"Issue for {count}")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            with django_capture_on_commit_callbacks(execute=True):
                response = admin_client.post(send_url(issue), {"action": "send"})
        assert response.status_code == 302
        query_counts.append(len(queries))
    assert query_counts[0] == query_counts[1]
    assert len(enqueued) == 3
    # The recipient lists are fixed by the task, not in the request.
    assert Delivery.objects.count() == 0
    assert not NewsletterSend.objects.filter(prepared_at__isnull=False).exists()


def test_progress_actions(
    admin_client, mailoutbox, monkeypatch, archives, newsletter_page_factory, subscriber_factory
):
    from newsletters import sending

    subscriber_factory()
    issue = newsletter_page_factory(parent=archives["en"])
    send, _ = sending.start_send(issue)
    sending.prepare_send.call(send.pk)
    # Cancel, then nothing goes out.
    response = admin_client.post(f"/admin/newsletters/sends/{send.pk}/cancel/")
    assert response.status_code == 302
    send.refresh_from_db()
    assert send.status == NewsletterSend.Status.CANCELLED
    assert mailoutbox == []


def test_a_stalled_send_continues_without_anyone_pressing_resume(
    admin_client, mailoutbox, archives, newsletter_page_factory, subscriber_factory
):
    from delivery import engine
    from newsletters import sending

    subscriber_factory()
    send, _ = sending.start_send(newsletter_page_factory(parent=archives["en"]))
    sending.prepare_send.call(send.pk)  # prepared, but the sender task never ran
    response = admin_client.get(reverse("newsletter_sends:inspect", args=[send.pk]))
    assert response.status_code == 200
    assert "/resume/" not in response.content.decode()
    # The periodic re-queue, run by the task worker, starts a sender.
    engine.requeue_deliveries.call()
    assert len(mailoutbox) == 1


def test_editors_without_the_send_permission_cannot_send(
    client, django_user_model, archives, newsletter_page_factory, subscriber_factory
):
    subscriber_factory()
    issue = newsletter_page_factory(parent=archives["en"])
    editor = django_user_model.objects.create_user("editor", "editor@example.org", "pw")
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.post(send_url(issue), {"action": "send"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert NewsletterSend.objects.count() == 0
    editor.user_permissions.add(Permission.objects.get(codename="send_newsletter"))
    assert client.get(send_url(issue)).status_code == 200


def test_send_a_test_to_me(
    admin_client, admin_user, mailoutbox, archives, newsletter_page_factory, subscriber_factory
):
    subscriber_factory()
    issue = newsletter_page_factory(parent=archives["en"], subject="Draft issue")
    issue.subject = "Draft issue, edited"
    issue.save_revision()  # not published: the test shows the draft
    response = admin_client.post(f"/admin/newsletters/test/{issue.pk}/", {"next": ""})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [admin_user.email]
    assert message.subject == "[Test] Draft issue, edited"
    assert message.alternatives and "List-Unsubscribe" in message.extra_headers
    # Through the delivery engine, as a notice of its own: no send, nothing in the history.
    notice = Notice.objects.get(mailing__kind="newsletter-test")
    assert (notice.email, notice.status) == (admin_user.email, "sent")
    assert NewsletterSend.objects.count() == 0
    assert Delivery.objects.count() == 0


def test_issue_pages_offer_send_and_test_in_the_admin(
    admin_client, archives, newsletter_page_factory
):
    issue = newsletter_page_factory(parent=archives["en"])
    html = admin_client.get(f"/admin/pages/{issue.pk}/edit/").content.decode()
    assert f"/admin/newsletters/send/{issue.pk}/" in html
    assert f"/admin/newsletters/test/{issue.pk}/" in html
    listing = admin_client.get(f"/admin/pages/{issue.get_parent().pk}/").content.decode()
    assert f"/admin/newsletters/send/{issue.pk}/" in listing


def test_subscriber_admin_lists_filters_and_adds(
    admin_client,
    topics,
    mailoutbox,
    django_capture_on_commit_callbacks,
    home_pages,
    subscriber_factory,
):
    subscriber_factory(email="fr@example.org", language="fr", topics=[topics["transport"]])
    subscriber_factory(email="en@example.org", language="en")
    index = admin_client.get("/admin/newsletter_subscribers/", {"language": "fr"})
    assert index.status_code == 200
    content = index.content.decode()
    assert "fr@example.org" in content and "en@example.org" not in content
    assert "/admin/newsletters/subscribers/import/" in content
    by_topic = admin_client.get(
        "/admin/newsletter_subscribers/", {"topic": topics["transport"].pk}
    ).content.decode()
    assert "fr@example.org" in by_topic and "en@example.org" not in by_topic

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/newsletter_subscribers/new/",
            {"email": "New.Person@Example.org", "language": "sw"},
        )
    assert response.status_code == 302
    added = Subscriber.objects.get(email="new.person@example.org")
    assert added.status == Subscriber.Status.PENDING
    assert added.consents.get().recorded_by is not None
    assert [m.to[0] for m in mailoutbox] == ["new.person@example.org"]

    duplicate = admin_client.post(
        "/admin/newsletter_subscribers/new/", {"email": "NEW.person@example.org", "language": "en"}
    )
    assert duplicate.status_code == 200
    assert Subscriber.objects.filter(email="new.person@example.org").count() == 1


def test_subscriber_inspect_view_shows_the_consent_history(admin_client, subscriber_factory):
    subscriber = subscriber_factory(email="history@example.org")
    subscriber.unsubscribe(basis="Unsubscribe link in an e-mail")
    response = admin_client.get(f"/admin/newsletter_subscribers/inspect/{subscriber.pk}/")
    assert response.status_code == 200
    assert "Withdrew consent" in response.content.decode()


@pytest.mark.parametrize(
    ("granted", "offered"),
    [((), set()), (("import_subscriber",), {"import"}), (("export_subscriber",), {"export"})],
)
def test_import_and_export_are_offered_exactly_to_those_the_views_let_in(
    client, django_user_model, home_pages, granted, offered
):
    """The subscribers' header buttons and the views they open answer the same question."""
    official = django_user_model.objects.create_user("official", "official@example.org", "pw")
    for codename in ("access_admin", "view_subscriber", *granted):
        official.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(official)
    index = client.get("/admin/newsletter_subscribers/")
    assert index.status_code == 200
    page = BeautifulSoup(index.content, "html.parser")
    links = {link["href"] for link in page.find_all("a", href=True)}
    urls = {
        "import": "/admin/newsletters/subscribers/import/",
        "export": "/admin/newsletters/subscribers/export/",
    }
    assert {name for name, url in urls.items() if url in links} == offered
    # Wagtail answers a refused admin view by sending the user back to the dashboard.
    opened = {name for name, url in urls.items() if client.get(url).status_code == 200}
    assert opened == offered
