"""Reading HTML in tests through a parser, never as raw substrings.

``parse(response or html)`` gives a ``Document``: select elements with CSS (soupsieve, through
BeautifulSoup's standard-library parser), read their collapsed text and their attributes.
An assertion then says what a visitor gets (a link to X named Y, the page in Arabic) and does
not break when the template reorders attributes or adds a class:

    page = parse(response)
    assert page.one("html")["dir"] == "rtl"
    assert page.link("/fr/a-propos/").text == "À propos"
    assert "Your name: This field is required." in page.texts(".error-summary a")
"""

from bs4 import BeautifulSoup


def text_of(element):
    """The element's text with runs of whitespace collapsed, as a screen reader reads it."""
    return " ".join(element.get_text().split())


class Element:
    """One element: ``element["href"]``, ``element.get("lang")``, ``element.text``."""

    def __init__(self, tag):
        self.tag = tag

    def __getitem__(self, name):
        return self.tag[name]

    def get(self, name, default=None):
        return self.tag.get(name, default)

    def has(self, name):
        return self.tag.has_attr(name)

    @property
    def name(self):
        return self.tag.name

    @property
    def text(self):
        return text_of(self.tag)

    @property
    def classes(self):
        return self.tag.get("class", [])

    def select(self, css):
        return [Element(tag) for tag in self.tag.select(css)]

    def one(self, css):
        found = self.select(css)
        assert len(found) == 1, f"{len(found)} elements match {css!r}, one was expected"
        return found[0]

    def first(self, css):
        found = self.tag.select_one(css)
        assert found is not None, f"no element matches {css!r}"
        return Element(found)

    def exists(self, css):
        return self.tag.select_one(css) is not None

    def texts(self, css):
        """The collapsed text of every element matching ``css``, in document order."""
        return [element.text for element in self.select(css)]

    def link(self, href, css="a"):
        """The one link (``css`` matching) to ``href``."""
        return self.one(f'{css}[href="{href}"]')

    def __repr__(self):
        return f"<Element {str(self.tag)[:200]}>"


class Document(Element):
    """A parsed page or fragment; also its title and its language and direction."""

    @property
    def title(self):
        return self.one("title").text

    @property
    def lang(self):
        return self.one("html")["lang"]

    @property
    def dir(self):
        return self.one("html").get("dir")


def parse(source):
    """A Document from a response (its body, decoded) or a string of HTML."""
    if hasattr(source, "content"):
        source = source.content.decode(getattr(source, "charset", None) or "utf-8")
    return Document(BeautifulSoup(source, "html.parser"))
