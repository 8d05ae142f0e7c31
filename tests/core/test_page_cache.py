"""Anonymous pages are public and cached; every change a visitor should see shows at once.

The page cache is off in the test settings (tests change data without a request between
them); the tests here turn it on (``page_cache``) and check that a change reaches the
next anonymous request: a comment, a publish, a menu or footer edit, a like.
"""

import gzip
import pickle

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.cache import get_max_age
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail_localize.models import Translation, TranslationSource

from core.cache import PublicPageCacheMiddleware, accepts_gzip
from home.models import SiteSettings
from processes.models import build_comment
from tests.html import parse
from tests.processes.factories import clause_ids
from tests.processes.helpers import thread_url


class RecordingBackend(BaseBackend):
    """A CDN that records what it is asked to purge."""

    purged = []

    def purge(self, url):
        self.purged.append(url)


@pytest.fixture
def page_cache(settings, home_page):
    # Made before the first page: a page that creates them is rightly not kept (core/cache.py).
    SiteSettings.for_site(home_page.get_site())
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_TIMEOUT = 600
    settings.PAGE_CACHE_MAX_AGE = 60


@pytest.fixture
def consultation(
    home_page, process_index_page_factory, process_page_factory, consultation_page_factory
):
    index = process_index_page_factory(parent=home_page)
    return consultation_page_factory(parent=process_page_factory(parent=index))


@pytest.fixture
def resident(db):
    return get_user_model().objects.create_user(
        "joseph", "joseph@example.org", "pw", first_name="Joseph"
    )


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


def served_from_cache(response):
    return response.get("X-Page-Cache") == "hit"


# -- headers ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_anonymous_page_is_public_sets_no_cookie_and_does_not_vary_on_cookies(
    client, consultation, home_page, standard_page_factory
):
    about = standard_page_factory(parent=home_page, title="About")
    for url in (home_page.url, about.url, consultation.url, thread_url(consultation)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "cookie" not in response.get("Vary", "").lower(), url
        assert cache_control(response) == {"public", "max-age=0", "s-maxage=60"}, url


@pytest.mark.django_db
def test_the_shared_max_age_is_a_setting(client, home_page, settings):
    settings.PAGE_CACHE_MAX_AGE = 15
    response = client.get(home_page.url)
    assert "s-maxage=15" in cache_control(response)


@pytest.mark.django_db
def test_a_signed_in_resident_gets_private_uncached_pages(client, page_cache, home_page, resident):
    client.force_login(resident)
    first = client.get(home_page.url)
    second = client.get(home_page.url)

    assert {"private", "no-cache"} <= cache_control(first)
    assert "public" not in cache_control(first)
    assert get_max_age(first) is None
    assert not served_from_cache(second)
    assert parse(second).exists(".account-nav__name")
    # An anonymous visitor after them does not get their page.
    anonymous = Client().get(home_page.url)
    assert not parse(anonymous).exists(".account-nav__name")
    assert "public" in cache_control(anonymous)


@pytest.mark.django_db
def test_an_editor_gets_private_pages_too(client, home_page, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)
    assert {"private", "no-cache"} <= cache_control(client.get(home_page.url))


# -- the page cache -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_second_anonymous_request_is_served_from_the_cache(
    client, page_cache, consultation, django_assert_max_num_queries
):
    url = thread_url(consultation)
    first = client.get(url)
    with django_assert_max_num_queries(0):
        second = client.get(url)

    assert not served_from_cache(first)
    assert served_from_cache(second)
    assert second.content == first.content
    assert cache_control(second) == cache_control(first)
    assert not second.cookies


@pytest.mark.django_db
def test_a_published_change_shows_on_the_next_anonymous_request(
    client, page_cache, home_page, standard_page_factory
):
    about = standard_page_factory(parent=home_page, title="About us")
    assert parse(client.get(about.url)).one("h1").text == "About us"
    assert served_from_cache(client.get(about.url))

    about.title = "About the council"
    about.save_revision().publish()

    response = client.get(about.url)
    assert not served_from_cache(response)
    assert parse(response).one("h1").text == "About the council"


@pytest.mark.django_db
def test_an_unpublished_page_is_gone_on_the_next_request(
    client, page_cache, home_page, standard_page_factory
):
    about = standard_page_factory(parent=home_page, title="About us")
    assert client.get(about.url).status_code == 200
    about.unpublish()
    assert client.get(about.url).status_code == 404


@pytest.mark.django_db
def test_a_menu_edit_shows_on_the_next_anonymous_request(
    client, page_cache, home_page, standard_page_factory, main_menu_factory
):
    about = standard_page_factory(parent=home_page, title="About us")
    menu = main_menu_factory(items=[about])
    assert parse(client.get(home_page.url)).texts(".main-nav a") == ["About us"]
    assert served_from_cache(client.get(home_page.url))

    menu.items = [("item", {"page": about, "label": "Who we are"})]
    menu.save()

    assert parse(client.get(home_page.url)).texts(".main-nav a") == ["Who we are"]


