"""A clause's comments button is named by what it shows (WCAG 2.5.3, label in name).

Speech-input users say what they see ("click Comment"); the button's accessible name must
start with its visible words in every language. The clause it is about follows in visually
hidden text, not in an aria-label that would replace the visible words. The fragment that
consultation.js copies into the button after a new comment keeps the same shape.
"""

import copy

import pytest
from bs4 import BeautifulSoup

from processes.models import build_comment

from .factories import clause_ids, translate_page
from .helpers import thread_url

LANGUAGES = ["en", "fr", "ar", "sw"]


def visible_and_whole(node):
    """(the words a sighted user sees, the whole accessible name) of a button's content."""
    whole = " ".join(node.get_text().split())
    node = copy.copy(node)  # a copy: the page's own tree keeps its hidden words
    for hidden in node.select(".visually-hidden"):
        hidden.decompose()
    return " ".join(node.get_text().split()), whole


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_clause_buttons_name_starts_with_its_visible_words(
    client, consultation, home_pages, language
):
    first, second, *_ = clause_ids(consultation)
    build_comment(consultation, "One", clause_id=first, name="A", email="a@example.org").save()
    page = (
        consultation
        if language == "en"
        else translate_page(consultation, home_pages[language].locale)
    )
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    links = {link["data-thread-target"]: link for link in soup.select("a.clause__comments")}
    assert len(links) == len(clause_ids(consultation)) + 1  # every clause and the document
    for target, link in links.items():
        assert not link.has_attr("aria-label"), target
        visible, name = visible_and_whole(link)
        assert visible and name.startswith(visible), (target, visible, name)
        if target != "thread-document":
            number = page.get_clause(target.removeprefix("thread-")).number
            assert name != visible and name.endswith(number), (target, name)
    if language == "en":
        assert visible_and_whole(links[f"thread-{first}"]) == (
            "1 comment",
            "1 comment on clause 1.1",
        )
        assert visible_and_whole(links[f"thread-{second}"]) == (
            "Comment",
            "Comment on clause 1.2",
        )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_fragment_gives_the_button_the_same_named_content(
    client, consultation, home_pages, language
):
    clause = clause_ids(consultation)[0]
    page = (
        consultation
        if language == "en"
        else translate_page(consultation, home_pages[language].locale)
    )
    build_comment(page, "One", clause_id=clause, name="A", email="a@example.org").save()
    response = client.get(thread_url(page, clause), headers={"X-Townhall-Fragment": "1"})
    template = BeautifulSoup(response.content, "html.parser").select_one(
        "template[data-clause-button]"
    )
    assert not template.has_attr("data-label")  # nothing for the script to put in aria-label
    visible, name = visible_and_whole(template)
    expected = {
        "en": ("1 comment", "1 comment on clause 1.1"),
        "ar": ("تعليق واحد", "تعليق واحد على البند 1.1"),
    }
    assert (visible, name) == expected[language]


@pytest.mark.django_db
def test_the_button_says_comment_as_a_verb_and_forms_name_a_comment_with_a_noun(
    client, consultation, home_pages
):
    """One English word, two meanings: the button asks the reader to comment, while a form
    field or a table column names the comment itself ("Commenter" is not a column heading)."""
    from django.utils import translation

    from processes.admin.forms import OfflineCommentForm

    first, second, *_ = clause_ids(consultation)
    page = translate_page(consultation, home_pages["fr"].locale)
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    button = soup.select_one(f'a.clause__comments[data-thread-target="thread-{second}"]')
    assert visible_and_whole(button)[0] == "Commenter"
    with translation.override("fr"):
        assert str(OfflineCommentForm.base_fields["comment"].label) == "Commentaire"
