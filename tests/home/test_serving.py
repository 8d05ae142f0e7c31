"""Pages are served from a cached route (home/serving.py), and a change shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home.models import StandardPage
from tests.html import parse

pytestmark = pytest.mark.django_db


def heading(response):
    return parse(response).one("h1").text.strip()


@pytest.fixture
def section(home_pages, standard_page_factory):
    """/en/about/ and, below it, /en/about/team/."""
    about = standard_page_factory(parent=home_pages["en"], title="About", slug="about")
    team = standard_page_factory(parent=about, title="Our team", slug="team")
    return about, team


def test_a_second_visit_skips_the_walk_down_the_tree(client, section):
    first = client.get("/en/about/team/")
    with CaptureQueriesContext(connection) as captured:
        second = client.get("/en/about/team/")
    assert (first.status_code, second.status_code) == (200, 200)
    assert heading(second) == "Our team"
    # No child looked up by its slug, level by level: the page and its parent by key.
    assert not [q for q in captured.captured_queries if '"slug" = ' in q["sql"]]
    assert [crumb.text.strip() for crumb in parse(second).select(".breadcrumbs a")] == [
        crumb.text.strip() for crumb in parse(first).select(".breadcrumbs a")
    ]


def test_the_parent_is_read_only_when_the_page_asks_for_it(client, section):
    about, _team = section
    client.get("/en/about/team/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/en/about/team/")
    # The page itself, by its key; not its parent, which this page's template never asks for.
    assert len([q for q in captured.captured_queries if "wagtailcore_page" in q["sql"]]) == 1
    page = response.context["page"]
    with CaptureQueriesContext(connection) as captured:
        parent = page.get_parent()
        again = page.get_parent()
    assert len(captured) == 1
    # Specific, as Wagtail's walk down the tree leaves it.
    assert (type(parent), parent.pk, parent.title) == (StandardPage, about.pk, "About")
    assert again is parent


def test_an_unpublished_page_answers_404_at_once(client, section):
    _about, team = section
    assert client.get("/en/about/team/").status_code == 200
    team.unpublish()
    assert client.get("/en/about/team/").status_code == 404


def test_a_new_slug_moves_the_address_at_once(client, section):
    _about, team = section
    assert client.get("/en/about/team/").status_code == 200
    team.slug = "people"
    team.save_revision().publish()
    assert client.get("/en/about/team/").status_code == 404
    response = client.get("/en/about/people/")
    assert response.status_code == 200
    assert heading(response) == "Our team"


def test_a_moved_page_is_served_at_its_new_address(client, home_pages, section):
    about, team = section
    other = about.__class__.objects.get(pk=about.pk).copy(
        to=home_pages["en"], update_attrs={"slug": "elsewhere", "title": "Elsewhere"}
    )
    assert client.get("/en/about/team/").status_code == 200
    team.move(other, pos="last-child")
    old = client.get("/en/about/team/")  # Wagtail's automatic redirect, not the cached route
    assert (old.status_code, old["Location"]) == (301, "/en/elsewhere/team/")
    assert heading(client.get("/en/elsewhere/team/")) == "Our team"


def test_a_view_restriction_added_later_is_enforced(client, section):
    about, team = section
    assert heading(client.get("/en/about/team/")) == "Our team"
    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    for _visit in range(2):  # the route is cached again, with its restriction
        response = client.get("/en/about/team/")
        assert "Our team" not in response.content.decode()
        assert parse(response).exists("input[name=password]")


def test_the_site_and_the_locale_are_not_read_again(client, section):
    assert client.get("/en/about/team/").status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/en/about/team/").status_code == 200
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "wagtailcore_site" not in tables
    assert "wagtailcore_pageviewrestriction" not in tables
