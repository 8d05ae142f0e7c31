"""Every page describes itself to search engines and answers /favicon.ico.

The meta description is the editor's search description, else the page's own summary or
introduction, else the home page's description in the page's language, else a sentence about
the site in that language: plain text, at most 160 characters, cut on a word boundary.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from tests.factories import translate_page

ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


def meta_descriptions(html):
    soup = BeautifulSoup(html, "html.parser")
    return [tag.get("content", "") for tag in soup.select('head meta[name="description"]')]


def test_every_public_page_type_has_a_meta_description_in_its_language(public_pages):
    for page in public_pages:
        found = meta_descriptions(page.html)
        assert len(found) == 1, f"{page.name}: {len(found)} meta descriptions"
        text = found[0]
        assert text.strip() == text and len(text) >= 20, f"{page.name}: {text!r}"
        assert len(text) <= 160, f"{page.name}: {len(text)} characters"
        assert "<" not in text and "&lt;" not in text, f"{page.name}: markup in {text!r}"
        if page.language == "ar":
            assert ARABIC_LETTER.search(text), f"{page.name}: not in Arabic: {text!r}"
        else:
            assert not ARABIC_LETTER.search(text), f"{page.name}: {text!r}"


@pytest.mark.django_db
def test_search_description_wins_then_introduction_as_plain_text(
    client, home_page, standard_page_factory
):
    described = standard_page_factory(
        parent=home_page,
        search_description="The city’s commitments on public participation.",
        introduction="Not this one.",
    )
    assert meta_descriptions(client.get(described.url).content) == [
        "The city’s commitments on public participation."
    ]

    undescribed = standard_page_factory(
        parent=home_page, search_description="", introduction="How the city listens to you & me."
    )
    html = client.get(undescribed.url).content
    assert meta_descriptions(html) == ["How the city listens to you & me."]


@pytest.mark.django_db
def test_a_long_introduction_is_cut_on_a_word_boundary(client, home_page, standard_page_factory):
    words = "Residents of Riverton shaped the new cycling strategy in public meetings " * 5
    page = standard_page_factory(parent=home_page, search_description="", introduction=words)
    [text] = meta_descriptions(client.get(page.url).content)
    assert len(text) <= 160
    assert text.endswith("…")
    assert words.startswith(text[:-1])
    assert words[len(text) - 1] == " "  # the next character: the cut fell between words


@pytest.mark.django_db
def test_a_page_without_any_description_falls_back_to_the_home_page_then_the_site(
    client, home_pages, standard_page_factory
):
    home = home_pages["en"]
    home.hero_text = "Have your say on the plans of Riverton."
    home.save_revision().publish()
    page = standard_page_factory(parent=home, search_description="", introduction="")
    assert meta_descriptions(client.get(page.url).content) == [
        "Have your say on the plans of Riverton."
    ]
    # A view that is no page (sign in) in Arabic, whose home page says nothing: the site's
    # sentence, in Arabic.
    response = client.get("/ar/account/sign-in/")
    [text] = meta_descriptions(response.content)
    with translation.override("ar"):
        from home.templatetags.seo_tags import meta_description

        assert text == meta_description({"request": response.wsgi_request})
    assert ARABIC_LETTER.search(text)
    arabic_page = translate_page(page, home_pages["ar"].locale, introduction="عن المدينة")
    assert meta_descriptions(client.get(arabic_page.url).content) == ["عن المدينة"]


@pytest.mark.django_db
def test_favicon_is_served_at_the_root_without_a_redirect(client, home_page):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # the ICO signature

    page = BeautifulSoup(client.get("/en/").content, "html.parser")
    icons = [link["href"] for link in page.select('head link[rel="icon"]')]
    assert "/favicon.ico" in icons
