"""Fixtures for newsletter tests: topics in two languages, an archive and issues per language."""

import json

import pytest
from wagtail.models import Page

from home.models import Topic
from newsletters.models import NewsletterIndexPage, NewsletterPage, Subscriber


@pytest.fixture
def topics(locales):
    """Two topics in English, with French translations sharing their translation keys."""
    made = {}
    for slug, name, french in [
        ("transport", "Transport", "Transports"),
        ("housing", "Housing", "Logement"),
    ]:
        topic = Topic.objects.create(name=name, slug=slug, locale=locales["en"])
        translated = topic.copy_for_translation(locales["fr"])
        translated.name = french
        translated.save()
        made[slug] = topic
        made[f"{slug}-fr"] = translated
    return made


@pytest.fixture
def archives(home_pages, locales):
    """The newsletter archive in every language (translations of the English one)."""
    english = home_pages["en"].add_child(
        instance=NewsletterIndexPage(title="Newsletter", slug="newsletter", locale=locales["en"])
    )
    result = {"en": english}
    for code in home_pages:
        if code == "en":
            continue
        page = english.copy_for_translation(locales[code])
        page.title = f"Newsletter ({code})"
        page.save_revision().publish()
        result[code] = page.specific
    return result


def body(*paragraphs, cta_url=None):
    blocks = [{"type": "rich_text", "value": f"<p>{text}</p>"} for text in paragraphs]
    if cta_url:
        blocks.append(
            {
                "type": "call_to_action",
                "value": {
                    "title": "Have your say",
                    "text": "Open until 30 June.",
                    "button_text": "Comment on the draft",
                    "page": None,
                    "url": cta_url,
                },
            }
        )
    return json.dumps(blocks)


@pytest.fixture
def make_issue(archives):
    def make(
        language="en", subject="Riverton news, June", text="The cycling plan is open.", **extra
    ):
        parent = Page.objects.get(pk=archives[language].pk)
        page = NewsletterPage(
            title=subject,
            subject=subject,
            preview_text=extra.pop("preview_text", "What is open this month"),
            body=body(text, cta_url="https://riverton.example/cycling"),
            locale=archives[language].locale,
            **extra,
        )
        parent.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def make_subscriber(db):
    counter = {"n": 0}

    def make(email=None, language="en", status=Subscriber.Status.CONFIRMED, topics=()):
        counter["n"] += 1
        subscriber = Subscriber.objects.create(
            email=email or f"resident{counter['n']}@example.org", language=language, status=status
        )
        if topics:
            subscriber.set_topics(topics)
        return subscriber

    return make
