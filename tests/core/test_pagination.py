"""Pagination links: the first and last pages, two either side of the current one, "…" for
the pages left out (templates/components/pagination.html)."""

from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory

from core.templatetags.pagination_tags import page_links
from tests.html import parse


def links(current, pages):
    return [
        "…" if kind == "gap" else f"[{number}]" if kind == "current" else str(number)
        for number, kind in page_links(Paginator(range(pages), 1).page(current))
    ]


def test_the_pages_near_the_current_one_and_both_ends():
    assert links(1, 84) == ["[1]", "2", "3", "…", "84"]
    assert links(4, 84) == ["1", "2", "3", "[4]", "5", "6", "…", "84"]
    assert links(5, 84) == ["1", "…", "3", "4", "[5]", "6", "7", "…", "84"]
    assert links(84, 84) == ["1", "…", "82", "83", "[84]"]
    assert links(2, 3) == ["1", "[2]", "3"]
    assert links(1, 1) == ["[1]"]


def test_as_many_links_for_a_thousand_pages_as_for_ten():
    assert max(len(links(page, 1000)) for page in range(1, 1001)) == 9


def test_the_links_keep_the_query_and_mark_the_current_page():
    request = RequestFactory().get("/en/have-your-say/", {"status": "open", "page": "5"})
    page_obj = Paginator(range(84), 1).page(5)
    html = Template('{% include "components/pagination.html" %}').render(
        RequestContext(request, {"page_obj": page_obj})
    )
    nav = parse(html).one("nav.pagination")
    assert nav.one("[aria-current=page] .visually-hidden").text == "Page 5"
    hrefs = [link["href"] for link in nav.select("a")]
    assert hrefs[0] == "?status=open&page=4"  # Previous
    assert "?status=open&page=84" in hrefs and "?status=open&page=2" not in hrefs
    assert len(nav.select('li[aria-hidden="true"]')) == 2
