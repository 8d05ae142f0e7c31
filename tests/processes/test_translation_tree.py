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

from .admin_support import make_user
from .factories import make_consultation, translate_page
from .test_feedback_support import make_feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_user("chief-editor", superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def french_index(process, locales, home_pages):
    """The French "Have your say" page exists and is live, as in any running site."""
    return translate_page(process.get_parent(), locales["fr"])


@pytest.fixture
def subtree(process):
    """The process with two consultations and a draft "what we did" page."""
    first = make_consultation(process, title="Draft strategy")
    second = make_consultation(process, title="Parking annex")
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
    client, editor, home_pages, locales, django_capture_on_commit_callbacks
):
    from tests.blog.factories import BlogIndexPageFactory, BlogPageFactory

    index = BlogIndexPageFactory(parent=home_pages["en"], title="News", slug="news")
    index.save_revision().publish()
    translate_page(index, locales["fr"], title="Actualités")
    post = BlogPageFactory(parent=index, title="Bike counters installed")

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