@pytest.mark.django_db
def test_a_footer_edit_shows_on_the_next_anonymous_request(
    client, page_cache, home_page, footer_text_factory
):
    footer = footer_text_factory(body="<p>1 River Square</p>")
    assert parse(client.get(home_page.url)).one(".site-footer__text").text == "1 River Square"

    footer.body = "<p>2 River Square</p>"
    footer.save()

    assert parse(client.get(home_page.url)).one(".site-footer__text").text == "2 River Square"


def comment_texts(client, url):
    return parse(client.get(url)).texts(".comment__text")


@pytest.mark.django_db
def test_a_published_comment_shows_on_the_next_anonymous_request_and_a_hidden_one_goes(
    client, page_cache, consultation
):
    url = thread_url(consultation)
    assert comment_texts(client, url) == []
    assert served_from_cache(client.get(url))

    comment = build_comment(consultation, "Safer crossings, please.", name="Amina")
    comment.save()
    assert comment_texts(client, url) == ["Safer crossings, please."]
    counted = parse(client.get(consultation.url)).text

    comment.auto_hide()
    assert comment_texts(client, url) == []
    assert parse(client.get(consultation.url)).text != counted


@pytest.mark.django_db
def test_a_flash_message_after_a_post_shows_and_is_not_cached(client, page_cache, consultation):
    comment = build_comment(consultation, "Safer crossings, please.", name="Amina")
    comment.save()
    url = thread_url(consultation)
    client.get(url)  # cached for everyone

    liked = client.post(
        f"{consultation.url}{comment_like_path(consultation, comment)}", {"next": url}
    )
    assert liked.status_code == 302
    assert liked.cookies["messages"].value  # the flash travels in a cookie, only now

    shown = client.get(liked["Location"])
    assert not served_from_cache(shown)
    assert "You like this comment." in parse(shown).text
    assert {"private", "no-cache"} <= cache_control(shown)
    # Everyone else: the cached page is gone (the like count changed), with no message.
    other = Client().get(url)
    assert "You like this comment." not in parse(other).text
    assert "public" in cache_control(other)


def comment_like_path(page, comment):
    return page.reverse_subpage("like", kwargs={"comment_id": comment.pk})


@pytest.mark.django_db
def test_a_change_purges_every_live_page_from_a_cdn_in_front(
    client,
    page_cache,
    home_page,
    standard_page_factory,
    main_menu_factory,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {"BACKEND": f"{__name__}.RecordingBackend"},
    }
    about = standard_page_factory(parent=home_page, title="About us")
    RecordingBackend.purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        main_menu_factory(items=[about])

    assert set(RecordingBackend.purged) >= {
        home_page.get_full_url(),
        about.get_full_url(),
    }


@pytest.mark.django_db
def test_a_published_translation_shows_in_the_language_links_of_the_cached_original(
    client,
    page_cache,
    home_pages,
    locales,
    standard_page_factory,
    django_capture_on_commit_callbacks,
):
    about = standard_page_factory(parent=home_pages["en"], title="About us", slug="about-us")
    french_link = 'nav.language-switcher a[hreflang="fr"]'
    assert parse(client.get(about.url)).one(french_link)["href"] == home_pages["fr"].url
    assert served_from_cache(client.get(about.url))

    # As the "Translate" button and the editor's "Publish" in wagtail-localize do (it
    # publishes once the transaction commits).
    source, _created = TranslationSource.get_or_create_from_instance(about)
    translation = Translation.objects.create(source=source, target_locale=locales["fr"])
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)

    french = about.get_translation(locales["fr"])
    assert french.live
    assert parse(client.get(about.url)).one(french_link)["href"] == french.url


