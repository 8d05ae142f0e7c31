"""Reserved places: held back from online registration, given out by officials at
check-in or registration (to a new person, or to someone on the waiting list)."""

import pytest

from events import registrations
from events.models import Registration, RegistrationStatus
from tests.html import parse

pytestmark = pytest.mark.django_db


def join(event, email, *, waitlist=True):
    return registrations.register(
        event, name=email.split("@")[0], email=email, language="en", waitlist=waitlist
    )


@pytest.fixture
def small(event_page_factory, event_index):
    """Four places, two of them reserved."""
    return event_page_factory(parent=event_index, capacity=4, reserved_places=2)


def test_online_registration_never_takes_a_reserved_place(small):
    outcomes = [join(small, f"p{i}@example.org").outcome for i in range(3)]
    assert outcomes == ["confirmed", "confirmed", "waitlisted"]
    assert registrations.reserved_left(small) == 2
    assert join(small, "late@example.org", waitlist=False).outcome == registrations.FULL


def test_an_official_gives_reserved_places_until_none_is_left(
    small, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = registrations.give_reserved_place(
            small,
            name="Wheelchair user",
            email="w@example.org",
            language="fr",
            accessibility_needs="Step-free seat",
        )
    assert first.outcome == registrations.CONFIRMED
    assert (first.registration.reserved, first.registration.status) == (True, "confirmed")
    assert [m.to for m in mailoutbox] == [["w@example.org"]]
    registrations.give_reserved_place(small, name="Youth group", language="en")
    refused = registrations.give_reserved_place(small, name="One more", language="en")
    assert refused.outcome == registrations.FULL
    assert Registration.objects.filter(reserved=True).count() == 2
    # The open places are all still there for online registration.
    assert registrations.places_left(small) == 2


def test_a_person_waiting_gets_a_reserved_place_and_the_open_offer_moves_on(
    small, mailoutbox, django_capture_on_commit_callbacks
):
    for i in range(2):
        join(small, f"p{i}@example.org")
    waiting = join(small, "needs@example.org").registration
    again = registrations.give_reserved_place(small, registration=waiting)
    assert again.outcome == registrations.CONFIRMED
    waiting.refresh_from_db()
    assert (waiting.status, waiting.reserved) == (RegistrationStatus.CONFIRMED, True)
    assert registrations.places_left(small) == 0
    # Someone confirmed moved onto a reserved place frees an open one for the next waiting.
    after = join(small, "next@example.org").registration
    with django_capture_on_commit_callbacks(execute=True):
        registrations.give_reserved_place(
            small, registration=Registration.objects.get(email="p0@example.org")
        )
    after.refresh_from_db()
    assert after.status == RegistrationStatus.OFFERED
    assert ["next@example.org"] in [m.to for m in mailoutbox]
    # A reserved place cancelled is not offered to the online waiting list.
    last = join(small, "last@example.org").registration
    registrations.cancel(Registration.objects.get(email="needs@example.org"), small)
    last.refresh_from_db()
    assert last.status == RegistrationStatus.WAITLISTED
    assert registrations.reserved_left(small) == 1


def test_reserved_places_beyond_their_number_take_open_ones(small):
    for name in ("a", "b"):
        registrations.give_reserved_place(small, name=name, language="en")
    small.reserved_places = 1
    small.save()
    assert registrations.places_left(small) == 2
    assert registrations.reserved_left(small) == 0


def test_the_check_in_screen_gives_reserved_places(client, checker, small):
    for i in range(2):
        join(small, f"p{i}@example.org")
    waiting = join(small, "needs@example.org").registration
    client.force_login(checker)
    url = f"/admin/events/{small.pk}/check-in/"
    page = parse(client.get(url).content)
    assert "2 of 2 reserved places left" in page.one(".th-checkin__reserved-left").text
    assert page.one(f"#registration-{waiting.pk} button")["value"] == "reserve_for"
    response = client.post(url, {"action": "reserve_for", "registration": waiting.pk})
    assert response.status_code == 302
    response = client.post(
        url,
        {
            "action": "reserve",
            "reserved-name": "Invited elder",
            "reserved-language": "sw",
            "reserved-check_in_now": "on",
        },
    )
    assert response.status_code == 302
    elder = Registration.objects.get(name="Invited elder")
    assert (elder.reserved, elder.attended_at is not None) == (True, True)
    page = parse(client.get(url).content)
    assert "reserved place" in page.one(f"#registration-{elder.pk}").text
    assert not page.select(".th-checkin__reserve")
    # None left: the form says so and keeps what was typed.
    response = client.post(
        url,
        {"action": "reserve", "reserved-name": "Too late", "reserved-language": "en"},
    )
    assert response.status_code == 400
    page = parse(response.content)
    assert "Every reserved place has been given out." in page.one(".th-checkin__reserve").text
    assert page.one("#id_reserved-name")["value"] == "Too late"
    assert not Registration.objects.filter(name="Too late").exists()


def test_only_officials_who_check_in_give_reserved_places(client, editor, small):
    client.force_login(editor)
    response = client.post(
        f"/admin/events/{small.pk}/check-in/",
        {"action": "reserve", "reserved-name": "Sneaky", "reserved-language": "en"},
    )
    assert response.status_code == 302
    assert not Registration.objects.exists()
