"""Registrations made at the same moment never exceed the capacity: real threads, each with
its own database connection (PostgreSQL really races here; SQLite serialises writers)."""

import threading

import pytest
from django.db import close_old_connections, connection

from events import registrations
from events.models import Registration, RegistrationStatus

WRITERS = 8


@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_never_exceed_capacity(
    event_page_factory, event_index, monkeypatch
):
    # Only the places are under test here; the e-mails have their own tests.
    monkeypatch.setattr(registrations, "notify", lambda registration, message: None)
    event = event_page_factory(parent=event_index, capacity=5, reserved_places=1)
    start = threading.Barrier(WRITERS)
    outcomes, errors = [], []

    def register(number):
        try:
            start.wait()
            result = registrations.register(
                event,
                name=f"Writer {number}",
                email=f"writer{number}@example.org",
                language="en",
                waitlist=True,
            )
            outcomes.append(result.outcome)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(outcomes) == ["confirmed"] * 4 + ["waitlisted"] * 4
    confirmed = Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count()
    assert confirmed == 4


@pytest.mark.django_db(transaction=True)
def test_reserved_places_given_while_people_register_online_never_exceed_capacity(
    event_page_factory, event_index, monkeypatch
):
    monkeypatch.setattr(registrations, "notify", lambda registration, message: None)
    event = event_page_factory(parent=event_index, capacity=5, reserved_places=2)
    start = threading.Barrier(WRITERS)
    outcomes, errors = [], []

    def act(number):
        try:
            start.wait()
            if number % 2:
                result = registrations.give_reserved_place(
                    event, name=f"Guest {number}", language="en"
                )
                outcomes.append(("reserved", result.outcome))
            else:
                result = registrations.register(
                    event,
                    name=f"Writer {number}",
                    email=f"writer{number}@example.org",
                    language="en",
                    waitlist=True,
                )
                outcomes.append(("online", result.outcome))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=act, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(outcomes) == sorted(
        [("reserved", "confirmed")] * 2
        + [("reserved", "full")] * 2
        + [("online", "confirmed")] * 3
        + [("online", "waitlisted")]
    )
    confirmed = Registration.objects.filter(status=RegistrationStatus.CONFIRMED)
    assert (confirmed.count(), confirmed.filter(reserved=True).count()) == (5, 2)
