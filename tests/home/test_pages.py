"""Every page type of the home app renders, in English and in Arabic (right to left)."""

import pytest
from bs4 import BeautifulSoup
from wagtail import hooks
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from blog.sections import latest_news_section
from events.views import next_events_section
from home.models import HomePage
from home.models.pages import HOME_SECTION_HOOK
from newsletters.sections import newsletter_home_section
from processes.views import open_processes_section
from tests.factories import translate_page
from tests.html import parse

pytestmark = pytest.mark.django_db

EMBED_URL = "https://video.riverton.example/watch/council-meeting"


def lang_and_dir(response):
    page = parse(response)
    return page.lang, page.dir


@pytest.fixture
def cached_embed(db):
    """The oEmbed answer, stored as Wagtail caches it, so no test calls the network."""
    return Embed.objects.create(
        hash=get_embed_hash(EMBED_URL),
        url=EMBED_URL,
        max_width=None,
        type="video",
        html=(
            '<iframe src="https://video.riverton.example/embed/1" title="Council meeting"></iframe>'
        ),
        title="Council meeting",
        width=640,
        height=360,
    )


@pytest.fixture
def every_block_page(home_pages, cached_embed, image_factory, standard_page_factory):
    image = image_factory(title="The new footbridge")
    target = standard_page_factory(parent=home_pages["en"], title="Cycling strategy")
    return standard_page_factory(
        parent=home_pages["en"],
        title="How we listen",
        introduction="The ways Riverton asks for your views.",
        body=[
            ("heading", {"text": "Our promise", "level": "h2"}),
            ("paragraph", "<p>We publish <b>every</b> answer we receive.</p>"),
            (
                "image",
                {
                    "image": {"image": image, "decorative": False, "alt_text": "A footbridge"},
                    "caption": "The footbridge opened in May.",
                    "attribution": "Photo: City archive",
                },
            ),
            ("quote", {"text": "We finally felt listened to.", "attribution": "A resident"}),
            (
                "call_to_action",
                {
                    "title": "Have your say",
                    "text": "Comment on the draft.",
                    "button_text": "Read the draft",
                    "page": target,
                    "url": "",
                },
            ),
            (
                "table",
                {
                    "caption": "Answers by channel",
                    "table": {
                        "data": [["Channel", "Answers"], ["Online", "412"], ["Paper", "88"]],
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                    },
                },
            ),
            ("embed", {"embed": EMBED_URL, "caption": "The council meeting of 3 May"}),
        ],
    )


