"""Factories for the home app's models (wagtail-factories / factory_boy).

Pages need a parent: ``StandardPageFactory(parent=home_page)``. Translations are made the way
editors make them, with ``translate_page(page, locale)`` (wagtail-localize's copy and publish).
"""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Collection, Locale

from home.models import FooterText, FormField, FormPage, MainMenu, StandardPage, Topic


def default_locale():
    return Locale.get_default()


class ImageFactory(wagtail_factories.ImageFactory):
    """An image in the root collection (wagtail-factories would make a new root each time)."""

    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Riverton photo {n}")


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"About Riverton {n}")
    introduction = "How the city listens to the people who live and work here."
    body = factory.LazyFunction(
        lambda: [
            ("heading", {"text": "Why we consult", "level": "h2"}),
            ("paragraph", "<p>Decisions are better when the people they affect shape them.</p>"),
        ]
    )

    class Meta:
        model = StandardPage


class FormPageFactory(wagtail_factories.PageFactory):
    """A contact form with a name, an e-mail address and a message, all required."""

    title = factory.Sequence(lambda n: f"Contact us {n}")
    introduction = "<p>Write to the participation team.</p>"
    thank_you_text = "<p>We answer within five working days.</p>"
    privacy_text = "We use your e-mail address only to answer you."
    to_address = "participation@riverton.example"
    from_address = "noreply@riverton.example"
    subject = "New message from the contact form"

    class Meta:
        model = FormPage
        skip_postgeneration_save = True

    @factory.post_generation
    def fields(page, create, extracted, **kwargs):
        """Pass fields=[] for no fields, or a list of FormFieldFactory keyword dicts."""
        if not create:
            return
        specs = (
            extracted
            if extracted is not None
            else [
                {"label": "Your name", "field_type": "singleline"},
                {"label": "Your e-mail address", "field_type": "email"},
                {"label": "Your message", "field_type": "multiline"},
            ]
        )
        for order, spec in enumerate(specs):
            FormFieldFactory(page=page, sort_order=order, **spec)


class FormFieldFactory(DjangoModelFactory):
    page = factory.SubFactory(FormPageFactory)
    locale = factory.LazyAttribute(lambda field: field.page.locale)
    label = factory.Sequence(lambda n: f"Question {n}")
    field_type = "singleline"
    required = True

    class Meta:
        model = FormField


class TopicFactory(DjangoModelFactory):
    locale = factory.LazyFunction(default_locale)
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = Topic


class MainMenuFactory(DjangoModelFactory):
    """Pass items=[page, …] to list pages in the menu."""

    locale = factory.LazyFunction(default_locale)
    name = "Main menu"

    class Meta:
        model = MainMenu
        skip_postgeneration_save = True

    @factory.post_generation
    def items(menu, create, extracted, **kwargs):
        if extracted:
            menu.items = [("item", {"page": page, "label": ""}) for page in extracted]
            if create:
                menu.save()


class FooterTextFactory(DjangoModelFactory):
    locale = factory.LazyFunction(default_locale)
    body = "<p>Riverton City Council, 1 River Square.</p>"
    live = True

    class Meta:
        model = FooterText


def translate_page(page, locale, **changes):
    """Copy a page into another locale (as wagtail-localize does), change fields, publish."""
    translated = page.copy_for_translation(locale, copy_parents=False)
    for name, value in changes.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated.specific
