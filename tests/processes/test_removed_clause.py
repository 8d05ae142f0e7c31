"""A clause removed from the document keeps its conversation: archived, read-only, readable.

Comments, feedback responses, reply e-mails and the admin keep pointing at a clause after an
editor removes it from the final document. Its thread answers 200 with the clause as it was
consulted on, in the reader's language when that translation existed, with no way to add
to it, and a notice that links to the document and to the feedback page.
"""

import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Revision
from wagtail_localize.models import TranslationSource

from processes.models import Comment, ConsultationPage
from tests.module_data import make_home_pages, module_data

from .factories import ProcessIndexPageFactory, translate_page
from .helpers import form_data, thread_url
from .test_feedback_support import add_comment, make_closed, make_feedback, theme

pytestmark = pytest.mark.django_db

ENGLISH = "It covers the years 2027 to 2035."
FRENCH = "Elle couvre les années 2027 à 2035."


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text_of(node):
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def french_body(page):
    """The English body with the removed clause (and only it) in French."""
    blocks = []
    for block in page.body.raw_data:
        block = dict(block)
        if block["type"] == "clause" and ENGLISH in block["value"]["text"]:
            block["value"] = {**block["value"], "text": f"<p>{FRENCH}</p>"}
        blocks.append(block)
    return json.dumps(blocks)


def remove_clause(page, clause_id):
    page = ConsultationPage.objects.get(pk=page.pk)
    page.body = json.dumps([b for b in page.body.raw_data if b["id"] != clause_id])
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """(build, home pages in every language), made once for the module (tests/module_data.py);
    each test runs in a savepoint of it. What the tests read is built under ``build``."""
    with module_data(django_db_blocker) as build:
        with build():
            homes = make_home_pages()
        yield build, homes


@pytest.fixture
def process_index(site):
    """The processes' index under the module's home page (``home_page`` would clash with it)."""
    return ProcessIndexPageFactory(parent=site[1]["en"])


@pytest.fixture(scope="module")
def removed(site):
    """Consulted on in English and French; clause 1.2 removed from the final version; an
    Arabic translation made only afterwards, so Arabic never had that clause. Built once for
    the module: the three tests that use it only read it (what they try to change is
    refused, and their savepoint would undo it anyway)."""
    build, homes = site
    with build():
        return _removed(ProcessIndexPageFactory(parent=homes["en"]))


