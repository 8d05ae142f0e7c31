"""RSS and Atom feeds per language: valid XML, the index's posts only, in its language."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from tests.factories import translate_page

from .factories import add_author

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def bilingual_news(
    home_pages, locales, topic_factory, author_factory, blog_index_page_factory, blog_page_factory
):
    index = blog_index_page_factory(parent=home_pages["en"])
    french_index = translate_page(index, locales["fr"], title="Actualités")
    topic = topic_factory(name="Transport", slug="transport")
    older = blog_page_factory(
        parent=index, title="Bus lanes open", date=datetime.date(2025, 5, 1), topic=topic
    )
    add_author(older, author_factory(name="Amina Diallo"))
    blog_page_factory(parent=index, title="Park reopens", date=datetime.date(2025, 6, 1))
    translate_page(older, locales["fr"], title="Ouverture des voies de bus", summary="En mai.")
    return index, french_index


def test_index_links_its_feeds(client, bilingual_news):
    index, french_index = bilingual_news
    html = client.get(french_index.url).content.decode()
    assert (
        f'type="application/rss+xml" title="Actualités (RSS)" href="{french_index.url}feed/rss/"'
        in html
    )
    assert (
        f'type="application/atom+xml" title="Actualités (Atom)" href="{french_index.url}feed/atom/"'
        in html
    )


def test_rss_feed_is_valid_and_in_the_index_language(client, bilingual_news):
    index, french_index = bilingual_news
    response = client.get(index.url + "feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "en"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Park reopens", "Bus lanes open"]
    # Absolute links on the site's own host name, in the feed's language.
    assert items[1].findtext("link") == "http://localhost/en/news/bus-lanes-open/"
    assert items[1].findtext("guid") == "http://localhost/en/news/bus-lanes-open/"
    assert items[1].findtext("category") == "Transport"
    assert "Amina Diallo" in ET.tostring(items[1], encoding="unicode")
    assert "01 May 2025" in items[1].findtext("pubDate")

    french = ET.fromstring(client.get(french_index.url + "feed/rss/").content).find("channel")
    assert french.findtext("language") == "fr"
    french_items = french.findall("item")
    assert [item.findtext("title") for item in french_items] == ["Ouverture des voies de bus"]
    assert french_items[0].findtext("description") == "En mai."
    assert french_items[0].findtext("link") == "http://localhost/fr/news/bus-lanes-open/"


def test_atom_feed_is_valid_and_in_the_index_language(client, bilingual_news):
    _index, french_index = bilingual_news
    response = client.get(french_index.url + "feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get(XML_LANG) == "fr"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Ouverture des voies de bus"]
    assert entries[0].find(f"{ATOM}link").get("href") == "http://localhost/fr/news/bus-lanes-open/"
    assert feed.findtext(f"{ATOM}id")


def test_feed_can_follow_one_topic(client, bilingual_news):
    index, _french_index = bilingual_news
    channel = ET.fromstring(client.get(index.url + "feed/rss/?topic=transport").content)
    titles = [item.findtext("title") for item in channel.find("channel").findall("item")]
    assert titles == ["Bus lanes open"]
