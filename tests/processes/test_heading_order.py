"""A consultation's outline never skips a level, whatever its body starts with.

Clauses are headed one level below the section heading they follow; clauses before any
section heading sit directly under the page's h1.
"""

import pytest
from bs4 import BeautifulSoup

from tests.processes.factories import DOCUMENT

pytestmark = pytest.mark.django_db


def heading_levels(html):
    main = BeautifulSoup(html, "html.parser").find("main")
    return [int(tag.name[1]) for tag in main.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]


def assert_no_skipped_level(levels):
    assert levels[0] == 1, levels
    for previous, level in zip(levels, levels[1:], strict=False):
        assert level <= previous + 1, f"h{previous} followed by h{level}: {levels}"


@pytest.mark.parametrize(
    "body",
    [
        DOCUMENT,
        [item for item in DOCUMENT if item[0] == "clause"],  # no section heading at all
        DOCUMENT[1:3] + DOCUMENT,  # clauses first, then sections
    ],
    ids=["sections", "clauses-only", "clauses-then-sections"],
)
def test_consultation_headings_never_skip_a_level(client, process, body, consultation_page_factory):
    page = consultation_page_factory(parent=process, body=body)
    levels = heading_levels(client.get(page.url).content)
    assert_no_skipped_level(levels)
    clauses = sum(1 for kind, _value in body if kind == "clause")
    assert len(levels) >= clauses + 1
