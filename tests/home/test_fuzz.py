"""Property: no public query parameter or form field, whatever it carries, gets a 500, and
nothing sent comes back unescaped.

Every example sends one generated text to every parameter of every public page and to every
field of every public form (tests/home/public_site.py lists them): NUL characters, lone
surrogates sent as the invalid UTF-8 they encode to, very long strings, right-to-left marks
and markup. A payload always carries a marker element; the property is that no response
contains it as markup. A NUL anywhere must give exactly the 400 page.

The examples are derandomized (the same on every run, as CI needs) and few: raise
``FUZZ_EXAMPLES`` to fuzz longer on a workstation.
"""

import os
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.module_data import make_home_pages, module_data

from .public_site import build_public_site

pytestmark = pytest.mark.django_db

settings.register_profile(
    "townhall-fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "6")),
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    # The site is built once per module and shared by a test's examples, on purpose.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
FUZZ = settings.get_profile("townhall-fuzz")

MARKERS = [
    "<i data-fuzz>x</i>",
    '"><i data-fuzz>x</i>',
    "'><i data-fuzz>x</i>",
    "<script data-fuzz>alert(1)</script>",
    "</textarea><i data-fuzz>x</i>",
]
SPECIAL = [
    "\x00",
    "a\x00b",
    "\ud800",  # lone surrogates: sent as the bytes they would encode to, invalid UTF-8
    "\udcff\udfff",
    "\u202e\u200f\u200e\u2067",  # right-to-left override and marks
    "x" * 20_000,
    "%00%ZZ%",
    "' OR 1=1 --",
    '"*AND NOT',
    "\u0000\u0001\u001f\u007f\ufeff\uffff",
    "ا" * 300,
]

# Any character at all, surrogates and controls included.
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)
payloads = st.builds(
    lambda before, marker, after: before + marker + after,
    st.one_of(any_text, st.sampled_from(SPECIAL)),
    st.sampled_from(MARKERS),
    st.one_of(any_text, st.sampled_from(SPECIAL)),
)


def encoded(text):
    """Percent-encode text as a browser would, lone surrogates as their (invalid) bytes."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


class _MarkerElements(HTMLParser):
    """Python's HTML tokenizer, the one BeautifulSoup's "html.parser" builds its tree from,
    without the tree: the tags of the elements that carry a ``data-fuzz`` attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):  # also called for <tag ... />
        if any(name == "data-fuzz" for name, _value in attrs):
            self.found.append(tag)


def marker_elements(body):
    """The elements of an HTML body that a marker made (``[data-fuzz]``). The tokenizer
    lower-cases attribute names as written, so none can exist without the text."""
    if "data-fuzz" not in body.lower():
        return []
    parser = _MarkerElements()
    parser.feed(body)
    parser.close()
    return parser.found


def check(response, payload, where):
    assert response.status_code < 500, where
    if "\x00" in payload:
        assert response.status_code == 400, where
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8", "replace")
    for marker in MARKERS:
        if marker in payload:
            assert marker not in body, where
    if content_type.startswith("text/html"):
        assert marker_elements(body) == [], where


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("<p>Results for <I DATA-FUZZ>x</i></p>", ["i"]),
        ('<input value="a>b" data-fuzz>', ["input"]),
        ('<img src=x data-fuzz="1"/>', ["img"]),
        ("<p>&lt;i data-fuzz&gt;x&lt;/i&gt;</p>", []),
        ('<input value="&quot;&gt;&lt;i data-fuzz&gt;">', []),
        ("<p>nothing</p>", []),
    ],
)
def test_the_markup_check_finds_the_elements_a_payload_made(body, found):
    assert marker_elements(body) == found
    # As BeautifulSoup's html.parser tree sees them.
    soup = BeautifulSoup(body, "html.parser")
    assert [tag.name for tag in soup.select("[data-fuzz]")] == found


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The public site in every language, built once for the module (tests/module_data.py)
    and shared by both properties: each test runs in a savepoint of it, so what the form
    property posts is gone afterwards."""
    with module_data(django_db_blocker) as build:
        with build():
            site = build_public_site(make_home_pages()["en"])
        yield site


@settings(FUZZ)
@given(payload=payloads)
@example(payload="<i data-fuzz>x</i>\x00")
@example(payload="\ud800<script data-fuzz>alert(1)</script>")
@example(payload='\u202e"><i data-fuzz>x</i>' + "x" * 20_000)
def test_no_query_parameter_gets_a_500_or_echoes_markup(client, site, payload):
    for url, parameters in site.query_pages.items():
        for parameter in parameters:
            response = client.get(f"{url}?{parameter}={encoded(payload)}")
            check(response, payload, f"{url}?{parameter}")


@settings(FUZZ)
@given(payload=payloads)
@example(payload="<i data-fuzz>x</i>\x00")
@example(payload="\udcff'><i data-fuzz>x</i>")
@example(payload="</textarea><i data-fuzz>x</i>" + "ا" * 5000)
def test_no_form_field_gets_a_500_or_echoes_markup(client, site, payload):
    for form in site.forms:
        for name in form.fields:
            data = {**form.data, name: payload}
            body = "&".join(f"{encoded(key)}={encoded(str(value))}" for key, value in data.items())
            response = client.generic(
                "POST", form.url, body.encode("ascii"), "application/x-www-form-urlencoded"
            )
            check(response, payload, f"{form.name}: {name}")
