"""sitemap.xml, robots.txt and the search page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomePage
from tests.factories import translate_page
from tests.html import parse
from tests.module_data import make_home_pages, module_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _home_pages(django_db_setup, django_db_blocker):
    """The home page in every language, built once for the module (tests/module_data.py);
    each test runs in a savepoint of it, so the pages a test adds are gone for the next."""
    with module_data(django_db_blocker) as build:
        with build():
            pages = make_home_pages()
        yield {code: page.pk for code, page in pages.items()}


@pytest.fixture
def home_pages(_home_pages, db):
    """The module's home pages (in place of tests/conftest.py's), read again for each test:
    adding a child changes the parent in memory (treebeard's numchild), which a rolled back
    test must not leave behind."""
    return {code: HomePage.objects.get(pk=pk) for code, pk in _home_pages.items()}


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_sitemap_lists_live_public_pages_in_every_language(
    client, home_pages, locales, standard_page_factory
):
    about = standard_page_factory(parent=home_pages["en"], title="About", slug="about")
    translate_page(about, locales["ar"], title="من نحن", slug="man-nahnu")
    draft = standard_page_factory(parent=home_pages["en"], title="Draft", slug="draft", live=False)
    assert not draft.live

    locations = sitemap_locations(client)
    for code in ["en", "fr", "ar", "sw"]:
        assert f"http://localhost/{code}/" in locations
    assert "http://localhost/en/about/" in locations
    assert "http://localhost/ar/man-nahnu/" in locations
    assert not any("draft" in location for location in locations)
    assert len(locations) == len(set(locations)) == 6


def test_sitemap_lists_translations_as_hreflang_alternates(
    client, home_pages, locales, standard_page_factory
):
    about = standard_page_factory(parent=home_pages["en"], title="About", slug="about")
    translate_page(about, locales["ar"], title="من نحن", slug="man-nahnu")
    standard_page_factory(parent=home_pages["en"], title="English only", slug="english-only")

    xml = client.get("/sitemap.xml").content.decode()
    entries = {
        re.search(r"<loc>([^<]+)</loc>", entry).group(1): dict(
            re.findall(r'hreflang="([\w-]+)" href="([^"]+)"', entry)
        )
        for entry in re.findall(r"<url>.*?</url>", xml, re.S)
    }
    expected = {
        "en": "http://localhost/en/about/",
        "ar": "http://localhost/ar/man-nahnu/",
        "x-default": "http://localhost/en/about/",
    }
    assert entries["http://localhost/en/about/"] == expected
    assert entries["http://localhost/ar/man-nahnu/"] == expected
    assert entries["http://localhost/en/english-only/"] == {}


def test_sitemap_query_count_does_not_grow_with_pages(client, home_pages, standard_page_factory):
    def queries():
        client.get("/sitemap.xml")  # warm the site-root cache
        with CaptureQueriesContext(connection) as captured:
            client.get("/sitemap.xml")
        return len(captured)

    standard_page_factory(parent=home_pages["en"])
    few = queries()
    for _ in range(10):
        standard_page_factory(parent=home_pages["en"])
    assert queries() == few


def test_robots_txt_points_to_the_sitemap_and_keeps_robots_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://localhost/sitemap.xml"  # the Site's root URL in lines


def test_search_finds_pages_in_the_active_language_only(
    client, home_pages, locales, standard_page_factory, indexes
):
    bridge = standard_page_factory(
        parent=home_pages["en"], title="Footbridge consultation", slug="footbridge"
    )
    translate_page(
        bridge, locales["fr"], title="Consultation footbridge passerelle", slug="passerelle"
    )

    english = client.get("/en/search/?q=footbridge")
    assert [page.title for page in english.context["search_results"]] == ["Footbridge consultation"]
    assert 'href="/en/footbridge/"' in english.content.decode()

    french = client.get("/fr/search/?q=footbridge").content.decode()
    assert 'href="/fr/passerelle/"' in french
    assert 'href="/en/footbridge/"' not in french


def test_search_is_paginated_and_pages_keep_the_query(
    client, home_pages, standard_page_factory, indexes
):
    for number in range(12):
        standard_page_factory(parent=home_pages["en"], title=f"Tram line report {number}")
    first = client.get("/en/search/?q=tram")
    assert first.context["paginator"].count == 12
    assert len(first.context["search_results"]) == 10
    html = first.content.decode()
    assert "12 results for “tram”" in html
    assert 'href="?q=tram&amp;page=2" rel="next"' in html
    second = client.get("/en/search/?q=tram&page=2")
    assert len(second.context["search_results"]) == 2
    assert parse(second).one('meta[name="robots"]')["content"] == "noindex"


def test_search_survives_odd_input(client, home_pages, form_page_factory):
    form_page_factory(parent=home_pages["en"], title="Contact us")
    for query in ["", "   ", "<script>alert(1)</script>", "x" * 5000, "%", "العربية"]:
        response = client.get("/ar/search/", {"q": query, "page": "nope"})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_result_summary_keeps_paragraphs_apart(
    client, home_pages, form_page_factory, indexes
):
    form_page_factory(
        parent=home_pages["en"],
        title="Write to the tram team",
        introduction="<p>Questions &amp; ideas.</p><p>We answer within a week.</p>",
    )
    html = client.get("/en/search/?q=tram").content.decode()
    assert "Questions &amp; ideas. We answer within a week." in html


def search_results(client, query):
    """(title, href, text or None) of each result listed."""
    page = parse(client.get("/en/search/", {"q": query}))
    results = []
    for item in page.select(".search-result"):
        link = item.one(".search-result__title a")
        texts = item.select(".search-result__text")
        results.append((link.text, link["href"], texts[0].text if texts else None))
    return results


def test_a_second_search_reads_no_page_and_an_edit_shows_on_the_next_one(
    client, home_pages, standard_page_factory, form_page_factory, indexes
):
    tram = standard_page_factory(
        parent=home_pages["en"], title="Tram report", slug="tram", introduction="Lines and stops."
    )
    form_page_factory(parent=home_pages["en"], title="Tram questions", slug="ask")
    for number in range(8):
        standard_page_factory(parent=home_pages["en"], title=f"Tram stop {number}")
    first = search_results(client, "tram")
    assert ("Tram report", "/en/tram/", "Lines and stops.") in first
    with CaptureQueriesContext(connection) as captured:
        assert search_results(client, "tram") == first
    # The same search asked again runs no query at all: its count, the ids of its page of
    # results and their cards are kept until a page changes.
    assert len(captured) == 0
    with CaptureQueriesContext(connection) as captured:
        search_results(client, "tram stop")
    # Other words: the count and the page of results, and no page read in its own type.
    assert len(captured) == 2

    tram.title = "Tram network report"
    tram.search_description = "Every line, every stop."
    tram.save_revision().publish()
    assert ("Tram network report", "/en/tram/", "Every line, every stop.") in search_results(
        client, "tram"
    )
    standard_page_factory(parent=home_pages["en"], title="Tram depot", slug="depot")
    response = client.get("/en/search/", {"q": "tram"})
    assert response.context["paginator"].count == 11
    assert "/en/depot/" in [
        link["href"] for link in parse(response).select(".search-result__title a")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["en", "fr", "ar", "sw"])
def test_the_search_pages_two_search_regions_have_distinct_names(client, home_pages, code):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get(f"/{code}/search/?q=river").content, "html.parser")
    names = [region.get("aria-label", "") for region in soup.select('[role="search"]')]
    assert len(names) == 2
    assert all(names) and names[0] != names[1], names
