"""Participation dates are whole days in the site's time zone, and one source of truth.

A phase entered in the admin with 31 January as its last day takes input until 23:59 that
evening (in the site's time zone, not UTC) and refuses it at 00:00 on 1 February; the
process card, the process status, the consultation page and the comment rules all agree.
A phase added in the admin does not count as participation unless the editor says so.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from processes import rules
from processes.models import ProcessPage, ProcessStatus

# Riverton is on the coast of East Africa in the demo; any zone east of UTC shows the bug
# (a UTC midnight is 03:00 there) and one west of it shows its mirror.
ZONES = ["Africa/Nairobi", "America/Toronto", "UTC"]


def local(zone, *args):
    return datetime(*args, tzinfo=ZoneInfo(zone))


def day(*args):
    return date_format(date(*args), "DATE_FORMAT")


def process_form(phases):
    """The ProcessPage admin form as a browser posts it (dates typed as days)."""
    return nested_form_data(
        {
            "title": "Riverside path",
            "slug": "riverside-path",
            "summary": "Tell us where the path should go.",
            "level": "consult",
            "topic": "",
            "image": "",
            "objectives": rich_text(""),
            "input_use": rich_text(""),
            "responsible_body": "",
            "contact_name": "",
            "contact_email": "",
            "participation_rule": "anyone",
            "moderation_mode": "post",
            "phases": inline_formset(phases),
            "areas": inline_formset([]),
            "body": streamfield([]),
        }
    )


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def add_process_in_admin(admin_client, process_index, phases):
    url = reverse("wagtailadmin_pages:add", args=("processes", "processpage", process_index.pk))
    data = process_form(phases)
    data["action-publish"] = "Publish"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return ProcessPage.objects.get(slug="riverside-path")


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def card_dates(soup):
    return " ".join(soup.select_one(".process-card__dates").get_text().split())


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ZONES)
def test_a_phase_entered_in_the_admin_runs_to_the_end_of_its_last_day(
    settings, zone, admin_client, client, process_index, consultation_page_factory
):
    settings.TIME_ZONE = zone
    timezone.deactivate()
    process = add_process_in_admin(
        admin_client,
        process_index,
        [
            {
                "title": "Public consultation",
                "description": "",
                "start": "2027-01-04",
                "end": "2027-01-31",
                "is_participation": "on",
            }
        ],
    )
    phase = process.phases.get()
    assert phase.start == local(zone, 2027, 1, 4)
    assert phase.end == local(zone, 2027, 2, 1)  # exclusive: the first instant it is over
    consultation = consultation_page_factory(parent=process)
    admin_client.logout()

    last_minute = local(zone, 2027, 1, 31, 23, 59)
    with time_machine.travel(last_minute, tick=False):
        assert process.status_at(timezone.now()) == ProcessStatus.OPEN
        assert rules.comment_decision(AnonymousUser(), consultation).allowed
        soup = page_text(client, process_index.url)
        assert card_dates(soup) == f"Open until {day(2027, 1, 31)}"
        assert soup.select_one(".process-status").get_text(strip=True) == "Open"
        page = page_text(client, consultation.url)
        state = " ".join(page.select_one(".consultation-state").get_text().split())
        assert state == f"Open for comments Comments close at the end of {day(2027, 1, 31)}."

    next_day = local(zone, 2027, 2, 1, 0, 0)
    with time_machine.travel(next_day, tick=False):
        assert process.status_at(timezone.now()) == ProcessStatus.CLOSED
        decision = rules.comment_decision(AnonymousUser(), consultation)
        assert (decision.allowed, decision.reason) == (False, "closed")
        assert day(2027, 1, 31) in decision.message
        soup = page_text(client, process_index.url)
        assert card_dates(soup) == f"Closed on {day(2027, 1, 31)}"
        assert soup.select_one(".process-status").get_text(strip=True) == "Closed"

    first_minute = local(zone, 2027, 1, 4, 0, 0)
    with time_machine.travel(first_minute - timedelta(seconds=1), tick=False):
        assert rules.comment_decision(AnonymousUser(), consultation).reason == "upcoming"
        assert card_dates(page_text(client, process_index.url)) == f"Opens on {day(2027, 1, 4)}"
    with time_machine.travel(first_minute, tick=False):
        assert rules.comment_decision(AnonymousUser(), consultation).allowed


@pytest.mark.django_db
def test_the_admin_shows_a_stored_phase_as_its_first_and_last_day(
    settings, admin_client, process_index, process_page_factory
):
    settings.TIME_ZONE = "Africa/Nairobi"
    process = process_page_factory(
        parent=process_index,
        phases=[
            (
                "Have your say",
                local("Africa/Nairobi", 2027, 3, 1),
                local("Africa/Nairobi", 2027, 4, 1),
                True,
            )
        ],
    )
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(process.pk,)))
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one('input[name="phases-0-start"]')["value"] == "2027-03-01"
    assert soup.select_one('input[name="phases-0-end"]')["value"] == "2027-03-31"


@pytest.mark.django_db
def test_a_phase_added_in_the_admin_is_not_participation_unless_ticked(admin_client, process_index):
    now = timezone.localdate()
    process = add_process_in_admin(
        admin_client,
        process_index,
        [
            {
                "title": "Exhibition",
                "description": "",
                "start": str(now - timedelta(days=3)),
                "end": str(now + timedelta(days=3)),
            }
        ],
    )
    assert process.phases.get().is_participation is False
    assert process.status == ProcessStatus.UPCOMING

    # …and a consultation can only be attached to a phase in which people take part.
    url = reverse("wagtailadmin_pages:add", args=("processes", "consultationpage", process.pk))
    soup = BeautifulSoup(admin_client.get(url).content, "html.parser")
    offered = [option["value"] for option in soup.select('select[name="phase"] option')]
    assert offered == [""]


@pytest.mark.django_db
def test_a_consultation_with_its_own_dates_opens_the_process_card(
    client, process_index, consultation_page_factory, process_page_factory
):
    """The card agrees with the page that takes comments, even outside every phase."""
    process = process_page_factory(
        parent=process_index,
        phases=[("Exhibition", timezone.now() - timedelta(days=5), timezone.now(), False)],
    )
    consultation_page_factory(
        parent=process,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=2),
    )
    process = ProcessPage.objects.get(pk=process.pk)
    assert process.status == ProcessStatus.OPEN
    soup = page_text(client, process_index.url)
    assert soup.select_one(".process-status").get_text(strip=True) == "Open"
    assert card_dates(soup).startswith("Open until")


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["Africa/Nairobi", "America/Toronto"])
def test_the_consultations_own_dates_are_days_too(settings, zone, process_index):
    from processes.models import ConsultationPage

    settings.TIME_ZONE = zone
    field = ConsultationPage._meta.get_field("closes_at").formfield()
    assert field.clean("2027-01-31") == local(zone, 2027, 2, 1)
    field = ConsultationPage._meta.get_field("opens_at").formfield()
    assert field.clean("2027-01-04") == local(zone, 2027, 1, 4)
    # An editor whose admin shows another time zone still sets the site's days.
    with timezone.override(ZoneInfo("Asia/Tokyo")):
        assert field.clean("2027-01-04") == local(zone, 2027, 1, 4)
        assert field.prepare_value(local(zone, 2027, 1, 4)) == date(2027, 1, 4)


def _migration_function():
    """The data migration, found by name (the lead may renumber migrations on merge)."""
    import importlib
    from pathlib import Path

    import processes.migrations as package

    for path in sorted(Path(package.__path__[0]).glob("0*_participation_days.py")):
        module = importlib.import_module(f"processes.migrations.{path.stem}")
        return module.mark_participation_explicitly
    raise AssertionError("the participation_days migration is missing")


@pytest.mark.django_db
def test_the_migration_keeps_what_existing_phases_meant(
    process_index, consultation_page_factory, process_page_factory
):
    """Before, no marked phase meant "every phase counts", and a consultation could run in
    an unmarked phase; both keep taking input after the migration."""
    from django.apps import apps

    now = timezone.now()
    unmarked = process_page_factory(
        parent=process_index,
        phases=[
            ("Talks", now - timedelta(days=9), now - timedelta(days=5), False),
            ("Comments", now - timedelta(days=1), now + timedelta(days=5), False),
        ],
    )
    mixed = process_page_factory(
        parent=process_index,
        phases=[
            ("Survey", now - timedelta(days=30), now - timedelta(days=20), True),
            ("Workshop", now - timedelta(days=1), now + timedelta(days=5), False),
            ("Analysis", now + timedelta(days=5), now + timedelta(days=20), False),
        ],
    )
    consultation_page_factory(parent=mixed, phase=mixed.phases.get(title="Workshop"))

    _migration_function()(apps, None)

    assert set(unmarked.phases.values_list("is_participation", flat=True)) == {True}
    marked = dict(mixed.phases.values_list("title", "is_participation"))
    assert marked == {"Survey": True, "Workshop": True, "Analysis": False}
    assert ProcessPage.objects.get(pk=unmarked.pk).status == ProcessStatus.OPEN
