"""A crawler for the demo site, driven by Django's test client: every internal link must answer.

``crawl(client, starts)`` follows, from the start pages, every internal address a visitor or a
machine can reach: ``<a href>``, ``<link rel=alternate>`` (feeds, other languages), GET forms
submitted as they stand (search, filters), the sitemap's ``<loc>``, robots.txt's
``Sitemap:`` and every address inside a feed. Redirects are followed to their target. It
skips external hosts, ``mailto:``/``tel:``/``javascript:``, fragments, the Wagtail admin,
static and media files.

Every distinct path is fetched. Query-string variants of a path already read (a
thread's ``?before=91``, ``?before=93``, ``?reply=7``…; a filter's values) are the same
page in another state: at most ``VARIANTS`` of them are fetched for each route, language
and set of parameter names (ids generalised). A path reached only through a query string
is always fetched, so a page linked only as ``…/clause/<id>/?before=…`` is still read.
"""

import re
import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.conf import settings
from django.urls import reverse

VARIANTS = 1
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/django-admin/")
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:")


@dataclass
class Problem:
    url: str
    status: object
    linked_from: list

    def __str__(self):
        sources = ", ".join(sorted(self.linked_from)[:3])
        more = len(self.linked_from) - 3
        if more > 0:
            sources += f" (+{more} more)"
        return f"{self.status} {self.url}  <- {sources}"


@dataclass
class CrawlResult:
    fetched: dict = field(default_factory=dict)  # url -> final status
    problems: list = field(default_factory=list)
    skipped_variants: int = 0


def _internal_hosts():
    from wagtail.models import Site

    hosts = {"testserver", "localhost", "127.0.0.1", *settings.ALLOWED_HOSTS}
    hosts.update(Site.objects.values_list("hostname", flat=True))
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    if base:
        hosts.add(urlsplit(base).hostname or "")
    return {host.lower() for host in hosts if host and host != "*"}


