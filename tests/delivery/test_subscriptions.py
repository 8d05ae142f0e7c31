"""One record of who asked for what, and one stop link that works for every kind."""

import importlib
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from delivery import subscriptions
from delivery.models import Mailing, Notice, Subscription
from delivery.subscriptions import Kind
from home.models import Topic
from newsletters.models import ConsentRecord, Subscriber
from newsletters.sending import recipients_for
from processes import notifications
from processes.feedback.outcome import stop_token as old_outcome_token
from processes.models import LegacyFollowLink, SentReminder
from tests.processes.test_feedback_support import add_comment

pytestmark = pytest.mark.django_db

copy_wishes = importlib.import_module("delivery.migrations.0002_subscriptions").copy_wishes

AMINA = "amina@example.org"
SCOPE_A = "6f1c2d0e-8a5b-4c1e-9d3f-2b7a9e4c5d10"
SCOPE_B = "0b9e7d4a-3c2f-4e8d-a1b6-5f0c9d8e7a21"


def _status(address, kind, scope=""):
    row = Subscription.objects.filter(address=address, kind=kind, scope=scope).first()
    return row.status if row is not None else None


def _page(response):
    return BeautifulSoup(response.content, "html.parser")


def _path(url):
    return urlsplit(url).path


# -- subscribing --------------------------------------------------------------------------


def test_subscribing_twice_is_one_row_and_never_downgrades():
    subscriptions.subscribe("Amina@Example.org ", Kind.PROCESS, SCOPE_A, language="fr")
    subscriptions.subscribe(AMINA, Kind.PROCESS, SCOPE_A, language="fr")
    assert Subscription.objects.count() == 1
    assert _status(AMINA, Kind.PROCESS, SCOPE_A) == "pending"
    assert not subscriptions.wants(AMINA, Kind.PROCESS, SCOPE_A)

    subscriptions.confirm(AMINA, Kind.PROCESS, SCOPE_A)
    subscriptions.subscribe(AMINA, Kind.PROCESS, SCOPE_A, language="sw")  # asked again, unproven
    row = Subscription.objects.get()
    assert (row.status, row.language) == ("confirmed", "sw")
    assert list(
        subscriptions.who_wants(Kind.PROCESS, SCOPE_A).values_list("address", "language")
    ) == [(AMINA, "sw")]


def test_a_stop_is_remembered_and_an_old_confirmation_cannot_undo_it():
    subscriptions.subscribe(AMINA, Kind.PROCESS, SCOPE_A)
    assert subscriptions.stop(AMINA, Kind.PROCESS, SCOPE_A) is True
    assert subscriptions.stop(AMINA, Kind.PROCESS, SCOPE_A) is False  # safe twice
    assert subscriptions.confirm(AMINA, Kind.PROCESS, SCOPE_A) is None
    assert not subscriptions.wants(AMINA, Kind.PROCESS, SCOPE_A)
    # Asking again is a new wish, waiting for its own confirmation.
    subscriptions.subscribe(AMINA, Kind.PROCESS, SCOPE_A)
    assert _status(AMINA, Kind.PROCESS, SCOPE_A) == "pending"


def test_stopping_a_whole_kind_silences_its_scopes_even_when_asked_again():
    subscriptions.subscribe(AMINA, Kind.OUTCOME, SCOPE_A, confirmed=True)
    subscriptions.stop(AMINA, Kind.OUTCOME)
    subscriptions.subscribe(AMINA, Kind.OUTCOME, SCOPE_B, confirmed=True)  # ticks the box again
    assert not subscriptions.wants(AMINA, Kind.OUTCOME, SCOPE_A)
    assert not subscriptions.wants(AMINA, Kind.OUTCOME, SCOPE_B)
    assert list(subscriptions.asked(Kind.OUTCOME, SCOPE_B).values_list("address", flat=True)) == [
        AMINA
    ]


