"""A resident reads and comments on a consultation in a real browser.

With JavaScript a clause's comments open in place (a disclosure button, focus moved, a
polite announcement); without it, or on a phone in Arabic, every step is a plain link and
form. Both are used by keyboard or touch only, and axe finds nothing to fix on any of them.
"""

import re

import pytest
from playwright.sync_api import expect

from processes.models import Comment
from tests.processes.factories import (
    bulk_comments,
    clause_ids,
    translate_page,
)
from tests.processes.helpers import confirmation_link

from .conftest import browser_test, violations

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def consultation(
    home_page, process_index_page_factory, process_page_factory, consultation_page_factory
):
    return consultation_page_factory(
        parent=process_page_factory(parent=process_index_page_factory(parent=home_page))
    )


@pytest.fixture
def clause(consultation):
    """Clause 1.1, with two comments already."""
    first = clause_ids(consultation)[0]
    bulk_comments(consultation, 2, clause_id=first)
    return first


def focused(page):
    """What the keyboard is on: tag, id, text and the data-thread-title marker."""
    return page.evaluate(
        """() => {
            const node = document.activeElement;
            return {
                tag: node.tagName.toLowerCase(),
                id: node.id,
                name: node.getAttribute("name"),
                text: node.textContent.trim(),
                title: node.hasAttribute("data-thread-title"),
            };
        }"""
    )


