"""The site's frame is cached per site and language, and a change shows on the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import SiteSettings
from tests.factories import translate_page
from tests.html import parse

pytestmark = pytest.mark.django_db


def menu_labels(response):
    return [link.text for link in parse(response).one("nav.main-nav").select("a")]


def switcher_links(response):
    nav = parse(response).one("nav.language-switcher")
    return {link["lang"]: link["href"] for link in nav.select("a[lang]")}


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_frame_is_read_once_then_served_from_the_cache(
    client, home_pages, standard_page_factory, main_menu_factory, footer_text_factory
):
    about = standard_page_factory(parent=home_pages["en"], title="About", slug="about")
    main_menu_factory(items=[about])
    footer_text_factory()
    first = queries(client, "/en/about/")
    second = queries(client, "/en/about/")
    # Settings, social links, footer, menu and its pages, home pages, translations, breadcrumbs.
    assert first - second >= 6


def test_a_menu_edit_shows_on_the_next_request(
    client, home_pages, standard_page_factory, main_menu_factory
):
    about = standard_page_factory(parent=home_pages["en"], title="About", slug="about")
    news = standard_page_factory(parent=home_pages["en"], title="News", slug="news")
    menu = main_menu_factory(items=[about])
    assert menu_labels(client.get("/en/")) == ["About"]

    menu.items = [
        ("item", {"page": about, "label": ""}),
        ("item", {"page": news, "label": "Latest"}),
    ]
    menu.save()
    assert menu_labels(client.get("/en/")) == ["About", "Latest"]


def test_publishing_a_page_title_and_a_translation_show_on_the_next_request(
    client, home_pages, locales, standard_page_factory, main_menu_factory
):
    about = standard_page_factory(parent=home_pages["en"], title="About", slug="about")
    main_menu_factory(items=[about])
    assert switcher_links(client.get("/en/about/"))["fr"] == "/fr/"  # no French yet

    translate_page(about, locales["fr"], title="À propos", slug="a-propos")
    assert switcher_links(client.get("/en/about/"))["fr"] == "/fr/a-propos/"

    about.title = "About us"
    about.save_revision().publish()
    assert menu_labels(client.get("/en/")) == ["About us"]

    about.unpublish()
    assert not parse(client.get("/en/")).exists("nav.main-nav")


def test_footer_and_settings_edits_show_on_the_next_request(
    client, home_pages, footer_text_factory
):
    footer = footer_text_factory(body="<p>Riverton City Council</p>")
    assert "Riverton City Council" in parse(client.get("/en/")).one("footer").text

    footer.body = "<p>Riverton Town Hall</p>"
    footer.save_revision().publish()
    settings = SiteSettings.for_site(home_pages["en"].get_site())
    settings.site_name = "Riverton Online"
    settings.save()
    page = parse(client.get("/en/"))
    assert "Riverton Town Hall" in page.one("footer").text
    assert page.one(".site-header__name").text == "Riverton Online"


def test_moving_a_page_updates_its_breadcrumbs(client, home_pages, standard_page_factory):
    about = standard_page_factory(parent=home_pages["en"], title="About", slug="about")
    services = standard_page_factory(parent=home_pages["en"], title="Services", slug="services")
    team = standard_page_factory(parent=about, title="Team", slug="team")
    crumbs = parse(client.get("/en/about/team/")).one("nav.breadcrumbs")
    assert [link.text for link in crumbs.select("a")] == ["Riverton City", "About"]

    team.move(services, pos="last-child")
    crumbs = parse(client.get("/en/services/team/")).one("nav.breadcrumbs")
    assert [link.text for link in crumbs.select("a")] == ["Riverton City", "Services"]