def normalise(href, base, hosts):
    """The internal path?query an href leads to, or None when it is not ours to crawl."""
    href = (href or "").strip()
    if not href or href.startswith("#") or href.lower().startswith(SKIPPED_SCHEMES):
        return None
    absolute = urljoin(base, href)
    parts = urlsplit(absolute)
    if parts.scheme not in {"http", "https"}:
        return None
    if (parts.hostname or "").lower() not in hosts:
        return None  # an external site
    path = parts.path or "/"
    if path.startswith(SKIPPED_PREFIXES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


ID_SEGMENT = re.compile(
    r"/(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=/)"
)


def _variant_key(url):
    """What makes two addresses "the same page in another state": the path with its ids
    generalised (in each language), and the names (not the values) of its parameters."""
    parts = urlsplit(url)
    path = ID_SEGMENT.sub("/*", parts.path)
    names = tuple(sorted({name for name, _value in parse_qsl(parts.query, keep_blank_values=True)}))
    return path, names


class _Form:
    """A GET form as the parser met it: its attributes and its controls' (name, value)."""

    def __init__(self, attrs):
        self.attrs = attrs
        self.data = []

    def url(self, base):
        """The address the form is submitted to with the values it shows."""
        action = self.attrs.get("action") or base
        if not self.data:
            return action
        return f"{urljoin(base, action).split('?')[0]}?{urlencode(self.data)}"


class _Links(HTMLParser):
    """Python's HTML tokenizer, without building a tree: the links, alternates and GET forms
    of a page. A GET form is submitted as it stands: each enabled control's value, a checkbox
    or radio only when checked, a select's selected (or else first) option."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.anchors, self.links, self.forms = [], [], []
        self.open_forms = []  # forms not closed yet (their controls are inside)
        self.select = None  # [name, chosen value or None, first value or None] while open
        self.option = None  # [attributes, text] of the option being read
        self.textarea = None  # [name, text] while open

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "a" and "href" in attrs:
            self.anchors.append(("a", attrs["href"]))
        elif tag == "link" and "href" in attrs:
            rel = {value.lower() for value in attrs.get("rel", "").split()}
            if "alternate" in rel or "canonical" in rel:
                self.links.append(("link", attrs["href"]))
        elif tag == "form":
            form = _Form(attrs)
            self.open_forms.append(form)
            if (attrs.get("method") or "get").lower() == "get":
                self.forms.append(form)
        elif tag in {"input", "select", "textarea"}:
            self._control(tag, attrs)
        elif tag == "option" and self.select is not None:
            self._end_option()
            self.option = [attrs, ""]

    def _control(self, tag, attrs):
        name = attrs.get("name")
        enabled = name and "disabled" not in attrs
        if tag == "select":
            self.select = [name if enabled else None, None, None]
        elif tag == "textarea":
            self.textarea = [name if enabled else None, ""]
        elif enabled:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", ""))

    def _add(self, name, value):
        for form in self.open_forms:
            form.data.append((name, value))

    def _end_option(self):
        if self.option is None:
            return
        attrs, text = self.option
        value = attrs.get("value", text)
        if self.select[2] is None:
            self.select[2] = value
        if self.select[1] is None and "selected" in attrs:
            self.select[1] = value
        self.option = None

    def handle_data(self, data):
        if self.option is not None:
            self.option[1] += data
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "option":
            self._end_option()
        elif tag == "select" and self.select is not None:
            self._end_option()
            name, chosen, first = self.select
            if name and (chosen is not None or first is not None):
                self._add(name, chosen if chosen is not None else first)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            if name:
                self._add(name, text)
            self.textarea = None
        elif tag == "form" and self.open_forms:
            self.open_forms.pop()


def links_in_html(content, base):
    """(kind, href) of everything on an HTML page that leads somewhere a GET can follow:
    links, then alternates, then GET forms, each in the page's order."""
    parser = _Links()
    parser.feed(content.decode("utf-8", "replace") if isinstance(content, bytes) else content)
    parser.close()
    return [
        *parser.anchors,
        *parser.links,
        *(("form", form.url(base)) for form in parser.forms),
    ]


def links_in_xml(content):
    """Every http(s) address in an XML document (sitemap, RSS, Atom): texts and attributes."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError:
        return []
    found = []
    for element in root.iter():
        for value in [element.text or "", *element.attrib.values()]:
            value = value.strip()
            if value.startswith(("http://", "https://")) and " " not in value:
                found.append(("xml", value))
    return found


def links_in_text(content):
    return [("text", match) for match in re.findall(r"https?://\S+", content)]


def crawl(client, starts, *, extra=(), limit=5000):
    """Crawl from `starts`; returns a CrawlResult whose problems list every broken link."""
    hosts = _internal_hosts()
    sign_in = reverse(settings.LOGIN_URL) if ":" in settings.LOGIN_URL else settings.LOGIN_URL
    sign_in_paths = {
        sign_in,
        *(f"/{code}{sign_in[3:]}" for code, _name in settings.LANGUAGES if sign_in[:1] == "/"),
    }
    result = CrawlResult()
    sources = {}
    queue = deque()
    variants = {}

    def enqueue(url, source, kind):
        if url is None:
            return
        sources.setdefault(url, set()).add(source)
        if url in queued:
            return
        path, _sep, query = url.partition("?")
        if query and path in covered:
            # This page is read already: only a few of its other states (another window
            # of a thread, a reply form, a filter) with the same parameters anywhere.
            key = _variant_key(url)
            if variants.get(key, 0) >= VARIANTS:
                result.skipped_variants += 1
                return
            variants[key] = variants.get(key, 0) + 1
        covered.add(path)
        queued.add(url)
        queue.append((url, kind))

    queued, covered = set(), set()
    for url in [*starts, *extra]:
        enqueue(url, "(start)", "start")
    while queue and len(result.fetched) < limit:
        url, kind = queue.popleft()
        response = client.get(url, follow=True)
        status = response.status_code
        final = response.request["PATH_INFO"]
        chain = [target for target, _code in response.redirect_chain]
        if status == 200 and chain and kind == "a" and urlsplit(chain[-1]).path in sign_in_paths:
            if urlsplit(url).path not in sign_in_paths:
                status = "link to a page that needs signing in"
        result.fetched[url] = status
        if status != 200:
            result.problems.append(Problem(url, status, sorted(sources.get(url, ()))))
            continue
        base = f"http://testserver{final}"
        content_type = response.get("Content-Type", "")
        if response.streaming:  # a document download: it answered, nothing to follow
            # Read to the end through the client's wrapper, which closes the response without
            # closing the test's database connection (calling close() directly would).
            b"".join(response.streaming_content)
            continue
        body = response.content
        if "html" in content_type:
            found = links_in_html(body, base)
        elif "xml" in content_type:
            found = links_in_xml(body)
        elif content_type.startswith("text/plain"):
            found = links_in_text(body.decode(response.charset or "utf-8", "replace"))
        else:
            found = []
        for link_kind, href in found:
            enqueue(normalise(href, base, hosts), url, link_kind)
    result.problems.sort(key=lambda problem: problem.url)
    return result
