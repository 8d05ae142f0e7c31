"""The header and footer are rendered once per site and language ({% keep %}), and what
differs per request (the holes) is still rendered per request; a change shows at once."""

import pytest
from django.template import Context, Template

from home.models import SiteSettings
from home.templatetags import frame_tags
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch):
    """The names of the kept parts rendered whole, in order."""
    built = []
    original = frame_tags.KeepNode._build

    def counting(self, *args):
        built.append(self.name)
        return original(self, *args)

    monkeypatch.setattr(frame_tags.KeepNode, "_build", counting)
    return built


@pytest.fixture
def about(home_pages, standard_page_factory):
    return standard_page_factory(parent=home_pages["en"], title="About", slug="about")


def test_the_header_and_footer_are_rendered_once_per_language(client, about, builds):
    for url in ["/en/", "/en/about/", "/en/about/", "/en/search/?q=park"]:
        assert client.get(url).status_code == 200
    assert sorted(builds) == ["footer", "header", "standard-page-body"]
    french = parse(client.get("/fr/"))
    assert sorted(builds) == ["footer", "footer", "header", "header", "standard-page-body"]
    assert french.one(".site-search button").text == "Rechercher"
    assert french.one("html")["lang"] == "fr"


def test_what_differs_per_request_is_rendered_per_request(client, about, account_factory):
    first = parse(client.get("/en/?q=ignored"))
    second = parse(client.get("/en/search/?q=park+bench"))
    about_page = parse(client.get("/en/about/"))
    # The search words, the current menu item and the sign-up's source, each its own.
    assert first.one("#site-search-q")["value"] == ""
    assert second.one("#site-search-q")["value"] == "park bench"
    assert first.one(".footer-signup input[name=source]")["value"] == "/en/"
    assert about_page.one(".footer-signup input[name=source]")["value"] == "/en/about/"
    assert about_page.one(".account-nav a")["href"].endswith("next=%2Fen%2Fabout%2F")
    # A signed-in visitor gets their name and a sign-out form in the same kept header.
    client.force_login(account_factory(first_name="Amina", last_name="Diallo"))
    signed_in = parse(client.get("/en/about/"))
    assert signed_in.one(".account-nav__name").text == "Signed in as Amina Diallo"
    assert signed_in.exists(".account-nav__form input[name=csrfmiddlewaretoken]")
    client.logout()
    assert not parse(client.get("/en/about/")).exists(".account-nav__name")


def test_a_settings_change_shows_on_the_next_anonymous_request(client, home_pages, builds):
    assert parse(client.get("/en/")).one(".site-footer__name").text != "Riverton Online"
    settings = SiteSettings.for_site(home_pages["en"].get_site())
    settings.site_name = "Riverton Online"
    settings.contact_email = "hello@example.org"
    settings.save()
    page = parse(client.get("/en/"))
    assert page.one(".site-header__name").text == "Riverton Online"
    assert page.one(".site-footer__name").text == "Riverton Online"
    assert page.link("mailto:hello@example.org").text == "Contact us"
    assert builds == ["header", "footer", "header", "footer"]


def test_a_hole_renders_its_content_outside_a_kept_part():
    template = Template("{% load frame_tags %}<p>{% hole %}{{ word }}{% hole_end %}</p>")
    assert template.render(Context({"word": "hi"})) == "<p>hi</p>"


def test_kept_parts_see_no_per_request_values_and_holes_see_them_all(rf, home_pages):
    request = rf.get("/en/")
    source = (
        "{% load frame_tags %}{% keep 'part' size=size %}[{{ secret }}|{{ size }}]"
        "{% hole %}({{ secret }}){% hole_end %}{% keep_end %}"
    )
    template = Template(source)
    first = template.render(Context({"request": request, "secret": "one", "size": 1}))
    second = template.render(Context({"request": request, "secret": "two", "size": 1}))
    other_key = template.render(Context({"request": request, "secret": "two", "size": 2}))
    assert (first, second, other_key) == ("[|1](one)", "[|1](two)", "[|2](two)")


def test_a_hole_in_a_loop_makes_the_part_render_whole_each_time(rf, home_pages):
    request = rf.get("/en/")
    source = (
        "{% load frame_tags %}{% keep 'loop' numbers=numbers %}{% for n in numbers %}"
        "{% hole %}{{ n }}{{ secret }}{% hole_end %}{% endfor %}{% keep_end %}"
    )
    template = Template(source)
    values = {"request": request, "numbers": (1, 2)}
    assert template.render(Context({**values, "secret": "a"})) == "1a2a"
    assert template.render(Context({**values, "secret": "b"})) == "1b2b"


def test_a_standard_pages_body_is_kept_until_it_or_a_page_it_links_to_changes(
    client, home_pages, standard_page_factory, builds
):
    team = standard_page_factory(parent=home_pages["en"], title="Team", slug="team")
    about = standard_page_factory(
        parent=home_pages["en"],
        title="About",
        slug="about",
        body=[("paragraph", f'<p>Meet <a linktype="page" id="{team.pk}">the team</a>.</p>')],
    )
    assert parse(client.get("/en/about/")).link("/en/team/").text == "the team"
    assert parse(client.get("/en/about/")).link("/en/team/").text == "the team"
    assert builds.count("standard-page-body") == 1

    team.slug = "people"
    team.save_revision().publish()
    assert parse(client.get("/en/about/")).link("/en/people/").text == "the team"

    about.body = [("paragraph", "<p>Who we are.</p>")]
    about.save_revision().publish()
    page = parse(client.get("/en/about/"))
    assert page.one(".stream").text == "Who we are."
    assert builds.count("standard-page-body") == 3


def test_a_preview_shows_the_draft_body_not_the_kept_one(client, home_pages, standard_page_factory):
    about = standard_page_factory(parent=home_pages["en"], title="About", slug="about")
    live = parse(client.get("/en/about/")).one(".stream").text
    about.body = [("paragraph", "<p>A draft nobody has read.</p>")]
    about.save_revision()
    draft = about.get_latest_revision_as_object()
    preview = draft.make_preview_request()
    preview.render()
    assert parse(preview).one(".stream").text == "A draft nobody has read."
    assert parse(client.get("/en/about/")).one(".stream").text == live