def _removed(process_index):
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    c = make_closed(process_index)
    clause_id = c.clauses[1]  # "It covers the years 2027 to 2035."
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=24), tick=False):
        with TestCase.captureOnCommitCallbacks(execute=True):
            translate_page(c.process.get_parent().specific, locales["fr"])
            translate_page(c.process, locales["fr"])
            french = translate_page(c.consultation, locales["fr"])
        french.body = french_body(french)
        french.save_revision().publish()
        french = ConsultationPage.objects.get(pk=french.pk)
    with time_machine.travel(now - timedelta(days=15), tick=False):
        c.comments["dup"] = add_comment(
            c.consultation, "Why stop at 2035?", clause_id=clause_id, name="Dup", language="en"
        )
        # The newest comment on it was written on the French page: its copy is in French.
        c.comments["lea"] = add_comment(
            french,
            "Il faut aller au-delà de 2035.",
            clause_id=clause_id,
            name="Léa",
            language="fr",
        )
    assert c.comments["lea"].clause_text_snapshot == FRENCH
    english = remove_clause(c.consultation, clause_id)
    french = remove_clause(french, clause_id)
    assert english.get_clause(clause_id) is None and french.get_clause(clause_id) is None
    # Translated into Arabic from the final version (the editor syncs the source first).
    TranslationSource.update_or_create_from_instance(english)
    with TestCase.captureOnCommitCallbacks(execute=True):
        arabic = translate_page(english, locales["ar"])
    assert arabic.get_clause(clause_id) is None
    feedback = make_feedback(
        c.process,
        [theme("Beyond 2035", clauses=[clause_id], comments=[c.comments["lea"].pk])],
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        french_feedback = translate_page(feedback, locales["fr"])
        arabic_feedback = translate_page(feedback, locales["ar"])
    c.clause_id = clause_id
    c.pages = {"en": english, "fr": french, "ar": arabic}
    c.feedback = {"en": feedback, "fr": french_feedback, "ar": arabic_feedback}
    return c


def test_the_feedback_page_leads_to_the_removed_clause_in_every_language(client, removed):
    top_label = {"en": ENGLISH, "fr": FRENCH, "ar": ENGLISH}
    expected_thread = {
        language: thread_url(page, removed.clause_id) for language, page in removed.pages.items()
    }
    for language, feedback in removed.feedback.items():
        page = soup(client.get(feedback.url))
        # The comment it cites, in its conversation.
        cited = [
            a["href"]
            for a in page.select(".feedback-quote__meta a")
            if f"/clause/{removed.clause_id}/" in a["href"]
        ]
        assert len(cited) == 1, language
        response = client.get(cited[0])
        assert response.status_code == 200, (language, cited[0])
        thread = soup(response)
        assert thread.find(id=f"c{removed.comments['lea'].pk}") is not None
        assert "Il faut aller au-delà de 2035." in text_of(thread.find("main"))
        # The clause it answers, and the removal in "what changed", link to the conversation.
        clause_links = [a["href"] for a in page.select(".feedback-theme__clauses a[href^='/']")]
        assert clause_links == [expected_thread[language]]
        change = page.find(id=f"change-{removed.clause_id}")
        if language != "ar":  # Arabic was translated after the removal: no change to show
            conversation = change.select_one(".feedback-change__thread a")["href"]
            assert conversation == expected_thread[language]
        # The most-discussed clauses: the consulted words in the reader's language (Arabic
        # never had the clause: the source language), each linked to a page that answers.
        items = page.select(".feedback-top-clauses li")
        (item,) = [li for li in items if "2035" in text_of(li)]
        label = item.select_one(".feedback-top-clauses__label")
        assert text_of(label) == top_label[language], language
        assert item.find("a")["href"] == expected_thread[language]
        for li in items:
            link = li.find("a")
            assert link is not None and client.get(link["href"]).status_code == 200


def test_the_archived_thread_shows_the_clause_as_consulted_read_only(client, removed):
    expected = {"en": ENGLISH, "fr": FRENCH, "ar": ENGLISH}
    for language, consultation in removed.pages.items():
        response = client.get(thread_url(consultation, removed.clause_id))
        assert response.status_code == 200, language
        page = soup(response)
        assert page.find("html")["lang"] == language
        quote = page.select_one(".thread-clause--archived .thread-clause__text")
        assert text_of(quote) == expected[language], language
        if language == "ar":  # never translated: the source text, marked as such
            assert quote["lang"] == "en"
            assert page.select_one(".thread-clause__language") is not None
        else:
            assert not quote.has_attr("lang")
            assert page.select_one(".thread-clause__language") is None
        main = page.find("main")
        assert main.find("form") is None, language  # no comment, like, flag or reply form
        assert main.find("textarea") is None
        assert not main.select("[data-thread-reply]")
        assert page.find(id=f"c{removed.comments['dup'].pk}") is not None
        notice = main.select_one(".thread-archived")
        assert notice is not None and notice["role"] == "note"
        hrefs = [a["href"] for a in notice.find_all("a")]
        feedback = removed.feedback[language].url
        anchor = f"#change-{removed.clause_id}" if language != "ar" else ""
        assert hrefs == [consultation.url, feedback + anchor]
        for href in hrefs:
            assert client.get(href).status_code == 200
        if anchor:
            assert soup(client.get(feedback)).find(id=anchor[1:]) is not None
        # The language switcher keeps the reader on this conversation.
        alternates = {
            link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")
        }
        for other, other_page in removed.pages.items():
            assert alternates[other].endswith(thread_url(other_page, removed.clause_id))
        for a in page.select("a[hreflang]"):
            assert client.get(a["href"]).status_code == 200, a["href"]
    english = soup(client.get(thread_url(removed.pages["en"], removed.clause_id)))
    assert "version of the document put out for consultation" in text_of(
        english.select_one(".thread-archived")
    )


def test_posting_liking_and_flagging_on_a_removed_clause_are_refused(client, removed):
    consultation = removed.pages["en"]
    before = Comment.objects.count()
    response = client.post(
        thread_url(consultation, removed.clause_id),
        form_data(consultation, removed.clause_id, comment="Too late, but still."),
    )
    assert response.status_code == 403
    page = soup(response)
    assert "not part of this document any more" in text_of(page.find(role="alert"))
    assert page.find("textarea").get_text() == "Too late, but still."
    comment = removed.comments["lea"]
    for action in ("like", "flag"):
        url = consultation.url + consultation.reverse_subpage(
            action, kwargs={"comment_id": comment.pk}
        )
        assert client.post(url, {"reason": "spam"}).status_code == 404
    assert Comment.objects.count() == before
    assert not comment.reactions.exists() and not comment.abuse_flags.exists()


def test_view_on_site_and_old_reply_emails_still_lead_to_the_comment(
    client,
    admin_client,
    process_index,
    django_capture_on_commit_callbacks,
    mailoutbox,
    process_page_factory,
    consultation_page_factory,
):
    consultation = consultation_page_factory(parent=process_page_factory(parent=process_index))
    clause_id = consultation.numbered_items[2].id
    asked = add_comment(
        consultation,
        "Add a crossing.",
        clause_id=clause_id,
        email="amina@example.org",
        name="Amina",
        followup=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(
            consultation,
            "Near the market too.",
            clause_id=clause_id,
            parent_id=asked.pk,
            name="Baraka",
            email="baraka@example.org",
        )
    (message,) = mailoutbox
    link = re.search(r"https?://\S+/clause/\S+", message.body).group(0)
    remove_clause(consultation, clause_id)  # an open consultation: removed mid-way

    response = client.get(urlsplit(link).path + "?" + urlsplit(link).query)
    assert response.status_code == 200
    page = soup(response)
    assert "This clause was removed from the document." in text_of(
        page.select_one(".thread-archived")
    )
    assert text_of(page.select_one(".thread-clause__text")) == ENGLISH
    assert page.find("main").find("form") is None  # the consultation is open, the clause not
    assert client.get(asked.get_absolute_url()).status_code == 200
    # The moderation screen's "See it on the public page"
    detail = admin_client.get(reverse("comment_moderation:detail", args=[asked.pk]))
    assert detail.status_code == 200
    public = [a["href"] for a in soup(detail).find_all("a") if "/clause/" in a["href"]]
    assert public and all(client.get(href).status_code == 200 for href in public)


def test_with_no_revision_left_the_text_kept_by_its_comments_is_shown(
    client, process_index, process_page_factory, consultation_page_factory
):
    consultation = consultation_page_factory(parent=process_page_factory(parent=process_index))
    clause_id = consultation.numbered_items[2].id
    add_comment(consultation, "Why 2035?", clause_id=clause_id)
    consultation = remove_clause(consultation, clause_id)
    Revision.objects.filter(object_id=str(consultation.pk)).exclude(
        pk=consultation.live_revision_id
    ).delete()
    response = client.get(thread_url(consultation, clause_id))
    assert response.status_code == 200
    assert text_of(soup(response).select_one(".thread-clause__text")) == ENGLISH
    # an id the document never had is still not found
    assert (
        client.get(thread_url(consultation, "0d3bd460-0000-0000-0000-000000000000")).status_code
        == 404
    )