# -- the one stop link ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, scope",
    [
        (Kind.PROCESS, SCOPE_A),
        (Kind.OUTCOME, SCOPE_A),
        (Kind.REPLIES, "41"),
        (Kind.NEWSLETTER_TOPIC, SCOPE_A),
        (Kind.NEWSLETTER_PROCESS, SCOPE_A),
    ],
)
def test_each_stop_link_stops_exactly_its_kind_and_scope(client, home_page, kind, scope):
    other_kind = Kind.REPLIES if kind != Kind.REPLIES else Kind.PROCESS
    wishes = [
        (AMINA, kind, scope),
        (AMINA, kind, "other"),
        (AMINA, other_kind, scope),
        ("omar@example.org", kind, scope),
    ]
    for address, wish_kind, wish_scope in wishes:
        subscriptions.subscribe(address, wish_kind, wish_scope, confirmed=True)
    url = subscriptions.stop_url(AMINA, kind, scope, "en")
    assert url.startswith("http") and "/en/stop/" in url

    page = _page(client.get(_path(url)))
    assert page.select_one("main form[method=post] button[type=submit]") is not None
    assert AMINA in page.select_one("main").get_text()
    assert subscriptions.wants(AMINA, kind, scope)  # a GET (a mail scanner) stops nothing

    response = client.post(_path(url))
    assert response.status_code == 200
    assert _page(response).select_one("[role=status]") is not None
    assert not subscriptions.wants(AMINA, kind, scope)
    for address, wish_kind, wish_scope in wishes[1:]:
        assert subscriptions.wants(address, wish_kind, wish_scope), (address, wish_kind, wish_scope)


