"""Translating a process with its subtree, the way an editor does it in the admin.

Translate → French with "include subtree" goes through wagtail-localize's own view. It must
leave a valid page tree (``Page.find_problems()`` finds nothing, every child count right)
and draft translations: nothing in French goes live, nor shows in French lists, the
language switcher or the hreflang alternates, until its translation is published. Once
published, every translated page answers 200 and the process offers its consultations.
"""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Page

from processes.models import ConsultationPage, FeedbackPage, ProcessPage
from tests.module_data import make_process, module_data

from .factories import OfficialFactory, translate_page
from .test_feedback_support import make_feedback

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site_in_four_languages(django_db_setup, django_db_blocker):
    """Built once for the module (tests/module_data.py), each test in a savepoint of it: the
    home page in every language, the process under the English "Have your say" page and a
    superuser editor. {name: page or user id}."""
    with module_data(django_db_blocker) as build:
        with build():
            process = make_process(every_language=True)
            editor = OfficialFactory(username="chief-editor", superuser=True)
        yield {"process": process.pk, "editor": editor.pk}


@pytest.fixture
def home_pages(process):
    home = process.get_parent().get_parent()
    return {page.locale.language_code: page.specific for page in home.get_translations(True)}


@pytest.fixture
def process(site_in_four_languages, db):
    return ProcessPage.objects.get(pk=site_in_four_languages["process"])


@pytest.fixture
def editor(client, site_in_four_languages, django_user_model):
    user = django_user_model.objects.get(pk=site_in_four_languages["editor"])
    client.force_login(user)
    return user


@pytest.fixture
def french_index(process, locales):
    """The French "Have your say" page exists and is live, as in any running site."""
    return translate_page(process.get_parent(), locales["fr"])


@pytest.fixture
def subtree(process, consultation_page_factory):
    """The process with two consultations and a draft "what we did" page."""
    first = consultation_page_factory(parent=process, title="Draft strategy")
    second = consultation_page_factory(parent=process, title="Parking annex")
    feedback = make_feedback(process, [], publish=False)
    return [first, second, feedback]


