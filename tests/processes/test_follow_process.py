"""Following a process by e-mail: double opt-in for visitors, at once for signed-in people."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from delivery import subscriptions
from delivery.models import Subscription
from processes import notifications
from processes.models import LegacyFollowLink
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(process_index, process_page_factory):
    return process_page_factory(parent=process_index, title="Riverside park")


def _follow_url(process, language="en"):
    return f"/{language}/participate/follow/{process.pk}/"


def _link(message, part):
    match = re.search(rf"https?://\S+/{part}/\S+/", message.body)
    assert match, message.body
    return urlsplit(match.group(0)).path


def test_the_process_page_offers_the_form(client, process):
    html = client.get(process.url).content.decode()
    assert 'id="follow"' in html
    assert f'action="{_follow_url(process)}"' in html
    assert 'id="id_email"' in html


def test_visitor_follows_after_confirming_the_link(
    client, process, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_follow_url(process, "fr"), {"email": " Zawadi@Example.org "})
    assert response.status_code == 302
    assert response["Location"].endswith("?follow=requested#follow")
    item = Subscription.objects.get()  # the one record of the wish
    assert (item.address, item.kind, item.scope) == (
        "zawadi@example.org",
        "process",
        str(process.translation_key),
    )
    assert (item.language, item.status) == ("fr", "pending")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["zawadi@example.org"]
    email = parse(message.alternatives[0][0])
    assert (email.lang, email.dir) == ("fr", "ltr")
    confirm = _link(message, "follow/confirm")
    assert confirm.startswith("/fr/")

    page = client.get(confirm)  # what a mail scanner does: nothing changes
    assert page.status_code == 200
    assert Subscription.objects.get().status == "pending"

    response = client.post(confirm)
    assert response.status_code == 302
    assert "follow=confirmed" in response["Location"]
    item.refresh_from_db()
    assert item.status == "confirmed" and item.confirmed_at is not None
    shown = client.get(response["Location"]).content.decode()
    assert "You now follow this process by e-mail." in shown


def test_asking_again_soon_sends_no_second_e_mail(
    client, process, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_follow_url(process), {"email": "zawadi@example.org"})
        client.post(_follow_url(process), {"email": "zawadi@example.org"})
    assert len(mailoutbox) == 1
    assert Subscription.objects.count() == 1
    with time_machine.travel(timezone.now() + timedelta(minutes=15)):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(_follow_url(process), {"email": "zawadi@example.org"})
    assert len(mailoutbox) == 2


def test_signed_in_people_follow_at_once(
    client, process, django_capture_on_commit_callbacks, mailoutbox, official_factory
):
    user = official_factory(username="resident")
    client.force_login(user)
    html = client.get(process.url).content.decode()
    assert "follow-process__form" in html
    assert 'id="id_email"' not in html  # their account's address is used
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_follow_url(process), {})
    assert "follow=following" in response["Location"]
    item = Subscription.objects.get()
    assert item.status == "confirmed" and item.user == user and item.address == user.email
    assert mailoutbox == []
    assert "You are following this process." in client.get(process.url).content.decode()


def test_a_bad_address_is_refused_with_a_message(client, process):
    response = client.post(_follow_url(process), {"email": "not an address"})
    assert response.status_code == 400
    assert "is not a valid e-mail address" in response.content.decode()
    assert not Subscription.objects.exists()


def test_robots_filling_the_trap_are_ignored(
    client, process, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _follow_url(process), {"email": "bot@example.org", "website": "http://spam"}
        )
    assert response.status_code == 302
    assert not Subscription.objects.exists()
    assert mailoutbox == []


def test_old_or_damaged_links_say_so(
    client, process, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_follow_url(process), {"email": "zawadi@example.org"})
    confirm = _link(mailoutbox[0], "follow/confirm")
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert client.post(confirm).status_code == 410
    assert client.get("/en/participate/follow/confirm/nonsense/").status_code == 400
    assert Subscription.objects.get().status == "pending"


def test_the_stop_link_of_an_old_e_mail_ends_the_follow(client, process):
    """Stop links sent before the subscription registry (``<id>-<secret>``) still stop it."""
    item = subscriptions.subscribe(
        "zawadi@example.org", subscriptions.Kind.PROCESS, process.translation_key, confirmed=True
    )
    old = LegacyFollowLink.objects.create(id=41, secret="s3cret", subscription=item)
    url = reverse("process_notifications:follow_stop", kwargs={"token": f"{old.pk}-s3cret"})
    assert client.get(url).status_code == 200
    assert notifications.is_following(item)
    # a mail program's RFC 8058 one-click POST carries no CSRF token
    csrf_client = type(client)(enforce_csrf_checks=True)
    response = csrf_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not notifications.is_following(item)
    wrong = reverse("process_notifications:follow_stop", kwargs={"token": f"{old.pk}-wrong"})
    assert client.post(wrong).status_code == 400


def test_an_unpublished_process_cannot_be_followed(client, process):
    process.unpublish()
    assert client.post(_follow_url(process), {"email": "a@example.org"}).status_code == 404