def test_one_click_post_stops_without_a_csrf_token(home_page):
    subscriptions.subscribe(AMINA, Kind.REPLIES, "7", confirmed=True)
    url = subscriptions.stop_url(AMINA, Kind.REPLIES, "7", "en")
    response = Client(enforce_csrf_checks=True).post(
        _path(url), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert _status(AMINA, Kind.REPLIES, "7") == "stopped"


def test_the_stop_page_speaks_the_readers_language(client, home_page):
    subscriptions.subscribe(AMINA, Kind.PROCESS, SCOPE_A, confirmed=True)
    url = subscriptions.stop_url(AMINA, Kind.PROCESS, SCOPE_A, "fr")
    assert "/fr/stop/" in url
    page = _page(client.get(_path(url)))
    assert page.html["lang"] == "fr"
    assert page.select_one("main form button").get_text(strip=True) == "Ne plus suivre"


def test_forged_and_foreign_tokens_are_refused(client, home_page):
    subscriptions.subscribe(AMINA, Kind.OUTCOME, "", confirmed=True)
    assert client.post("/en/stop/forged/").status_code == 400
    # A token signed for another purpose (the old outcome links) is no stop token here.
    assert client.post(f"/en/stop/{old_outcome_token(AMINA)}/").status_code == 400
    data = {"a": AMINA, "k": "outcome", "s": ""}
    unsigned = signing.dumps(data, salt="another.purpose", compress=True)
    assert client.post(f"/en/stop/{unsigned}/").status_code == 400
    assert subscriptions.wants(AMINA, Kind.OUTCOME)


def test_a_stop_token_names_no_database_row():
    subscriptions.subscribe(AMINA, Kind.PROCESS, SCOPE_A, confirmed=True)
    token = subscriptions.stop_token(AMINA, Kind.PROCESS, SCOPE_A)
    data = signing.loads(token, salt=subscriptions.STOP_SALT)
    assert data == {"a": AMINA, "k": "process", "s": SCOPE_A}


# -- links sent before the one stop page ----------------------------------------------------


@pytest.fixture
def process(home_page, process_index_page_factory, process_page_factory):
    return process_page_factory(parent=process_index_page_factory(parent=home_page))


def test_old_follow_stop_links_stop_the_follow(client, process):
    notifications.follow(process, AMINA, "en", user=None)
    item = notifications.confirm(Subscription.objects.get())
    LegacyFollowLink.objects.create(id=7, secret="old-secret", subscription=item)
    old = reverse("process_notifications:follow_stop", kwargs={"token": "7-old-secret"})
    shown = _page(client.get(old)).select_one("main").get_text()
    assert "Stop following" in shown and process.title in shown  # what stops, by name
    assert notifications.is_following(item)
    response = Client(enforce_csrf_checks=True).post(old, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not notifications.is_following(item)
    assert _status(AMINA, Kind.PROCESS, str(process.translation_key)) == "stopped"


def test_old_outcome_and_reply_stop_links_still_work(client, process, consultation_page_factory):
    consultation = consultation_page_factory(parent=process)
    asked = add_comment(consultation, "Q?", email=AMINA, wants_outcome=True, followup=True)
    key = str(process.translation_key)
    assert subscriptions.wants(AMINA, Kind.OUTCOME, key)
    assert subscriptions.wants(AMINA, Kind.REPLIES, asked.thread_id)

    replies = reverse(
        "process_notifications:replies_stop",
        kwargs={"token": notifications.replies_stop_token(asked.thread_id, AMINA)},
    )
    assert client.post(replies).status_code == 200
    assert not subscriptions.wants(AMINA, Kind.REPLIES, asked.thread_id)
    assert subscriptions.wants(AMINA, Kind.OUTCOME, key)

    outcome = reverse(
        "process_notifications:outcome_stop", kwargs={"token": old_outcome_token(AMINA)}
    )
    assert client.post(outcome).status_code == 200
    assert not subscriptions.wants(AMINA, Kind.OUTCOME, key)
    assert client.post("/en/participate/replies/stop/forged/").status_code == 400


# -- what features record -----------------------------------------------------------------


def test_a_reply_with_the_box_ticked_follows_the_conversation_it_joins(
    process, consultation_page_factory
):
    consultation = consultation_page_factory(parent=process)
    root = add_comment(consultation, "Q?", email="omar@example.org")
    reply = add_comment(consultation, "A.", email=AMINA, parent_id=root.pk, followup=True)
    assert reply.thread_id == root.pk
    assert subscriptions.wants(AMINA, Kind.REPLIES, root.pk)
    assert not subscriptions.wants("omar@example.org", Kind.REPLIES, root.pk)
    # Saving the comment again (moderation) does not bring back a stopped wish.
    subscriptions.stop(AMINA, Kind.REPLIES, root.pk)
    reply.save()
    assert not subscriptions.wants(AMINA, Kind.REPLIES, root.pk)


@pytest.fixture
def issue(home_page, locales):
    from newsletters.models import NewsletterIndexPage, NewsletterPage

    index = home_page.add_child(instance=NewsletterIndexPage(title="News", slug="news"))
    return index.add_child(instance=NewsletterPage(title="Issue 1", slug="issue-1", subject="Hi"))


def test_the_newsletter_asks_subscriptions_who_gets_an_issue(client, issue, locales):
    topic = Topic.objects.create(name="Transport", slug="transport", locale=locales["en"])
    other = Topic.objects.create(name="Housing", slug="housing", locale=locales["en"])
    everything = Subscriber.objects.create(email="all@example.org", language="en")
    transport = Subscriber.objects.create(email=AMINA, language="en")
    housing = Subscriber.objects.create(email="h@example.org", language="en")
    transport.set_topics([topic])
    housing.set_topics([other])
    for subscriber in (everything, transport, housing):
        subscriber.confirm(basis="test")
    assert subscriptions.wants(AMINA, Kind.NEWSLETTER_TOPIC, topic.translation_key)
    assert set(recipients_for(issue, topics=[topic]).values_list("email", flat=True)) == {
        "all@example.org",
        AMINA,
    }

    # The one stop page unsubscribes the newsletter's record too, with a consent record.
    url = subscriptions.stop_url(AMINA, Kind.NEWSLETTER, "", "en")
    assert client.post(_path(url)).status_code == 200
    transport.refresh_from_db()
    assert transport.status == Subscriber.Status.UNSUBSCRIBED
    assert transport.consents.filter(action=ConsentRecord.Action.WITHDRAWN).count() == 1
    assert set(recipients_for(issue).values_list("email", flat=True)) == {
        "all@example.org",
        "h@example.org",
    }
    # Unsubscribing from the newsletter's own page is the same stop.
    housing.unsubscribe(basis="test")
    assert _status("h@example.org", Kind.NEWSLETTER) == "stopped"
    housing.set_topics([])
    assert _status("h@example.org", Kind.NEWSLETTER_TOPIC, str(other.translation_key)) == "stopped"
    housing.delete()
    assert not Subscription.objects.filter(address="h@example.org").exists()


def test_bulk_updates_of_subscribers_keep_the_mirror(issue, locales):
    confirmed = Subscriber.objects.create(email=AMINA, language="en")
    confirmed.confirm(basis="test")
    pending = Subscriber.objects.create(email="p@example.org", language="en")
    Subscriber.objects.filter(pk=confirmed.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    assert _status(AMINA, Kind.NEWSLETTER) == "stopped"
    assert AMINA not in recipients_for(issue).values_list("email", flat=True)
    Subscriber.objects.filter(pk=pending.pk).update(language="sw")
    assert Subscription.objects.get(address="p@example.org", kind=Kind.NEWSLETTER).language == "sw"


def test_a_deleted_topic_stops_the_choices_it_held(issue, locales):
    topic = Topic.objects.create(name="Transport", slug="transport", locale=locales["en"])
    other = Topic.objects.create(name="Housing", slug="housing", locale=locales["en"])
    subscriber = Subscriber.objects.create(email=AMINA, language="en")
    subscriber.set_topics([topic])
    subscriber.confirm(basis="test")
    key = str(topic.translation_key)
    assert _status(AMINA, Kind.NEWSLETTER_TOPIC, key) == "confirmed"
    assert AMINA not in recipients_for(issue, topics=[other]).values_list("email", flat=True)

    topic.delete()  # the subscriber's choice goes by cascade, without m2m_changed

    assert _status(AMINA, Kind.NEWSLETTER_TOPIC, key) == "stopped"
    # No topic chosen any more: every issue, as the subscriber form says.
    assert AMINA in recipients_for(issue, topics=[other]).values_list("email", flat=True)


def test_a_deleted_process_stops_the_newsletter_choices_it_held(process):
    subscriber = Subscriber.objects.create(email=AMINA, language="en")
    subscriber.set_processes([process])
    subscriber.confirm(basis="test")
    key = str(process.translation_key)
    assert _status(AMINA, Kind.NEWSLETTER_PROCESS, key) == "confirmed"

    process.delete()

    assert _status(AMINA, Kind.NEWSLETTER_PROCESS, key) == "stopped"
    assert _status(AMINA, Kind.NEWSLETTER) == "confirmed"


# -- the data migration ---------------------------------------------------------------------


OPT_OUTS_DROPPED = ("processes", "0010_drop_outcome_opt_out")
BEFORE_THE_DROP = ("processes", "0009_outcome_delivery_engine")


@pytest.fixture
def before_opt_outs_dropped(transactional_db):
    """The database with processes' migrations unapplied back to 0009 (the outcome opt-out
    table is back), and the apps as delivery's 0002 saw them; migrated forward afterwards."""
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE_THE_DROP])
    try:
        yield executor.loader.project_state(("delivery", "0002_subscriptions")).apps
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def consultation_made_first(transactional_db, process, consultation_page_factory):
    """A consultation saved by today's code, before the migrations go back (saving a page
    also stores its process's windows, a table the old schema does not have)."""
    return consultation_page_factory(parent=process)


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_every_old_wish_over(
    client, process, locales, consultation_made_first, before_opt_outs_dropped
):
    """delivery 0002 copies every wish into subscriptions; then processes 0012-0014 leave
    the subscription the only record of follows (with their notices and old stop links) and
    of ticked outcome boxes. One trip back through the migrations for both."""
    old_apps = before_opt_outs_dropped
    assert "processes_outcomeoptout" in connection.introspection.table_names()
    consultation = consultation_made_first
    key = str(process.translation_key)
    follows = old_apps.get_model("processes", "ProcessFollow").objects
    follows.create(
        process_key=key,
        email="f@example.org",
        language="sw",
        confirmed=True,
        confirmed_at=timezone.now(),
    )
    follows.create(process_key=key, email="p@example.org", confirmed=False)
    # Comments as they were stored then (with their wants_outcome column).
    old_comments = old_apps.get_model("processes", "Comment").objects
    where = {
        "content_type_id": ContentType.objects.get_for_model(consultation).pk,
        "object_pk": str(consultation.pk),
        "site_id": settings.SITE_ID,
        "submit_date": timezone.now(),
        "target_key": consultation.translation_key,
        "process_key": process.translation_key,
    }
    old_comments.create(
        comment="Tell me.", user_email="Out@Example.org", language="fr", wants_outcome=True, **where
    )
    asked = old_comments.create(
        comment="Q?", user_email="r@example.org", language="en", followup=True, **where
    )
    asked.thread_id = asked.pk  # as comments-xtd numbers a first comment's conversation
    asked.save(update_fields=["thread_id"])
    old_apps.get_model("processes", "OutcomeOptOut").objects.create(email="no@example.org")
    topic = Topic.objects.create(name="Transport", slug="transport", locale=locales["en"])
    subscriber = Subscriber.objects.create(email="n@example.org", language="fr")
    subscriber.topics.add(topic)
    subscriber.processes.add(process)
    subscriber.confirm(basis="test")
    Subscriber.objects.create(email="gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    old_apps.get_model("delivery", "Subscription").objects.all().delete()  # as before it

    copy_wishes(old_apps)
    copy_wishes(old_apps)  # idempotent

    rows = {
        (row.address, row.kind, row.scope): (row.status, row.language)
        for row in Subscription.objects.all()
    }
    assert rows == {
        ("f@example.org", "process", key): ("confirmed", "sw"),
        ("p@example.org", "process", key): ("pending", "en"),
        ("out@example.org", "outcome", key): ("confirmed", "fr"),
        ("r@example.org", "replies", str(asked.thread_id)): ("confirmed", "en"),
        ("no@example.org", "outcome", ""): ("stopped", "en"),
        ("n@example.org", "newsletter", ""): ("confirmed", "fr"),
        ("n@example.org", "newsletter_topic", str(topic.translation_key)): ("confirmed", "fr"),
        ("n@example.org", "newsletter_process", key): ("confirmed", "fr"),
        ("gone@example.org", "newsletter", ""): ("stopped", "en"),
    }
    assert re.fullmatch(r"\d+", str(asked.thread_id))

    # What processes 0016-0018 find: a follow's notice sent and one queued, an old stop
    # link's secret, a link sent, a ticked box with no subscription yet, an outcome stopped.
    # (The delivery engine's tables are as its last migration, 0004, left them: today's
    # models, no old state to render.)
    follower = follows.get(email="f@example.org")
    follows.filter(pk=follower.pk).update(secret="kept-secret")
    follows.filter(email="p@example.org").update(confirmation_sent_at=timezone.now())
    old_apps.get_model("processes", "SentReminder").objects.create(
        follow_id=follower.pk, phase_key="", kind="feedback"
    )
    executor = MigrationExecutor(connection)
    assert executor.loader.graph.leaf_nodes("delivery") == [
        ("delivery", "0004_subscription_link_sent_at")
    ]
    mailing = Mailing.objects.create(kind="process-notice", key=f"{key}::feedback")
    notice = Notice.objects.create(
        mailing=mailing,
        email="f@example.org",
        data={"follow": follower.pk, "kind": "feedback", "phase": ""},
    )
    old_comments.create(
        comment="Me too.", user_email="T@example.org", language="ar", wants_outcome=True, **where
    )
    Subscription.objects.filter(address="out@example.org").update(status="stopped")

    executor.migrate(executor.loader.graph.leaf_nodes())

    process_rows = {
        row.address: (row.status, row.language, row.link_sent_at is not None)
        for row in Subscription.objects.filter(kind=Kind.PROCESS, scope=key)
    }
    assert process_rows == {
        "f@example.org": ("confirmed", "sw", False),
        "p@example.org": ("pending", "en", True),
    }
    subscription = Subscription.objects.get(address="f@example.org", kind=Kind.PROCESS)
    assert list(SentReminder.objects.values_list("subscription", "kind")) == [
        (subscription.pk, "feedback")
    ]
    assert type(notice).objects.get(pk=notice.pk).data == {
        "subscription": subscription.pk,
        "process": key,
        "kind": "feedback",
        "phase": "",
    }
    assert "processes_processfollow" not in connection.introspection.table_names()
    outcome_rows = {
        row.address: (row.status, row.language)
        for row in Subscription.objects.filter(kind=Kind.OUTCOME, scope=key)
    }
    assert outcome_rows == {
        "out@example.org": ("stopped", "fr"),
        "t@example.org": ("confirmed", "ar"),
    }
    # The stop link of a follow e-mail sent before the registry still stops the wish.
    old_link = f"{follower.pk}-kept-secret"
    url = reverse("process_notifications:follow_stop", kwargs={"token": old_link})
    assert client.post(url).status_code == 200
    assert _status("f@example.org", Kind.PROCESS, key) == "stopped"


def test_outcome_opt_outs_live_only_in_subscriptions_once_migrated():
    assert "processes_outcomeoptout" not in connection.introspection.table_names()


def test_a_reply_notice_carries_the_one_stop_link_for_its_conversation(
    process, mailoutbox, django_capture_on_commit_callbacks, consultation_page_factory
):
    consultation = consultation_page_factory(parent=process)
    asked = add_comment(consultation, "Q?", email=AMINA, language="fr", followup=True)
    other = add_comment(consultation, "Elsewhere.", email=AMINA, followup=True)
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(consultation, "A.", email="omar@example.org", parent_id=asked.pk)
    assert [message.to for message in mailoutbox] == [[AMINA]]
    header = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    assert "/fr/stop/" in header
    assert mailoutbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    response = Client(enforce_csrf_checks=True).post(
        _path(header),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not subscriptions.wants(AMINA, Kind.REPLIES, asked.thread_id)
    assert subscriptions.wants(AMINA, Kind.REPLIES, other.thread_id)
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(consultation, "B.", email="omar@example.org", parent_id=asked.pk)
    assert len(mailoutbox) == 1


def test_a_confirmation_link_from_before_a_stop_confirms_nothing(client, process, mailoutbox):
    notifications.follow(process, AMINA, "en")
    item = Subscription.objects.get()
    confirm = reverse(
        "process_notifications:follow_confirm",
        kwargs={"token": notifications.confirmation_token(item)},
    )
    assert client.post(confirm).status_code == 302
    client.post(_path(subscriptions.stop_url(AMINA, Kind.PROCESS, process.translation_key)))
    assert client.post(confirm).status_code == 410
    assert not notifications.is_following(item)