def submit_translation(client, page, locale, django_capture_on_commit_callbacks, subtree=True):
    """POST the admin's "Translate" form, commit callbacks and all, as a real request does."""
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    data = {"locales": [locale.pk]}
    if subtree:
        data["include_subtree"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def publish_translation(client, page, django_capture_on_commit_callbacks):
    """The translation editor's "Publish in French" (its form posts to the page's edit URL)."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "publish"})
    assert response.status_code == 302


def assert_valid_tree():
    problems = Page.find_problems()
    assert all(not found for found in problems), problems
    for page in Page.objects.all():
        children = Page.objects.filter(path__startswith=page.path, depth=page.depth + 1).count()
        assert page.numchild == children, (page.url_path, page.numchild, children)


def card_titles(response, section_id=None):
    soup = BeautifulSoup(response.content, "html.parser")
    scope = soup.find(id=section_id).find_parent("section") if section_id else soup
    return [link.get_text(strip=True) for link in scope.select(".card__link")] if scope else []


def test_translating_a_process_with_its_subtree_leaves_a_valid_tree(
    client, editor, process, subtree, french_index, locales, django_capture_on_commit_callbacks
):
    submit_translation(client, process, locales["fr"], django_capture_on_commit_callbacks)

    assert_valid_tree()
    french = ProcessPage.objects.get(translation_key=process.translation_key, locale=locales["fr"])
    assert french.numchild == 3
    assert [page.title for page in french.get_children()] == [
        "Draft strategy",
        "Parking annex",
        "What we did with your feedback",
    ]
    # Phases came along, in French, so the process keeps its dates.
    assert [phase.locale_id for phase in french.phases.all()] == [locales["fr"].pk]


def test_every_translated_page_answers_once_published(
    client, editor, process, subtree, french_index, locales, django_capture_on_commit_callbacks
):
    submit_translation(client, process, locales["fr"], django_capture_on_commit_callbacks)
    french = ProcessPage.objects.get(translation_key=process.translation_key, locale=locales["fr"])
    pages = [french, *french.get_children()]
    for page in pages:
        publish_translation(client, page, django_capture_on_commit_callbacks)

    assert_valid_tree()
    for page in pages:
        page = Page.objects.get(pk=page.pk).specific
        assert page.live, page.title
        url = page.get_url()
        assert url.startswith("/fr/")
        assert client.get(url).status_code == 200, url

    # The French process offers both consultations in its "Take part" box.
    soup = BeautifulSoup(client.get(french.get_url()).content, "html.parser")
    take_part = soup.find(id="take-part").find_parent("section")
    assert [a.get_text(strip=True) for a in take_part.select(".card__link")] == [
        "Draft strategy",
        "Parking annex",
    ]


def test_the_tree_stays_valid_when_the_english_pages_have_unpublished_drafts(
    client, editor, process, subtree, french_index, locales, django_capture_on_commit_callbacks
):
    """An edit the editor abandoned (an autosaved draft) must not change the French tree."""
    draft = ProcessPage.objects.get(pk=process.pk)
    draft.title = "Half-typed new title"
    draft.save_revision()
    for page in subtree[:2]:
        page = ConsultationPage.objects.get(pk=page.pk)
        page.title = "Unfinished edit"
        page.save_revision()

    submit_translation(client, process, locales["fr"], django_capture_on_commit_callbacks)

    assert_valid_tree()
    french = ProcessPage.objects.get(translation_key=process.translation_key, locale=locales["fr"])
    assert french.title == "Cycling strategy"  # the published English, not the draft
    assert french.numchild == 3


# -- nothing goes live before its translation is published (issue 10, item 3) ---------------


def test_starting_a_translation_publishes_nothing(
    client, editor, process, subtree, french_index, locales, django_capture_on_commit_callbacks
):
    submit_translation(client, process, locales["fr"], django_capture_on_commit_callbacks)

    french_pages = Page.objects.filter(
        translation_key__in=[process.translation_key, *(page.translation_key for page in subtree)],
        locale=locales["fr"],
    )
    assert french_pages.count() == 4
    assert not french_pages.filter(live=True).exists()
    french = ProcessPage.objects.get(translation_key=process.translation_key, locale=locales["fr"])
    assert client.get("/fr/" + french.url_path.split("/", 2)[2]).status_code == 404

    # Neither the French process list nor the French home page shows the English copy.
    assert "Cycling strategy" not in card_titles(client.get(french_index.get_url()))
    client.logout()
    home = client.get("/fr/")
    assert home.status_code == 200
    assert "Cycling strategy" not in card_titles(home)


def language_links(response):
    soup = BeautifulSoup(response.content, "html.parser")
    switcher = {link["hreflang"]: link["href"] for link in soup.select("a[hreflang]")}
    alternates = {
        link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')
    }
    return switcher, alternates


def test_switcher_and_alternates_offer_only_published_translations(
    client, editor, process, french_index, locales, django_capture_on_commit_callbacks
):
    submit_translation(
        client, process, locales["fr"], django_capture_on_commit_callbacks, subtree=False
    )
    french = ProcessPage.objects.get(translation_key=process.translation_key, locale=locales["fr"])

    switcher, alternates = language_links(client.get(process.get_url()))
    assert switcher["fr"] == "/fr/"  # the French home page, not a page that is not there
    assert "fr" not in alternates
    assert alternates["en"].endswith(process.get_url())

    publish_translation(client, french, django_capture_on_commit_callbacks)
    switcher, alternates = language_links(client.get(process.get_url()))
    french_url = ProcessPage.objects.get(pk=french.pk).get_url()
    assert switcher["fr"] == french_url
    assert alternates["fr"].endswith(french_url)


def test_an_unpublished_news_translation_stays_out_of_french_lists(
    client,
    editor,
    home_pages,
    locales,
    django_capture_on_commit_callbacks,
    blog_index_page_factory,
    blog_page_factory,
):
    index = blog_index_page_factory(parent=home_pages["en"], title="News", slug="news")
    index.save_revision().publish()
    translate_page(index, locales["fr"], title="Actualités")
    post = blog_page_factory(parent=index, title="Bike counters installed")

    submit_translation(client, post, locales["fr"], django_capture_on_commit_callbacks)

    client.logout()
    french_index = index.get_translation(locales["fr"])
    assert "Bike counters installed" not in card_titles(client.get(french_index.get_url()))
    assert "Bike counters installed" not in card_titles(client.get("/fr/"))
    assert "Bike counters installed" in card_titles(client.get(index.get_url()))
    feed = client.get(french_index.get_url() + "feed/rss/")
    assert feed.status_code == 200
    assert b"Bike counters installed" not in feed.content


def test_feedback_page_translation_stays_a_draft_until_published(
    client, editor, process, french_index, locales, django_capture_on_commit_callbacks
):
    """A French "what we did" page must not go live (and mark the process) on its own."""
    make_feedback(process, [])
    submit_translation(client, process, locales["fr"], django_capture_on_commit_callbacks)
    french_feedback = FeedbackPage.objects.get(locale=locales["fr"])
    assert not french_feedback.live


# -- an untranslated parent is a placeholder, never a French page (issue 10, item 3) ----------


def hrefs(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {link["href"] for link in soup.select("a[href], link[href]")}


def test_a_parent_created_as_an_alias_redirects_and_is_never_offered(
    client, editor, process, home_pages, locales, django_capture_on_commit_callbacks
):
    """Translating a process before its index makes Wagtail create the French index as a live
    alias of the English one: it must not show English under /fr/, nor be linked anywhere."""
    index = process.get_parent().specific
    submit_translation(
        client, process, locales["fr"], django_capture_on_commit_callbacks, subtree=False
    )
    placeholder = Page.objects.get(translation_key=index.translation_key, locale=locales["fr"])
    assert placeholder.alias_of_id == index.pk  # what Wagtail does; the site must cope
    assert placeholder.live
    placeholder_url = placeholder.get_url()
    assert placeholder_url.startswith("/fr/")
    french = ProcessPage.objects.get(translation_key=process.translation_key, locale=locales["fr"])
    publish_translation(client, french, django_capture_on_commit_callbacks)
    french.refresh_from_db()
    index.save_revision().publish()  # Wagtail republishes its aliases: the redirect stays

    client.logout()
    response = client.get(placeholder_url)
    assert response.status_code == 302
    assert response["Location"] == index.get_url()
    query = client.get(placeholder_url + "?status=open")
    assert (query.status_code, query["Location"]) == (302, index.get_url() + "?status=open")

    # Its translated child is served at its own URL, in French, without the placeholder
    # in its breadcrumbs.
    child = client.get(french.get_url())
    assert child.status_code == 200
    assert BeautifulSoup(child.content, "html.parser").html["lang"] == "fr"
    assert placeholder_url not in hrefs(child)

    # Not offered by the French home page, the sitemap, the switcher or the alternates.
    home = client.get("/fr/")
    assert home.status_code == 200
    assert placeholder_url not in hrefs(home)
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    entries = BeautifulSoup(sitemap.content, "html.parser")
    locations = {loc.get_text(strip=True) for loc in entries.find_all("loc")}
    locations |= {link["href"] for link in entries.find_all("xhtml:link")}
    assert any(location.endswith(french.get_url()) for location in locations), locations
    assert not any(location.endswith(placeholder_url) for location in locations), locations
    switcher, alternates = language_links(client.get(index.get_url()))
    assert switcher["fr"] == home_pages["fr"].get_url()
    assert "fr" not in alternates
    search = client.get("/fr/search/", {"q": index.title})
    assert search.status_code == 200
    assert placeholder_url not in hrefs(search)


def test_a_placeholder_translated_and_published_answers_in_french(
    client, editor, process, home_pages, locales, django_capture_on_commit_callbacks
):
    index = process.get_parent().specific
    submit_translation(
        client, process, locales["fr"], django_capture_on_commit_callbacks, subtree=False
    )
    placeholder = Page.objects.get(translation_key=index.translation_key, locale=locales["fr"])
    assert placeholder.alias_of_id == index.pk

    submit_translation(
        client, index, locales["fr"], django_capture_on_commit_callbacks, subtree=False
    )
    french_index = Page.objects.get(pk=placeholder.pk)
    assert french_index.alias_of_id is None  # a real translation now
    publish_translation(client, french_index, django_capture_on_commit_callbacks)

    client.logout()
    response = client.get(placeholder.get_url())
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "fr"
    switcher, alternates = language_links(client.get(index.get_url()))
    assert switcher["fr"] == french_index.get_url()
    assert alternates["fr"].endswith(french_index.get_url())
