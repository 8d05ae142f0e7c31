"""``manage.py load_demo``: its data files (demo/content), catalogues (demo/locale), engine."""

import datetime
import re
import runpy
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail_localize.models import StringTranslation, TranslationSource

from demo.engine import Demo, DemoTranslationError
from demo.loader import ContentLoader, read
from demo.management.commands import load_demo as load_demo_command
from home.models import (
    FooterText,
    FormPage,
    HomePage,
    MainMenu,
    SiteSettings,
    StandardPage,
    Topic,
)
from processes.models import ProcessPage

LANGUAGES = {"en": "ltr", "fr": "ltr", "ar": "rtl", "sw": "ltr"}


def object_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


@pytest.mark.django_db
def test_load_demo_builds_the_site_in_four_languages_and_a_second_run_changes_nothing(
    client, demo_site, mailoutbox, django_capture_on_commit_callbacks
):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 8000)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    # Wagtail's "Welcome to your new Wagtail site!" page is gone.
    assert not Page.objects.filter(depth=2).exclude(content_type=home.content_type).exists()

    assert home.specific.featured and home.specific.hero_cta_page.slug == "about"

    # Every page exists, live, in each language and is served there with the right lang/dir.
    english_pages = [home, *home.get_children().specific()]
    assert {page.slug for page in english_pages[1:]} >= {
        "about",
        "privacy",
        "contact",
        "dataset-request",
        "partnership",
    }
    for english in english_pages:
        versions = {
            p.locale.language_code: p for p in english.get_translations(inclusive=True).live()
        }
        assert set(versions) == set(LANGUAGES), english.slug
        for code, direction in LANGUAGES.items():
            response = client.get(versions[code].url)
            assert response.status_code == 200, versions[code].url
            assert html_tag(response) == f'<html lang="{code}" dir="{direction}">'
            page = versions[code].specific
            heading = page.hero_title if isinstance(page, HomePage) else page.title
            assert f">{heading}</h1>" in response.content.decode()
        # Translated through wagtail-localize, with real text rather than copied English.
        assert versions["fr"].title != english.title
        assert TranslationSource.objects.get_for_instance_or_none(english) is not None

    contact_ar = FormPage.objects.get(slug="contact", locale__language_code="ar")
    assert [field.label for field in contact_ar.form_fields.all()][:2] == [
        "اسمكم",
        "عنوان البريد الإلكتروني",
    ]
    assert "شكرًا على رسالتكم" in contact_ar.thank_you_text
    for code in LANGUAGES:
        assert MainMenu.objects.filter(locale__language_code=code).count() == 1
        assert FooterText.objects.filter(locale__language_code=code, live=True).count() == 1
        assert Topic.objects.filter(locale__language_code=code).count() == 6
    settings = SiteSettings.for_site(site)
    assert settings.privacy_notice_page.slug == "privacy" and settings.contact_email

    # A second run changes nothing, publishes or withdraws nothing and sends nothing (for
    # every app's content: the other demo tests rely on this one). E-mails such as the
    # outcome e-mails would go once a publishing transaction commits: run those callbacks.
    before = object_counts()
    live = set(Page.objects.live().values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        load_demo("--no-admin")
    assert object_counts() == before
    assert set(Page.objects.live().values_list("pk", flat=True)) == live
    assert mailoutbox == []


@pytest.mark.django_db
def test_translate_refuses_to_leave_a_segment_in_english(locales):
    demo = Demo()
    topic = Topic.objects.create(
        name="Public spaces",
        slug="public-spaces",
        description="Squares, parks and streets.",
        locale=locales["en"],
    )
    partial = {
        "fr": {"Public spaces": "Espaces publics", "Squares, parks and streets.": "Places."},
        "ar": {"Public spaces": "الأماكن العامة"},
        "sw": {"Public spaces": "Maeneo ya umma", "Squares, parks and streets.": "Viwanja."},
    }

    with pytest.raises(DemoTranslationError) as error:
        demo.translate(topic, partial)

    message = str(error.value)
    assert "[ar] description: 'Squares, parks and streets.'" in message
    assert "[fr]" not in message and "[sw]" not in message
    # Nothing was written: no half-translated topic in any language.
    assert Topic.objects.count() == 1
    assert not StringTranslation.objects.exists()


@pytest.mark.django_db
def test_translate_matches_keys_loosely_keeps_slugs_and_is_idempotent(locales):
    demo = Demo()
    topic = Topic.objects.create(
        name="Budget & finance",
        slug="budget",
        description="Where the money comes from\nand where it goes.",
        locale=locales["en"],
    )
    texts = {
        "fr": {
            "Budget & finance": "Budget et finances",
            # Written on one line with extra spaces: still matches.
            "  Where the money comes from and where it goes. ": "D’où vient l’argent\net où il va.",
        },
        "ar": {
            "Budget & finance": "الميزانية والمالية",
            "Where the money comes from\nand where it goes.": "من أين يأتي المال وأين يُنفق.",
        },
        "sw": {
            "Budget & finance": "Bajeti na fedha",
            "Where the money comes from\nand where it goes.": "Pesa hutoka wapi na huenda wapi.",
        },
    }

    translated = demo.translate(topic, texts)

    assert translated["fr"].name == "Budget et finances"
    assert translated["fr"].description == "D’où vient l’argent\net où il va."
    assert translated["ar"].slug == "budget"
    assert translated["sw"].locale == locales["sw"]
    before = object_counts()
    demo.translate(topic, texts)
    assert object_counts() == before


@pytest.mark.django_db
def test_admin_account_only_when_asked_outside_debug(settings, monkeypatch):
    # The account does not depend on the content: skip loading it to keep this test quick.
    monkeypatch.setattr(load_demo_command, "FILES", [])
    settings.DEBUG = False
    output = load_demo()
    assert not get_user_model().objects.filter(username="admin").exists()
    assert "--with-admin" in output

    output = load_demo("--with-admin", "--admin-password", "riverton-demo-42")
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("riverton-demo-42")
    assert "password: riverton-demo-42" in output

    output = load_demo("--with-admin", "--admin-password", "something-else")
    admin.refresh_from_db()
    assert admin.check_password("riverton-demo-42")
    assert "already exists" in output


@pytest.mark.django_db
def test_one_english_text_takes_a_second_translation_from_its_msgctxt(demo_site):
    # demo/locale/fr/LC_MESSAGES/demo.po: "Contact us" is the contact form's title, and with
    # msgctxt "about" the About page's button, which French words differently.
    contact = FormPage.objects.get(slug="contact", locale__language_code="fr")
    english = StandardPage.objects.get(slug="about", locale__language_code="en")
    about = english.get_translation(contact.locale).specific
    assert contact.title == "Nous contacter"
    buttons = [
        block.value["button_text"] for block in about.body if block.block_type == "call_to_action"
    ]
    assert buttons == ["Nous écrire"]


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["2026-03-01T12:00:00+00:00", "2031-11-20T12:00:00+00:00"])
def test_dates_are_offsets_from_the_day_of_loading_so_open_stays_open(day):
    with time_machine.travel(datetime.datetime.fromisoformat(day), tick=False):
        loader = ContentLoader(Demo())
        today = timezone.localdate()
        assert loader.when("-20d") == today - datetime.timedelta(days=20)
        nine = datetime.datetime.combine(today + datetime.timedelta(days=14), datetime.time(9))
        assert loader.when("+14d 09:00") == timezone.make_aware(nine)
        (cycling,) = [
            step["page"]
            for step in read("processes")["steps"]
            if step.get("page", {}).get("slug") == "cycling-strategy"
        ]
        phases = loader.fields(ProcessPage, {"phases": cycling["fields"]["phases"]})["phases"]
        now = timezone.now()
        assert [p.title for p in phases if p.is_participation and p.start <= now < p.end] == [
            "Public consultation"
        ]


def test_only_the_dev_and_test_settings_install_the_demo(monkeypatch, settings):
    assert "demo" in settings.INSTALLED_APPS  # the test settings, running now
    monkeypatch.setenv("SECRET_KEY", "production-" + "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "townhall.example")
    for name, installed in (("production", False), ("dev", True)):
        module = runpy.run_module(f"townhall.settings.{name}")
        assert ("demo" in module["INSTALLED_APPS"]) is installed, name
