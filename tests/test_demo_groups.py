"""The tests that use the shared demo are split by module into DEMO_GROUPS of about the same
length, the same way every time, and take their place in the order that keeps the workers busy
(tests/conftest.py): after the longest chain and the other plain database tests, before any
transactional test, in workers; together when one process runs them all, so that it loads the
demo once."""

from types import SimpleNamespace

import pytest

from tests import conftest


class Item:
    """As much of a collected test as the grouping reads."""

    def __init__(self, module, name, fixtures=("demo_site",), group=None):
        self.module = SimpleNamespace(__name__=module)
        self.name = name
        self.fixturenames = list(fixtures)
        self.marks = [pytest.mark.xdist_group(group).mark] if group else []

    def get_closest_marker(self, name):
        return next((mark for mark in self.marks if mark.name == name), None)

    def add_marker(self, marker):
        self.marks.append(marker.mark)

    def __repr__(self):
        return f"{self.module.__name__}::{self.name}"


def _suite():
    return [
        Item("tests.test_crawl_demo", "crawl"),  # 51 s (DEMO_MODULE_SECONDS)
        Item("tests.test_html_validity", "valid"),  # 18 s
        Item("tests.test_query_budget", "budget"),  # 13 s
        *(Item("tests.home.test_demo", f"home {n}") for n in range(3)),  # 10 s
        *(Item("tests.blog.test_demo", f"blog {n}") for n in range(4)),  # 1 s a test
        Item("tests.blog.test_pages", "plain", fixtures=("db",)),
        Item("tests.accounts.test_flows", "live", fixtures=("transactional_db",)),
        Item("tests.delivery.test_faults", "faults", ("db",), "tests.delivery.test_faults"),
        Item("tests.browser.test_every_page", "axe", ("db",), "every-page"),
    ]


def _groups(items):
    return {repr(item): conftest._group(item) for item in items}


def test_each_module_of_demo_tests_goes_whole_to_one_group_and_the_groups_are_balanced():
    items = _suite()
    conftest._split_demo_tests(items)
    groups = _groups(items)
    assert groups["tests.test_crawl_demo::crawl"] == "demo-1"  # the longest module first
    assert groups["tests.test_html_validity::valid"] == "demo-2"
    assert groups["tests.test_query_budget::budget"] == "demo-3"
    # home (10 s) joins the lightest group so far (13 s), blog (4 x 1 s) the next (18 s).
    assert {groups[f"tests.home.test_demo::home {n}"] for n in range(3)} == {"demo-3"}
    assert {groups[f"tests.blog.test_demo::blog {n}"] for n in range(4)} == {"demo-2"}
    # Tests without the demo keep their own group, or none.
    assert groups["tests.blog.test_pages::plain"] is None
    assert groups["tests.browser.test_every_page::axe"] == "every-page"


def test_the_split_does_not_depend_on_the_collection_order():
    items = _suite()
    conftest._split_demo_tests(items)
    shuffled = list(reversed(_suite()))
    conftest._split_demo_tests(shuffled)
    assert _groups(shuffled) == _groups(items)


def _ordered(config):
    items = _suite()
    conftest.pytest_collection_modifyitems(config, items)
    names = []
    for item in items:
        if not names or names[-1] != conftest._group(item):
            names.append(conftest._group(item))
    return names


def _names(config):
    items = _suite()
    conftest.pytest_collection_modifyitems(config, items)
    return [repr(item) for item in items]


def test_workers_start_the_longest_chain_first_and_one_process_keeps_the_demo_together():
    in_workers = SimpleNamespace(option=SimpleNamespace(numprocesses=3))
    # every-page first (its worker loads the demo), the demo's groups once the plain database
    # tests are handed out (the demo is loaded by then), and before the transactional tests:
    # on PostgreSQL a copy of the demo replaces a database a live server would keep open.
    assert _ordered(in_workers) == [
        "every-page",
        "tests.delivery.test_faults",
        None,
        "demo-1",
        "demo-2",
        "demo-3",
        None,
    ]
    names = _names(in_workers)
    assert names.index("tests.blog.test_pages::plain") < names.index("tests.test_crawl_demo::crawl")
    assert names[-1] == "tests.accounts.test_flows::live"
    one_process = SimpleNamespace(option=SimpleNamespace())
    assert _ordered(one_process) == [
        "demo-1",
        "demo-2",
        "demo-3",
        "every-page",
        "tests.delivery.test_faults",
        None,
    ]
