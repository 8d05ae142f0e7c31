"""An official at the door of a meeting, on a 375 px phone, with the keyboard only: checks
one person in by the short code on their e-mail and adds two walk-ins; the screen's
figures, the database and the process's public figures follow."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events import registrations
from events.models import Registration

from .conftest import browser_test

PHONE_375 = {
    "viewport": {"width": 375, "height": 812},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def meeting(home_page, process_index_page_factory, process_page_factory, event_page_factory):
    """The Hillside cycling meeting, started half an hour ago, with two people registered."""
    cycling = process_page_factory(
        parent=process_index_page_factory(parent=home_page), title="Cycling strategy"
    )
    start = timezone.now().replace(microsecond=0) - timedelta(minutes=30)
    event = event_page_factory(
        parent=cycling,
        title="Hillside cycling meeting",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    for name in ("Amina Diallo", "Juma Mwangi"):
        registrations.create(
            event.translation_key,
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
            language="en",
        )
    return cycling, event


def tab_to(page, selector, limit=80):
    """Press Tab until the keyboard is on `selector` (fails if it never gets there)."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("node => node === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {selector}")


def plain(text):
    """`text` with its non-breaking spaces (French punctuation) as plain ones."""
    return " ".join(text.replace("\xa0", " ").split())


def figures_line(page):
    return " ".join(page.locator(".th-checkin__figures").inner_text().split())


@browser_test
def test_an_official_checks_in_by_code_and_adds_two_walk_ins_on_a_phone(
    open_context, checker, meeting
):
    cycling, event = meeting
    amina = Registration.objects.get(email="amina@example.org")
    page = open_context(checker, **PHONE_375).new_page()
    response = page.goto(f"/admin/events/{event.pk}/check-in/")
    assert response.status == 200
    assert "Checked in: 0 · registered: 2 · walk-ins: 0" in figures_line(page)

    # The code as people read it out, in lower case: the screen takes it.
    tab_to(page, "#id_code")
    page.keyboard.type(amina.code.lower())
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("is checked in")
    expect(page.locator(f"#registration-{amina.pk}")).to_have_class(
        re.compile(r"th-checkin__person--in")
    )
    assert "Checked in: 1 · registered: 2 · walk-ins: 0" in figures_line(page)

    # Two walk-ins: one leaves an address (to tell a first visit from a repeat), one not.
    for name, email in (("Fatuma Ali", "fatuma@example.org"), ("Pierre", "")):
        tab_to(page, "#id_name")
        page.keyboard.type(name)
        if email:
            tab_to(page, "#id_email")
            page.keyboard.type(email)
        page.keyboard.press("Enter")
        expect(page.locator(".messages")).to_contain_text("Walk-in added.")
    assert "Checked in: 3 · registered: 2 · walk-ins: 2" in figures_line(page)
    names = page.locator(".th-checkin__person--in .th-checkin__name").all_inner_texts()
    assert sorted(" ".join(n.replace("✓", "").split()) for n in names) == [
        "Amina Diallo",
        "Fatuma Ali (walk-in)",
        "Pierre (walk-in)",
    ]
    # One column on the phone: nothing runs off the side of the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    attended = Registration.objects.filter(event_key=event.translation_key).exclude(
        attended_at=None
    )
    assert sorted(attended.values_list("name", "walk_in", "email")) == [
        ("Amina Diallo", False, "amina@example.org"),
        ("Fatuma Ali", True, "fatuma@example.org"),
        ("Pierre", True, ""),
    ]
    assert Registration.objects.get(email="juma@example.org").attended_at is None

    # The process's public timeline counts them at once: three came, the two with an
    # address at their first event (the third gave none), two walk-ins.
    public = open_context().new_page()
    assert public.goto(cycling.url).status == 200
    shown = dict(
        zip(
            public.locator(".process-timeline .event-figures dt").all_inner_texts(),
            public.locator(".process-timeline .event-figures dd").all_inner_texts(),
            strict=True,
        )
    )
    assert shown["Attended"] == "3"
    assert shown["Walk-ins"] == "2"
    assert shown["First time at one of our events"] == "2"
    assert shown["Came before"] == "0"


@browser_test
def test_a_resident_on_a_phone_in_french_is_waitlisted_gets_the_freed_place_and_adds_it(
    open_context, home_pages, locales, event_index_page_factory, event_page_factory, mailoutbox
):
    """The issue's first "done means", end to end: the form on a phone in French, the
    waiting list, the e-mail offering the freed place, the place taken from its link, and
    the event in the phone's calendar."""
    import icalendar

    from events.models import RegistrationStatus
    from tests.processes.factories import translate_page

    index = event_index_page_factory(parent=home_pages["en"])
    start = (timezone.now() + timedelta(days=5)).replace(hour=18, minute=0, microsecond=0)
    event = event_page_factory(
        parent=index,
        capacity=1,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        time_zone="Europe/Paris",
    )
    french = translate_page(event, locales["fr"], title="Atelier du parc de la Rivière")
    first = registrations.register(
        event, name="Juma", email="juma@example.org", language="sw", waitlist=True
    ).registration
    mailoutbox.clear()

    page = open_context(locale="fr-FR", **PHONE_375).new_page()
    assert page.goto(french.url).status == 200
    form = page.locator("#register form")
    form.locator("#id_name").fill("Inès Martin")
    form.locator("#id_email").fill("ines@example.org")
    form.locator("#id_accessibility_needs").fill("Une place près de la boucle magnétique")
    assert form.locator("#id_language").input_value() == "fr"
    assert form.locator("#id_waitlist").is_checked()
    form.get_by_role("button", name="S’inscrire sur la liste d’attente").tap()
    expect(page.locator("#event-messages")).to_be_visible()
    ines = Registration.objects.get(email="ines@example.org")
    assert (ines.status, ines.language) == (RegistrationStatus.WAITLISTED, "fr")
    assert ines.accessibility_needs == "Une place près de la boucle magnétique"
    [waitlisted] = mailoutbox
    assert (
        plain(waitlisted.subject)
        == "Vous êtes sur la liste d’attente de « Atelier du parc de la Rivière »"
    )

    # Juma cancels: the place goes to Inès, by e-mail, in French.
    mailoutbox.clear()
    assert registrations.cancel(first, event) is True
    [offer] = mailoutbox
    assert offer.to == ["ines@example.org"]
    assert (
        plain(offer.subject)
        == "Une place s’est libérée pour vous : « Atelier du parc de la Rivière »"
    )
    assert "(Paris, UTC+01:00)" in offer.body or "(Paris, UTC+02:00)" in offer.body
    [accept] = [word for word in offer.body.split() if "/events/accept/" in word]
    accept = urlsplit(accept).path  # the site's address is the test server's here
    assert accept.startswith("/fr/")

    assert page.goto(accept).status == 200
    page.get_by_role("button", name="Prendre la place").tap()
    expect(page.locator(".notice--success")).to_be_visible()
    ines.refresh_from_db()
    assert ines.status == RegistrationStatus.CONFIRMED

    with page.expect_download() as download:
        page.get_by_role("link", name="Ajouter à l’agenda").tap()
    calendar = icalendar.Calendar.from_ical(open(download.value.path(), "rb").read())
    [entry] = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Atelier du parc de la Rivière"
    assert entry.decoded("DTSTART") == start
