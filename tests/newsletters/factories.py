"""Factories for newsletter subscribers and issues (factory_boy, registered as fixtures in
tests/conftest.py: ``subscriber_factory``, ``newsletter_page_factory``)."""

import json
import uuid

import factory
from factory.django import DjangoModelFactory

from newsletters.models import NewsletterIndexPage, NewsletterPage, Subscriber
from tests.factories import translate_page
from tests.processes.factories import PublishedPageFactory


def make_archives(home_pages, locales):
    """The newsletter archive under each home page of `home_pages` (translations of the
    English one), keyed by language code."""
    english = home_pages["en"].add_child(
        instance=NewsletterIndexPage(title="Newsletter", slug="newsletter", locale=locales["en"])
    )
    return {
        "en": english,
        **{
            code: translate_page(english, locales[code], title=f"Newsletter ({code})")
            for code in home_pages
            if code != "en"
        },
    }


def issue_body(*paragraphs, cta_url=None):
    """A newsletter body: a paragraph per text, then a call to action when `cta_url` is given."""
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


class SubscriberFactory(DjangoModelFactory):
    """A confirmed subscriber in English (``status``, ``language`` change that); pass
    ``topics=[…]`` to choose topics, as the preferences page does."""

    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    language = "en"
    status = Subscriber.Status.CONFIRMED

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(subscriber, create, extracted, **kwargs):
        if create and extracted:
            subscriber.set_topics(extracted)


class NewsletterPageFactory(PublishedPageFactory):
    """A published issue under a newsletter archive (``parent=archives["fr"]``, the fixture of
    tests/newsletters/conftest.py), titled by its subject: one paragraph (``text``) and a call
    to action."""

    subject = "Riverton news, June"
    title = factory.SelfAttribute("subject")
    slug = factory.LazyFunction(lambda: f"issue-{uuid.uuid4().hex[:8]}")
    preview_text = "What is open this month"
    body = factory.LazyAttribute(
        lambda issue: issue_body(issue.text, cta_url="https://riverton.example/cycling")
    )

    class Meta:
        model = NewsletterPage

    class Params:
        text = "The cycling plan is open."
