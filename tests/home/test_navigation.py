"""The frame of every page: language switcher, hreflang alternates, main menu, footer."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import SiteSettings
from tests.factories import (
    FooterTextFactory,
    MainMenuFactory,
    StandardPageFactory,
    translate_page,
)

pytestmark = pytest.mark.django_db


def switcher_links(html):
    """{language code: href} of the language switcher."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return {code: href for href, code in re.findall(r'<a href="([^"]*)" lang="(\w+)"', nav)}


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]*)">', html))


@pytest.fixture
def about(home_pages, locales):
    page = StandardPageFactory(parent=home_pages["en"], title="About", slug="about")
    translate_page(page, locales["fr"], title="À propos", slug="a-propos")
    translate_page(page, locales["ar"], title="من نحن", slug="man-nahnu")
    return page  # no Swahili translation


def test_switcher_links_to_translations_and_falls_back_to_that_languages_home(client, about):
    html = client.get("/fr/a-propos/").content.decode()
    assert switcher_links(html) == {
        "en": "/en/about/",
        "fr": "/fr/a-propos/",
        "ar": "/ar/man-nahnu/",
        "sw": "/sw/",
    }


def test_switcher_names_each_language_in_itself_and_marks_the_current_one(client, about):
    html = client.get("/ar/man-nahnu/").content.decode()
    assert '<a href="/en/about/" lang="en" hreflang="en">English</a>' in html
    assert '<a href="/fr/a-propos/" lang="fr" hreflang="fr">français</a>' in html
    assert 'lang="ar" hreflang="ar" aria-current="true">العربيّة</a>' in html
    assert '<a href="/sw/" lang="sw" hreflang="sw">Kiswahili</a>' in html


def test_hreflang_alternates_list_only_real_translations_as_absolute_urls(client, about):
    # On the Site's root URL, as in the sitemap, whatever Host the request named.
    html = client.get("/en/about/").content.decode()
    assert alternates(html) == {
        "en": "http://localhost/en/about/",
        "x-default": "http://localhost/en/about/",
        "fr": "http://localhost/fr/a-propos/",
        "ar": "http://localhost/ar/man-nahnu/",
    }
    assert '<link rel="canonical" href="http://localhost/en/about/">' in html


def test_a_draft_translation_is_not_offered(client, about, locales, home_pages):
    page = StandardPageFactory(parent=home_pages["en"], title="Budget", slug="budget")
    draft = page.copy_for_translation(locales["fr"])
    draft.save_revision()  # never published
    html = client.get("/en/budget/").content.decode()
    assert switcher_links(html)["fr"] == "/fr/"
    assert "fr" not in alternates(html)


def test_search_page_switches_language_and_keeps_the_query(client, home_pages):
    html = client.get("/en/search/?q=bridge").content.decode()
    links = switcher_links(html)
    assert links["fr"] == "/fr/search/?q=bridge"
    assert links["ar"] == "/ar/search/?q=bridge"


def test_a_404_offers_each_languages_home_not_a_copy_of_the_broken_address(client, home_pages):
    response = client.get("/fr/nulle-part/")
    assert response.status_code == 404
    html = response.content.decode()
    assert switcher_links(html) == {"en": "/en/", "fr": "/fr/", "ar": "/ar/", "sw": "/sw/"}
    assert alternates(html) == {}


def test_main_menu_shows_the_active_languages_pages_and_marks_the_current_one(
    client, about, home_pages, locales
):
    contact = StandardPageFactory(parent=home_pages["en"], title="Contact", slug="contact")
    MainMenuFactory(items=[about, contact])  # English only: French falls back to it

    html = client.get("/fr/a-propos/").content.decode()
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    assert '<a href="/fr/a-propos/" aria-current="page">À propos</a>' in nav
    # Contact has no French translation: the English page stays in the menu.
    assert '<a href="/en/contact/">Contact</a>' in nav


def test_main_menu_marks_the_section_of_a_child_page(client, about):
    child = StandardPageFactory(parent=about, title="Our team", slug="team")
    MainMenuFactory(items=[about])
    html = client.get(child.url).content.decode()
    assert '<a href="/en/about/" aria-current="true">About</a>' in html


def test_main_menu_query_count_does_not_grow_with_its_items(client, home_pages, locales):
    def queries_for(item_count):
        from home.models import MainMenu

        MainMenu.objects.all().delete()
        pages = [
            StandardPageFactory(parent=home_pages["en"], title=f"Menu page {item_count}-{n}")
            for n in range(item_count)
        ]
        MainMenuFactory(items=pages)
        client.get("/fr/")  # warm the site-root cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/fr/").status_code == 200
        return len(queries)

    assert queries_for(2) == queries_for(12)


def test_footer_shows_the_active_languages_text_and_the_localized_privacy_notice(
    client, home_pages, locales
):
    english = FooterTextFactory(body="<p>Riverton City Council</p>")
    french = english.copy_for_translation(locales["fr"])
    french.body = "<p>Conseil municipal de Riverton</p>"
    french.live = True
    french.save()
    privacy = StandardPageFactory(parent=home_pages["en"], title="Privacy", slug="privacy")
    translate_page(privacy, locales["fr"], title="Confidentialité", slug="confidentialite")
    site_settings = SiteSettings.for_site(home_pages["en"].get_site())
    site_settings.privacy_notice_page = privacy
    site_settings.contact_email = "hello@riverton.example"
    site_settings.save()

    html = client.get("/fr/").content.decode()
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    assert "Conseil municipal de Riverton" in footer
    assert "Riverton City Council" not in footer
    assert 'href="/fr/confidentialite/"' in footer
    assert 'href="mailto:hello@riverton.example"' in footer


def test_breadcrumbs_lead_back_to_the_home_page(client, about):
    child = StandardPageFactory(parent=about, title="Our team", slug="team")
    html = client.get(child.url).content.decode()
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert '<a href="/en/">Riverton City</a>' in crumbs
    assert '<a href="/en/about/">About</a>' in crumbs
    assert '<span aria-current="page">Our team</span>' in crumbs


def test_every_page_has_a_skip_link_to_the_main_content(client, home_pages):
    html = client.get("/en/").content.decode()
    assert '<a class="skip-link" href="#main-content">' in html
    assert '<main id="main-content"' in html
