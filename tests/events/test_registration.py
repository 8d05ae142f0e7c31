"""Registration: capacity with reserved places, the waitlist, cancel and accept links, and
the messages a person gets when something is in the way (the form keeps what they typed)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from delivery.models import Notice
from events import registrations
from events.models import Registration, RegistrationStatus
from events.notifications import ACCEPT_SALT, CANCEL_SALT, accept_token, cancel_token
from tests.html import parse

pytestmark = pytest.mark.django_db


def join(event, email, *, waitlist=True, language="en", **extra):
    return registrations.register(
        event, name=email.split("@")[0], email=email, language=language, waitlist=waitlist, **extra
    )


def links_in(message):
    return [word for word in message.body.split() if word.startswith("http")]


def test_capacity_keeps_reserved_places_back(event_page_factory, event_index):
    event = event_page_factory(parent=event_index, capacity=3, reserved_places=1)
    outcomes = [join(event, f"p{i}@example.org").outcome for i in range(4)]
    assert outcomes == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert registrations.places_left(event) == 0
    assert registrations.taken(event.translation_key) == 2


def test_full_without_waitlist_is_refused_and_stores_nothing(event_page_factory, event_index):
    event = event_page_factory(parent=event_index, capacity=1)
    join(event, "first@example.org")
    result = join(event, "second@example.org", waitlist=False)
    assert result.outcome == registrations.FULL
    assert not Registration.objects.filter(email="second@example.org").exists()


def test_double_registration_is_recognised_case_insensitively(event):
    first = join(event, "amina@example.org")
    again = join(event, "Amina@Example.org")
    assert again.outcome == registrations.ALREADY
    assert again.registration.pk == first.registration.pk
    assert Registration.objects.count() == 1


def test_closed_registration(event_page_factory, event_index):
    past = timezone.now() - timedelta(minutes=1)
    event = event_page_factory(parent=event_index, registration_closes_at=past)
    assert join(event, "late@example.org").outcome == registrations.CLOSED
    assert Registration.objects.count() == 0


def test_cancel_offers_the_place_to_the_next_person_by_email(
    event_page_factory, event_index, mailoutbox, django_capture_on_commit_callbacks
):
    event = event_page_factory(parent=event_index, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = join(event, "first@example.org").registration
        second = join(event, "second@example.org").registration
        third = join(event, "third@example.org").registration
    assert [m.to for m in mailoutbox] == [
        ["first@example.org"],
        ["second@example.org"],
        ["third@example.org"],
    ]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert registrations.cancel(first, event) is True
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == RegistrationStatus.OFFERED
    assert second.offered_until is not None
    assert third.status == RegistrationStatus.WAITLISTED
    [offer] = mailoutbox
    assert offer.to == ["second@example.org"]
    assert any("/events/accept/" in link for link in links_in(offer))
    assert any("/events/cancel/" in link for link in links_in(offer))
    # The offer holds the place: nobody else gets it meanwhile.
    assert join(event, "fourth@example.org").outcome == registrations.WAITLISTED


def test_accept_link_confirms_and_an_expired_offer_passes_on(
    client, event_page_factory, event_index, mailoutbox, django_capture_on_commit_callbacks
):
    starts = timezone.now().replace(microsecond=0) + timedelta(days=10)
    event = event_page_factory(
        parent=event_index, capacity=1, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = join(event, "first@example.org").registration
        second = join(event, "second@example.org").registration
        third = join(event, "third@example.org").registration
        registrations.cancel(first, event)
    second.refresh_from_db()
    token = accept_token(second)
    # Past the deadline: the place goes to the next person.
    later = second.offered_until + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert registrations.accept(second, event, now=later) == "expired"
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == RegistrationStatus.LAPSED
    assert third.status == RegistrationStatus.OFFERED
    # Third accepts through the link in the e-mail.
    response = client.post(f"/en/events/accept/{accept_token(third)}/")
    assert response.status_code == 200
    third.refresh_from_db()
    assert third.status == RegistrationStatus.CONFIRMED
    # Second's old link now says the offer is gone.
    response = client.post(f"/en/events/accept/{token}/")
    assert "no longer open" in parse(response.content).one("main").text


def test_cancel_link_twice(client, event, django_capture_on_commit_callbacks):
    registration = join(event, "amina@example.org").registration
    url = f"/en/events/cancel/{cancel_token(registration)}/"
    assert client.get(url).status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED  # GET only asks
    assert client.post(url).status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    again = client.post(url)
    assert again.status_code == 200
    assert "already cancelled" in parse(again.content).one("main").text


def test_tokens_do_not_cross_purposes(client, event):
    registration = join(event, "amina@example.org").registration
    assert client.get(f"/en/events/cancel/{accept_token(registration)}/").status_code == 404
    assert client.get(f"/en/events/accept/{cancel_token(registration)}/").status_code == 404
    assert client.get("/en/events/cancel/nonsense/").status_code == 404
    assert CANCEL_SALT != ACCEPT_SALT


# -- through the page ---------------------------------------------------------------------------


def form_data(**changes):
    data = {
        "name": "Amina",
        "email": "amina@example.org",
        "language": "fr",
        "accessibility_needs": "Step-free seat near the front",
        "waitlist": "on",
    }
    data.update(changes)
    return data


def test_register_through_the_page_in_french(
    client, event, mailoutbox, locales, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.url + "register/", form_data())
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.language == "fr"
    assert registration.accessibility_needs == "Step-free seat near the front"
    notice = Notice.objects.get(mailing__kind="event-registration")
    assert notice.email == "amina@example.org"
    [message] = mailoutbox
    assert message.extra_headers["Content-Language"] == "fr"
    assert "List-Unsubscribe" in message.extra_headers
    assert registration.code in message.body


def test_full_event_offers_the_waitlist_and_keeps_the_form(client, event_page_factory, event_index):
    event = event_page_factory(parent=event_index, capacity=1)
    join(event, "first@example.org")
    response = client.post(event.url + "register/", form_data(waitlist=""))
    assert response.status_code == 409
    html = parse(response.content)
    assert html.one("#id_email")["value"] == "amina@example.org"
    assert html.one("#id_accessibility_needs").text == "Step-free seat near the front"
    assert "waiting list" in html.one(".error-summary").text
    assert Registration.objects.count() == 1


def test_registration_closes_while_being_filled_in(client, event_page_factory, event_index):
    event = event_page_factory(parent=event_index)
    page = client.get(event.url)
    assert parse(page.content).exists("#register form")
    type(event).objects.filter(pk=event.pk).update(
        registration_closes_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.post(event.url + "register/", form_data())
    assert response.status_code == 409
    html = parse(response.content)
    assert "closed" in html.one("#register").text
    assert Registration.objects.count() == 0


def test_double_registration_through_the_page(client, event):
    join(event, "amina@example.org")
    response = client.post(event.url + "register/", form_data())
    assert response.status_code == 409
    html = parse(response.content)
    assert "already registered" in html.one(".error-summary").text
    assert html.one("#id_name")["value"] == "Amina"


def test_bad_email_keeps_what_was_typed(client, event):
    response = client.post(event.url + "register/", form_data(email="amina@"))
    assert response.status_code == 400
    html = parse(response.content)
    assert html.one("#id_email")["value"] == "amina@"
    assert Registration.objects.count() == 0


def test_online_link_only_for_registered_people(client, event_page_factory, event_index):
    event = event_page_factory(
        parent=event_index, format="hybrid", online_url="https://meet.example.org/riverside"
    )
    html = parse(client.get(event.url).content)
    assert not html.exists('a[href="https://meet.example.org/riverside"]')
    client.post(event.url + "register/", form_data())
    html = parse(client.get(event.url).content)
    assert html.exists('a[href="https://meet.example.org/riverside"]')


def test_the_editor_may_show_the_online_link_to_everyone(client, event_page_factory, event_index):
    event = event_page_factory(
        parent=event_index,
        format="online",
        online_url="https://meet.example.org/open",
        online_url_public=True,
    )
    html = parse(client.get(event.url).content)
    assert html.exists('a[href="https://meet.example.org/open"]')
    assert Registration.objects.count() == 0
