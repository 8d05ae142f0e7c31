"""The news demo: an index, three posts and the cycling data story, in four languages."""

import re

import pytest
from wagtail.models import Locale

from blog.models import BlogIndexPage, BlogPage, DataStoryPage

pytestmark = pytest.mark.django_db


def test_demo_news_in_four_languages_with_charts_and_a_csv_per_language(client, demo_site):
    index = BlogIndexPage.objects.get(locale__language_code="en")
    assert BlogPage.objects.filter(locale__language_code="en").count() == 4
    story = DataStoryPage.objects.get(locale__language_code="en")
    assert story.title == "What residents told us about cycling"
    charts = [block for block in story.body if block.block_type == "chart"]
    assert len(charts) >= 3
    assert any(block.value["data"][0].block_type == "csv" for block in charts)
    assert any(block.block_type == "key_figure" for block in story.body)

    expected = {
        "en": ("What residents told us about cycling", "Jan", 'dir="ltr"'),
        "fr": ("Ce que les habitants nous ont dit du vélo", "janv.", 'dir="ltr"'),
        "ar": ("ما قاله لنا السكان عن ركوب الدراجات", "يناير", 'dir="rtl"'),
        "sw": ("Wakazi walichotuambia kuhusu baiskeli", "Mac", 'dir="ltr"'),
    }
    for page in story.get_translations(inclusive=True).live():
        code = page.locale.language_code
        title, month, direction = expected[code]
        html = client.get(page.url).content.decode()
        assert f"<h1>{title}</h1>" in html, code
        assert direction in html
        assert html.count('role="img"') >= 3, code
        assert "This chart cannot be shown." not in html, code
        assert month in html, code  # the CSV chart reads the file in this language
    arabic = story.get_translation(Locale.objects.get(language_code="ar"))
    html = client.get(arabic.url).content.decode()
    assert 'direction="rtl"' in html  # the charts are mirrored
    assert "أمينة حسن" in html  # the author's name in Arabic script
    for page in index.get_translations(inclusive=True).live():
        listing = client.get(page.url).content.decode()
        assert len(re.findall(r'class="card__link"', listing)) == 4

    # A second run of load_demo is checked once, for every model, in tests/home/test_demo.py.
