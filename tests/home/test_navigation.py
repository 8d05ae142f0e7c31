"""The frame of every page: language switcher, hreflang alternates, main menu, footer."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import SiteSettings
from tests.factories import (
    translate_page,
)
from tests.html import parse

pytestmark = pytest.mark.django_db


def switcher_links(response):
    """{language code: href} of the language switcher."""
    nav = parse(response).one("nav.language-switcher")
    return {link["lang"]: link["href"] for link in nav.select("a[lang]")}


def alternates(response):
    links = parse(response).select('link[rel="alternate"][hreflang]')
    return {link["hreflang"]: link["href"] for link in links}


@pytest.fixture
def about(home_pages, locales, standard_page_factory):
    page = standard_page_factory(parent=home_pages["en"], title="About", slug="about")
    translate_page(page, locales["fr"], title="À propos", slug="a-propos")
    translate_page(page, locales["ar"], title="من نحن", slug="man-nahnu")
    return page  # no Swahili translation


def test_switcher_links_to_translations_and_falls_back_to_that_languages_home(client, about):
    assert switcher_links(client.get("/fr/a-propos/")) == {
        "en": "/en/about/",
        "fr": "/fr/a-propos/",
        "ar": "/ar/man-nahnu/",
        "sw": "/sw/",
    }


def test_switcher_names_each_language_in_itself_and_marks_the_current_one(client, about):
    nav = parse(client.get("/ar/man-nahnu/")).one("nav.language-switcher")
    links = {
        link["lang"]: (link["href"], link["hreflang"], link.text, link.get("aria-current"))
        for link in nav.select("a[lang]")
    }
    assert links["en"] == ("/en/about/", "en", "English", None)
    assert links["fr"] == ("/fr/a-propos/", "fr", "français", None)
    assert links["ar"][1:] == ("ar", "العربيّة", "true")
    assert links["sw"] == ("/sw/", "sw", "Kiswahili", None)


def test_hreflang_alternates_list_only_real_translations_as_absolute_urls(client, about):
    # On the Site's root URL, as in the sitemap, whatever Host the request named.
    response = client.get("/en/about/")
    assert alternates(response) == {
        "en": "http://localhost/en/about/",
        "x-default": "http://localhost/en/about/",
        "fr": "http://localhost/fr/a-propos/",
        "ar": "http://localhost/ar/man-nahnu/",
    }
    assert parse(response).one('link[rel="canonical"]')["href"] == "http://localhost/en/about/"


def test_a_draft_translation_is_not_offered(
    client, about, locales, home_pages, standard_page_factory
):
    page = standard_page_factory(parent=home_pages["en"], title="Budget", slug="budget")
    draft = page.copy_for_translation(locales["fr"])
    draft.save_revision()  # never published
    response = client.get("/en/budget/")
    assert switcher_links(response)["fr"] == "/fr/"
    assert "fr" not in alternates(response)


def test_search_page_switches_language_and_keeps_the_query(client, home_pages):
    links = switcher_links(client.get("/en/search/?q=bridge"))
    assert links["fr"] == "/fr/search/?q=bridge"
    assert links["ar"] == "/ar/search/?q=bridge"


def test_a_404_offers_each_languages_home_not_a_copy_of_the_broken_address(client, home_pages):
    response = client.get("/fr/nulle-part/")
    assert response.status_code == 404
    assert switcher_links(response) == {"en": "/en/", "fr": "/fr/", "ar": "/ar/", "sw": "/sw/"}
    assert alternates(response) == {}


def test_main_menu_shows_the_active_languages_pages_and_marks_the_current_one(
    client, about, home_pages, locales, standard_page_factory, main_menu_factory
):
    contact = standard_page_factory(parent=home_pages["en"], title="Contact", slug="contact")
    main_menu_factory(items=[about, contact])  # English only: French falls back to it

    nav = parse(client.get("/fr/a-propos/")).one("nav.main-nav")
    current = nav.link("/fr/a-propos/")
    assert (current.text, current.get("aria-current")) == ("À propos", "page")
    # Contact has no French translation: the English page stays in the menu.
    contact = nav.link("/en/contact/")
    assert (contact.text, contact.get("aria-current")) == ("Contact", None)


def test_main_menu_marks_the_section_of_a_child_page(
    client, about, standard_page_factory, main_menu_factory
):
    child = standard_page_factory(parent=about, title="Our team", slug="team")
    main_menu_factory(items=[about])
    section = parse(client.get(child.url)).one("nav.main-nav").link("/en/about/")
    assert (section.text, section.get("aria-current")) == ("About", "true")


def test_main_menu_query_count_does_not_grow_with_its_items(
    client, home_pages, locales, standard_page_factory, main_menu_factory
):
    def queries_for(item_count):
        from home.models import MainMenu

        MainMenu.objects.all().delete()
        pages = [
            standard_page_factory(parent=home_pages["en"], title=f"Menu page {item_count}-{n}")
            for n in range(item_count)
        ]
        main_menu_factory(items=pages)
        client.get("/fr/")  # warm the site-root cache, the frame and the route
        client.get("/fr/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/fr/").status_code == 200
        return len(queries)

    assert queries_for(2) == queries_for(12)


def test_footer_shows_the_active_languages_text_and_the_localized_privacy_notice(
    client, home_pages, locales, standard_page_factory, footer_text_factory
):
    english = footer_text_factory(body="<p>Riverton City Council</p>")
    french = english.copy_for_translation(locales["fr"])
    french.body = "<p>Conseil municipal de Riverton</p>"
    french.live = True
    french.save()
    privacy = standard_page_factory(parent=home_pages["en"], title="Privacy", slug="privacy")
    translate_page(privacy, locales["fr"], title="Confidentialité", slug="confidentialite")
    site_settings = SiteSettings.for_site(home_pages["en"].get_site())
    site_settings.privacy_notice_page = privacy
    site_settings.contact_email = "hello@riverton.example"
    site_settings.save()

    footer = parse(client.get("/fr/")).one("footer.site-footer")
    assert "Conseil municipal de Riverton" in footer.text
    assert "Riverton City Council" not in footer.text
    assert footer.exists('a[href="/fr/confidentialite/"]')
    assert footer.exists('a[href="mailto:hello@riverton.example"]')
    assert parse(client.get("/en/")).one("footer.site-footer").exists('a[href="/en/privacy/"]')
    assert parse(client.get("/sw/")).one("footer.site-footer").exists('a[href="/en/privacy/"]')


def test_the_frame_read_after_a_purge_asks_for_each_thing_once(
    client, home_pages, locales, standard_page_factory
):
    privacy = standard_page_factory(parent=home_pages["en"], title="Privacy", slug="privacy")
    translate_page(privacy, locales["fr"], title="Confidentialité", slug="confidentialite")
    site_settings = SiteSettings.for_site(home_pages["en"].get_site())
    site_settings.privacy_notice_page = privacy
    site_settings.save()
    assert client.get("/fr/account/sign-in/").status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        page = parse(client.get("/fr/account/sign-in/"))
    assert page.one("footer.site-footer").exists('a[href="/fr/confidentialite/"]')
    sql = [query["sql"] for query in captured.captured_queries]
    # The locales once, all of them (not the active one by its code, for the frame and again
    # for the description); the privacy notice and its translation in one query.
    assert [query for query in sql if '"language_code" = ' in query] == []
    assert len([query for query in sql if 'FROM "wagtailcore_locale"' in query]) == 1
    assert len([query for query in sql if '"translation_key" = (SELECT' in query]) == 1


def test_breadcrumbs_lead_back_to_the_home_page(client, about, standard_page_factory):
    child = standard_page_factory(parent=about, title="Our team", slug="team")
    crumbs = parse(client.get(child.url)).one("nav.breadcrumbs")
    assert [(link["href"], link.text) for link in crumbs.select("a")] == [
        ("/en/", "Riverton City"),
        ("/en/about/", "About"),
    ]
    assert crumbs.one('[aria-current="page"]').text == "Our team"


def test_every_page_has_a_skip_link_to_the_main_content(client, home_pages):
    page = parse(client.get("/en/"))
    assert page.one("a.skip-link")["href"] == "#main-content"
    assert page.one("#main-content").name == "main"