@pytest.mark.parametrize(("code", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_standard_page_renders_with_lang_and_dir(
    client, home_pages, locales, code, direction, standard_page_factory
):
    page = standard_page_factory(parent=home_pages["en"], title="About the council")
    if code != "en":
        page = translate_page(page, locales[code], title="عن المجلس")
    response = client.get(page.url)
    html = parse(response)
    assert response.status_code == 200
    assert (html.lang, html.dir) == (code, direction)
    assert html.one("h1").text == page.title
    assert "How the city listens" in html.one("main").text  # the introduction


def test_every_shared_block_renders(client, every_block_page):
    response = client.get(every_block_page.url)
    html = response.content.decode()
    page = parse(response)
    assert page.one("h2.block-heading").text == "Our promise"
    assert "We publish <b>every</b> answer we receive." in html
    assert 'alt="A footbridge"' in html and "srcset=" in html
    assert "The footbridge opened in May." in html and "Photo: City archive" in html
    assert "We finally felt listened to." in page.one("blockquote").text
    assert page.one(".cta").exists('a[href="/en/cycling-strategy/"]')
    # The table's caption is inside the table, and the scrolling region is labelled by it.
    assert page.one("table caption").text == "Answers by channel"
    assert page.exists('[aria-label="Answers by channel"] table')
    assert page.select('table th[scope="col"]') and "412" in page.texts("table td")
    assert 'src="https://video.riverton.example/embed/1"' in html
    assert f'href="{EMBED_URL}"' in html


def test_call_to_action_links_to_the_translated_page(client, every_block_page, locales):
    target = every_block_page.body[4].value["page"]
    translate_page(target, locales["fr"], title="Stratégie vélo", slug="strategie-velo")
    french = translate_page(every_block_page, locales["fr"], title="Comment nous écoutons")
    html = client.get(french.url).content.decode()
    assert 'href="/fr/strategie-velo/"' in html


def test_call_to_action_requires_exactly_one_target():
    from django.core.exceptions import ValidationError

    from home.blocks import CallToActionBlock

    block = CallToActionBlock()
    value = block.to_python({"title": "Go", "button_text": "Go", "page": None, "url": ""})
    with pytest.raises(ValidationError):
        block.clean(value)


@pytest.mark.parametrize(("code", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_form_page_renders_with_lang_and_dir(
    client, home_pages, locales, code, direction, form_page_factory
):
    page = form_page_factory(parent=home_pages["en"], title="Contact us")
    if code != "en":
        page = translate_page(page, locales[code], title="اتصل بنا")
    response = client.get(page.url)
    html = parse(response)
    assert response.status_code == 200
    assert (html.lang, html.dir) == (code, direction)
    assert html.one("form.form").exists('[name="your_e_mail_address"]')
    assert "We use your e-mail address only to answer you." in html.one("form.form").text


def test_home_page_shows_hero_featured_pages_and_sections(
    client, home_pages, standard_page_factory
):
    home = home_pages["en"]
    about = standard_page_factory(parent=home, title="About Riverton")
    news = standard_page_factory(
        parent=home, title="Bridge reopens", search_description="The footbridge is open again."
    )
    home.hero_text = "Tell us what matters in your neighbourhood."
    home.featured = [("item", {"page": about, "title": "", "text": "Who we are.", "image": None})]
    home.save_revision().publish()

    def latest_news(page, request):
        return {
            "template": "components/home_section.html",
            "id": "news",
            "heading": "Latest news",
            "items": [news],
            "more_url": "/en/news/",
            "more_label": "All news",
        }

    def nothing_to_show(page, request):
        return None

    with hooks.register_temporarily(
        [(HOME_SECTION_HOOK, latest_news), (HOME_SECTION_HOOK, nothing_to_show)], order=250
    ):
        response = client.get("/en/")
    html = response.content.decode()
    assert "Have your say in Riverton" in html
    assert "Tell us what matters in your neighbourhood." in html
    assert 'href="/en/about-riverton/">About Riverton</a>' in html and "Who we are." in html
    # No process index or news index here: those sections stay away, the newsletter box shows.
    assert [section["id"] for section in response.context["home_sections"]] == [
        "news",
        "newsletter",
    ]
    assert parse(response).one("h2#home-section-news").text == "Latest news"
    assert 'href="/en/bridge-reopens/">Bridge reopens</a>' in html
    assert "The footbridge is open again." in html and 'href="/en/news/">All news</a>' in html


def test_apps_add_home_sections_through_a_hook_in_a_fixed_order():
    assert hooks.get_hooks(HOME_SECTION_HOOK) == [
        open_processes_section,
        next_events_section,
        latest_news_section,
        newsletter_home_section,
    ]


def test_a_sections_order_not_its_registration_places_it_on_the_home_page(client, home_pages):
    def section(name):
        def make(page, request):
            return {
                "template": "components/home_section.html",
                "id": name,
                "heading": name,
                "items": [page],
            }

        return make

    # Registered last, ordered first; registered first, ordered between news and newsletter.
    with (
        hooks.register_temporarily(HOME_SECTION_HOOK, section("between"), order=250),
        hooks.register_temporarily(HOME_SECTION_HOOK, section("first"), order=1),
    ):
        response = client.get("/en/")
    page = BeautifulSoup(response.content, "html.parser")
    headings = [h2["id"] for h2 in page.select("main h2[id^='home-section-']")]
    assert headings == ["home-section-first", "home-section-between", "home-section-newsletter"]


def test_home_page_in_arabic_is_right_to_left(client, home_pages):
    assert lang_and_dir(client.get("/ar/")) == ("ar", "rtl")
    assert HomePage.objects.filter(locale__language_code="ar").live().exists()


def test_form_landing_page_renders_in_arabic(client, home_pages, locales, form_page_factory):
    page = translate_page(
        form_page_factory(parent=home_pages["en"]), locales["ar"], title="اتصل بنا"
    )
    response = client.post(
        page.url,
        {
            "your_name": "أمينة",
            "your_e_mail_address": "amina@example.org",
            "your_message": "شكرا",
        },
    )
    html = parse(response)
    assert response.status_code == 200
    assert (html.lang, html.dir) == ("ar", "rtl")
    assert html.one(".notice.notice--success")["role"] == "status"
    assert html.one("main").exists('a[href="/ar/"]')  # back to the Arabic home page


@pytest.mark.parametrize(("code", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_search_page_renders_with_lang_and_dir(client, home_pages, code, direction):
    response = client.get(f"/{code}/search/")
    assert response.status_code == 200
    assert lang_and_dir(response) == (code, direction)


def test_table_block_preview_shows_a_captioned_table():
    from home.blocks import CaptionedTableBlock

    block = CaptionedTableBlock()
    table = parse(block.render(block.get_preview_value())).one("table")
    assert table.one("caption").text == "Answers by channel" and "412" in table.texts("td")


def test_a_table_has_the_markup_wagtails_table_template_gives():
    from home.blocks import CaptionedTableBlock

    table = {
        "data": [
            ["Channel", "Answers", "Note"],
            ["Online\nform", "412", None],
            ["Paper", "88", "x"],
        ],
        "first_row_is_table_header": True,
        "first_col_is_header": True,
        "cell": [
            {"row": 1, "col": 1, "className": "htRight"},
            {"row": 2, "col": 2, "hidden": True},
        ],
        "mergeCells": [{"row": 2, "col": 1, "rowspan": 1, "colspan": 2}],
    }
    block = CaptionedTableBlock()

    def cells(html):
        return [
            (cell.name, cell.get("scope"), cell.get("class"), cell.get("colspan"), cell.text)
            for cell in parse(html).select("caption, th, td")
        ]

    wagtails = block.child_blocks["table"].render({**table, "table_caption": "By channel <&>"})
    ours = block.render({"caption": "By channel <&>", "table": table})
    assert cells(ours) == cells(wagtails)
    assert ("td", None, ["htRight"], None, "412") in cells(ours)
    assert ("td", None, None, "2", "88") in cells(ours)
    assert ("caption", None, None, None, "By channel <&>") in cells(ours)