@pytest.mark.django_db
def test_a_cdn_purge_of_a_consultation_reaches_each_of_its_threads(
    page_cache, consultation, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": f"{__name__}.RecordingBackend"}}
    RecordingBackend.purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        build_comment(consultation, "Safer crossings, please.", name="Amina").save()

    clause = clause_ids(consultation)[0]
    assert {
        consultation.get_full_url(),
        consultation.get_full_url() + consultation.thread_path(""),
        consultation.get_full_url() + consultation.thread_path(clause),
    } <= set(RecordingBackend.purged)


@pytest.mark.django_db
def test_a_host_the_site_does_not_serve_still_gets_the_400_page(client, page_cache, home_page):
    response = client.get(home_page.url, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "public" not in cache_control(response)


# -- compression ----------------------------------------------------------------------------

GZIP_CLIENTS = ["gzip", "gzip, deflate, br, zstd", "br;q=1.0, gzip;q=0.5", "x-gzip", "*"]
PLAIN_CLIENTS = [None, "identity", "gzip;q=0", "gzip;q=0, *", "br", "*;q=0"]


def get(url, accept_encoding=None, method="get"):
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding else {}
    return getattr(Client(), method)(url, headers=headers)


def vary(response):
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("accept_encoding", GZIP_CLIENTS)
def test_a_cached_page_reaches_a_gzip_client_as_the_stored_gzip_of_the_same_page(
    page_cache, consultation, accept_encoding
):
    url = thread_url(consultation)
    plain = get(url)
    compressed = get(url, accept_encoding)

    assert served_from_cache(compressed)
    assert compressed["Content-Encoding"] == "gzip"
    assert int(compressed["Content-Length"]) == len(compressed.content)
    assert len(compressed.content) < len(plain.content) / 3
    assert gzip.decompress(compressed.content) == plain.content
    assert int(plain["Content-Length"]) == len(plain.content)


@pytest.mark.django_db
def test_the_first_answer_to_a_gzip_client_is_compressed_too(page_cache, consultation):
    first = get(consultation.url, "gzip")

    assert first["X-Page-Cache"] == "miss"
    assert first["Content-Encoding"] == "gzip"
    assert int(first["Content-Length"]) == len(first.content)
    html = gzip.decompress(first.content)
    assert html == get(consultation.url).content
    assert parse(html.decode()).one("h1").text == consultation.title


@pytest.mark.django_db
@pytest.mark.parametrize("accept_encoding", PLAIN_CLIENTS)
def test_a_client_that_does_not_accept_gzip_gets_plain_html(
    page_cache, consultation, accept_encoding
):
    url = thread_url(consultation)
    get(url, "gzip")  # kept compressed
    for response in (get(url, accept_encoding), get(url, accept_encoding)):
        assert "Content-Encoding" not in response
        assert int(response["Content-Length"]) == len(response.content)
        assert parse(response).exists("main")
    assert served_from_cache(response)


@pytest.mark.django_db
def test_a_page_served_in_either_form_varies_on_accept_encoding_not_cookie(
    page_cache, consultation
):
    miss, hit = get(consultation.url, "gzip"), get(consultation.url)
    plain_miss = get(thread_url(consultation))

    for response in (miss, hit, plain_miss):
        assert "accept-encoding" in vary(response)
        assert "cookie" not in vary(response)
        assert "public" in cache_control(response)


@pytest.mark.django_db
def test_the_page_is_kept_compressed(page_cache, consultation, rf):
    url = thread_url(consultation)
    page = get(url).content

    stored = PublicPageCacheMiddleware(None)._lookup(rf.get(url))["stored"]

    assert len(pickle.dumps(stored)) < len(page) / 3
    assert gzip.decompress(stored[2]) == page


@pytest.mark.django_db
def test_a_head_request_is_answered_uncompressed(page_cache, consultation):
    body = get(consultation.url).content
    for response in (get(consultation.url, "gzip", "head"), get(consultation.url, "gzip", "head")):
        assert "Content-Encoding" not in response
        assert int(response["Content-Length"]) == len(body)
    assert served_from_cache(response)


@pytest.mark.django_db
def test_private_pages_and_errors_are_never_compressed(client, page_cache, consultation, resident):
    client.force_login(resident)
    for _ in range(2):
        private = client.get(consultation.url, headers={"Accept-Encoding": "gzip"})
        assert private.status_code == 200
        assert "Content-Encoding" not in private
        assert "accept-encoding" not in vary(private)
        assert parse(private).exists(".account-nav__name")
        missing = get(consultation.url + "no-such-page/", "gzip")
        assert missing.status_code == 404
        assert "Content-Encoding" not in missing


def test_accept_encoding_is_parsed_with_its_q_values(rf):
    for accepted in GZIP_CLIENTS + ["GZIP;Q=0.001", "identity, gzip;q=1"]:
        assert accepts_gzip(rf.get("/", headers={"Accept-Encoding": accepted})), accepted
    for refused in PLAIN_CLIENTS[1:] + ["gzip;q=0.000", "gzip;q=nonsense", "deflate"]:
        assert not accepts_gzip(rf.get("/", headers={"Accept-Encoding": refused})), refused
    assert not accepts_gzip(rf.get("/"))


def test_a_request_reads_the_pages_version_once_and_sees_its_own_purge_at_once(db):
    from django.core.cache import cache

    from core.cache import (
        VERSION_KEY,
        cached_for_pages,
        pages_read_for_request,
        pages_version,
        purge_public_pages,
    )

    built = []

    def window():
        built.append(1)
        return ("2026-01-01", "2026-02-01")

    with pages_read_for_request():
        version = pages_version()
        assert cached_for_pages("window", window) == cached_for_pages("window", window)
        cache.delete(f"townhall:computed:{version}:window")
        assert cached_for_pages("window", window) == ("2026-01-01", "2026-02-01")
        assert len(built) == 1  # read from the cache once, then from the request's memo
        cache.set(VERSION_KEY, "another process purged")
        assert pages_version() == version  # seen from the next request on
        purge_public_pages()  # this request's own purge
        assert pages_version() not in {version, "another process purged"}
        cached_for_pages("window", window)
        assert len(built) == 2  # built again under the new version
    cache.set(VERSION_KEY, "another process purged")
    assert pages_version() == "another process purged"


def test_a_list_kept_for_pages_is_read_again_not_shared_within_a_request():
    from core.cache import cached_for_pages, pages_read_for_request

    with pages_read_for_request():
        first = cached_for_pages("areas", lambda: ["north", "south"])
        first.append("changed by a reader")
        assert cached_for_pages("areas", lambda: ["north", "south"]) == ["north", "south"]