def tab_to(page, predicate, limit=30):
    """Press Tab until `predicate(focused(page))`, like a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if predicate(focused(page)):
            return
    raise AssertionError(f"Tab never reached the element; last focus {focused(page)}")


@browser_test
def test_a_clause_opens_in_place_and_takes_a_comment_by_keyboard_alone(
    open_context, consultation, clause, resident
):
    page = open_context(user=resident).new_page()
    page.goto(consultation.url)
    expect(page.get_by_role("button", name="2 comments on clause 1.1")).to_be_visible()
    button = page.locator(f"button[aria-controls='thread-{clause}']")
    expect(button).to_have_attribute("aria-expanded", "false")
    thread = page.locator(f"#thread-{clause}")
    expect(thread).to_be_hidden()

    # Tab to the clause's button and open it with Enter.
    tab_to(page, lambda node: node["tag"] == "button" and "2 comments" in node["text"])
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(thread.locator("[data-thread-title]")).to_be_focused()
    expect(thread.locator("article.comment")).to_have_count(2)
    expect(page.locator("[data-live-region]")).to_have_text("Comments loaded.")

    # Write a comment and send it, still by keyboard.
    tab_to(page, lambda node: node["name"] == "comment")
    page.keyboard.type("A crossing by the school on Mill Road, please.")
    tab_to(page, lambda node: node["text"] == "Send comment")
    page.keyboard.press("Enter")

    expect(thread.get_by_text("A crossing by the school on Mill Road, please.")).to_be_visible()
    expect(page.locator("[data-live-region]")).to_contain_text("Your comment is published")
    # The page did not reload, and the button now counts the new comment.
    # Its name is its content: the visible "3 comments", then a hidden "on clause 1.1".
    expect(button).to_have_accessible_name("3 comments on clause 1.1")
    expect(button).not_to_have_attribute("aria-label", re.compile(".*"))
    expect(button.locator(".clause__count")).to_have_text("3 comments")
    stored = Comment.objects.get(comment="A crossing by the school on Mill Road, please.")
    assert (stored.clause_id, stored.language, stored.user_id) == (clause, "en", resident.pk)

    # Escape closes the thread and gives the focus back to the button.
    thread.locator("[data-thread-title]").focus()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(thread).to_be_hidden()
    expect(button).to_be_focused()


@browser_test
def test_likes_replies_and_older_comments_stay_in_place(
    open_context, consultation, clause, resident
):
    bulk_comments(consultation, 21, clause_id=clause)  # 23 conversations: two pages
    page = open_context(user=resident).new_page()
    page.goto(consultation.url)
    page.get_by_role("button", name="23 comments on clause 1.1").click()
    thread = page.locator(f"#thread-{clause}")
    expect(thread.locator("article.comment")).to_have_count(20)

    first = thread.locator("article.comment").first
    like = first.get_by_role("button", name=re.compile("Like"))
    expect(like).to_have_attribute("aria-pressed", "false")
    like.click()
    first = thread.locator("article.comment").first
    expect(first.get_by_role("button", name=re.compile("Like"))).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(first).to_contain_text("(1 like)")
    expect(page.locator("[data-live-region]")).to_have_text("You like this comment.")

    thread.get_by_role("link", name="Older comments").click()
    expect(thread.locator("article.comment")).to_have_count(3)
    expect(thread.locator("[data-thread-title]")).to_be_focused()
    assert page.url.endswith(consultation.url)  # still the document, not the thread page

    oldest = thread.locator("article.comment").last
    oldest.get_by_role("link", name=re.compile("Reply")).click()
    expect(thread.locator("textarea[name=comment]")).to_be_focused()
    page.keyboard.type("Same for Hillside.")
    thread.get_by_role("button", name="Send reply").click()
    reply = thread.locator("article.comment--reply")
    expect(reply).to_contain_text("Same for Hillside.")
    assert Comment.objects.get(comment="Same for Hillside.").level == 1


@browser_test
def test_a_resident_comments_in_arabic_on_a_phone_without_javascript(
    open_context, consultation, clause, home_pages, mailoutbox
):
    title = "مسودة استراتيجية الدراجات"
    arabic = translate_page(consultation, home_pages["ar"].locale, title=title)
    page = open_context(java_script_enabled=False, locale="ar", **PHONE).new_page()
    page.goto(arabic.url)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")

    link = page.locator(f"#clause-{clause} a.clause__comments")
    box = link.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a thumb-sized target
    # Right to left: the link sits at the start (the right) of its clause.
    section = page.locator(f"#clause-{clause}").bounding_box()
    assert box["x"] + box["width"] > section["x"] + section["width"] / 2
    link.tap()
    expect(page).to_have_url(re.compile(re.escape(arabic.url + arabic.thread_path(clause)) + "$"))
    expect(page.locator("h1")).to_contain_text("1.1")

    form = page.locator("form.comment-form__form")
    form.locator("input[name=name]").fill("ليلى")
    form.locator("input[name=email]").fill("layla@example.org")
    form.locator("textarea[name=comment]").fill("نحتاج إلى ممر آمن للدراجات قرب المدرسة.")
    form.locator("button[type=submit]").tap()
    expect(page.locator("main")).to_contain_text("layla@example.org")
    assert Comment.objects.count() == 2  # nothing is published before the link is followed
    assert mailoutbox[-1].to == ["layla@example.org"]

    page.goto(confirmation_link(mailoutbox))
    # The link shows the comment and a button; pressing it sends the comment.
    expect(page.get_by_text("نحتاج إلى ممر آمن للدراجات قرب المدرسة.")).to_be_visible()
    page.locator("main form button[type=submit]").tap()
    expect(page.locator(".comment__text").first).to_be_visible()
    stored = Comment.objects.get(user_email="layla@example.org")
    assert (stored.clause_id, stored.language) == (clause, "ar")

    # The same comment on the English page, labelled with its language.
    english = open_context(java_script_enabled=False).new_page()
    english.goto(consultation.url + consultation.thread_path(clause))
    comment = english.locator(f"#c{stored.pk}")
    expect(comment).to_contain_text("نحتاج إلى ممر آمن للدراجات قرب المدرسة.")
    expect(comment.locator(".comment__language")).to_have_text("Written in Arabic")
    expect(comment.locator(".comment__text")).to_have_attribute("lang", "ar")


@browser_test
@pytest.mark.parametrize("language", ["en", "ar"])
def test_axe_finds_nothing_on_the_document_with_a_thread_open(
    open_context, consultation, clause, home_pages, language
):
    document = (
        consultation
        if language == "en"
        else translate_page(consultation, home_pages[language].locale, title="مسودة")
    )
    page = open_context(locale=language).new_page()
    page.goto(document.url)
    assert violations(page) == []
    page.locator(f"button[aria-controls='thread-{clause}']").click()
    expect(page.locator(f"#thread-{clause} [data-thread-title]")).to_be_focused()
    page.locator("button[aria-controls='thread-document']").click()
    expect(page.locator("#thread-document [data-thread-title]")).to_be_focused()
    assert violations(page) == []


@browser_test
def test_axe_finds_nothing_on_a_thread_page_on_a_phone_and_with_errors(
    open_context, consultation, clause
):
    # axe runs as a script, so JavaScript stays on; the thread page has no script of its own.
    page = open_context(**PHONE).new_page()
    page.goto(consultation.url + consultation.thread_path(clause))
    assert violations(page) == []
    # Send the form empty: the error summary and the field errors must be accessible too.
    page.locator("form.comment-form__form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert violations(page) == []
